// The simulated side of `plegsim validate`: every relist duration, relist interval and
// CRI call latency observed after the scenario's warm-up, kept exactly (int64
// nanoseconds, 8 bytes a sample: a node-day at one relist a second and a few calls per
// relist is a few MB). Exact samples, not binned histograms: the summary's log-linear
// bins are ~0.8 % wide, and the relist interval must be compared within 0.5 %.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/operation.h"
#include "sim/record/sink.h"

namespace plegsim::validate {

struct Samples {
  // Every relist that finished after warm-up, failed ones too (the kubelet observes its
  // relist duration in a defer, whatever GetPods returned).
  std::vector<std::int64_t> relist_ns;
  // The interval the kubelet observes as a relist starts, for relists started after
  // warm-up (none before the first successful relist).
  std::vector<std::int64_t> interval_ns;
  // Every CRI call that returned after warm-up, whoever made it (the PLEG, background
  // callers, pod workers), by models::Op.
  std::array<std::vector<std::int64_t>, models::kOpCount> call_ns;

  // Appends `other`'s samples (replications pooled in seed order).
  void append(const Samples& other);
  // Sorts every series ascending (quantiles and cumulative fractions read them so).
  void sort();
};

// A sink keeping Samples; add it to a run::Simulation before run().
class SampleSink final : public record::Sink {
 public:
  explicit SampleSink(core::Time warmup) : warmup_(warmup) {}

  void on(const record::RelistStarted& o) override;
  void on(const record::RelistFinished& o) override;
  void on(const record::CriCallFinished& o) override;

  const Samples& samples() const { return samples_; }
  Samples take() { return std::move(samples_); }

 private:
  core::Time warmup_;
  Samples samples_;
};

// The nearest-rank q-quantile of ascending `sorted` (the smallest sample with at least
// q of the samples at or below it), in seconds; requires !sorted.empty(), 0 < q <= 1.
double quantile_seconds(const std::vector<std::int64_t>& sorted, double q);
// The fraction of ascending `sorted` at or below `le_seconds`, compared as the
// kubelet's histogram compares (the sample in seconds <= le).
double fraction_at_or_below(const std::vector<std::int64_t>& sorted, double le_seconds);
// The mean in seconds; requires !samples.empty().
double mean_seconds(const std::vector<std::int64_t>& samples);

}  // namespace plegsim::validate
