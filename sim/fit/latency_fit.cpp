#include "sim/fit/latency_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "sim/fit/lognormal_fit.h"
#include "sim/fit/mixture_fit.h"

namespace plegsim::fit {
namespace {

// The Go client's default summary objectives (client_golang DefObjectives, which the
// kubelet's pre-1.14 summaries use): the reported q-quantile may be any sample whose
// rank is within epsilon of q.
double rank_epsilon(double q) {
  if (std::abs(q - 0.5) < 1e-9) return 0.05;
  if (std::abs(q - 0.9) < 1e-9) return 0.01;
  if (std::abs(q - 0.99) < 1e-9) return 0.001;
  return 0;
}

double normal_pdf(double z) {
  return std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Sum over the quantiles of (ln fitted - ln observed)^2 / se^2, where se is the
// standard error of an estimated log-quantile from n calls under the lognormal fit
// (sqrt(q(1-q)/n + eps^2/3) sigma / phi(z_q): the sampling error plus the summary's
// rank error, uniform on +-eps).
double chi_square(const LatencyFit& f, const LatencyFit& lognormal, double n) {
  double chi = 0;
  for (const auto& c : f.checks) {
    double z = normal_quantile(c.q), eps = rank_epsilon(c.q);
    double rank_sd = std::sqrt(c.q * (1 - c.q) / n + eps * eps / 3);
    double se = rank_sd * lognormal.sigma / normal_pdf(z);
    double d = std::log(c.fitted / c.observed) / se;
    chi += d * d;
  }
  return chi;
}

double histogram_log_likelihood(const Latency& l, const LatencyFit& f) {
  double total = 0, ll = 0;
  for (const Bin& b : histogram_bins(l, total)) {
    if (b.n <= 0) continue;
    ll += b.n * std::log(std::max(f.cdf(b.hi) - f.cdf(b.lo), 1e-300));
  }
  return ll;
}

}  // namespace

const char* family_name(Family f) {
  return f == Family::kMixture ? "mixture" : "lognormal";
}

double LatencyFit::cdf(double x) const {
  if (family == Family::kMixture)
    return mixture_cdf(x, median, sigma, tail_probability, tail_factor);
  return mixture_cdf(x, median, sigma, 0, 1);
}

double LatencyFit::quantile(double q) const {
  if (family == Family::kMixture)
    return mixture_quantile(q, median, sigma, tail_probability, tail_factor);
  return median * std::exp(sigma * normal_quantile(q));
}

double LatencyFit::mean() const {
  double body = median * std::exp(sigma * sigma / 2);
  if (family == Family::kMixture)
    return body * (1 - tail_probability + tail_probability * tail_factor);
  return body;
}

std::optional<LatencyFit> fit_latency(const Latency& l, const FitContext& ctx) {
  if (l.histogram) {
    auto ln = fit_histogram(l);
    if (!ln) return ln;
    auto mix = fit_mixture_histogram(l);
    if (!mix) {
      ln->choice = "lognormal (too few non-empty buckets for the mixture)";
      return ln;
    }
    // Akaike: 2k - 2 ln L, k = 2 (lognormal) or 4 (mixture: also p and F).
    double aic_ln = 4 - 2 * histogram_log_likelihood(l, *ln);
    double aic_mix = 8 - 2 * histogram_log_likelihood(l, *mix);
    std::string why = "AIC lognormal " + fmt("%.1f", aic_ln) + ", mixture " + fmt("%.1f", aic_mix);
    LatencyFit& chosen = aic_mix < aic_ln ? *mix : *ln;
    chosen.choice = std::string(family_name(chosen.family)) + " (" + why + ")";
    return chosen;
  }
  auto ln = fit_summary(l);
  if (!ln || !ln->sigma_known || ln->sigma < 1e-3) return ln;
  auto mix = fit_mixture_summary(l);
  double n = l.count.value_or(0) * std::clamp(ctx.window_share, 0.0, 1.0);
  if (!mix || n < 10) {
    ln->choice = mix ? "lognormal (too few calls to judge another family)"
                     : "lognormal (fewer than three quantiles: nothing to choose with)";
    return ln;
  }
  // Akaike on the quantiles' asymptotic likelihood: the mixture's two extra
  // parameters (p and F) must lower chi-square by more than 2 x 2.
  double chi_ln = chi_square(*ln, *ln, n), chi_mix = chi_square(*mix, *ln, n);
  std::string why = "chi-square lognormal " + fmt("%.1f", chi_ln) + ", mixture " +
                    fmt("%.1f", chi_mix) + " + 4, about " + fmt("%.0f", n) + " calls in the window";
  const std::string tail = mix->choice;
  LatencyFit& chosen = chi_mix + 4 < chi_ln ? *mix : *ln;
  chosen.choice = std::string(family_name(chosen.family)) + " (" + why + ")";
  if (chosen.family == Family::kMixture) chosen.choice += "; " + tail;
  return chosen;
}

}  // namespace plegsim::fit
