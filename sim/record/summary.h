// End-of-run scalars: the numbers `plegsim run` prints and --json emits. Every field is
// described, with the part of the run it covers, in the field table (summary_schema.h):
// statistics of the run's behaviour cover the measured window [warmup, end] only.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/operation.h"
#include "sim/record/detection.h"
#include "sim/record/histogram.h"
#include "sim/record/sink.h"

namespace plegsim::record {

struct Quantiles {
  std::uint64_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;  // seconds
};
Quantiles quantiles_seconds(const Histogram& h);

struct Summary {
  std::string scenario;
  std::uint64_t seed = 0;
  std::string kubelet_version;
  double simulated_seconds = 0;
  double warmup_seconds = 0;
  double wall_seconds = 0;
  std::uint64_t kernel_events = 0;

  std::uint64_t relists = 0;         // relists that finished after warm-up
  std::uint64_t relists_failed = 0;  // of which GetPods failed
  Quantiles relist_duration_seconds;
  Quantiles relist_interval_seconds;
  std::uint64_t pods_inspected = 0;
  std::uint64_t inspection_errors = 0;

  std::uint64_t pleg_unhealthy_transitions = 0;  // healthy -> unhealthy
  double pleg_unhealthy_seconds = 0;
  std::optional<double> first_unhealthy_at_seconds;  // first flip in the window
  std::uint64_t node_not_ready_transitions = 0;      // Ready -> NotReady
  double node_not_ready_seconds = 0;
  double node_not_ready_share = 0;                   // of the measured window
  std::optional<double> first_not_ready_at_seconds;  // first flip in the window
  // Fault time: the union of the `faults:` windows (SummarySink::set_fault_spans) in
  // the window; the NotReady share inside it and outside it (null when that time is 0
  // or the spans are unknown). share = (in * fault + out * (window - fault)) / window.
  double fault_seconds = 0;
  std::optional<double> node_not_ready_share_in_faults;
  std::optional<double> node_not_ready_share_outside_faults;
  // Seconds per cause (causes.h), keyed by the normalised message; a period with
  // several causes counts for each. Causes are those of the message at the transition.
  std::map<std::string, double> pleg_unhealthy_seconds_by_cause;
  std::map<std::string, double> node_not_ready_seconds_by_cause;

  // Detection latency of runtime changes made after warm-up (detection.h): `count` is
  // the number detected; undetected = superseded + dropped; pending = unresolved at end.
  Quantiles event_detection_seconds;
  std::uint64_t changes_tracked = 0;
  std::uint64_t changes_superseded = 0;
  std::uint64_t changes_dropped = 0;
  std::uint64_t changes_undetected = 0;
  std::uint64_t changes_pending_at_end = 0;

  std::uint64_t events_delivered = 0;
  std::uint64_t events_discarded = 0;
  std::array<std::uint64_t, models::kOpCount> cri_calls{};
  std::array<std::uint64_t, models::kOpCount> cri_errors{};

  // A relist still running at the end, for longer than the relist threshold.
  bool relist_blocked_at_end = false;
  double relist_in_progress_at_end_seconds = 0;
};

// Builds a Summary from observations.
class SummarySink final : public Sink {
 public:
  SummarySink(Time warmup, Duration relist_threshold)
      : warmup_(warmup), threshold_(relist_threshold) {}
  SummarySink(const SummarySink&) = delete;  // the detection callback holds `this`
  SummarySink& operator=(const SummarySink&) = delete;

  void on(const RelistStarted& o) override;
  void on(const RelistFinished& o) override;
  void on(const HealthChanged& o) override;
  void on(const NodeReadyChanged& o) override;
  void on(const CriCallFinished& o) override;
  void on(const CriCallAnswered& o) override;
  void on(const EventDelivered& o) override;
  void on(const EventDropped& o) override;
  void on(const ContainerChanged& o) override;
  void finish(Time end) override;

  // The run's fault time, as windows [from, until) that may overlap (call before the
  // run). Without it the in/outside-fault shares stay null.
  void set_fault_spans(std::vector<std::pair<Time, Time>> spans);

  // Valid after finish(); the caller fills in identity and wall-clock fields.
  const Summary& summary() const { return s_; }
  Summary& summary() { return s_; }

 private:
  // Seconds of [from, to) that fall after warm-up.
  double measured(Time from, Time to) const;
  void on_detection(const Detection& d);
  // NotReady from ready_since_ to `to` (measured part) into the totals.
  void add_not_ready(Time to);
  // Seconds of [from, to) inside the fault spans.
  double in_faults(Time from, Time to) const;

  Time warmup_;
  Duration threshold_;
  Summary s_;
  Histogram durations_;
  Histogram intervals_;
  std::optional<Time> open_relist_;
  // Health and readiness: state since `since`; unknown before the first observation.
  std::optional<bool> healthy_;
  Time healthy_since_{};
  std::optional<bool> ready_;
  Time ready_since_{};
  std::string health_message_;
  std::string ready_message_;
  DetectionTracker detection_{[this](const Detection& d) { on_detection(d); }};
  Histogram detection_latency_;
  std::optional<std::vector<std::pair<Time, Time>>> faults_;  // sorted, disjoint
  double not_ready_in_faults_ = 0;
};

// One JSON object; wall_seconds is the only field that varies between identical runs.
std::string to_json(const Summary& s);
// A human-readable summary for the terminal.
std::string to_text(const Summary& s);

}  // namespace plegsim::record

namespace plegsim::record {
// A numeric summary field (summary_schema.h) by its name or an old alias (booleans as
// 0/1; an absent optional as nullopt); nullopt for an unknown name too, so check
// known_summary_field first.
std::optional<double> summary_field(const Summary& s, const std::string& name);
bool known_summary_field(const std::string& name);
// The numeric fields' names, in the table's order (what `expect:` entries and sweep
// columns may name).
std::vector<std::string> summary_field_names();
}  // namespace plegsim::record
