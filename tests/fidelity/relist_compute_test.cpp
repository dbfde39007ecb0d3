// kubelet.relistCompute: the relist's own work (conversion, setCurrent, computeEvents,
// status conversion) as simulated time inside Relist(), against hand-computed values
// on the quiet node (fixtures.h).
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "tests/fidelity/fixtures.h"
#include "tests/fidelity/same_run.h"

namespace plegsim::testing {
namespace {

Duration us(std::int64_t v) {
  return Duration::microseconds(v);
}

// base 50 us, perPod 20 us, perContainer 10 us, perEvent 5 us, perStatus 100 us.
const std::string kCosts =
    "kubelet.relistCompute={base: 50us, perPod: 20us, perContainer: 10us, perEvent: 5us, "
    "perStatus: 100us}";

TEST(RelistCompute, QuietNodeRelistAddsExactlyTheAnalyticCompute) {
  // 5 pods of 1 sandbox + 2 containers: 5 pod records, 15 container records. A relist
  // with no changes: GetPods (25 ms) + base + 5 x perPod + 15 x perContainer.
  const Duration quiet = us(50) + us(20) * 5 + us(10) * 15;
  // The first relist also generates 15 events (every container and sandbox started)
  // and converts 5 statuses.
  const Duration first = quiet + us(5) * 15 + us(100) * 5;
  SimRun r(quiet_yaml(5), {kCosts});
  r.run_until(Duration::minutes(5));
  const auto& rl = r.sink.relists;
  ASSERT_GT(rl.size(), 200u);
  EXPECT_EQ(rl[0].end - rl[0].start, ms(25) + quiet_inspection() * 5 + first);
  EXPECT_EQ(rl[0].events_sent, 15);
  for (std::size_t i = 1; i < rl.size(); ++i) {
    ASSERT_EQ(rl[i].end - rl[i].start, ms(25) + quiet) << "relist " << i;
    ASSERT_EQ(rl[i].get_pods, ms(25)) << "the compute is not in GetPods";
    ASSERT_EQ(rl[i].start - rl[i - 1].end, sec(1)) << "sliding period, relist " << i;
    if (i >= 2) {
      ASSERT_EQ(*rl[i].interval, sec(1) + ms(25) + quiet) << "relist " << i;
    }
  }
}

TEST(RelistCompute, ACrashAddsPerEventAndPerStatus) {
  SimRun r(quiet_yaml(3), {kCosts});
  r.run_until(sec(10));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(1).at(0).id, cri::ContainerState::kExited, 1);
  r.run_until(sec(15));
  // 3 pods, 9 container records; one ContainerDied event; one status converted.
  const Duration compute = us(50) + us(20) * 3 + us(10) * 9 + us(5) * 1 + us(100) * 1;
  int found = 0;
  for (const auto& rl : r.sink.relists) {
    if (rl.start < Time{} + sec(10) || rl.pods_inspected == 0) continue;
    ++found;
    EXPECT_EQ(rl.pods_inspected, 1);
    EXPECT_EQ(rl.events_sent, 1);
    EXPECT_EQ(rl.end - rl.start, ms(25) + quiet_inspection() + compute);
  }
  EXPECT_EQ(found, 1);
}

TEST(RelistCompute, TheHealthTimestampIsStillTheRelistStart) {
  // A 4 min compute per relist against the 3 min threshold. Relist 0 stores its start
  // (0) when GetPods returns: unhealthy at 0 + 3 min + 1 ns, during its compute. Relist
  // 1 starts 1 s after relist 0 returned and stores *its start* 25 ms later: healthy
  // then, unhealthy again at its start + 3 min + 1 ns. A timestamp taken after the
  // compute would keep the older one and report neither transition at these times.
  SimRun r(quiet_yaml(2), {"kubelet.relistCompute={base: 4m}"});
  r.run_until(Duration::minutes(12));
  const auto& starts = r.sink.relist_starts;
  ASSERT_GE(starts.size(), 3u);
  std::vector<kubelet::HealthChanged> transitions;
  for (const auto& h : r.sink.health) {
    if (!h.startup) transitions.push_back(h);
  }
  ASSERT_GE(transitions.size(), 4u);
  const Duration threshold = Duration::minutes(3);
  EXPECT_EQ(transitions[0].at, starts[0].start + ms(25));  // the first relist time: healthy
  EXPECT_TRUE(transitions[0].healthy);
  EXPECT_EQ(transitions[1].at, starts[0].start + threshold + Duration{1});
  EXPECT_FALSE(transitions[1].healthy);
  EXPECT_EQ(transitions[2].at, starts[1].start + ms(25));
  EXPECT_TRUE(transitions[2].healthy);
  EXPECT_EQ(transitions[3].at, starts[1].start + threshold + Duration{1});
  EXPECT_FALSE(transitions[3].healthy);
  // The relist's duration holds the compute; the interval adds the period to it.
  const auto& rl = r.sink.relists;
  ASSERT_GE(rl.size(), 2u);
  EXPECT_EQ(rl[1].end - rl[1].start, ms(25) + Duration::minutes(4));
  EXPECT_EQ(starts[1].start - rl[0].end, sec(1));
}

TEST(RelistCompute, ZeroCostsAreTheSameRunAsNoKey) {
  SimRun a(quiet_yaml(5));
  SimRun b(quiet_yaml(5), {"kubelet.relistCompute={base: 0s, perPod: 0s, perContainer: 0s, "
                           "perEvent: 0s, perStatus: 0s, noise: {lognormal: {sigma: 0.5}}}"});
  a.run();
  b.run();
  // Kernel events included: zero costs add no sleep at all.
  EXPECT_EQ(json_without_wall(a.summary()), json_without_wall(b.summary()));
  expect_same_observations(a.sink, b.sink);
}

TEST(RelistCompute, NoiseScalesEachChargeFromItsOwnStream) {
  // Lognormal noise: durations vary around the median, never negative; the run is
  // reproducible.
  const std::string costs = "kubelet.relistCompute={base: 10ms, noise: {lognormal: {sigma: 0.3}}}";
  SimRun a(quiet_yaml(5), {costs});
  SimRun b(quiet_yaml(5), {costs});
  a.run_until(Duration::minutes(5));
  b.run_until(Duration::minutes(5));
  expect_same_observations(a.sink, b.sink);
  int below = 0, above = 0;
  for (std::size_t i = 1; i < a.sink.relists.size(); ++i) {
    Duration d = a.sink.relists[i].end - a.sink.relists[i].start - ms(25);
    below += d < ms(10);
    above += d > ms(10);
  }
  EXPECT_GT(below, 50);
  EXPECT_GT(above, 50);
}

TEST(RelistCompute, EraFGlobalRelistsCarryTheWholeCharge) {
  // Era F (1.37, PLEGOnDemandRelist locked on): the global relists go through the same
  // Relist(): base + per pod + per container record on every quiet one. (relistPod's
  // charge, the pod's part without base, has no metric of its own.)
  const std::string costs = "kubelet.relistCompute={base: 1ms, perPod: 1ms, perContainer: 1ms}";
  SimRun a(quiet_yaml(3, "1.37"), {costs});
  a.run_until(Duration::minutes(2));
  const auto& rl = a.sink.relists;
  ASSERT_GT(rl.size(), 10u);
  // 3 pods, 9 container records: 1 + 3 + 9 ms on every quiet global relist.
  EXPECT_EQ(rl.back().end - rl.back().start, ms(25) + ms(13));
}

TEST(RelistCompute, ResolvedTextRoundTripsAndIsSilentWhenUnused) {
  auto s = scenario::load_scenario_text(quiet_yaml(2), "<test>", {kCosts});
  std::string text = scenario::to_yaml(s);
  EXPECT_NE(text.find("relistCompute"), std::string::npos);
  auto again = scenario::load_scenario_text(text, "<resolved>");
  EXPECT_EQ(again.kubelet.relist_compute, s.kubelet.relist_compute);
  auto plain = scenario::load_scenario_text(quiet_yaml(2), "<test>");
  EXPECT_EQ(scenario::to_yaml(plain).find("relistCompute"), std::string::npos);
}

TEST(RelistCompute, LoaderErrorsNameFileLineColumn) {
  const std::string base = quiet_yaml(2);
  auto error_of = [](const std::string& yaml) -> std::string {
    try {
      scenario::load_scenario_text(yaml, "x.yaml");
    } catch (const scenario::ScenarioError& e) {
      return e.what();
    }
    return "no error";
  };
  std::string bad_key = "name: x\nkubelet:\n  relistCompute: {perPodd: 1us}\n";
  EXPECT_EQ(error_of(bad_key).rfind("x.yaml:3:19: kubelet.relistCompute.perPodd:", 0), 0u)
      << error_of(bad_key);
  std::string negative = "name: x\nkubelet:\n  relistCompute:\n    base: -5us\n";
  EXPECT_EQ(error_of(negative).rfind("x.yaml:4:11: kubelet.relistCompute.base:", 0), 0u)
      << error_of(negative);
  std::string bad_noise = "name: x\nkubelet:\n  relistCompute: {noise: {lognormal: {}}}\n";
  EXPECT_EQ(error_of(bad_noise).rfind("x.yaml:3:", 0), 0u) << error_of(bad_noise);
  EXPECT_NE(error_of(bad_noise).find("sigma"), std::string::npos) << error_of(bad_noise);
}

}  // namespace
}  // namespace plegsim::testing
