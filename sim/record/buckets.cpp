#include "sim/record/buckets.h"

#include <algorithm>

namespace plegsim::record {

BucketHistogram::BucketHistogram(std::vector<double> le_seconds)
    : le_(std::move(le_seconds)), counts_(le_.size() + 1, 0) {}

void BucketHistogram::observe(double seconds) {
  // Prometheus buckets are inclusive upper bounds: v lands in the first le >= v.
  auto it = std::lower_bound(le_.begin(), le_.end(), seconds);
  ++counts_[static_cast<std::size_t>(it - le_.begin())];
  ++count_;
  sum_ += seconds;
}

std::uint64_t BucketHistogram::cumulative(std::size_t i) const {
  std::uint64_t n = 0;
  for (std::size_t k = 0; k <= i && k < counts_.size(); ++k) n += counts_[k];
  return n;
}

std::vector<double> default_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> exponential_buckets(double start, double factor, int count) {
  std::vector<double> out;
  double v = start;
  for (int i = 0; i < count; ++i, v *= factor) out.push_back(v);
  return out;
}

std::vector<double> decade_buckets() {
  return {0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
          0.5,    1,      2,      5,     10,    20,    50,   100,  200,  500, 1000};
}

std::vector<double> detection_buckets() {
  return {0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 120, 180, 300, 600};
}

}  // namespace plegsim::record
