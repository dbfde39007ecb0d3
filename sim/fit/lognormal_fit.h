// Lognormal latency fits: least squares on log-quantiles for a summary, maximum
// likelihood on bucket counts for a histogram, and the mean-only fallback.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/fit/kubelet_scrape.h"

namespace plegsim::fit {

struct QuantileCheck {
  double q = 0;         // the quantile (summary) or the bucket's le in seconds (histogram)
  double observed = 0;  // seconds (summary) or the cumulative fraction (histogram)
  double fitted = 0;
};

struct LognormalFit {
  double median = 0;  // seconds
  double sigma = 0;
  bool sigma_known = true;  // false: only a median or a mean was there
  std::string method;       // "log-quantile least squares", "bucket maximum likelihood", ...
  std::vector<QuantileCheck> checks;
  // Summaries: max |fitted / observed - 1| over the quantiles; histograms: the largest
  // absolute difference of the cumulative fractions (Kolmogorov-Smirnov on the bounds).
  double max_error = 0;
  double observations = 0;
};

// The standard normal quantile (Acklam's rational approximation, refined by one
// Newton step: |error| < 1e-12).
double normal_quantile(double p);
double normal_cdf(double x);

std::optional<LognormalFit> fit_summary(const Latency& l);
std::optional<LognormalFit> fit_histogram(const Latency& l);
// Either, by the form the scrape has.
std::optional<LognormalFit> fit_latency(const Latency& l);

// base + per * x by least squares over (x, y) points with at least two distinct x.
struct LinearFit {
  double base = 0;
  double per = 0;
  double max_rel_error = 0;
};
std::optional<LinearFit> fit_linear(const std::vector<std::pair<double, double>>& points);

}  // namespace plegsim::fit
