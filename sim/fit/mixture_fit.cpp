#include "sim/fit/mixture_fit.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/fit/lognormal_fit.h"
#include "sim/fit/nelder_mead.h"

namespace plegsim::fit {
namespace {

// Parameters as the minimiser sees them: mu = ln m, ln s, and F = 1 + e^t.
double factor_of(double t) {
  return 1 + std::exp(std::min(t, 30.0));
}

// The tail probability from an unbounded u: p in (1e-5, 0.5).
double probability_of(double u) {
  return 1e-5 + (0.5 - 1e-5) / (1 + std::exp(-std::clamp(u, -60.0, 60.0)));
}

double logit_of(double p) {
  double y = (p - 1e-5) / (0.5 - 1e-5);
  return std::log(y / (1 - y));
}

void add_summary_checks(const Latency& l, LatencyFit& f) {
  f.checks.clear();
  f.max_error = 0;
  for (auto [q, v] : l.quantiles) {
    if (!(v > 0) || !std::isfinite(v)) continue;
    double fitted = f.quantile(q);
    f.checks.push_back({q, v, fitted});
    f.max_error = std::max(f.max_error, std::abs(fitted / v - 1));
  }
}

}  // namespace

double mixture_cdf(double x, double median, double sigma, double p, double factor) {
  if (x <= 0) return 0;
  if (std::isinf(x)) return 1;
  double z = std::log(x / median);
  if (sigma <= 0) return (1 - p) * (z >= 0) + p * (z >= std::log(factor));
  return (1 - p) * normal_cdf(z / sigma) + p * normal_cdf((z - std::log(factor)) / sigma);
}

double mixture_quantile(double q, double median, double sigma, double p, double factor) {
  double lo = std::log(median) - 40 * sigma - 1, hi = std::log(median * factor) + 40 * sigma + 1;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    double mid = (lo + hi) / 2;
    (mixture_cdf(std::exp(mid), median, sigma, p, factor) < q ? lo : hi) = mid;
  }
  return std::exp((lo + hi) / 2);
}

std::optional<LatencyFit> fit_mixture_summary(const Latency& l) {
  std::vector<std::pair<double, double>> pts;  // (q, ln v)
  for (auto [q, v] : l.quantiles)
    if (q > 0 && q < 1 && v > 0 && std::isfinite(v)) pts.emplace_back(q, std::log(v));
  if (pts.size() < 3) return std::nullopt;
  auto lognormal = fit_summary(l);
  if (!lognormal) return std::nullopt;
  const double mean = (l.sum_seconds && l.count && *l.count > 0) ? *l.sum_seconds / *l.count : 0;

  struct Candidate {
    LatencyFit fit;
    double sse = 0;
  };
  std::vector<Candidate> cands;
  for (double p : kSummaryTailGrid) {
    auto sse = [&](const std::array<double, 3>& x) {
      double s = std::exp(x[1]), F = factor_of(x[2]), m = std::exp(x[0]), e = 0;
      for (auto [q, lv] : pts) {
        double d = std::log(mixture_quantile(q, m, s, p, F)) - lv;
        e += d * d;
      }
      return e;
    };
    double s0 = std::max(lognormal->sigma * 0.7, 0.01);
    double f0 = std::max(std::exp(pts.back().second - pts.front().second), 1.5);
    auto best =
        nelder_mead<3>(sse, {pts.front().second, std::log(s0), std::log(f0 - 1)}, {0.1, 0.3, 0.5});
    LatencyFit f;
    f.family = Family::kMixture;
    f.median = std::exp(best.x[0]);
    f.sigma = std::exp(best.x[1]);
    f.tail_probability = p;
    f.tail_factor = factor_of(best.x[2]);
    f.observations = l.count.value_or(0);
    cands.push_back({f, best.value});
  }
  // Exact fits (every quantile within 0.5 %) are equally good on the quantiles; the
  // mean then picks p. Otherwise the smallest squared error.
  const double exact = 3 * 0.005 * 0.005;
  const Candidate* pick = nullptr;
  for (const auto& c : cands) {
    if (c.sse > exact) continue;
    if (!pick) {
      pick = &c;
    } else if (mean > 0) {
      if (std::abs(std::log(c.fit.mean() / mean)) < std::abs(std::log(pick->fit.mean() / mean)))
        pick = &c;
    } else if (c.fit.tail_probability == kSummaryTailDefault) {
      pick = &c;
    }
  }
  std::string how;
  if (pick && mean > 0)
    how = "p the grid value whose mean is nearest _sum/_count";
  else if (pick)
    how = "no _sum: p the default";
  if (!pick) {
    for (const auto& c : cands)
      if (!pick || c.sse < pick->sse) pick = &c;
    how = "no exact fit: p of the smallest squared error";
  }
  LatencyFit f = pick->fit;
  f.method = "log-quantile least squares";
  f.choice = how;
  add_summary_checks(l, f);
  return f;
}

std::optional<LatencyFit> fit_mixture_histogram(const Latency& l) {
  double total = 0;
  std::vector<Bin> bins = histogram_bins(l, total);
  int nonempty = 0;
  for (const Bin& b : bins) nonempty += b.n > 0;
  if (total <= 0 || nonempty < 3) return std::nullopt;
  auto lognormal = fit_histogram(l);
  if (!lognormal) return std::nullopt;
  auto nll = [&](const std::array<double, 4>& x) {
    double m = std::exp(x[0]), s = std::exp(std::clamp(x[1], -12.0, 3.0));
    double p = probability_of(x[2]), F = factor_of(x[3]), ll = 0;
    for (const Bin& b : bins) {
      if (b.n <= 0) continue;
      double pr = mixture_cdf(b.hi, m, s, p, F) - mixture_cdf(b.lo, m, s, p, F);
      ll += b.n * std::log(std::max(pr, 1e-300));
    }
    return -ll;
  };
  const double mu = std::log(lognormal->median), ls = std::log(std::max(lognormal->sigma, 1e-3));
  Minimum<4> best{};
  bool have = false;
  for (auto [p0, f0] : {std::pair{0.01, 4.0}, {0.05, 2.0}, {0.002, 20.0}}) {
    auto m = nelder_mead<4>(nll, {mu, ls - 0.2, logit_of(p0), std::log(f0 - 1)},
                            {0.2, 0.3, 1.0, 0.7}, 4000);
    if (!have || m.value < best.value) best = m;
    have = true;
  }
  LatencyFit f;
  f.family = Family::kMixture;
  f.median = std::exp(best.x[0]);
  f.sigma = std::exp(std::clamp(best.x[1], -12.0, 3.0));
  f.tail_probability = probability_of(best.x[2]);
  f.tail_factor = factor_of(best.x[3]);
  f.method = "bucket maximum likelihood";
  f.observations = total;
  for (auto [le, c] : l.buckets) {
    if (!std::isfinite(le)) continue;
    double obs = c / total, fit = f.cdf(le);
    f.checks.push_back({le, obs, fit});
    f.max_error = std::max(f.max_error, std::abs(obs - fit));
  }
  return f;
}

}  // namespace plegsim::fit
