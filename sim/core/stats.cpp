#include "sim/core/stats.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace plegsim::core {
namespace {

// Continued fraction of the regularised incomplete beta (Lentz's method).
double beta_cf(double a, double b, double x) {
  constexpr int kMaxIter = 300;
  constexpr double kEps = 1e-15;
  constexpr double kTiny = 1e-300;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIter; ++m) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

// I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double lbt =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  double bt = std::exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return bt * beta_cf(a, b, x) / a;
  return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

}  // namespace

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p <= 0) return -HUGE_VAL;
  if (p >= 1) return HUGE_VAL;
  double x;
  if (p < 0.02425) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on the exact CDF.
  double e = normal_cdf(x) - p;
  double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double student_t_cdf(double t, double nu) {
  double x = nu / (nu + t * t);
  double tail = 0.5 * incomplete_beta(nu / 2, 0.5, x);  // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double nu) {
  if (p <= 0) return -HUGE_VAL;
  if (p >= 1) return HUGE_VAL;
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, nu);
  // Bisection on [0, hi], hi doubled until it brackets p.
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, nu) < p && hi < 1e12) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    double mid = (lo + hi) / 2;
    (student_t_cdf(mid, nu) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

MeanInterval mean_interval(const std::vector<double>& values, double confidence) {
  MeanInterval e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  double df = static_cast<double>(e.n - 1);
  double sd = std::sqrt(ss / df);
  double t = student_t_quantile(0.5 * (1 + confidence), df);
  e.half_width = t * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

Proportion wilson_interval(std::size_t k, std::size_t n, double confidence) {
  Proportion p;
  p.k = k;
  p.n = n;
  if (n == 0) return p;
  double kk = static_cast<double>(k), nn = static_cast<double>(n);
  double z = normal_quantile(0.5 * (1 + confidence));
  double z2 = z * z;
  double centre = (kk + z2 / 2) / (nn + z2);
  double half = z / (nn + z2) * std::sqrt(kk * (nn - kk) / nn + z2 / 4);
  p.share = kk / nn;
  // The ends are exactly 0 at k = 0 and 1 at k = n (rounding would miss them).
  p.lower = k == 0 ? 0.0 : std::max(0.0, centre - half);
  p.upper = k == n ? 1.0 : std::min(1.0, centre + half);
  return p;
}

}  // namespace plegsim::core
