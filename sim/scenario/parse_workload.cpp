// The scenario's `workload:` section: rates, back-off, bursts, start-up, the rate
// schedule and roll-outs.
#include <climits>
#include <cmath>

#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

models::Rate crash(const Field& f) {
  return as_rate(f, kMaxCrashPerHour);
}

// `surge` and `maxUnavailable`: a pod count (5) or a percentage of the pods replaced
// (25%), like the Deployment's IntOrString.
void read_int_or_percent(const MapReader& m, std::string_view key, double& value, bool& percent) {
  auto v = m.find(key);
  if (!v) return;
  if (v->node.IsScalar() && !v->node.Scalar().empty() && v->node.Scalar().back() == '%') {
    value = as_percent(*v, 0.0, 100.0, false);
    percent = true;
  } else {
    value = static_cast<double>(as_int(*v, 0, kMaxPods));
    percent = false;
  }
}

void parse_startup(const Field& f, workload::WorkloadSpec::Startup& s) {
  MapReader m(f, {"pods", "over", "exited", "exitedSandboxes"});
  s.pods = static_cast<int>(as_int(required(m, "pods", "pods: 100"), 0, kMaxPods));
  read_if(m, "over", s.over, [](const Field& v) { return as_duration(v); });
  if (auto v = m.find("exited")) s.exited = static_cast<int>(as_int(*v, 0, kMaxPods));
  if (auto v = m.find("exitedSandboxes")) {
    s.exited_sandboxes = static_cast<int>(as_int(*v, 0, kMaxPods));
  }
}

void parse_schedule(const Field& f, workload::WorkloadSpec& w) {
  w.schedule.clear();
  workload::WorkloadSpec::Phase prev{{}, w.crash_rate, w.pod_create_rate, w.pod_delete_rate};
  for (const Field& item : list_items(f)) {
    MapReader m(item, {"from", "crashRate", "podCreateRate", "podDeleteRate"});
    workload::WorkloadSpec::Phase p = prev;
    Field from = required(m, "from", "from: 6h");
    p.from = as_duration(from);
    if (!w.schedule.empty() && p.from <= prev.from) {
      fail(from, "entries must be in increasing order of from: this one (" +
                     core::format_duration(p.from) + ") is not after the one before (" +
                     core::format_duration(prev.from) + ")");
    }
    read_if(m, "crashRate", p.crash_rate, crash);
    read_if(m, "podCreateRate", p.pod_create_rate, as_pod_rate);
    read_if(m, "podDeleteRate", p.pod_delete_rate, as_pod_rate);
    w.schedule.push_back(p);
    prev = p;
  }
}

void parse_rollout(const Field& f, workload::WorkloadSpec::Rollout& r) {
  MapReader m(f, {"every", "fraction", "surge", "maxUnavailable", "startAfter"});
  r.every = positive_duration(required(m, "every", "every: 1h"));
  r.fraction = as_percent(required(m, "fraction", "fraction: 20%"), 0.0, 100.0, true);
  read_int_or_percent(m, "surge", r.surge, r.surge_percent);
  read_int_or_percent(m, "maxUnavailable", r.max_unavailable, r.max_unavailable_percent);
  r.start_after = r.every;
  read_if(m, "startAfter", r.start_after, [](const Field& v) { return as_duration(v); });
}

}  // namespace

void parse_workload(const Field& f, workload::WorkloadSpec& w) {
  MapReader m(f, {"crashRate", "podCreateRate", "podDeleteRate", "backoffInitial", "backoffMax",
                  "backoffReset", "maxDeadPerContainer", "gcPeriod", "massDelete", "startup",
                  "schedule", "rollout"});
  read_if(m, "crashRate", w.crash_rate, crash);
  read_if(m, "podCreateRate", w.pod_create_rate, as_pod_rate);
  read_if(m, "podDeleteRate", w.pod_delete_rate, as_pod_rate);
  read_if(m, "backoffInitial", w.backoff_initial, positive_duration);
  read_if(m, "backoffMax", w.backoff_max, positive_duration);
  read_if(m, "backoffReset", w.backoff_reset, positive_duration);
  if (auto v = m.find("maxDeadPerContainer")) {
    w.max_dead_per_container = static_cast<int>(as_int(*v, 0, INT_MAX));
  }
  read_if(m, "gcPeriod", w.gc_period, positive_duration);
  if (auto v = m.find("massDelete")) {
    w.mass_deletes.clear();
    for (const Field& item : list_items(*v)) {
      MapReader b(item, {"at", "pods"});
      workload::WorkloadSpec::MassDelete md;
      md.at = as_duration(required(b, "at", "at: 20m"));
      md.pods = static_cast<int>(as_int(required(b, "pods", "pods: 100"), 1, INT_MAX));
      w.mass_deletes.push_back(md);
    }
  }
  if (auto v = m.find("startup")) parse_startup(*v, w.startup);
  // After the top-level rates: the schedule's first entry starts from them.
  if (auto v = m.find("schedule")) parse_schedule(*v, w);
  if (auto v = m.find("rollout")) parse_rollout(*v, w.rollout);
  if (w.backoff_max < w.backoff_initial) {
    if (auto v = m.find("backoffMax")) {
      fail_expected(*v, ">= backoffInitial (" + core::format_duration(w.backoff_initial) + ")");
    }
    fail_expected(*m.find("backoffInitial"),
                  "<= backoffMax (" + core::format_duration(w.backoff_max) + ")");
  }
}

}  // namespace plegsim::scenario::detail
