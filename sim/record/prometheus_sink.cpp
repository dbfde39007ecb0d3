#include "sim/record/prometheus_sink.h"

#include "sim/record/atomic_file.h"
#include "sim/record/kubelet_metric_help.h"

namespace plegsim::record {

using prom::Exposition;
using prom::Labels;

namespace {
// kubecontainer.ContainerState strings, by cri::ContainerState.
constexpr std::array<const char*, 4> kStateNames = {"created", "running", "exited", "unknown"};
}  // namespace

PrometheusSink::PrometheusSink(int kubelet_minor) : minor_(kubelet_minor) {
  // PR #96054: runtime-operation buckets widened to cover the 2 min timeout from 1.21.
  auto buckets = minor_ >= 21 ? exponential_buckets(0.005, 2.5, 14) : default_buckets();
  for (auto& op : ops_) op.seconds = BucketHistogram(buckets);
}

void PrometheusSink::on(const RelistStarted& o) {
  now_ = o.start;
  if (!o.interval) return;  // no successful relist yet
  relist_interval_.observe(o.interval->seconds_f());
  relist_interval_us_.observe(o.start, *o.interval);
}

void PrometheusSink::on(const RelistFinished& o) {
  now_ = o.end;
  // Deferred in relist(): every relist, failed ones too, when it returns.
  relist_duration_.observe((o.end - o.start).seconds_f());
  relist_latency_us_.observe(o.end, o.end - o.start);
  if (!o.ok) return;
  last_seen_ = o.start;
  running_pods_ = o.running_pods;
  for (std::size_t i = 0; i < 4; ++i) {
    // updateRunningPodAndContainerMetrics sets only the states it counted; a state that
    // drops to zero keeps its last value.
    if (o.containers_by_state[i] > 0 || minor_ <= 15) {
      containers_by_state_[i] = o.containers_by_state[i];
      if (o.containers_by_state[i] > 0) state_seen_[i] = true;
    }
  }
}

void PrometheusSink::on(const CriCallAnswered& o) {
  ++ops_[static_cast<std::size_t>(o.op)].errors;  // the call was counted as OK
}

void PrometheusSink::on(const CriCallFinished& o) {
  now_ = o.end;
  Op& op = ops_[static_cast<std::size_t>(o.op)];
  ++op.calls;
  if (o.code != 0) ++op.errors;
  op.seconds.observe((o.end - o.start).seconds_f());
  op.micros.observe(o.end, o.end - o.start);
}

void PrometheusSink::on(const EventDelivered& o) {
  now_ = o.at;
  tracker_.on(o);
}

void PrometheusSink::on(const EventDropped& o) {
  now_ = o.at;
  ++discarded_;
  tracker_.on(o);
}

void PrometheusSink::on(const ContainerChanged& o) {
  now_ = o.at;
  tracker_.on(o);
}

void PrometheusSink::on(const EventedConnection& o) {
  now_ = o.at;
  ++(o.ok ? evented_conn_ok_ : evented_conn_err_);
}

void PrometheusSink::on(const EventedEventReceived& o) {
  now_ = o.at;
  evented_latency_.observe((o.at - o.created_at).seconds_f());
}

void PrometheusSink::on(const RunningPodCountChanged& o) {
  // RunningPodCount.Inc()/Dec() from the Evented PLEG, until the next relist sets it.
  now_ = o.at;
  running_pods_ += o.delta;
}

void PrometheusSink::on_detection(const Detection& d) {
  switch (d.outcome) {
    case DetectionOutcome::kDetected:
      detection_.observe(d.latency().seconds_f());
      break;
    case DetectionOutcome::kSuperseded:
      ++superseded_;
      break;
    case DetectionOutcome::kDropped:
      ++dropped_changes_;
      break;
    case DetectionOutcome::kPending:
      break;
  }
}

void PrometheusSink::finish(Time end) {
  // Changes still pending are not counted: the scrape cannot know their fate.
  now_ = end;
}

void PrometheusSink::family(Exposition& x, const std::string& name, const std::string& type) const {
  x.family(name, kubelet_metric_help(name, minor_), type);
}

void PrometheusSink::write_pleg(Exposition& x) const {
  if (minor_ >= 14) {
    family(x, "kubelet_pleg_relist_duration_seconds", "histogram");
    x.histogram("kubelet_pleg_relist_duration_seconds", {}, relist_duration_);
    family(x, "kubelet_pleg_relist_interval_seconds", "histogram");
    x.histogram("kubelet_pleg_relist_interval_seconds", {}, relist_interval_);
    // 1.14-1.16: a CounterVec without labels, exposed only once incremented.
    if (minor_ >= 17 || discarded_ > 0) {
      family(x, "kubelet_pleg_discard_events", "counter");
      x.sample("kubelet_pleg_discard_events", {}, static_cast<double>(discarded_));
    }
  }
  if (minor_ >= 18) {
    family(x, "kubelet_pleg_last_seen_seconds", "gauge");
    double v =
        last_seen_
            ? static_cast<double>(kSimulatedEpochUnixSeconds + last_seen_->ns / 1'000'000'000)
            : 0.0;
    x.sample("kubelet_pleg_last_seen_seconds", {}, v);
  }
  if (minor_ >= 26) {
    // Registered with the other PLEG metrics from 1.26 (#111384), whether or not the
    // EventedPLEG gate is on.
    family(x, "kubelet_evented_pleg_connection_error_count", "counter");
    x.sample("kubelet_evented_pleg_connection_error_count", {},
             static_cast<double>(evented_conn_err_));
    family(x, "kubelet_evented_pleg_connection_success_count", "counter");
    x.sample("kubelet_evented_pleg_connection_success_count", {},
             static_cast<double>(evented_conn_ok_));
    family(x, "kubelet_evented_pleg_connection_latency_seconds", "histogram");
    x.histogram("kubelet_evented_pleg_connection_latency_seconds", {}, evented_latency_);
  }
  if (minor_ <= 16) {
    family(x, "kubelet_pleg_relist_latency_microseconds", "summary");
    x.summary("kubelet_pleg_relist_latency_microseconds", {}, relist_latency_us_.quantiles(now_),
              relist_latency_us_.sum_us(), static_cast<double>(relist_latency_us_.count()));
    family(x, "kubelet_pleg_relist_interval_microseconds", "summary");
    x.summary("kubelet_pleg_relist_interval_microseconds", {}, relist_interval_us_.quantiles(now_),
              relist_interval_us_.sum_us(), static_cast<double>(relist_interval_us_.count()));
  }
}

void PrometheusSink::write_runtime(Exposition& x) const {
  auto each = [&](auto&& f, bool errors_only) {
    for (int i = 0; i < models::kOpCount; ++i) {
      const Op& op = ops_[static_cast<std::size_t>(i)];
      if (op.calls == 0 || (errors_only && op.errors == 0)) continue;
      f(op, Labels{{"operation_type", std::string(models::metric_name(models::Op(i)))}});
    }
  };
  auto any = [&](bool errors_only) {
    bool found = false;
    each([&](const Op&, const Labels&) { found = true; }, errors_only);
    return found;
  };
  if (minor_ >= 14) {
    if (any(false)) {
      family(x, "kubelet_runtime_operations_total", "counter");
      each(
          [&](const Op& op, const Labels& l) {
            x.sample("kubelet_runtime_operations_total", l, static_cast<double>(op.calls));
          },
          false);
      family(x, "kubelet_runtime_operations_duration_seconds", "histogram");
      each(
          [&](const Op& op, const Labels& l) {
            x.histogram("kubelet_runtime_operations_duration_seconds", l, op.seconds);
          },
          false);
    }
    if (any(true)) {
      family(x, "kubelet_runtime_operations_errors_total", "counter");
      each(
          [&](const Op& op, const Labels& l) {
            x.sample("kubelet_runtime_operations_errors_total", l, static_cast<double>(op.errors));
          },
          true);
    }
  }
  if (minor_ <= 16) {
    if (any(false)) {
      family(x, "kubelet_runtime_operations", "counter");
      each(
          [&](const Op& op, const Labels& l) {
            x.sample("kubelet_runtime_operations", l, static_cast<double>(op.calls));
          },
          false);
      family(x, "kubelet_runtime_operations_latency_microseconds", "summary");
      each(
          [&](const Op& op, const Labels& l) {
            x.summary("kubelet_runtime_operations_latency_microseconds", l,
                      op.micros.quantiles(now_), op.micros.sum_us(),
                      static_cast<double>(op.micros.count()));
          },
          false);
    }
    if (any(true)) {
      family(x, "kubelet_runtime_operations_errors", "counter");
      each(
          [&](const Op& op, const Labels& l) {
            x.sample("kubelet_runtime_operations_errors", l, static_cast<double>(op.errors));
          },
          true);
    }
  }
}

void PrometheusSink::write_running(Exposition& x) const {
  // <= 1.15: a collector over the runtime cache (running containers only, no labels);
  // 1.16 (#81573): gauges set by each successful relist, containers by state;
  // 1.19 (#92407): renamed to kubelet_running_pods / kubelet_running_containers.
  const bool renamed = minor_ >= 19;
  const std::string pods = renamed ? "kubelet_running_pods" : "kubelet_running_pod_count";
  const std::string containers =
      renamed ? "kubelet_running_containers" : "kubelet_running_container_count";
  family(x, pods, "gauge");
  x.sample(pods, {}, static_cast<double>(running_pods_));
  if (minor_ <= 15) {
    family(x, containers, "gauge");
    x.sample(containers, {}, static_cast<double>(containers_by_state_[1]));
    return;
  }
  bool any = false;
  for (bool s : state_seen_) any = any || s;
  if (!any) return;
  family(x, containers, "gauge");
  for (std::size_t i = 0; i < 4; ++i) {
    if (!state_seen_[i]) continue;
    x.sample(containers, {{"container_state", kStateNames[i]}},
             static_cast<double>(containers_by_state_[i]));
  }
}

std::string PrometheusSink::text() const {
  Exposition x;
  write_pleg(x);
  write_runtime(x);
  write_running(x);
  x.family("plegsim_event_detection_seconds",
           "Seconds from a container state change in the runtime to the delivery of its PLEG "
           "event (plegsim, not a kubelet metric).",
           "histogram");
  x.histogram("plegsim_event_detection_seconds", {}, detection_);
  x.family("plegsim_changes_undetected_total",
           "Runtime changes whose own PLEG event was never delivered, by reason (plegsim).",
           "counter");
  x.sample("plegsim_changes_undetected_total", {{"reason", "superseded"}},
           static_cast<double>(superseded_));
  x.sample("plegsim_changes_undetected_total", {{"reason", "dropped"}},
           static_cast<double>(dropped_changes_));
  return x.text();
}

void write_metrics_file(const std::string& path, const std::string& text) {
  write_file_atomically(path, text);
}

}  // namespace plegsim::record
