// Same scenario + seed -> identical results; the incremental relist (lazy lists over
// the store's change log) gives exactly the full diff's events, calls and timings.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"
#include "tests/fidelity/same_run.h"

namespace plegsim::testing {
namespace {

// Heavy churn on a small node: crashes, pod creation and deletion, GC, noise.
const char* kChurny =
    "name: churny\nduration: 2h\nwarmup: 1m\nseed: 3\n"
    "node: {pods: 20, containersPerPod: 3}\n"
    "workload: {crashRate: 6/h, podCreateRate: 30/h, podDeleteRate: 30/h}\n"
    "runtime:\n"
    "  concurrency: 2\n"
    "  background: [{op: ListPodSandbox, every: 1s}, {op: ListContainers, every: 1s}]\n";

TEST(Determinism, SameSeedSameResult) {
  SimRun a(kChurny), b(kChurny);
  a.run();
  b.run();
  EXPECT_EQ(json_without_wall(a.summary()), json_without_wall(b.summary()));
  EXPECT_GT(a.summary().events_delivered, 100u);
}

TEST(Determinism, DifferentSeedsDiffer) {
  SimRun a(kChurny), b(kChurny, {"seed=4"});
  a.run();
  b.run();
  EXPECT_NE(json_without_wall(a.summary()), json_without_wall(b.summary()));
}

// Runs kChurny with `o` twice, built two ways, and expects the same relists, events,
// calls and summary (less what `strip` removes); returns the two summaries.
std::pair<record::Summary, record::Summary> expect_equivalent(
    const std::vector<std::string>& o, run::BuildOptions a, run::BuildOptions b,
    std::string (*strip)(const record::Summary&)) {
  SimRun x(kChurny, o, a), y(kChurny, o, b);
  x.run();
  y.run();
  expect_same_observations(x.sink, y.sink);
  EXPECT_EQ(strip(x.summary()), strip(y.summary()));
  return {x.summary(), y.summary()};
}

class IncrementalRelist : public ::testing::TestWithParam<const char*> {};

TEST_P(IncrementalRelist, MatchesTheFullDiffExactly) {
  run::BuildOptions full;
  full.incremental_relist = false;
  auto [inc, ref] = expect_equivalent({std::string("kubelet.version=") + GetParam()}, {}, full,
                                      json_without_wall);
  EXPECT_GT(inc.pods_inspected, 200u);
}

INSTANTIATE_TEST_SUITE_P(Eras, IncrementalRelist,
                         ::testing::Values("1.11", "1.18", "1.20", "1.33"));

TEST(SyncTicks, SkippingQuietTicksChangesNothing) {
  // A sync tick only re-checks runtimeErrors(); the loop sleeps through the ticks at
  // which that provably still holds. Against waking at every tick, on runs that trip
  // the PLEG (hung pod, era B flapping), deadlock, and restart the kubelet:
  const std::vector<std::vector<std::string>> cases = {
      {"kubelet.version=1.11", "faults=[{kind: hang, op: ContainerStatus, pod: 3, from: 10m}]"},
      {"kubelet.version=1.11", "kubelet.eventChannelCapacity=20",
       "faults=[{kind: consumerStall, from: 20m, for: 10m}]"},
      {"kubelet.version=1.27", "kubelet.featureGates.EventedPLEG=true",
       "faults=[{kind: kubeletRestart, from: 30m}, {kind: runtimeRestart, from: 50m, for: 1m}]"},
  };
  for (const auto& o : cases) {
    run::BuildOptions every;
    every.every_sync_tick = true;
    auto [skip, ref] = expect_equivalent(o, {}, every, json_without_wall_and_events);
    EXPECT_LE(skip.kernel_events, ref.kernel_events);
  }
}

}  // namespace
}  // namespace plegsim::testing
