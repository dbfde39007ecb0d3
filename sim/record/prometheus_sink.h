// The kubelet's own metrics for `plegsim run --metrics run.prom`: a Prometheus text
// scrape taken at the end of the run, with the metric names, types, units and buckets
// of the simulated release (pleg-spec §5; the per-release table is in docs/output.md),
// plus plegsim_event_detection_seconds. Everything is observed when the kubelet
// observes it: a relist stuck in a call adds no duration sample until it returns.
// HELP lines are the release's own (kubelet_metric_help.h: "[ALPHA] " from 1.16).
// Counts cover the whole run (a kubelet started at t = 0), not only after warm-up.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "models/operation.h"
#include "sim/record/buckets.h"
#include "sim/record/detection.h"
#include "sim/record/prometheus_summary.h"
#include "sim/record/prometheus_text.h"
#include "sim/record/sink.h"

namespace plegsim::record {

// Unix time of simulated t = 0 (2026-01-01T00:00:00Z), for kubelet_pleg_last_seen_seconds.
inline constexpr std::int64_t kSimulatedEpochUnixSeconds = 1767225600;

class PrometheusSink final : public Sink {
 public:
  // `kubelet_minor`: the simulated release 1.N (kubelet::Profile::minor).
  explicit PrometheusSink(int kubelet_minor);
  PrometheusSink(const PrometheusSink&) = delete;  // the detection callback holds `this`
  PrometheusSink& operator=(const PrometheusSink&) = delete;

  void on(const RelistStarted& o) override;
  void on(const RelistFinished& o) override;
  void on(const CriCallFinished& o) override;
  void on(const CriCallAnswered& o) override;
  void on(const EventDelivered& o) override;
  void on(const EventDropped& o) override;
  void on(const ContainerChanged& o) override;
  void on(const EventedConnection& o) override;
  void on(const EventedEventReceived& o) override;
  void on(const RunningPodCountChanged& o) override;
  // The scrape time.
  void finish(Time end) override;

  // The exposition as a scrape sees it at the last observation (after finish(): at the
  // end); only the summaries' sliding windows depend on the scrape time.
  std::string text() const;

 private:
  struct Op {
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    BucketHistogram seconds{default_buckets()};
    prom::MicrosecondSummary micros;
  };
  void on_detection(const Detection& d);
  // Starts a kubelet family with the release's HELP text (kubelet_metric_help).
  void family(prom::Exposition& x, const std::string& name, const std::string& type) const;
  void write_pleg(prom::Exposition& x) const;
  void write_runtime(prom::Exposition& x) const;
  void write_running(prom::Exposition& x) const;

  int minor_;
  Time now_{};  // the scrape time
  BucketHistogram relist_duration_{default_buckets()};
  BucketHistogram relist_interval_{default_buckets()};
  prom::MicrosecondSummary relist_latency_us_;
  prom::MicrosecondSummary relist_interval_us_;
  std::uint64_t discarded_ = 0;
  std::optional<Time> last_seen_;  // start of the last relist whose GetPods succeeded
  std::array<Op, models::kOpCount> ops_;
  // Running gauges from the last successful relist; container states ever set.
  std::int64_t running_pods_ = 0;
  std::array<std::int64_t, 4> containers_by_state_{};
  std::array<bool, 4> state_seen_{};
  DetectionTracker tracker_{[this](const Detection& d) { on_detection(d); }};
  BucketHistogram detection_{detection_buckets()};
  std::uint64_t superseded_ = 0;
  std::uint64_t dropped_changes_ = 0;
  // Evented PLEG (1.26+): stream connections and per-event latency.
  std::uint64_t evented_conn_ok_ = 0;
  std::uint64_t evented_conn_err_ = 0;
  BucketHistogram evented_latency_{default_buckets()};
};

// Writes `text` to `path` via a temporary name and a rename (OutputError on failure).
void write_metrics_file(const std::string& path, const std::string& text);

}  // namespace plegsim::record
