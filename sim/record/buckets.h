// A fixed-bucket histogram of seconds, as Prometheus histograms count: upper bounds
// `le_seconds` (ascending, +Inf implied), observation count and sum.
#pragma once

#include <cstdint>
#include <vector>

namespace plegsim::record {

class BucketHistogram {
 public:
  explicit BucketHistogram(std::vector<double> le_seconds);

  void observe(double seconds);
  const std::vector<double>& le_seconds() const { return le_; }
  // Non-cumulative counts: [i] = observations in (le[i-1], le[i]]; the last entry,
  // index le_seconds().size(), counts those above every bound (+Inf).
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  // Cumulative count of observations <= le_seconds()[i] (i == size(): all).
  std::uint64_t cumulative(std::size_t i) const;
  std::uint64_t count() const { return count_; }
  double sum_seconds() const { return sum_; }

 private:
  std::vector<double> le_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

// Prometheus DefBuckets: 0.005 ... 10 s.
std::vector<double> default_buckets();
// Prometheus ExponentialBuckets(start, factor, count).
std::vector<double> exponential_buckets(double start, double factor, int count);
// 1-2-5 steps from 100 us to 1000 s: the HDF5 file's bucket bounds.
std::vector<double> decade_buckets();
// plegsim_event_detection_seconds: from a fraction of a relist period to the minutes a
// blocked PLEG takes.
std::vector<double> detection_buckets();

}  // namespace plegsim::record
