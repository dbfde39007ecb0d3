// sim/core/stats: closed forms, published tables and inverse relations.
#include "sim/core/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace plegsim::core {
namespace {

TEST(CoreStats, StudentTCdfMatchesClosedForms) {
  // nu = 1 is Cauchy; nu = 2 has F(t) = 1/2 + t / (2 sqrt(2 + t^2)).
  for (double t : {-3.0, -0.5, 0.0, 0.7, 2.0, 10.0}) {
    EXPECT_NEAR(student_t_cdf(t, 1), 0.5 + std::atan(t) / std::numbers::pi, 1e-12) << t;
    EXPECT_NEAR(student_t_cdf(t, 2), 0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-12) << t;
  }
  EXPECT_NEAR(student_t_cdf(2.093024, 19), 0.975, 1e-6);  // the t table
  EXPECT_NEAR(normal_cdf(1.959964), 0.975, 1e-6);
}

TEST(CoreStats, QuantilesInvertTheCdfs) {
  for (double p : {1e-6, 0.01, 0.3, 0.5, 0.8, 0.975, 0.999999}) {
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-12 + p * 1e-9) << p;
    for (double nu : {1.0, 4.0, 7.5, 30.0, 1000.0}) {
      EXPECT_NEAR(student_t_cdf(student_t_quantile(p, nu), nu), p, 1e-9) << p << " " << nu;
    }
  }
  EXPECT_NEAR(student_t_quantile(0.975, 1e6), 1.959964, 1e-4);
  // The t table's df = 31 and 60 rows: not the normal's 1.96.
  EXPECT_NEAR(student_t_quantile(0.975, 31), 2.0395, 1e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 60), 2.0003, 1e-4);
  EXPECT_EQ(student_t_quantile(0.5, 3), 0.0);
  EXPECT_NEAR(student_t_quantile(0.025, 3), -student_t_quantile(0.975, 3), 1e-12);
}

TEST(CoreStats, MeanIntervalIsStudentTOnTheSampleSd) {
  // 40 values alternating 0/1: mean 0.5, sd sqrt(40 / (4 * 39)), t(0.975, 39) = 2.022691.
  std::vector<double> v;
  for (int i = 0; i < 40; ++i) v.push_back(i % 2);
  auto m = mean_interval(v);
  EXPECT_DOUBLE_EQ(m.mean, 0.5);
  EXPECT_NEAR(m.half_width, 2.022691 * std::sqrt(40.0 / (4 * 39)) / std::sqrt(40.0), 1e-6);
  EXPECT_EQ(m.n, 40u);
  // A wider confidence gives a wider interval.
  EXPECT_GT(mean_interval(v, 0.99).half_width, m.half_width);
  EXPECT_EQ(mean_interval({7}).half_width, 0.0);
  EXPECT_EQ(mean_interval({}).n, 0u);
}

TEST(CoreStats, WilsonMatchesAHandWorkedInterval) {
  // k = 0 of n = 20 at 95%: [0, z^2 / (n + z^2)] = [0, 0.16112].
  auto none = wilson_interval(0, 20);
  EXPECT_EQ(none.share, 0.0);
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_NEAR(none.upper, 0.161125, 1e-5);
  // k = 5 of n = 10: symmetric about 0.5, [0.236593, 0.763407].
  auto half = wilson_interval(5, 10);
  EXPECT_NEAR(half.lower, 0.236593, 1e-5);
  EXPECT_NEAR(half.upper, 0.763407, 1e-5);
  // All: the mirror of none.
  auto all = wilson_interval(20, 20);
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_NEAR(all.lower, 1 - 0.161125, 1e-5);
  auto empty = wilson_interval(0, 0);
  EXPECT_EQ(empty.lower, 0.0);
  EXPECT_EQ(empty.upper, 1.0);
}

}  // namespace
}  // namespace plegsim::core
