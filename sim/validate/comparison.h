// Observed (a kubelet's /metrics scrape) against simulated (Samples): the rows of
// `plegsim validate`'s table and of its JSON, one list for both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/fit/kubelet_scrape.h"
#include "sim/validate/samples.h"

namespace plegsim::validate {

// What a row compares.
enum class Statistic {
  kQuantile,  // a summary's quantile `at` (seconds)
  kBucket,    // a histogram's cumulative fraction at the bound le = `at` (seconds)
  kMean,      // _sum / _count (seconds)
  kPerRelist  // calls of the operation per relist
};

struct Row {
  std::string metric;     // relist_duration, relist_interval, operation_latency, calls_per_relist
  std::string operation;  // the operation_type label; empty for the relist's own metrics
  Statistic statistic = Statistic::kMean;
  double at = 0;  // the quantile (kQuantile) or the bound in seconds (kBucket)
  double observed = 0;
  std::optional<double> simulated;  // none: no simulated sample (the scenario never calls it)

  // simulated / observed - 1, except for kBucket: simulated - observed (an absolute
  // difference of cumulative fractions); none without a simulated value or with an
  // observed 0 for a ratio.
  std::optional<double> error() const;
  bool absolute_error() const { return statistic == Statistic::kBucket; }
  // "s", "fraction" or "calls"
  const char* unit() const;
  // "p50", "le=0.1", "mean", "per relist"
  std::string label() const;
};

struct Comparison {
  std::vector<Row> rows;  // grouped: relist duration, interval, operations, calls per relist
  std::vector<std::string> not_simulated;  // scrape operations plegsim has no model of
  bool observed_summary = false;           // some observed quantile came from a summary
  bool observed_difference = false;        // two scrapes' difference (fit::scrape_difference)
  std::uint64_t observed_relists = 0;      // the relist duration's _count, 0 when absent
  std::uint64_t simulated_relists = 0;
};

// Compares; `sorted` must be Samples::sort()ed. Observed quantiles with NaN values are
// already gone (fit::extract); histograms give one row per finite bound.
Comparison compare(const fit::KubeletScrape& observed, const Samples& sorted);

// The operation plegsim simulates under the metric label `operation_type`, if any.
std::optional<models::Op> op_from_metric_name(const std::string& operation_type);

}  // namespace plegsim::validate
