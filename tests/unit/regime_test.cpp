// The slowness regime's model (models/regime.h): the sampled state path against the
// semi-Markov process's analytic results, dwell draws, and the windows a path becomes.
#include "models/regime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace plegsim::models {
namespace {

using core::Duration;
using core::Time;

Dwell exponential(Duration mean) {
  return Dwell{Dwell::Kind::kExponential, mean, {}};
}
Dwell lognormal(Duration median, double sigma) {
  Noise n;
  n.kind = Noise::Kind::kLognormal;
  n.sigma = sigma;
  return Dwell{Dwell::Kind::kNoise, median, n};
}

// The brief's three states, scaled down: normal (exponential, mean 60 s) goes to
// degraded (exponential, mean 10 s) 9 times in 10 and to stalled (lognormal, median
// 2 s, sigma 1) otherwise; both come back to normal.
Regime three_states() {
  Regime r;
  r.states.push_back(
      {"normal", exponential(Duration::seconds(60)), 1.0, {}, false, {{1, 0.9}, {2, 0.1}}});
  r.states.push_back({"degraded",
                      exponential(Duration::seconds(10)),
                      4.0,
                      {{Op::kListContainers, 8.0}},
                      false,
                      {{0, 1.0}}});
  r.states.push_back({"stalled", lognormal(Duration::seconds(2), 1.0), 1.0, {}, true, {{0, 3.0}}});
  return r;
}

TEST(Regime, JumpChainStationaryVector) {
  // pi = pi P for P = [[0, .9, .1], [1, 0, 0], [1, 0, 0]]: (0.5, 0.45, 0.05).
  auto pi = jump_chain_stationary(three_states());
  ASSERT_EQ(pi.size(), 3u);
  EXPECT_NEAR(pi[0], 0.5, 1e-12);
  EXPECT_NEAR(pi[1], 0.45, 1e-12);
  EXPECT_NEAR(pi[2], 0.05, 1e-12);
}

TEST(Regime, TimeSharesMatchTheSemiMarkovResult) {
  const Regime r = three_states();
  // share_i ~ pi_i x mean dwell_i = 0.5 x 60, 0.45 x 10, 0.05 x 2e^(1/2).
  const double w[3] = {30.0, 4.5, 0.05 * 2.0 * std::exp(0.5)};
  const double total = w[0] + w[1] + w[2];
  auto analytic = stationary_time_shares(r);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(analytic[i], w[i] / total, 1e-12);

  // 10^7 s: ~144,000 regeneration cycles (normal + the stay after it, 69.3 s on
  // average). By the delta method over cycles, the standard error of the degraded
  // share is sqrt(Var(D - rL) / n) / E[L] ~ sqrt(136 / 1.44e5) / 69.3 = 4.4e-4 (normal's
  // is the same, stalled's 6.5e-5): the tolerances are ~7 standard errors.
  const Duration horizon = Duration::seconds(10'000'000);
  core::RngStream rng(42, "cri.regime");
  auto path = sample_regime_path(r, horizon, rng, 10'000'000);
  ASSERT_FALSE(path.empty());
  std::vector<double> time(3, 0.0);
  Time t{};
  for (const auto& s : path) {
    ASSERT_EQ(s.from, t);  // contiguous, from 0
    ASSERT_LT(s.from, s.until);
    time[static_cast<std::size_t>(s.state)] += (s.until - s.from).seconds_f();
    t = s.until;
  }
  EXPECT_EQ(t, Time{} + horizon);
  EXPECT_NEAR(time[0] / horizon.seconds_f(), analytic[0], 3e-3);
  EXPECT_NEAR(time[1] / horizon.seconds_f(), analytic[1], 3e-3);
  EXPECT_NEAR(time[2] / horizon.seconds_f(), analytic[2], 4.5e-4);
  // No state follows itself, and the first is the initial one.
  EXPECT_EQ(path[0].state, 0);
  for (std::size_t i = 1; i < path.size(); ++i) EXPECT_NE(path[i].state, path[i - 1].state);
}

TEST(Regime, ExponentialDwellMean) {
  // 200,000 draws of mean 10 s: the standard error of the mean is 10 / sqrt(2e5) =
  // 0.022 s, of the variance's square root about as much; tolerances ~5 of them.
  core::RngStream rng(7, "cri.regime");
  const Dwell d = exponential(Duration::seconds(10));
  const int n = 200'000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    double x = sample_dwell(d, rng).seconds_f();
    sum += x;
    sum2 += x * x;
  }
  double mean = sum / n;
  double sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 10.0, 0.11);
  EXPECT_NEAR(sd, 10.0, 0.2);  // exponential: sd = mean
  EXPECT_DOUBLE_EQ(mean_seconds(d), 10.0);
  EXPECT_NEAR(mean_seconds(lognormal(Duration::seconds(2), 1.0)), 2.0 * std::exp(0.5), 1e-12);
}

TEST(Regime, LoneStateLastsTheRun) {
  Regime r;
  r.states.push_back({"slow", exponential(Duration::seconds(1)), 2.0, {}, false, {}});
  core::RngStream rng(1, "cri.regime");
  auto path = sample_regime_path(r, Duration::hours(1), rng, 100);
  ASSERT_EQ(path.size(), 1u);
  EXPECT_EQ(path[0].until, Time{} + Duration::hours(1));
  EXPECT_EQ(stationary_time_shares(r), std::vector<double>{1.0});
}

TEST(Regime, PathStopsPastTheLimit) {
  core::RngStream rng(1, "cri.regime");
  auto path = sample_regime_path(three_states(), Duration::hours(1000), rng, 10);
  EXPECT_EQ(path.size(), 11u);  // the caller sees it went over
}

TEST(Regime, WindowsEnactThePath) {
  const Regime r = three_states();
  const Time a = Time{} + Duration::seconds(5), b = Time{} + Duration::seconds(9),
             c = Time{} + Duration::seconds(12);
  std::vector<RegimeSpan> path{{0, Time{}, a},
                               {1, a, b},
                               {0, b, Time{} + Duration::seconds(11)},
                               {2, Time{} + Duration::seconds(11), c}};
  std::vector<Fault> w;
  append_regime_windows(r, path, w);
  // normal adds nothing; degraded one slowdown per operation (ListContainers x8, the
  // rest x4); stalled one stall window.
  ASSERT_EQ(w.size(), static_cast<std::size_t>(kOpCount) + 1);
  for (int i = 0; i < kOpCount; ++i) {
    EXPECT_EQ(w[i].kind, FaultKind::kSlowdown);
    EXPECT_EQ(w[i].op, static_cast<Op>(i));
    EXPECT_EQ(w[i].from, a);
    EXPECT_EQ(w[i].until, b);
    EXPECT_EQ(w[i].factor, static_cast<Op>(i) == Op::kListContainers ? 8.0 : 4.0);
  }
  EXPECT_EQ(w.back().kind, FaultKind::kStall);
  EXPECT_FALSE(w.back().op.has_value());
  EXPECT_EQ(w.back().from, Time{} + Duration::seconds(11));
  EXPECT_EQ(w.back().until, c);

  // Without per-operation factors: a single window for every operation.
  Regime plain = r;
  plain.states[1].ops.clear();
  w.clear();
  append_regime_windows(plain, path, w);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_FALSE(w[0].op.has_value());
  EXPECT_EQ(w[0].factor, 4.0);
}

}  // namespace
}  // namespace plegsim::models
