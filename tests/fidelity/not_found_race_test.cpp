// A container removed between its pod's ListContainers and its ContainerStatus, as the
// relist sees it per release (1.13 fails the pod's inspection and reinspects it; 1.24+
// skips the container), counted as the kubelet counts it
// (kubelet_runtime_operations_errors{operation_type="container_status"}: every non-nil
// error, NotFound included), and the same race arising from start-up's exited containers
// on an M3-like node.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/record/prometheus_sink.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

constexpr auto kContainerStatus = static_cast<std::size_t>(models::Op::kContainerStatus);

// The value of the sample line starting with `prefix` + " ", or -1.
double sample(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix + " ", 0) == 0) return std::stod(line.substr(prefix.size() + 1));
  }
  return -1;
}

struct Race {
  std::unique_ptr<SimRun> run;
  std::unique_ptr<record::PrometheusSink> prom;
  Time s{};  // the relist that inspects the pod
};

// Quiet node of 3 pods. Just after the relist starting at s (>= 10 s), pod 1's first
// container exits: that relist lists it at s + 25 ms and inspects pod 1 alone:
// ListPodSandbox [25, 35], PodSandboxStatus [35, 39], ListContainers [39, 54] and
// ContainerStatus of the exited container [54, 62] ms after s. The container is removed
// at s + 58 ms: its ContainerStatus answers NotFound.
Race race(const std::string& version) {
  Race r;
  r.run = std::make_unique<SimRun>(quiet_yaml(3, version));
  r.prom = std::make_unique<record::PrometheusSink>(r.run->sim->kubelet().config().profile.minor);
  r.run->sim->add_sink(r.prom.get());
  for (Time t : quiet_relist_starts(sec(60), 3)) {
    if (t >= Time{} + sec(10)) {
      r.s = t;
      break;
    }
  }
  r.run->run_until(r.s - Time{} + ms(1));
  auto& store = r.run->sim->store();
  cri::ContainerId gone = store.containers_of(1).at(0).id;
  store.set_container_state(gone, cri::ContainerState::kExited, 1);
  r.run->run_until(r.s - Time{} + ms(58));
  store.remove_container(gone);
  r.run->run_until(sec(20));
  return r;
}

const record::RelistFinished* relist_at(const SimRun& r, Time s) {
  for (const auto& rl : r.sink.relists) {
    if (rl.start == s) return &rl;
  }
  return nullptr;
}

TEST(NotFoundRace, Release113FailsTheInspectionAndReinspects) {
  Race r = race("1.13");
  const auto* first = relist_at(*r.run, r.s);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->pods_inspected, 1);
  EXPECT_EQ(first->inspection_errors, 1);
  EXPECT_EQ(first->events_sent, 0);  // "PLEG: Ignoring events for pod"
  EXPECT_EQ(first->end - first->start, ms(62));
  // The next relist inspects the pod again (its record still shows the container
  // running, now gone: events) and succeeds; nothing is left to reinspect.
  const record::RelistFinished* next = nullptr;
  for (const auto& rl : r.run->sink.relists) {
    if (rl.start > r.s) {
      next = &rl;
      break;
    }
  }
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->pods_inspected, 1);
  EXPECT_EQ(next->inspection_errors, 0);
  EXPECT_GE(next->events_sent, 1);
  EXPECT_EQ(r.run->sim->kubelet().pleg().pods_to_reinspect(), 0u);
  // Counted as the kubelet counts it: one container_status error, and the call's own
  // record carries the NotFound its caller got (returned at s + 62 ms).
  EXPECT_EQ(r.run->summary().cri_errors[kContainerStatus], 1u);
  int not_found = 0;
  for (const auto& c : r.run->sink.cri_calls) {
    if (c.code == static_cast<std::uint8_t>(cri::Code::kNotFound)) {
      ++not_found;
      EXPECT_EQ(c.op, static_cast<int>(models::Op::kContainerStatus));
      EXPECT_EQ(c.end, r.s + ms(62));
    }
  }
  EXPECT_EQ(not_found, 1);
  EXPECT_EQ(sample(r.prom->text(),
                   "kubelet_runtime_operations_errors{operation_type=\"container_status\"}"),
            1.0);
}

TEST(NotFoundRace, Release124SkipsTheContainerAndTheStatusSucceeds) {
  Race r = race("1.24");
  const auto* first = relist_at(*r.run, r.s);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->pods_inspected, 1);
  EXPECT_EQ(first->inspection_errors, 0);
  EXPECT_EQ(first->events_sent, 1);  // ContainerDied
  EXPECT_EQ(r.run->sim->kubelet().pleg().pods_to_reinspect(), 0u);
  // The error is still counted: instrumented_services.go records it before the caller
  // decides to skip it.
  EXPECT_EQ(r.run->summary().cri_errors[kContainerStatus], 1u);
  EXPECT_EQ(sample(r.prom->text(),
                   "kubelet_runtime_operations_errors_total{operation_type=\"container_status\"}"),
            1.0);
}

}  // namespace
}  // namespace plegsim::testing
