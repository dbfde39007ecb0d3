#include "sim/record/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace plegsim::record {

// Values below 2^kSubBits get one bucket each; above, each octave [2^e, 2^(e+1)) is
// split into 2^(kSubBits-1) equal sub-buckets (index_of, in the header).
std::uint64_t Histogram::lower_of(std::size_t i) {
  constexpr std::uint64_t kLinear = 1ULL << kSubBits;
  if (i < kLinear) return i;
  std::uint64_t k = i - kLinear;
  std::uint64_t per = 1ULL << (kSubBits - 1);
  int e = static_cast<int>(k / per) + kSubBits;
  std::uint64_t sub = k % per;
  int shift = e - (kSubBits - 1);
  return (per + sub) << shift;
}

std::uint64_t Histogram::upper_of(std::size_t i) {
  return lower_of(i + 1) - 1;
}

void Histogram::grow(std::size_t i) {
  buckets_.resize(i + 1, 0);
}

std::int64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      auto mid = static_cast<std::int64_t>(lower_of(i) + (upper_of(i) - lower_of(i)) / 2);
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

void Histogram::merge(const Histogram& o) {
  if (o.count_ == 0) return;
  if (o.buckets_.size() > buckets_.size()) buckets_.resize(o.buckets_.size(), 0);
  for (std::size_t i = 0; i < o.buckets_.size(); ++i) buckets_[i] += o.buckets_[i];
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  sum_ += o.sum_;
}

}  // namespace plegsim::record
