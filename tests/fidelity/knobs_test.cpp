// What-if knobs no kubelet has, and the other kubelet callers sharing the runtime.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

Duration first_relist(int parallelism) {
  SimRun r(quiet_yaml(5), {"kubelet.inspectionParallelism=" + std::to_string(parallelism),
                           "runtime.concurrency=16"});
  r.run_until(sec(1));
  return r.sink.relists.at(0).end - r.sink.relists.at(0).start;
}

TEST(InspectionParallelism, NWorkersShareThePerPodLoop) {
  // Five new pods, 45 ms of calls each after the 25 ms GetPods: serial 250 ms; two
  // workers take 3 rounds (160 ms); five or more take one (70 ms).
  EXPECT_EQ(first_relist(1), ms(25 + 5 * 45));
  EXPECT_EQ(first_relist(2), ms(25 + 3 * 45));
  EXPECT_EQ(first_relist(5), ms(25 + 45));
  EXPECT_EQ(first_relist(8), ms(25 + 45));
}

TEST(InspectionParallelism, WorkersContendForRuntimeSlots) {
  // With only 2 runtime slots, 5 workers' calls queue: no faster than 2 workers... and
  // the PLEG's own list calls share the slots with the runtime status check.
  SimRun r(quiet_yaml(5), {"kubelet.inspectionParallelism=5", "runtime.concurrency=2"});
  r.run_until(sec(1));
  Duration d = r.sink.relists.at(0).end - r.sink.relists.at(0).start;
  EXPECT_GT(d, ms(25 + 45));
  EXPECT_LE(d, ms(25 + 3 * 45) + ms(2));
}

TEST(BackgroundCallers, PerPodAndPerEventCallersAddTheirCalls) {
  // Exec probes: one ExecSync per pod every 10 s (5 pods, 10 min = 300 calls); pod
  // workers: one PodSandboxStatus per PLEG event handled.
  SimRun r(quiet_yaml(5), {"duration=10m", "runtime.latency.ExecSync={base: 50ms}",
                           "runtime.background=[{op: ExecSync, every: 10s, perPod: true}, "
                           "{op: PodSandboxStatus, onEvent: true}]"});
  r.run();
  const auto& s = r.summary();
  auto exec = s.cri_calls[static_cast<int>(models::Op::kExecSync)];
  EXPECT_GE(exec, 295u);
  EXPECT_LE(exec, 300u);
  // 15 events at start-up (5 pods x 3) each cost one PodSandboxStatus beyond the 5 the
  // first relist's inspections make.
  EXPECT_EQ(s.cri_calls[static_cast<int>(models::Op::kPodSandboxStatus)], 5u + 15u);
  EXPECT_EQ(r.sim->sync_loop().events_handled(), 15u);
}

}  // namespace
}  // namespace plegsim::testing
