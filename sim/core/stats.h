// The distributions and intervals every statistic in plegsim uses (sweep aggregates,
// the limit search, compare, regress, fit): one implementation of each. Pure functions.
#pragma once

#include <cstddef>
#include <vector>

namespace plegsim::core {

// The standard normal CDF and its inverse (Acklam's approximation refined by one Halley
// step on the exact CDF: |error| < 1e-12; -inf / +inf at p <= 0 / p >= 1).
double normal_cdf(double z);
double normal_quantile(double p);

// Student's t CDF with nu > 0 degrees of freedom (real: Welch's are not integers), and
// its inverse: t with student_t_cdf(t, nu) = p, for 0 < p < 1 (bisection, |error| < 1e-10).
double student_t_cdf(double t, double nu);
double student_t_quantile(double p, double nu);

// The mean of `values` and the half-width of its two-sided Student t interval at
// `confidence` (0 < confidence < 1); half_width is 0 with fewer than two values.
struct MeanInterval {
  double mean = 0;
  double half_width = 0;
  std::size_t n = 0;
};
MeanInterval mean_interval(const std::vector<double>& values, double confidence = 0.95);

// A share k/n and its two-sided Wilson score interval at `confidence`; with n = 0 the
// share is 0 and the interval [0, 1].
struct Proportion {
  double share = 0;
  double lower = 0;
  double upper = 1;
  std::size_t k = 0;
  std::size_t n = 0;
};
Proportion wilson_interval(std::size_t k, std::size_t n, double confidence = 0.95);

}  // namespace plegsim::core
