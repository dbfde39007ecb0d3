#include "sim/record/hdf5_summary.h"

#include <cmath>
#include <limits>

namespace plegsim::record {
namespace {

using h5::write_attr;

// The scalar fields, in the order of to_json(): (name, member).
template <class F>
void for_each_count(F&& f, auto& s) {
  f("seed", s.seed);
  f("relists", s.relists);
  f("relists_failed", s.relists_failed);
  f("pods_inspected", s.pods_inspected);
  f("inspection_errors", s.inspection_errors);
  f("pleg_unhealthy_transitions", s.pleg_unhealthy_transitions);
  f("node_not_ready_transitions", s.node_not_ready_transitions);
  f("changes_tracked", s.changes_tracked);
  f("changes_undetected", s.changes_undetected);
  f("changes_superseded", s.changes_superseded);
  f("changes_dropped", s.changes_dropped);
  f("changes_pending_at_end", s.changes_pending_at_end);
  f("events_delivered", s.events_delivered);
  f("events_discarded", s.events_discarded);
  f("kernel_events", s.kernel_events);
}

template <class F>
void for_each_real(F&& f, auto& s) {
  f("simulated_seconds", s.simulated_seconds);
  f("warmup_seconds", s.warmup_seconds);
  f("pleg_unhealthy_seconds", s.pleg_unhealthy_seconds);
  f("node_not_ready_seconds", s.node_not_ready_seconds);
  f("node_not_ready_share", s.node_not_ready_share);
  f("relist_in_progress_at_end_seconds", s.relist_in_progress_at_end_seconds);
  f("wall_seconds", s.wall_seconds);
}

template <class F>
void for_each_quantiles(F&& f, auto& s) {
  f("relist_duration_seconds", s.relist_duration_seconds);
  f("relist_interval_seconds", s.relist_interval_seconds);
  f("event_detection_seconds", s.event_detection_seconds);
}

template <class F>
void for_each_optional(F&& f, auto& s) {
  f("first_unhealthy_at_seconds", s.first_unhealthy_at_seconds);
  f("first_not_ready_at_seconds", s.first_not_ready_at_seconds);
}

template <class F>
void for_each_map(F&& f, auto& s) {
  f("pleg_unhealthy_seconds_by_cause", s.pleg_unhealthy_seconds_by_cause);
  f("node_not_ready_seconds_by_cause", s.node_not_ready_seconds_by_cause);
}

template <class F>
void for_each_per_op(F&& f, auto& s) {
  f("cri_calls", s.cri_calls);
  f("cri_errors", s.cri_errors);
}

H5::Group open_group(const H5::Group& parent, const std::string& name) {
  if (!parent.nameExists(name)) throw h5::Hdf5Error("summary/" + name + ": missing");
  return parent.openGroup(name);
}

double need_double(const H5::H5Object& o, const std::string& where, const std::string& name) {
  auto v = h5::read_double_attr(o, name);
  if (!v) throw h5::Hdf5Error(where + ": attribute " + name + " missing");
  return *v;
}

std::uint64_t need_uint(const H5::H5Object& o, const std::string& where, const std::string& name) {
  auto v = h5::read_uint_attr(o, name);
  if (!v) throw h5::Hdf5Error(where + ": attribute " + name + " missing");
  return *v;
}

}  // namespace

void write_summary(H5::Group& g, const Summary& s) {
  h5::guarded("writing summary", [&] {
    write_attr(g, "json", to_json(s));
    write_attr(g, "scenario", s.scenario);
    write_attr(g, "kubelet_version", s.kubelet_version);
    for_each_count([&](const char* n, std::uint64_t v) { write_attr(g, n, v); }, s);
    for_each_real([&](const char* n, double v) { write_attr(g, n, v); }, s);
    write_attr(g, "max_relist_duration_seconds", s.relist_duration_seconds.max);
    write_attr(g, "relist_blocked_at_end", s.relist_blocked_at_end);
    for_each_optional(
        [&](const char* n, const std::optional<double>& v) {
          write_attr(g, n, v.value_or(std::numeric_limits<double>::quiet_NaN()));
        },
        s);
    for_each_quantiles(
        [&](const char* n, const Quantiles& q) {
          H5::Group sub = g.createGroup(n);
          write_attr(sub, "count", q.count);
          write_attr(sub, "p50", q.p50);
          write_attr(sub, "p90", q.p90);
          write_attr(sub, "p99", q.p99);
          write_attr(sub, "max", q.max);
          write_attr(sub, "mean", q.mean);
        },
        s);
    for_each_map(
        [&](const char* n, const std::map<std::string, double>& m) {
          H5::Group sub = g.createGroup(n);
          for (const auto& [cause, secs] : m) write_attr(sub, cause, secs);
        },
        s);
    for_each_per_op(
        [&](const char* n, const std::array<std::uint64_t, models::kOpCount>& v) {
          H5::Group sub = g.createGroup(n);
          for (int i = 0; i < models::kOpCount; ++i) {
            if (v[i] != 0) write_attr(sub, std::string(models::cri_name(models::Op(i))), v[i]);
          }
        },
        s);
  });
}

Summary read_summary(const H5::Group& g) {
  return h5::guarded("reading summary", [&] {
    Summary s;
    const std::string where = "summary";
    s.scenario = h5::read_string_attr(g, "scenario").value_or("");
    s.kubelet_version = h5::read_string_attr(g, "kubelet_version").value_or("");
    for_each_count([&](const char* n, std::uint64_t& v) { v = need_uint(g, where, n); }, s);
    for_each_real([&](const char* n, double& v) { v = need_double(g, where, n); }, s);
    s.relist_blocked_at_end = need_double(g, where, "relist_blocked_at_end") != 0;
    for_each_optional(
        [&](const char* n, std::optional<double>& v) {
          double x = need_double(g, where, n);
          v = std::isnan(x) ? std::nullopt : std::optional<double>(x);
        },
        s);
    for_each_quantiles(
        [&](const char* n, Quantiles& q) {
          H5::Group sub = open_group(g, n);
          std::string w = where + "/" + n;
          q.count = need_uint(sub, w, "count");
          q.p50 = need_double(sub, w, "p50");
          q.p90 = need_double(sub, w, "p90");
          q.p99 = need_double(sub, w, "p99");
          q.max = need_double(sub, w, "max");
          q.mean = need_double(sub, w, "mean");
        },
        s);
    for_each_map(
        [&](const char* n, std::map<std::string, double>& m) {
          H5::Group sub = open_group(g, n);
          for (const auto& cause : h5::attr_names(sub)) m[cause] = need_double(sub, n, cause);
        },
        s);
    for_each_per_op(
        [&](const char* n, std::array<std::uint64_t, models::kOpCount>& v) {
          H5::Group sub = open_group(g, n);
          for (const auto& name : h5::attr_names(sub)) {
            auto op = models::op_from_cri_name(name);
            if (!op) throw h5::Hdf5Error(where + "/" + n + ": unknown operation " + name);
            v[static_cast<std::size_t>(*op)] = need_uint(sub, n, name);
          }
        },
        s);
    return s;
  });
}

}  // namespace plegsim::record
