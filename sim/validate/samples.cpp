#include "sim/validate/samples.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace plegsim::validate {

void Samples::append(const Samples& other) {
  relist_ns.insert(relist_ns.end(), other.relist_ns.begin(), other.relist_ns.end());
  interval_ns.insert(interval_ns.end(), other.interval_ns.begin(), other.interval_ns.end());
  for (std::size_t k = 0; k < call_ns.size(); ++k)
    call_ns[k].insert(call_ns[k].end(), other.call_ns[k].begin(), other.call_ns[k].end());
}

void Samples::sort() {
  std::sort(relist_ns.begin(), relist_ns.end());
  std::sort(interval_ns.begin(), interval_ns.end());
  for (auto& v : call_ns) std::sort(v.begin(), v.end());
}

void SampleSink::on(const record::RelistStarted& o) {
  // The same relists SummarySink counts in its interval (started after warm-up).
  if (o.interval && o.start >= warmup_) samples_.interval_ns.push_back(o.interval->ns);
}

void SampleSink::on(const record::RelistFinished& o) {
  if (o.end < warmup_) return;
  samples_.relist_ns.push_back((o.end - o.start).ns);
}

void SampleSink::on(const record::CriCallFinished& o) {
  if (o.end < warmup_) return;
  samples_.call_ns[static_cast<std::size_t>(o.op)].push_back((o.end - o.start).ns);
}

double quantile_seconds(const std::vector<std::int64_t>& sorted, double q) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(q * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1e9;
}

double fraction_at_or_below(const std::vector<std::int64_t>& sorted, double le_seconds) {
  auto it = std::partition_point(sorted.begin(), sorted.end(), [&](std::int64_t ns) {
    return static_cast<double>(ns) / 1e9 <= le_seconds;
  });
  return static_cast<double>(it - sorted.begin()) / static_cast<double>(sorted.size());
}

double mean_seconds(const std::vector<std::int64_t>& samples) {
  long double sum = 0;
  for (std::int64_t ns : samples) sum += static_cast<long double>(ns);
  return static_cast<double>(sum / static_cast<long double>(samples.size())) / 1e9;
}

}  // namespace plegsim::validate
