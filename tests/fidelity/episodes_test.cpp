// Slowness episodes and random faults in whole runs: a regime state's factor and stall
// as the calls see them, slow relists clustering in time, a random container hang's
// signature, and determinism (sim/run/fault_windows.h).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fixtures.h"
#include "sim/run/fault_windows.h"

namespace plegsim::testing {
namespace {

using models::Op;

// The quiet node (constant latencies) with a deterministic regime: 10 min normal, then
// 10 min in `second`, and so on.
std::string quiet_with_regime(const std::string& second) {
  return quiet_yaml(5) +
         "  regime:\n"
         "    states:\n"
         "      normal: {dwell: 10m, next: {other: 1}}\n"
         "      other: " +
         second + "\n";
}

bool in_second_state(Time t) {
  // [10m, 20m) and [30m, 40m) ... within the 30 min run: [10m, 20m).
  return t >= Time{} + Duration::minutes(10) && t < Time{} + Duration::minutes(20);
}

TEST(Episodes, DegradedStateMultipliesServiceTimeExactly) {
  SimRun r(
      quiet_with_regime("{dwell: 10m, factor: 3, ops: {ListContainers: 8}, next: {normal: 1}}"));
  r.run();
  int inside = 0, outside = 0;
  for (const auto& c : r.sink.cri_calls) {
    Duration took = c.end - c.start;
    Duration base = c.op == static_cast<int>(Op::kListPodSandbox)   ? ms(10)
                    : c.op == static_cast<int>(Op::kListContainers) ? ms(15)
                                                                    : Duration{};
    if (base == Duration{}) continue;
    double f = !in_second_state(c.start)                       ? 1.0
               : c.op == static_cast<int>(Op::kListContainers) ? 8.0
                                                               : 3.0;
    ASSERT_EQ(took.ns, static_cast<std::int64_t>(static_cast<double>(base.ns) * f))
        << "op " << c.op << " at " << c.start.seconds_f();
    (f == 1.0 ? outside : inside)++;
  }
  EXPECT_GT(inside, 500);
  EXPECT_GT(outside, 1000);
}

TEST(Episodes, StalledStateDelaysCompletionToItsEnd) {
  SimRun r(quiet_with_regime("{dwell: 30s, stall: true, next: {normal: 1}}"));
  r.run_until(Duration::minutes(12));
  const Time stall_end = Time{} + Duration::minutes(10) + Duration::seconds(30);
  int stalled = 0;
  for (const auto& c : r.sink.cri_calls) {
    if (c.op != static_cast<int>(Op::kListPodSandbox)) continue;
    if (c.start >= Time{} + Duration::minutes(10) && c.start < stall_end) {
      EXPECT_EQ(c.end, stall_end + ms(10));  // all its work after the stall
      ++stalled;
    } else {
      EXPECT_EQ(c.end - c.start, ms(10));
    }
  }
  EXPECT_EQ(stalled, 1);  // the relist that started in the stall waits in it
  // The relist waited the whole stall.
  Duration longest{};
  for (const auto& rl : r.sink.relists) longest = std::max(longest, rl.end - rl.start);
  EXPECT_GE(longest, Duration::seconds(29));
}

// Lag-1 autocorrelation of the indicator "relist took longer than `threshold`".
double slow_autocorrelation(const std::vector<record::RelistFinished>& relists, Duration threshold,
                            double* share) {
  std::vector<double> x;
  for (const auto& r : relists) x.push_back(r.end - r.start > threshold ? 1.0 : 0.0);
  double n = static_cast<double>(x.size()), m = 0;
  for (double v : x) m += v;
  m /= n;
  *share = m;
  double num = 0, den = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    den += (x[i] - m) * (x[i] - m);
    if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
  }
  return den > 0 ? num / den : 0.0;
}

std::string busy_node(const std::string& runtime_extra, const std::string& list_noise) {
  return "duration: 24h\nwarmup: 0s\nseed: 3\nnode: {pods: 110}\nworkload: {crashRate: 0/h}\n"
         "runtime:\n"
         "  latency:\n"
         "    ListPodSandbox: {base: 5ms, perItem: 100us, noise: " +
         list_noise +
         "}\n"
         "    ListContainers: {base: 3ms, perItem: 60us, noise: " +
         list_noise + "}\n" + runtime_extra;
}

TEST(Episodes, SlowRelistsClusterUnderARegime) {
  // Degraded x4 for 2 min on average every ~20 min: a relist's ~39 ms median becomes
  // ~156 ms. Threshold 100 ms.
  SimRun regime(
      busy_node("  regime:\n"
                "    states:\n"
                "      normal: {dwell: {mean: 20m}, next: {degraded: 1}}\n"
                "      degraded: {dwell: {mean: 2m}, factor: 4, next: {normal: 1}}\n",
                "{lognormal: {sigma: 0.3}}"));
  regime.run();
  double share = 0;
  double rho = slow_autocorrelation(regime.sink.relists, ms(100), &share);
  EXPECT_GT(share, 0.03);
  EXPECT_GT(rho, 0.6) << "share " << share;

  // The same per-call slowdown drawn independently per call, as often as the regime is
  // degraded (2/22 of the time): a mixture with the same body and a x4 tail. Slow
  // relists are about as frequent, and uncorrelated (|rho| < 0.02, ~6 standard errors
  // for ~85,000 relists).
  SimRun iid(busy_node("",
                       "{mixture: {body: {lognormal: {sigma: 0.3}}, tail: {lognormal: "
                       "{sigma: 0.3}}, tailProbability: 0.0909, tailFactor: 4}}"));
  iid.run();
  double iid_share = 0;
  double iid_rho = slow_autocorrelation(iid.sink.relists, ms(100), &iid_share);
  EXPECT_GT(iid_share, share / 3);
  EXPECT_LT(std::fabs(iid_rho), 0.02) << "share " << iid_share;
}

TEST(Episodes, RandomContainerHangGivesTheHungContainerSignature) {
  // As scenarios/incidents/hung-container-1.11.yaml, but the hang is a random fault: a
  // ContainerStatus hang on a random container, one every 2 h on average, lasting 1 h.
  const std::string yaml =
      "duration: 2h\nwarmup: 5m\nseed: 1\nkubelet: {version: \"1.11\"}\n"
      "node: {pods: 110, containersPerPod: 2}\nworkload: {crashRate: 2/h}\n"
      "runtime: {background: []}\n";
  SimRun hung(yaml +
              "faults:\n"
              "  - {kind: hang, op: ContainerStatus, random: {rate: 0.5/h, for: 1h, target: "
              "container}}\n");
  hung.run();
  const auto& s = hung.summary();
  // Once the pod has an event, each relist inspects it twice (the podsToReinspect
  // pass), each inspection waiting out runtimeRequestTimeout (2 min): relists of just
  // over 4 min, again and again, and the node flapping NotReady.
  EXPECT_GE(s.relist_duration_seconds.max, 240.0);
  EXPECT_LT(s.relist_duration_seconds.max, 250.0);
  int four_minutes = 0;
  for (const auto& rl : hung.sink.relists) {
    Duration d = rl.end - rl.start;
    four_minutes += d >= Duration::seconds(240) && d < Duration::seconds(250);
  }
  EXPECT_GE(four_minutes, 3);
  EXPECT_GE(s.node_not_ready_transitions, 3u);

  SimRun healthy(yaml);
  healthy.run();
  EXPECT_LT(healthy.summary().relist_duration_seconds.max, 1.0);
  EXPECT_EQ(healthy.summary().node_not_ready_transitions, 0u);
}

const std::string kEpisodic =
    "duration: 6h\nnode: {pods: 20}\n"
    "runtime:\n"
    "  regime:\n"
    "    states:\n"
    "      normal: {dwell: {mean: 30m}, next: {degraded: 0.9, stalled: 0.1}}\n"
    "      degraded: {dwell: {mean: 2m}, factor: 4, ops: {ListContainers: 8}, next: {normal: 1}}\n"
    "      stalled: {dwell: {median: 400ms, noise: {lognormal: {sigma: 1}}}, stall: true, next: "
    "{normal: 1}}\n"
    "faults:\n"
    "  - {kind: hang, op: ContainerStatus, random: {rate: 1/h, for: {mean: 10m}, target: "
    "container}}\n"
    "  - {kind: errors, probability: 0.5, random: {rate: 2/h, for: {median: 30s, noise: "
    "{lognormal: {sigma: 1}}}, target: op}}\n"
    "  - {kind: stall, random: {rate: 1/h, for: 2s, target: node}}\n";

bool same_windows(const std::vector<models::Fault>& a, const std::vector<models::Fault>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto &x = a[i], &y = b[i];
    if (x.kind != y.kind || x.op != y.op || x.pod != y.pod || x.container != y.container ||
        x.from != y.from || x.until != y.until || x.factor != y.factor ||
        x.probability != y.probability) {
      return false;
    }
  }
  return true;
}

