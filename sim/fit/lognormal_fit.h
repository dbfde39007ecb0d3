// Lognormal latency fits: least squares on log-quantiles for a summary, maximum
// likelihood on bucket counts for a histogram, and the mean-only fallback.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/stats.h"
#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/latency_fit.h"

namespace plegsim::fit {

// The standard normal CDF and quantile (sim/core/stats.h).
using core::normal_cdf;
using core::normal_quantile;

// A histogram's non-cumulative counts per (lo, hi], and their total.
struct Bin {
  double lo = 0, hi = 0, n = 0;
};
std::vector<Bin> histogram_bins(const Latency& l, double& total);

// The lognormal family alone (fit_latency() in latency_fit.h chooses the family).
std::optional<LatencyFit> fit_summary(const Latency& l);
std::optional<LatencyFit> fit_histogram(const Latency& l);

// base + per * x by least squares over (x, y) points with at least two distinct x.
struct LinearFit {
  double base = 0;
  double per = 0;
  double max_rel_error = 0;
};
std::optional<LinearFit> fit_linear(const std::vector<std::pair<double, double>>& points);

}  // namespace plegsim::fit
