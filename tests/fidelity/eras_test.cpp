// What distinguishes each era from its neighbours (pleg-spec.md §2-3): every test runs
// the same scenario on both sides of a boundary and expects different behaviour.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

std::uint64_t trips(const std::string& version, const std::vector<std::string>& o) {
  SimRun r(quiet_yaml(5, version), o);
  r.run();
  return r.summary().pleg_unhealthy_transitions;
}

TEST(EraAvsB, RelistTimeOnFailureHidesAFailingRuntimeBefore17) {
  // #45496: before 1.7 a deferred function stored the relist time even when GetPods
  // failed, so a runtime that answers every list with an error never made the PLEG
  // unhealthy; from 1.7 it trips 3 min after the last good relist.
  const std::vector<std::string> down = {
      "faults=[{kind: errors, op: ListPodSandbox, probability: 1, from: 60s}]"};
  EXPECT_EQ(trips("1.6", down), 0u);
  EXPECT_EQ(trips("1.7", down), 1u);
}

TEST(EraAvsB, EvenBefore17AHungListTripsBetweenTwoTimeouts) {
  // The deferred store only happens when relist returns: a list hung to its 2 min
  // deadline leaves the previous start as relist time for 2 x 2 min + 1 s > 3 min.
  const std::vector<std::string> hang = {"faults=[{kind: hang, op: ListPodSandbox, from: 60s}]"};
  EXPECT_GT(trips("1.6", hang), 0u);
}

// Crashes pod 2's first container at 60 s with pod 2's ContainerStatus hung from 50 s;
// returns the run.
std::unique_ptr<SimRun> hung_pod(const std::string& version) {
  auto r = std::make_unique<SimRun>(
      quiet_yaml(5, version),
      std::vector<std::string>{"faults=[{kind: hang, op: ContainerStatus, pod: 2, from: 50s}]"});
  r->run_until(sec(60));
  auto& store = r->sim->store();
  store.set_container_state(store.containers_of(2).at(0).id, cri::ContainerState::kExited, 1);
  r->run();
  return r;
}

int max_inspections(const SimRun& r) {
  int m = 0;
  for (const auto& rl : r.sink.relists) {
    if (rl.start > Time{}) m = std::max(m, rl.pods_inspected);
  }
  return m;
}

TEST(EraDvsE, DoubleInspectionEndsWith132) {
  auto d = hung_pod("1.31");
  auto e = hung_pod("1.32");
  EXPECT_EQ(max_inspections(*d), 2);
  EXPECT_EQ(max_inspections(*e), 1);
  EXPECT_GT(d->summary().pleg_unhealthy_transitions, 0u);
  EXPECT_EQ(e->summary().pleg_unhealthy_transitions, 0u);
}

TEST(EraBvsC, SendBlocksUntil113AndDropsFrom114) {
  const std::vector<std::string> o = {"workload.crashRate=60/h", "kubelet.eventChannelCapacity=10",
                                      "faults=[{kind: consumerStall, from: 30s}]"};
  SimRun b(quiet_yaml(3, "1.13"), o), c(quiet_yaml(3, "1.14"), o);
  b.run();
  c.run();
  EXPECT_TRUE(b.summary().relist_blocked_at_end);
  EXPECT_EQ(b.summary().events_discarded, 0u);
  EXPECT_FALSE(c.summary().relist_blocked_at_end);
  EXPECT_GT(c.summary().events_discarded, 0u);
}

TEST(EraBvsC, ZeroTimeHealthMessageFrom114) {
  SimRun b(quiet_yaml(1, "1.13")), c(quiet_yaml(1, "1.14"));
  b.run_until(sec(1));
  c.run_until(sec(1));
  EXPECT_EQ(b.sink.health.at(0).message.rfind("pleg was last seen active 2562047h", 0), 0u);
  EXPECT_EQ(c.sink.health.at(0).message, "pleg has yet to be successful");
}

// Pod 1's first container dies at 60 s; while the next relist inspects pod 1, its
// second container is removed between ListContainers and its ContainerStatus call.
std::uint64_t not_found_errors(const std::string& version) {
  SimRun r(quiet_yaml(5, version));
  r.run_until(sec(60));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(1).at(0).id, cri::ContainerState::kExited, 1);
  auto second = store.containers_of(1).at(1).id;
  Time next{};
  for (Time s : quiet_relist_starts(sec(70))) {
    if (s > Time{} + sec(60) && next == Time{}) next = s;
  }
  // GetPods 25 ms, then ListPodSandbox 10 + PodSandboxStatus 4 + ListContainers 15 ms,
  // then the first ContainerStatus (8 ms) is under way at +58 ms.
  r.run_until((next + ms(58)) - Time{});
  store.remove_container(second);
  r.run();
  return r.summary().inspection_errors;
}

TEST(Era123vs124, ContainerStatusNotFoundIsIgnoredFrom124) {
  EXPECT_EQ(not_found_errors("1.23"), 1u);
  EXPECT_EQ(not_found_errors("1.24"), 0u);
}

// Pod 3's container dies at 60 s while its inspection fails (ListPodSandbox(uid) errors
// in [60 s, 62 s)); at 61 s it is running again, so the pod is reinspected with no
// events left to send.
std::uint64_t pod_syncs(const std::string& version) {
  SimRun r(quiet_yaml(5, version),
           {"faults=[{kind: errors, op: ListPodSandbox, pod: 3, probability: 1, from: 60s, "
            "until: 62s}]"});
  r.run_until(sec(60));
  auto& store = r.sim->store();
  auto cid = store.containers_of(3).at(0).id;
  store.set_container_state(cid, cri::ContainerState::kExited, 1);
  r.run_until(sec(61) + ms(500));
  store.set_container_state(cid, cri::ContainerState::kRunning);
  r.run();
  std::uint64_t n = 0;
  for (const auto& e : r.sink.delivered) n += e.type == kubelet::EventType::kPodSync;
  return n;
}

TEST(EraEvsF, PodSyncAfterReinspectionFrom136) {
  EXPECT_EQ(pod_syncs("1.35"), 0u);
  EXPECT_EQ(pod_syncs("1.36"), 1u);
}

}  // namespace
}  // namespace plegsim::testing

namespace plegsim::testing {
namespace {

std::uint64_t on_demand_relists(const std::string& version, const std::vector<std::string>& o) {
  SimRun r(quiet_yaml(5, version), o);
  r.run_until(sec(60));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(3).at(0).id, cri::ContainerState::kExited, 1);
  r.run_until(sec(70));
  return r.sim->pleg().pod_relists();
}

TEST(EraF, PodSyncsRequestAPerPodRelistWithTheGate) {
  // Every synced event makes its pod's worker ask the PLEG to relist that pod alone,
  // between global relists: the 15 ContainerStarted of start-up (made after the first
  // global relist started, so not yet served by it) and the ContainerDied at 60 s.
  EXPECT_EQ(on_demand_relists("1.36", {}), 16u);  // beta, on by default (#137946)
  EXPECT_EQ(on_demand_relists("1.36", {"kubelet.featureGates.PLEGOnDemandRelist=false"}), 0u);
  EXPECT_EQ(on_demand_relists("1.37", {}), 16u);  // locked on
  EXPECT_THROW(SimRun(quiet_yaml(1, "1.35"), {"kubelet.featureGates.PLEGOnDemandRelist=true"}),
               run::BuildError);
}

}  // namespace
}  // namespace plegsim::testing
