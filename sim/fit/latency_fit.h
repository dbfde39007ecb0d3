// One operation's fitted latency distribution, whatever its family, and the choice of
// family. plegsim's call time is median x noise with a median-1 noise; the fit gives the
// median and the noise:
// - lognormal: noise exp(sigma N(0,1));
// - mixture: a lognormal body, and with probability tail_probability a draw of the same
//   lognormal times tail_factor (plegsim's `mixture` noise with equal body and tail
//   sigmas): slow calls from another mechanism than the body's spread.
// fit_latency() fits both and keeps the lognormal unless the mixture's better fit is
// worth its two extra parameters by Akaike's criterion (docs/fit.md, "Families").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/fit/kubelet_scrape.h"

namespace plegsim::fit {

enum class Family { kLognormal, kMixture };
const char* family_name(Family f);

struct QuantileCheck {
  double q = 0;         // the quantile (summary) or the bucket's le in seconds (histogram)
  double observed = 0;  // seconds (summary) or the cumulative fraction (histogram)
  double fitted = 0;
};

struct LatencyFit {
  Family family = Family::kLognormal;
  double median = 0;  // seconds: the body's median
  double sigma = 0;
  double tail_probability = 0;  // mixture only
  double tail_factor = 1;       // mixture only
  bool sigma_known = true;      // false: only a median or a mean was there
  std::string method;           // "log-quantile least squares", "bucket maximum likelihood", ...
  std::string choice;           // why this family, with each candidate's criterion
  std::vector<QuantileCheck> checks;
  // Summaries: max |fitted / observed - 1| over the quantiles; histograms: the largest
  // absolute difference of the cumulative fractions (Kolmogorov-Smirnov on the bounds).
  double max_error = 0;
  double observations = 0;

  // The fitted distribution's quantile and CDF (seconds).
  double quantile(double q) const;
  double cdf(double seconds) const;
  double mean() const;
};

// What a summary's quantiles rest on: the share of `_count` inside the summary's
// sliding window (the Go client's 10 minutes over the kubelet's uptime; 1 when unknown).
struct FitContext {
  double window_share = 1;
};

// The family chosen by the criterion, fitted to a summary or a histogram.
std::optional<LatencyFit> fit_latency(const Latency& l, const FitContext& ctx = {});

}  // namespace plegsim::fit
