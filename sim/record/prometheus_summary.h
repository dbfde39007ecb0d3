// A duration Summary as the pre-1.17 kubelet registered it with the Go client's
// defaults: quantiles 0.5, 0.9, 0.99 over a sliding window (MaxAge 10 min kept in 5 age
// buckets, so a scrape sees the last 8-10 minutes), _sum and _count over all time.
// Values are whole microseconds, as the kubelet's SinceInMicroseconds truncated them.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/record/histogram.h"
#include "sim/record/sink.h"

namespace plegsim::record::prom {

class MicrosecondSummary {
 public:
  static constexpr int kAgeBuckets = 5;
  static constexpr Duration kMaxAge = Duration::minutes(10);

  explicit MicrosecondSummary(Time start = Time{}) : head_expires_(start + stream_duration()) {}

  void observe(Time now, Duration d);
  // (quantile, value in us) as a scrape at `now` (>= the last observation) sees them;
  // NaN values when the window holds no observation.
  std::vector<std::pair<double, double>> quantiles(Time now) const;
  double sum_us() const { return static_cast<double>(sum_us_); }
  std::uint64_t count() const { return count_; }

 private:
  static constexpr Duration stream_duration() { return Duration{kMaxAge.ns / kAgeBuckets}; }
  // Ages the window to `now`.
  void advance(Time now);

  std::array<Histogram, kAgeBuckets> streams_;
  int head_ = 0;
  Time head_expires_;
  std::int64_t sum_us_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace plegsim::record::prom
