// A log-linear histogram of non-negative durations (HdrHistogram-like): 128 linear
// sub-buckets per power of two, so quantiles are within 0.8% of the true value, with
// exact count, sum, min and max. Memory is bounded by the value range, not the count.
#pragma once

#include <cstdint>
#include <vector>

namespace plegsim::record {

class Histogram {
 public:
  void add(std::int64_t v);
  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return min_; }
  std::int64_t max() const { return max_; }
  double mean() const {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0;
  }
  // The q-quantile (0..1) by nearest rank, clamped to [min, max]; 0 when empty.
  std::int64_t quantile(double q) const;
  void merge(const Histogram& o);

 private:
  static constexpr int kSubBits = 7;
  static std::size_t index_of(std::uint64_t v);
  static std::uint64_t lower_of(std::size_t i);
  static std::uint64_t upper_of(std::size_t i);

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  __int128 sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace plegsim::record