TEST(Episodes, DeterministicPerSeed) {
  auto s = scenario::load_scenario_text(kEpisodic, "<test>");
  auto w1 = run::runtime_fault_windows(s, 1);
  auto w1b = run::runtime_fault_windows(s, 1);
  auto w2 = run::runtime_fault_windows(s, 2);
  EXPECT_GT(w1.size(), 10u);
  EXPECT_TRUE(same_windows(w1, w1b));
  EXPECT_FALSE(same_windows(w1, w2));
  for (const auto& w : w1) EXPECT_EQ(w.random, nullptr);

  SimRun a(kEpisodic), b(kEpisodic), c(kEpisodic, {}, run::BuildOptions{.seed = 2});
  a.run();
  b.run();
  c.run();
  EXPECT_EQ(a.sink.relists.size(), b.sink.relists.size());
  ASSERT_EQ(a.sink.cri_calls.size(), b.sink.cri_calls.size());
  for (std::size_t i = 0; i < a.sink.cri_calls.size(); ++i) {
    ASSERT_EQ(a.sink.cri_calls[i].end, b.sink.cri_calls[i].end);
    ASSERT_EQ(a.sink.cri_calls[i].code, b.sink.cri_calls[i].code);
  }
  EXPECT_EQ(record::to_json(a.summary()).size() > 0, true);
  EXPECT_NE(a.summary().relist_duration_seconds.max, c.summary().relist_duration_seconds.max);
}

TEST(Episodes, WithoutEpisodesTheWindowsAreTheScenarios) {
  auto s = scenario::load_scenario_text(
      "faults: [{kind: hang, pod: 3, from: 1m}, {kind: stall, from: 2m, for: 1m}]\n", "<test>");
  EXPECT_TRUE(same_windows(run::runtime_fault_windows(s, 1), s.faults));
}

}  // namespace
}  // namespace plegsim::testing
