// The cost model and the store lock through the kubelet (issue 11): GetPodStatus's
// filtered lists pay for the whole store they scan (realworld.md R1, R10, R12), and a
// locked share serialises calls on a runtime with unlimited slots.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"
#include "tests/fidelity/same_run.h"

namespace plegsim::testing {
namespace {

// The quiet node with per-object costs on both lists.
const std::vector<std::string> kScanning = {
    "runtime.latency.ListPodSandbox={base: 10ms, perReturned: 2ms, perScanned: 1ms}",
    "runtime.latency.ListContainers={base: 15ms, perScanned: 1ms}"};

TEST(CostModel, FilteredListsInARelistPayForTheWholeStore) {
  // 5 pods, 5 sandboxes, 10 containers. GetPods: ListPodSandbox 10 + 2 x 5 + 1 x 5 =
  // 25 ms, ListContainers 15 + 1 x 10 = 25 ms. Each pod's inspection: ListPodSandbox
  // (pod) 10 + 2 x 1 + 1 x 5 = 17, PodSandboxStatus 4, ListContainers(pod) 15 + 1 x 10
  // = 25, 2 x ContainerStatus 8: 62 ms. First relist 50 + 5 x 62 = 360 ms, then 50 ms.
  SimRun r(quiet_yaml(5), kScanning);
  r.run_until(sec(30));
  const auto& rl = r.sink.relists;
  ASSERT_GT(rl.size(), 10u);
  EXPECT_EQ(rl[0].pods_inspected, 5);
  EXPECT_EQ(rl[0].end - rl[0].start, ms(360));
  for (std::size_t i = 1; i < rl.size(); ++i) ASSERT_EQ(rl[i].end - rl[i].start, ms(50)) << i;
}

TEST(CostModel, AChangedPodCostsMoreOnABiggerNode) {
  // One crashed container's inspection on a 3-pod and a 6-pod node: the filtered
  // ListPodSandbox scans 3 more sandboxes, the filtered ListContainers 6 more
  // containers, at 1 ms each: 9 ms more (the full lists are 3 x 3 ms + 6 ms more).
  auto inspection = [](int pods) {
    SimRun r(quiet_yaml(pods), kScanning);
    r.run_until(sec(10));
    auto& store = r.sim->store();
    store.set_container_state(store.containers_of(1).at(0).id, cri::ContainerState::kExited, 1);
    r.run_until(sec(15));
    for (const auto& rl : r.sink.relists) {
      if (rl.start >= Time{} + sec(10) && rl.pods_inspected == 1) {
        return (rl.end - rl.start) - rl.get_pods;
      }
    }
    ADD_FAILURE() << "no inspection";
    return Duration{};
  };
  EXPECT_EQ(inspection(3), ms(15 + 4 + 21 + 16));  // scans 3 sandboxes, 6 containers
  EXPECT_EQ(inspection(6) - inspection(3), ms(3 + 6));
}

// A busy node whose runtime serves every call at once but holds its store lock for
// most of each list.
const char* kLocked =
    "name: locked\nduration: 2h\nwarmup: 1m\nseed: 5\n"
    "node: {pods: 60, containersPerPod: 2}\n"
    "workload: {crashRate: 4/h, podCreateRate: 20/h, podDeleteRate: 20/h}\n"
    "runtime:\n"
    "  concurrency: unlimited\n"
    "  latency:\n"
    "    ListPodSandbox: {base: 5ms, perReturned: 100us, perScanned: 20us, locked: 0.8,"
    " noise: {lognormal: {sigma: 0.5}}}\n"
    "    ListContainers: {base: 3ms, perReturned: 60us, perScanned: 10us, locked: 0.8,"
    " noise: {lognormal: {sigma: 0.5}}}\n"
    "    ContainerStatus: {base: 8ms, locked: 0.3, noise: {lognormal: {sigma: 0.5}}}\n"
    "  background: [{op: ListPodSandbox, every: 1s}, {op: ListContainers, every: 1s},"
    " {op: ExecSync, every: 10s, perPod: true}]\n";

TEST(CostModel, LockedScenarioIsDeterministic) {
  SimRun a(kLocked), b(kLocked);
  a.run();
  b.run();
  expect_same_observations(a.sink, b.sink);
  EXPECT_EQ(json_without_wall(a.summary()), json_without_wall(b.summary()));
  EXPECT_GT(a.summary().pods_inspected, 100u);
}

TEST(CostModel, TheLockSlowsRelistsTheSlotsNeverDid) {
  // The same node with the locked shares at 0: no contention at all with unlimited
  // slots, so relists are faster on average.
  SimRun locked(kLocked);
  SimRun free(kLocked,
              {"runtime.latency.ListPodSandbox.locked=0", "runtime.latency.ListContainers.locked=0",
               "runtime.latency.ContainerStatus.locked=0"});
  locked.run();
  free.run();
  EXPECT_GT(locked.summary().relist_duration_seconds.mean,
            free.summary().relist_duration_seconds.mean);
}

}  // namespace
}  // namespace plegsim::testing
