#include "sim/fit/lognormal_fit.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Dense>

namespace plegsim::fit {
namespace {

double lognormal_cdf(double x, double mu, double s) {
  if (x <= 0) return 0;
  if (std::isinf(x)) return 1;
  return normal_cdf((std::log(x) - mu) / s);
}

// Golden-section maximum of a unimodal f on [a, b].
template <class F>
double golden_max(F f, double a, double b, int iters) {
  const double r = (std::sqrt(5.0) - 1) / 2;
  double c = b - r * (b - a), d = a + r * (b - a);
  double fc = f(c), fd = f(d);
  for (int i = 0; i < iters; ++i) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

}  // namespace

std::optional<LatencyFit> fit_summary(const Latency& l) {
  std::vector<std::pair<double, double>> pts;  // (z, ln v)
  for (auto [q, v] : l.quantiles)
    if (q > 0 && q < 1 && v > 0 && std::isfinite(v))
      pts.emplace_back(normal_quantile(q), std::log(v));
  LatencyFit f;
  f.observations = l.count.value_or(0);
  double mean = (l.sum_seconds && l.count && *l.count > 0) ? *l.sum_seconds / *l.count : 0;
  if (pts.size() >= 2) {
    Eigen::MatrixXd a(static_cast<Eigen::Index>(pts.size()), 2);
    Eigen::VectorXd y(static_cast<Eigen::Index>(pts.size()));
    for (std::size_t i = 0; i < pts.size(); ++i) {
      a(static_cast<Eigen::Index>(i), 0) = 1;
      a(static_cast<Eigen::Index>(i), 1) = pts[i].first;
      y(static_cast<Eigen::Index>(i)) = pts[i].second;
    }
    Eigen::Vector2d x = a.colPivHouseholderQr().solve(y);
    f.median = std::exp(x(0));
    f.sigma = std::max(0.0, x(1));
    f.method = "log-quantile least squares";
  } else if (pts.size() == 1 && mean > 0) {
    // One quantile and the mean: ln mean = mu + s^2/2 and ln v = mu + z s, so
    // s^2/2 - z s - (ln mean - ln v) = 0, whose non-negative root is s.
    double z = pts[0].first, c = std::log(mean) - pts[0].second;
    double disc = z * z + 2 * c;
    f.sigma = disc >= 0 ? std::max(0.0, z + std::sqrt(disc)) : 0.0;
    f.median = std::exp(pts[0].second - z * f.sigma);
    f.method = "one quantile and the mean";
  } else if (mean > 0) {
    f.median = mean;
    f.sigma_known = false;
    f.method = "mean only (every quantile NaN: no call in the summary's window)";
  } else {
    return std::nullopt;
  }
  for (auto [q, v] : l.quantiles) {
    if (!(v > 0) || !std::isfinite(v)) continue;
    double fitted = f.median * std::exp(f.sigma * normal_quantile(q));
    f.checks.push_back({q, v, fitted});
    f.max_error = std::max(f.max_error, std::abs(fitted / v - 1));
  }
  return f;
}

std::vector<Bin> histogram_bins(const Latency& l, double& total) {
  std::vector<Bin> bins;
  double prev_le = 0, prev_c = 0;
  for (auto [le, c] : l.buckets) {
    double n = c - prev_c;
    if (n < 0) n = 0;  // a non-monotone scrape: tolerated, counted as empty
    bins.push_back({prev_le, le, n});
    prev_le = le;
    prev_c = std::max(prev_c, c);
  }
  total = prev_c;
  return bins;
}

std::optional<LatencyFit> fit_histogram(const Latency& l) {
  double total = 0;
  std::vector<Bin> bins = histogram_bins(l, total);
  if (total <= 0 || bins.empty()) return std::nullopt;
  double lo_le = HUGE_VAL, hi_le = 0;
  for (const Bin& b : bins)
    if (std::isfinite(b.hi) && b.hi > 0) {
      lo_le = std::min(lo_le, b.hi);
      hi_le = std::max(hi_le, b.hi);
    }
  if (!std::isfinite(lo_le)) return std::nullopt;
  auto loglik = [&](double mu, double s) {
    double ll = 0;
    for (const Bin& b : bins) {
      if (b.n <= 0) continue;
      double p = lognormal_cdf(b.hi, mu, s) - lognormal_cdf(b.lo, mu, s);
      ll += b.n * std::log(std::max(p, 1e-300));
    }
    return ll;
  };
  const double mu_lo = std::log(lo_le) - 8, mu_hi = std::log(hi_le) + 8;
  auto best_mu = [&](double s) {
    return golden_max([&](double mu) { return loglik(mu, s); }, mu_lo, mu_hi, 90);
  };
  double ls = golden_max(
      [&](double logs) {
        double s = std::exp(logs);
        return loglik(best_mu(s), s);
      },
      std::log(1e-3), std::log(8.0), 70);
  LatencyFit f;
  f.sigma = std::exp(ls);
  f.median = std::exp(best_mu(f.sigma));
  f.method = "bucket maximum likelihood";
  f.observations = total;
  for (auto [le, c] : l.buckets) {
    if (!std::isfinite(le)) continue;
    double obs = c / total, fit = lognormal_cdf(le, std::log(f.median), f.sigma);
    f.checks.push_back({le, obs, fit});
    f.max_error = std::max(f.max_error, std::abs(obs - fit));
  }
  return f;
}

std::optional<LinearFit> fit_linear(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 2) return std::nullopt;
  bool distinct = false;
  for (const auto& p : points) distinct = distinct || p.first != points[0].first;
  if (!distinct) return std::nullopt;
  Eigen::MatrixXd a(static_cast<Eigen::Index>(points.size()), 2);
  Eigen::VectorXd y(static_cast<Eigen::Index>(points.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    a(static_cast<Eigen::Index>(i), 0) = 1;
    a(static_cast<Eigen::Index>(i), 1) = points[i].first;
    y(static_cast<Eigen::Index>(i)) = points[i].second;
  }
  Eigen::Vector2d x = a.colPivHouseholderQr().solve(y);
  LinearFit f{x(0), x(1), 0};
  for (const auto& [px, py] : points)
    if (py > 0)
      f.max_rel_error = std::max(f.max_rel_error, std::abs((f.base + f.per * px) / py - 1));
  return f;
}

}  // namespace plegsim::fit
