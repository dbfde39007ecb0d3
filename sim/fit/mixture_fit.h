// The mixture family: a lognormal body (median m, sigma s) and, with probability p, the
// same lognormal times F >= 1 (plegsim's `mixture` noise with equal body and tail
// sigmas). Fitted to a summary by least squares on the log-quantiles (three quantiles
// fix m, s and F for a given p; p is the grid value whose mean is nearest the scrape's),
// to a histogram by maximum likelihood on the bucket counts.
#pragma once

#include <optional>

#include "sim/fit/latency_fit.h"

namespace plegsim::fit {

double mixture_cdf(double x, double median, double sigma, double p, double factor);
// The q-quantile, by bisection on ln x (relative precision 1e-12).
double mixture_quantile(double q, double median, double sigma, double p, double factor);

// None with fewer than three finite quantiles.
std::optional<LatencyFit> fit_mixture_summary(const Latency& l);
// None with no count or fewer than three non-empty buckets.
std::optional<LatencyFit> fit_mixture_histogram(const Latency& l);

// The grid of tail probabilities a summary's fit tries: the tail must shape the p99
// without moving the p90, so p lies between 1 - 0.99 and 1 - 0.9.
inline constexpr double kSummaryTailGrid[] = {0.011, 0.015, 0.02, 0.03, 0.05, 0.07, 0.099};
// With no `_sum`, the grid point used (an assumption; docs/fit.md gives its effect).
inline constexpr double kSummaryTailDefault = 0.02;

}  // namespace plegsim::fit
