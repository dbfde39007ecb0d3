// Same scenario + seed -> identical results; the incremental relist (lazy lists over
// the store's change log) gives exactly the full diff's events, calls and timings.
#include <gtest/gtest.h>

#include <regex>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

std::string json_without_wall(const record::Summary& s) {
  return std::regex_replace(record::to_json(s), std::regex("\"wall_seconds\": [^,}]*"), "");
}

// Also without the kernel's event count, for runs that differ only in idle wake-ups.
std::string json_without_wall_and_events(const record::Summary& s) {
  return std::regex_replace(json_without_wall(s), std::regex("\"kernel_events\": [^,}]*"), "");
}

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

void expect_same_runs(const record::MemorySink& x, const record::MemorySink& y) {
  ASSERT_EQ(x.relists.size(), y.relists.size());
  for (std::size_t i = 0; i < x.relists.size(); ++i) {
    const auto &a = x.relists[i], &b = y.relists[i];
    ASSERT_EQ(a.start, b.start) << i;
    ASSERT_EQ(a.end, b.end) << i;
    ASSERT_EQ(a.sandboxes, b.sandboxes) << i;
    ASSERT_EQ(a.containers, b.containers) << i;
    ASSERT_EQ(a.pods_with_events, b.pods_with_events) << i;
    ASSERT_EQ(a.pods_inspected, b.pods_inspected) << i;
    ASSERT_EQ(a.events_sent, b.events_sent) << i;
    ASSERT_EQ(a.running_pods, b.running_pods) << i;
    ASSERT_EQ(a.containers_by_state, b.containers_by_state) << i;
  }
  ASSERT_EQ(x.delivered.size(), y.delivered.size());
  for (std::size_t i = 0; i < x.delivered.size(); ++i) {
    ASSERT_EQ(x.delivered[i].at, y.delivered[i].at) << i;
    ASSERT_EQ(x.delivered[i].pod, y.delivered[i].pod) << i;
    ASSERT_EQ(x.delivered[i].type, y.delivered[i].type) << i;
    ASSERT_EQ(x.delivered[i].container, y.delivered[i].container) << i;
  }
  ASSERT_EQ(x.cri_calls.size(), y.cri_calls.size());
  for (std::size_t i = 0; i < x.cri_calls.size(); ++i) {
    ASSERT_EQ(x.cri_calls[i].op, y.cri_calls[i].op) << i;
    ASSERT_EQ(x.cri_calls[i].end, y.cri_calls[i].end) << i;
  }
}

// Runs kChurny with `o` twice, built two ways, and expects the same relists, events,
// calls and summary (less what `strip` removes); returns the two summaries.
std::pair<record::Summary, record::Summary> expect_equivalent(
    const std::vector<std::string>& o, run::BuildOptions a, run::BuildOptions b,
    std::string (*strip)(const record::Summary&)) {
  SimRun x(kChurny, o, a), y(kChurny, o, b);
  x.run();
  y.run();
  expect_same_runs(x.sink, y.sink);
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

INSTANTIATE_TEST_SUITE_P(Eras, IncrementalRelist, ::testing::Values("1.11", "1.20", "1.33"));

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
