#include "sim/record/summary.h"

#include <algorithm>

#include "sim/record/causes.h"

namespace plegsim::record {

Quantiles quantiles_seconds(const Histogram& h) {
  Quantiles q;
  q.count = h.count();
  if (q.count == 0) return q;
  q.p50 = static_cast<double>(h.quantile(0.5)) / 1e9;
  q.p90 = static_cast<double>(h.quantile(0.9)) / 1e9;
  q.p99 = static_cast<double>(h.quantile(0.99)) / 1e9;
  q.max = static_cast<double>(h.max()) / 1e9;
  q.mean = h.mean() / 1e9;
  return q;
}

namespace {
void add_per_cause(std::map<std::string, double>& by_cause, const std::string& message,
                   double seconds) {
  if (seconds <= 0) return;
  for (const auto& c : causes_of(message)) by_cause[c] += seconds;
}
}  // namespace

double SummarySink::measured(Time from, Time to) const {
  Time a = std::max(from, warmup_);
  return to > a ? (to - a).seconds_f() : 0.0;
}

void SummarySink::set_fault_spans(std::vector<std::pair<Time, Time>> spans) {
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<Time, Time>> merged;
  for (const auto& [from, until] : spans) {
    if (!(until > from)) continue;
    if (!merged.empty() && from <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, until);
    } else {
      merged.emplace_back(from, until);
    }
  }
  faults_ = std::move(merged);
}

double SummarySink::in_faults(Time from, Time to) const {
  from = std::max(from, warmup_);
  if (!faults_ || !(to > from)) return 0.0;
  // The first span that ends after `from`.
  auto it = std::upper_bound(faults_->begin(), faults_->end(), from,
                             [](Time t, const auto& span) { return t < span.second; });
  double secs = 0;
  for (; it != faults_->end() && it->first < to; ++it) {
    Time a = std::max(from, it->first);
    Time b = std::min(to, it->second);
    if (b > a) secs += (b - a).seconds_f();
  }
  return secs;
}

void SummarySink::add_not_ready(Time to) {
  if (!ready_ || *ready_) return;
  double secs = measured(ready_since_, to);
  s_.node_not_ready_seconds += secs;
  add_per_cause(s_.node_not_ready_seconds_by_cause, ready_message_, secs);
  not_ready_in_faults_ += in_faults(ready_since_, to);
}

void SummarySink::on(const RelistStarted& o) {
  open_relist_ = o.start;
  if (o.interval && o.start >= warmup_) intervals_.add(o.interval->ns);
}

void SummarySink::on(const RelistFinished& o) {
  open_relist_.reset();
  if (o.end < warmup_) return;
  ++s_.relists;
  if (!o.ok) ++s_.relists_failed;
  durations_.add((o.end - o.start).ns);
  s_.pods_inspected += static_cast<std::uint64_t>(o.pods_inspected);
  s_.inspection_errors += static_cast<std::uint64_t>(o.inspection_errors);
}

void SummarySink::on(const HealthChanged& o) {
  if (healthy_ && !*healthy_) {
    double secs = measured(healthy_since_, o.at);
    s_.pleg_unhealthy_seconds += secs;
    add_per_cause(s_.pleg_unhealthy_seconds_by_cause, health_message_, secs);
  }
  if (healthy_ && *healthy_ && !o.healthy && !o.startup) {
    // Like every statistic, the first flip is the first in the measured window.
    if (o.at >= warmup_) {
      ++s_.pleg_unhealthy_transitions;
      if (!s_.first_unhealthy_at_seconds) s_.first_unhealthy_at_seconds = o.at.seconds_f();
    }
  }
  healthy_ = o.healthy;
  healthy_since_ = o.at;
  health_message_ = o.message;
}

void SummarySink::on(const NodeReadyChanged& o) {
  add_not_ready(o.at);
  if (ready_ && *ready_ && !o.ready && !o.startup) {
    // Like every statistic, the first flip is the first in the measured window.
    if (o.at >= warmup_) {
      ++s_.node_not_ready_transitions;
      if (!s_.first_not_ready_at_seconds) s_.first_not_ready_at_seconds = o.at.seconds_f();
    }
  }
  ready_ = o.ready;
  ready_since_ = o.at;
  ready_message_ = o.message;
}

void SummarySink::on(const CriCallFinished& o) {
  if (o.end < warmup_) return;
  ++s_.cri_calls[static_cast<std::size_t>(o.op)];
  if (o.code != 0) ++s_.cri_errors[static_cast<std::size_t>(o.op)];
}

void SummarySink::on(const CriCallAnswered& o) {
  if (o.end < warmup_) return;
  ++s_.cri_errors[static_cast<std::size_t>(o.op)];  // the call was counted as OK
}

void SummarySink::on(const EventDelivered& o) {
  if (o.at >= warmup_) ++s_.events_delivered;
  detection_.on(o);
}

void SummarySink::on(const EventDropped& o) {
  if (o.at >= warmup_) ++s_.events_discarded;
  detection_.on(o);
}

void SummarySink::on(const ContainerChanged& o) {
  detection_.on(o);
}

void SummarySink::on_detection(const Detection& d) {
  if (d.change.at < warmup_) return;
  ++s_.changes_tracked;
  switch (d.outcome) {
    case DetectionOutcome::kDetected:
      detection_latency_.add(d.latency().ns);
      break;
    case DetectionOutcome::kSuperseded:
      ++s_.changes_superseded;
      break;
    case DetectionOutcome::kDropped:
      ++s_.changes_dropped;
      break;
    case DetectionOutcome::kPending:
      ++s_.changes_pending_at_end;
      break;
  }
}

void SummarySink::finish(Time end) {
  if (healthy_ && !*healthy_) {
    double secs = measured(healthy_since_, end);
    s_.pleg_unhealthy_seconds += secs;
    add_per_cause(s_.pleg_unhealthy_seconds_by_cause, health_message_, secs);
  }
  add_not_ready(end);
  detection_.finish(end);
  s_.event_detection_seconds = quantiles_seconds(detection_latency_);
  s_.changes_undetected = s_.changes_superseded + s_.changes_dropped;
  double window = measured(Time{0}, end);
  s_.node_not_ready_share = window > 0 ? s_.node_not_ready_seconds / window : 0.0;
  if (faults_) {
    s_.fault_seconds = in_faults(warmup_, end);
    double outside = window - s_.fault_seconds;
    if (s_.fault_seconds > 0) {
      s_.node_not_ready_share_in_faults = not_ready_in_faults_ / s_.fault_seconds;
    }
    if (outside > 0) {
      s_.node_not_ready_share_outside_faults =
          (s_.node_not_ready_seconds - not_ready_in_faults_) / outside;
    }
  }
  s_.simulated_seconds = end.seconds_f();
  s_.warmup_seconds = warmup_.seconds_f();
  s_.relist_duration_seconds = quantiles_seconds(durations_);
  s_.relist_interval_seconds = quantiles_seconds(intervals_);
  if (open_relist_) {
    Duration running = end - *open_relist_;
    s_.relist_in_progress_at_end_seconds = running.seconds_f();
    s_.relist_blocked_at_end = running > threshold_;
  }
}

}  // namespace plegsim::record
