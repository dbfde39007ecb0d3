// The latency models: medians, the noise distributions against their analytic shapes
// (moments, quantiles, Kolmogorov-Smirnov and chi-square distances).
#include "models/latency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace plegsim::models {
namespace {

using core::Duration;
using core::RngStream;

// Noises by kind (field by field: GCC warns on partial aggregate initializers).
Noise noise(Noise::Kind kind, double sigma_or_shape = 1.0) {
  Noise n;
  n.kind = kind;
  (kind == Noise::Kind::kLognormal ? n.sigma : n.shape) = sigma_or_shape;
  return n;
}

Noise mixture(const Noise& body, const Noise& tail, double p, double factor) {
  Noise n;
  n.kind = Noise::Kind::kMixture;
  n.parts = {body, tail};
  n.tail_probability = p;
  n.tail_factor = factor;
  return n;
}

double phi(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Kolmogorov-Smirnov distance of sorted draws from the standard normal CDF.
double ks_normal(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double d = 0;
  auto n = static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    double f = phi(v[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// Chi-square of draws against N(0, 1) over 100 bins of width 0.08 on [-4, 4] plus the
// two tails (101 degrees of freedom): sensitive to a local error of the sampler.
double chi2_normal(const std::vector<double>& v) {
  constexpr int kBins = 100;
  std::vector<double> count(kBins + 2, 0.0);
  for (double x : v) {
    int b = x < -4.0   ? 0
            : x >= 4.0 ? kBins + 1
                       : std::min(kBins, 1 + static_cast<int>((x + 4.0) / 0.08));
    count[static_cast<std::size_t>(b)] += 1;
  }
  double chi2 = 0;
  auto n = static_cast<double>(v.size());
  for (int b = 0; b <= kBins + 1; ++b) {
    double lo = b == 0 ? -INFINITY : -4.0 + 0.08 * (b - 1);
    double hi = b == kBins + 1 ? INFINITY : -4.0 + 0.08 * b;
    double want = n * (phi(hi) - phi(lo));
    double d = count[static_cast<std::size_t>(b)] - want;
    chi2 += d * d / want;
  }
  return chi2;
}

TEST(Latency, ConstantNoiseGivesTheMedianExactly) {
  OpLatency m{Duration::milliseconds(5), Duration::microseconds(100), Noise{}};
  RngStream rng(1, "t");
  EXPECT_EQ(sample_latency(m, 110, rng), Duration::microseconds(16000));
  EXPECT_EQ(sample_latency(m, 0, rng), Duration::milliseconds(5));
}

TEST(Latency, LognormalNoiseHasMedianOneAndLogSigma) {
  OpLatency m{Duration::milliseconds(10), Duration{}, noise(Noise::Kind::kLognormal, 0.5)};
  RngStream rng(3, "lognormal");
  constexpr int kN = 1000000;
  std::vector<double> logs(kN);
  for (double& l : logs) {
    l = std::log(static_cast<double>(sample_latency(m, 0, rng).ns) / 1e7) / 0.5;
  }
  std::vector<double> sorted = logs;
  std::nth_element(sorted.begin(), sorted.begin() + kN / 2, sorted.end());
  EXPECT_NEAR(sorted[kN / 2], 0.0, 0.01);  // median multiplier 1
  // Critical values at alpha = 0.001: KS 1.95 / sqrt(n); chi-square(101) 149.4.
  EXPECT_LT(ks_normal(logs), 1.95 / std::sqrt(kN));
  EXPECT_LT(chi2_normal(logs), 149.4);
}

TEST(Latency, StandardNormalMatchesItsCdfAndMoments) {
  RngStream rng(11, "normal");
  constexpr int kN = 1000000;
  std::vector<double> z(kN);
  double sum = 0, sum2 = 0, sum4 = 0;
  for (double& v : z) {
    v = standard_normal(rng);
    sum += v;
    sum2 += v * v;
    sum4 += v * v * v * v;
  }
  // Mean 0 (SE 0.001), variance 1 (SE 0.0014), kurtosis 3 (SE 0.005): 5 SE bounds.
  EXPECT_NEAR(sum / kN, 0.0, 0.005);
  EXPECT_NEAR(sum2 / kN, 1.0, 0.007);
  EXPECT_NEAR(sum4 / kN, 3.0, 0.025);
  EXPECT_LT(ks_normal(z), 1.95 / std::sqrt(kN));
  EXPECT_LT(chi2_normal(z), 149.4);
}

// The tail beyond the base layer's edge r = 3.654 has its own sampler: its mass, its
// far part and its conditional mean against the analytic values.
TEST(Latency, StandardNormalTailBeyondTheZigguratBase) {
  RngStream rng(12, "normal-tail");
  constexpr double kN = 8e6;
  const double r = detail::kZigR;
  double beyond_r = 0, beyond_45 = 0, excess = 0;
  for (int i = 0; i < static_cast<int>(kN); ++i) {
    double a = std::abs(standard_normal(rng));
    if (a > r) {
      ++beyond_r;
      excess += a;
    }
    if (a > 4.5) ++beyond_45;
  }
  double p_r = std::erfc(r / std::sqrt(2.0));     // P(|Z| > r) = 2.58e-4: ~2066 draws
  double p_45 = std::erfc(4.5 / std::sqrt(2.0));  // 6.8e-6: ~54 draws
  EXPECT_NEAR(beyond_r, kN * p_r, 5 * std::sqrt(kN * p_r));
  EXPECT_NEAR(beyond_45, kN * p_45, 5 * std::sqrt(kN * p_45) + 1);
  // E[|Z| | |Z| > r] = phi(r) / Q(r); the excess has sd ~1/r, so SE ~0.006.
  double phi_r = std::exp(-0.5 * r * r) / std::sqrt(2 * M_PI);
  EXPECT_NEAR(excess / beyond_r, phi_r / (p_r / 2), 0.03);
}

TEST(Latency, GammaNoiseHasMeanOneAndVarianceOneOverShape) {
  Noise n = noise(Noise::Kind::kGamma, 4.0);
  RngStream rng(5, "gamma");
  constexpr int kN = 200000;
  double sum = 0;
  double sq = 0;
  for (int i = 0; i < kN; ++i) {
    double x = sample_noise(n, rng);
    sum += x;
    sq += x * x;
  }
  double mean = sum / kN;
  EXPECT_NEAR(mean, 1.0, 5.0 * std::sqrt(0.25 / kN));
  EXPECT_NEAR(sq / kN - mean * mean, 0.25, 0.01);
}

TEST(Latency, EmpiricalNoiseInterpolatesItsQuantiles) {
  Noise n = noise(Noise::Kind::kEmpirical);
  n.quantiles = {0.5, 1.0, 3.0};
  RngStream rng(9, "empirical");
  int below_one = 0;
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    double x = sample_noise(n, rng);
    ASSERT_GE(x, 0.5);
    ASSERT_LE(x, 3.0);
    below_one += x < 1.0;
  }
  // Half the probability mass lies on [0.5, 1).
  EXPECT_NEAR(below_one, kN / 2, 5.0 * std::sqrt(kN * 0.25));
}

// Weibull(K) scaled to median 1: F(x) = 1 - 2^(-x^K).
TEST(Latency, WeibullNoiseHasMedianOneAndItsAnalyticCdf) {
  for (double k : {0.5, 0.7, 3.0}) {
    SCOPED_TRACE(k);
    Noise n = noise(Noise::Kind::kWeibull, k);
    RngStream rng(21, "weibull");
    constexpr int kN = 200000;
    std::vector<double> v(kN);
    for (double& x : v) x = sample_noise(n, rng);
    std::sort(v.begin(), v.end());
    // The sample median of n draws has sd 1 / (2 f(1) sqrt(n)), f(1) = K ln2 / 2.
    double f1 = k * std::log(2.0) / 2;
    EXPECT_NEAR(v[kN / 2], 1.0, 5.0 / (2 * f1 * std::sqrt(kN)));
    double d = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      double f = 1.0 - std::exp2(-std::pow(v[i], k));
      d = std::max({d, f - static_cast<double>(i) / kN, static_cast<double>(i + 1) / kN - f});
    }
    EXPECT_LT(d, 1.949 / std::sqrt(kN));  // KS critical value at the 0.1 % level
    // The 99th percentile: (ln 100 / ln 2)^(1/K); SE of the sample quantile is tiny.
    double q99 = std::pow(std::log(100.0) / std::log(2.0), 1.0 / k);
    EXPECT_NEAR(v[kN * 99 / 100] / q99, 1.0, 0.05);
  }
}

TEST(Latency, MixtureTailShareIsTheTailProbability) {
  // Constant components: a draw of exactly 30 is a tail draw.
  Noise n = mixture(Noise{}, Noise{}, 0.02, 30.0);
  RngStream rng(22, "mixture-share");
  constexpr int kN = 200000;
  int tail = 0;
  for (int i = 0; i < kN; ++i) {
    double x = sample_noise(n, rng);
    ASSERT_TRUE(x == 1.0 || x == 30.0) << x;
    tail += x == 30.0;
  }
  EXPECT_NEAR(tail, kN * 0.02, 5.0 * std::sqrt(kN * 0.02 * 0.98));  // binomial, 5 sd
}

TEST(Latency, MixtureCdfIsTheWeightedCdfOfItsParts) {
  constexpr double kP = 0.05, kF = 30.0, kBody = 0.3, kTail = 0.5;
  Noise n =
      mixture(noise(Noise::Kind::kLognormal, kBody), noise(Noise::Kind::kLognormal, kTail), kP, kF);
  RngStream rng(23, "mixture-cdf");
  constexpr int kN = 200000;
  std::vector<double> v(kN);
  for (double& x : v) x = sample_noise(n, rng);
  std::sort(v.begin(), v.end());
  for (double x : {0.7, 1.0, 1.5, 3.0, 15.0, 30.0, 60.0}) {
    SCOPED_TRACE(x);
    double want = kP * phi(std::log(x / kF) / kTail) + (1 - kP) * phi(std::log(x) / kBody);
    double got = static_cast<double>(std::lower_bound(v.begin(), v.end(), x) - v.begin()) / kN;
    EXPECT_NEAR(got, want, 5.0 * std::sqrt(want * (1 - want) / kN) + 1e-4);
  }
}

}  // namespace
}  // namespace plegsim::models
