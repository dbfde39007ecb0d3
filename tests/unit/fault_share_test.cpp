// The summary's NotReady share inside and outside fault windows (issue 13, item 7):
// the union of the `faults:` windows in the measured window, and the conservation
// share = (in * fault + out * (window - fault)) / window.
#include <gtest/gtest.h>

#include "sim/record/summary.h"
#include "sim/run/fault_windows.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::testing {
namespace {

using core::Duration;
using core::Time;

Time at_s(std::int64_t s) {
  return Time{} + Duration::seconds(s);
}

void expect_conserved(const record::Summary& s) {
  double window = s.simulated_seconds - s.warmup_seconds;
  double in = s.node_not_ready_share_in_faults.value_or(0);
  double out = s.node_not_ready_share_outside_faults.value_or(0);
  EXPECT_NEAR((in * s.fault_seconds + out * (window - s.fault_seconds)) / window,
              s.node_not_ready_share, 1e-12);
}

TEST(FaultShare, OverlappingWindowsCountOnceAndWarmupIsExcluded) {
  // Warm-up 100 s, end 1000 s. Faults [50, 300) and [200, 400) and [900, never):
  // fault time in the window = [100, 400) + [900, 1000) = 400 s.
  // NotReady [80, 250) and [350, 950): measured 150 + 600 = 750 s, of which in faults
  // 150 + 50 + 50 = 250 s.
  record::SummarySink sink(at_s(100), Duration::minutes(3));
  sink.set_fault_spans({{at_s(200), at_s(400)}, {at_s(50), at_s(300)}, {at_s(900), Time::never()}});
  sink.on(record::NodeReadyChanged{at_s(0), true, "", true});
  sink.on(record::NodeReadyChanged{at_s(80), false, "PLEG is not healthy"});
  sink.on(record::NodeReadyChanged{at_s(250), true, ""});
  sink.on(record::NodeReadyChanged{at_s(350), false, "PLEG is not healthy"});
  sink.on(record::NodeReadyChanged{at_s(950), true, ""});
  sink.finish(at_s(1000));
  const auto& s = sink.summary();
  EXPECT_DOUBLE_EQ(s.fault_seconds, 400);
  EXPECT_DOUBLE_EQ(s.node_not_ready_seconds, 750);
  EXPECT_DOUBLE_EQ(*s.node_not_ready_share_in_faults, 250.0 / 400);
  EXPECT_DOUBLE_EQ(*s.node_not_ready_share_outside_faults, 500.0 / 500);
  expect_conserved(s);
}

TEST(FaultShare, NoFaultTimeIsNullInsideAndTheWholeShareOutside) {
  record::SummarySink sink(at_s(10), Duration::minutes(3));
  sink.set_fault_spans({{at_s(0), at_s(5)}});  // all in the warm-up
  sink.on(record::NodeReadyChanged{at_s(0), true, "", true});
  sink.on(record::NodeReadyChanged{at_s(20), false, "x"});
  sink.finish(at_s(110));
  const auto& s = sink.summary();
  EXPECT_EQ(s.fault_seconds, 0);
  EXPECT_FALSE(s.node_not_ready_share_in_faults.has_value());
  EXPECT_DOUBLE_EQ(*s.node_not_ready_share_outside_faults, s.node_not_ready_share);

  record::SummarySink unknown(at_s(10), Duration::minutes(3));  // spans never given
  unknown.finish(at_s(110));
  EXPECT_FALSE(unknown.summary().node_not_ready_share_in_faults.has_value());
  EXPECT_FALSE(unknown.summary().node_not_ready_share_outside_faults.has_value());
}

TEST(FaultShare, ALongStallIsNotReadyInsideAndReadyOutside) {
  // A 20-minute runtime stall in a 50-minute run: relists block, the PLEG turns
  // unhealthy after its 3-minute threshold and the node NotReady, until the stall ends.
  auto sc = scenario::load_scenario_text(
      "duration: 50m\nwarmup: 5m\nnode: {pods: 20}\n"
      "faults:\n  - {kind: stall, from: 15m, for: 20m}\n",
      "stall.yaml");
  run::Simulation sim(sc);
  sim.run();
  const auto& s = sim.summary();
  EXPECT_DOUBLE_EQ(s.fault_seconds, 1200);
  ASSERT_TRUE(s.node_not_ready_share_in_faults && s.node_not_ready_share_outside_faults);
  EXPECT_GT(*s.node_not_ready_share_in_faults, 0.7);
  EXPECT_LT(*s.node_not_ready_share_outside_faults, 0.05);
  EXPECT_GT(s.node_not_ready_share, 0.2);
  expect_conserved(s);
}

TEST(FaultShare, RandomFaultsCountRegimeEpisodesDoNot) {
  const std::string random =
      "duration: 2h\nwarmup: 5m\nnode: {pods: 20}\n"
      "faults:\n  - {kind: stall, random: {rate: 4/h, for: {mean: 4m}, target: node}}\n";
  auto sc = scenario::load_scenario_text(random, "random.yaml");
  run::Simulation sim(sc);
  sim.run();
  const auto& s = sim.summary();
  EXPECT_GT(s.fault_seconds, 0);
  expect_conserved(s);
  // The same windows the runtime drew: their union, measured.
  auto spans = run::fault_spans(sc, sc.seed);
  ASSERT_TRUE(spans.has_value());
  EXPECT_FALSE(spans->empty());

  auto regime = scenario::load_scenario_text(
      "duration: 1h\nwarmup: 5m\nnode: {pods: 20}\n"
      "runtime:\n  regime:\n    initial: normal\n    states:\n"
      "      normal: {dwell: {mean: 5m}, next: {stalled: 1}}\n"
      "      stalled: {dwell: {mean: 1m}, stall: true, next: {normal: 1}}\n",
      "regime.yaml");
  run::Simulation rsim(regime);
  rsim.run();
  EXPECT_EQ(rsim.summary().fault_seconds, 0);
  EXPECT_FALSE(rsim.summary().node_not_ready_share_in_faults.has_value());
  expect_conserved(rsim.summary());
}

}  // namespace
}  // namespace plegsim::testing
