#include "sim/record/prometheus_summary.h"

#include <limits>

namespace plegsim::record::prom {

void MicrosecondSummary::advance(Time now) {
  // Each expired age bucket is emptied and becomes the newest; the head is the oldest,
  // so it holds everything observed since it was last emptied.
  while (now >= head_expires_) {
    streams_[static_cast<std::size_t>(head_)] = Histogram{};
    head_ = (head_ + 1) % kAgeBuckets;
    head_expires_ = head_expires_ + stream_duration();
  }
}

void MicrosecondSummary::observe(Time now, Duration d) {
  advance(now);
  std::int64_t us = d.ns / 1000;
  for (auto& s : streams_) s.add(us);
  sum_us_ += us;
  ++count_;
}

std::vector<std::pair<double, double>> MicrosecondSummary::quantiles(Time now) const {
  // The head after the rotations advance(now) would make; k >= kAgeBuckets empties all.
  std::int64_t k = now >= head_expires_ ? (now - head_expires_).ns / stream_duration().ns + 1 : 0;
  static const Histogram kEmpty;
  const Histogram& h =
      k >= kAgeBuckets ? kEmpty : streams_[static_cast<std::size_t>((head_ + k) % kAgeBuckets)];
  std::vector<std::pair<double, double>> out;
  for (double q : {0.5, 0.9, 0.99}) {
    double v =
        h.count() ? static_cast<double>(h.quantile(q)) : std::numeric_limits<double>::quiet_NaN();
    out.emplace_back(q, v);
  }
  return out;
}

}  // namespace plegsim::record::prom
