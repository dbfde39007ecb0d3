// A log-linear histogram of non-negative durations (HdrHistogram-like): 128 linear
// sub-buckets per power of two, so quantiles are within 0.8% of the true value, with
// exact count, sum, min and max. Memory is bounded by the value range, not the count.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace plegsim::record {

class Histogram {
 public:
  // Inline: the summary adds two values per relist.
  void add(std::int64_t v) {
    if (v < 0) v = 0;
    std::size_t i = index_of(static_cast<std::uint64_t>(v));
    if (i >= buckets_.size()) [[unlikely]]
      grow(i);
    ++buckets_[i];
    min_ = v < min_ ? v : min_;
    max_ = v > max_ ? v : max_;
    ++count_;
    sum_ += v;
  }
  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  double mean() const {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0;
  }
  // The q-quantile (0..1) by nearest rank, clamped to [min, max]; 0 when empty.
  std::int64_t quantile(double q) const;
  void merge(const Histogram& o);

 private:
  static constexpr int kSubBits = 7;
  static std::size_t index_of(std::uint64_t v) {
    constexpr std::uint64_t kLinear = 1ULL << kSubBits;
    if (v < kLinear) return static_cast<std::size_t>(v);
    int e = 63 - std::countl_zero(v);  // e >= kSubBits
    int shift = e - (kSubBits - 1);
    std::uint64_t sub = (v >> shift) - (1ULL << (kSubBits - 1));
    return static_cast<std::size_t>(
        kLinear + static_cast<std::uint64_t>(e - kSubBits) * (1ULL << (kSubBits - 1)) + sub);
  }
  // Makes bucket i exist (out of line: rare).
  void grow(std::size_t i);
  static std::uint64_t lower_of(std::size_t i);
  static std::uint64_t upper_of(std::size_t i);

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  __int128 sum_ = 0;
  // Sentinels while empty, so add() needs no first-value test; min()/max() report 0.
  std::int64_t min_ = INT64_MAX;
  std::int64_t max_ = INT64_MIN;
};

}  // namespace plegsim::record
