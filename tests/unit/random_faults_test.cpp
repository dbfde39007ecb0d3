// Random faults (models/random_faults.h): Poisson arrivals at the given rate, lengths
// from the dwell, targets drawn uniformly, and the target space that filters leave.
#include "models/random_faults.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

namespace plegsim::models {
namespace {

using core::Duration;
using core::Time;

Fault random_fault(FaultKind kind, double per_hour, Duration mean, FaultTarget target) {
  Fault f;
  f.kind = kind;
  RandomFault r;
  r.rate.per_hour = per_hour;
  r.length = Dwell{Dwell::Kind::kExponential, mean, {}};
  r.target = target;
  f.random = std::make_shared<const RandomFault>(r);
  return f;
}

TEST(RandomFaults, ArrivalCountMatchesRateTimesHorizon) {
  // 10/h over 10,000 h: Poisson with mean 100,000, sd 316; 5 sd is 1,581.
  Fault f = random_fault(FaultKind::kHang, 10, Duration::minutes(10), FaultTarget::kNode);
  core::RngStream rng(3, "cri.random_faults");
  std::vector<Fault> w;
  append_random_windows(f, {110, 2}, Duration::hours(10'000), rng, 10'000'000, w);
  EXPECT_NEAR(static_cast<double>(w.size()), 100'000.0, 1'581.0);
  // Arrival order, inside the horizon, lengths of mean 10 min (sd 10 min / sqrt(n) =
  // 1.9 s: within 10 s), windows without `random`.
  double total = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i > 0) {
      ASSERT_LE(w[i - 1].from, w[i].from);
    }
    ASSERT_LT(w[i].from, Time{} + Duration::hours(10'000));
    ASSERT_LT(w[i].from, w[i].until);
    ASSERT_EQ(w[i].random, nullptr);
    total += (w[i].until - w[i].from).seconds_f();
  }
  EXPECT_NEAR(total / static_cast<double>(w.size()), 600.0, 10.0);
  // The gaps are exponential: their coefficient of variation is 1 (within 0.02).
  double s = 0, s2 = 0;
  for (std::size_t i = 1; i < w.size(); ++i) {
    double g = (w[i].from - w[i - 1].from).seconds_f();
    s += g;
    s2 += g * g;
  }
  double n = static_cast<double>(w.size() - 1), m = s / n;
  EXPECT_NEAR(std::sqrt(s2 / n - m * m) / m, 1.0, 0.02);
}

TEST(RandomFaults, ContainerTargetsAreUniform) {
  // 10 pods x 2 containers, 100,000 draws: chi-square with 19 degrees of freedom
  // exceeds 43.8 with probability 0.001.
  Fault f = random_fault(FaultKind::kHang, 10, Duration::minutes(1), FaultTarget::kContainer);
  f.op = Op::kContainerStatus;
  core::RngStream rng(5, "cri.random_faults");
  std::vector<Fault> w;
  append_random_windows(f, {10, 2}, Duration::hours(10'000), rng, 10'000'000, w);
  std::map<std::pair<int, int>, int> count;
  for (const Fault& x : w) {
    ASSERT_TRUE(x.pod && x.container);
    ASSERT_EQ(x.op, Op::kContainerStatus);  // the filter stays
    ++count[{*x.pod, *x.container}];
  }
  ASSERT_EQ(count.size(), 20u);
  double expected = static_cast<double>(w.size()) / 20.0, chi2 = 0;
  for (const auto& [cell, c] : count) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 43.8);
}

TEST(RandomFaults, OpTargetsDrawFromTheList) {
  Fault f = random_fault(FaultKind::kErrors, 10, Duration::minutes(1), FaultTarget::kOp);
  auto r = *f.random;
  r.ops = {Op::kListPodSandbox, Op::kListContainers};
  f.random = std::make_shared<const RandomFault>(r);
  f.probability = 0.5;
  core::RngStream rng(5, "cri.random_faults");
  std::vector<Fault> w;
  append_random_windows(f, {10, 2}, Duration::hours(1000), rng, 10'000'000, w);
  int lists = 0;
  for (const Fault& x : w) {
    ASSERT_TRUE(x.op == Op::kListPodSandbox || x.op == Op::kListContainers);
    EXPECT_EQ(x.probability, 0.5);
    lists += x.op == Op::kListPodSandbox;
  }
  // Binomial(n, 1/2): sd sqrt(n)/2, ~50 for n ~ 10,000; within 5 sd.
  EXPECT_NEAR(lists, static_cast<double>(w.size()) / 2.0, 5 * std::sqrt(w.size()) / 2.0);
}

TEST(RandomFaults, TargetSpaceFollowsTheFilters) {
  Fault f = random_fault(FaultKind::kHang, 1, Duration::minutes(1), FaultTarget::kContainer);
  EXPECT_EQ(target_space_size(f, {110, 2}), 220);
  f.pod = 7;
  EXPECT_EQ(target_space_size(f, {110, 2}), 2);
  f.container = 1;
  EXPECT_EQ(target_space_size(f, {110, 2}), 1);
  f.pod = 200;
  EXPECT_EQ(target_space_size(f, {110, 2}), 0);
  std::vector<Fault> w;
  core::RngStream rng(1, "cri.random_faults");
  append_random_windows(f, {110, 2}, Duration::hours(100), rng, 1000, w);
  EXPECT_TRUE(w.empty());
  f.pod = 7;
  append_random_windows(f, {110, 2}, Duration::hours(100), rng, 1000, w);
  ASSERT_FALSE(w.empty());
  for (const Fault& x : w) EXPECT_TRUE(x.pod == 7 && x.container == 1);
  EXPECT_EQ(target_space_size(
                random_fault(FaultKind::kStall, 1, Duration::minutes(1), FaultTarget::kOp), {1, 1}),
            kOpCount);
}

TEST(RandomFaults, StopsPastTheLimit) {
  Fault f = random_fault(FaultKind::kHang, 3600, Duration::seconds(1), FaultTarget::kNode);
  core::RngStream rng(1, "cri.random_faults");
  std::vector<Fault> w;
  append_random_windows(f, {1, 1}, Duration::hours(100), rng, 50, w);
  EXPECT_EQ(w.size(), 51u);
}

}  // namespace
}  // namespace plegsim::models
