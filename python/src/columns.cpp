#include "columns.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "plegsim/observations.h"

namespace plegsim::python {

using Kind = Column::Kind;

std::size_t Column::size() const {
  switch (kind) {
    case Kind::kFloat64:
      return f64.size();
    case Kind::kInt32:
      return i32.size();
    case Kind::kUInt64:
      return u64.size();
    case Kind::kBool:
    case Kind::kCategory:
      return i8.size();
    case Kind::kString:
      return str.size();
  }
  return 0;
}

namespace {

double seconds(core::Time t) {
  return t.seconds_f();
}

// One column from one field of every observation.
template <class Obs, class F>
Column f64(const std::vector<Obs>& v, std::string name, F f) {
  Column c{std::move(name), Kind::kFloat64};
  c.f64.reserve(v.size());
  for (const auto& o : v) c.f64.push_back(f(o));
  return c;
}
template <class Obs, class F>
Column i32(const std::vector<Obs>& v, std::string name, F f) {
  Column c{std::move(name), Kind::kInt32};
  c.i32.reserve(v.size());
  for (const auto& o : v) c.i32.push_back(static_cast<std::int32_t>(f(o)));
  return c;
}
template <class Obs, class F>
Column u64(const std::vector<Obs>& v, std::string name, F f) {
  Column c{std::move(name), Kind::kUInt64};
  c.u64.reserve(v.size());
  for (const auto& o : v) c.u64.push_back(f(o));
  return c;
}
template <class Obs, class F>
Column boolean(const std::vector<Obs>& v, std::string name, F f) {
  Column c{std::move(name), Kind::kBool};
  c.i8.reserve(v.size());
  for (const auto& o : v) c.i8.push_back(f(o) ? 1 : 0);
  return c;
}
template <class Obs, class F>
Column category(const std::vector<Obs>& v, std::string name, std::vector<std::string> cats,
                F code) {
  Column c{std::move(name), Kind::kCategory};
  c.categories = std::move(cats);
  c.i8.reserve(v.size());
  for (const auto& o : v) c.i8.push_back(static_cast<std::int8_t>(code(o)));
  return c;
}
template <class Obs, class F>
Column text(const std::vector<Obs>& v, std::string name, F f) {
  Column c{std::move(name), Kind::kString};
  c.str.reserve(v.size());
  for (const auto& o : v) c.str.push_back(f(o));
  return c;
}

Table relists(const record::MemorySink& m) {
  const auto& v = m.relists;
  using R = record::RelistFinished;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Table t;
  t.columns.push_back(f64(v, "start_s", [](const R& r) { return seconds(r.start); }));
  t.columns.push_back(f64(v, "end_s", [](const R& r) { return seconds(r.end); }));
  t.columns.push_back(
      f64(v, "duration_s", [](const R& r) { return (r.end - r.start).seconds_f(); }));
  t.columns.push_back(f64(v, "get_pods_s", [](const R& r) { return r.get_pods.seconds_f(); }));
  t.columns.push_back(f64(v, "interval_s",
                          [&](const R& r) { return r.interval ? r.interval->seconds_f() : kNaN; }));
  t.columns.push_back(boolean(v, "ok", [](const R& r) { return r.ok; }));
  t.columns.push_back(i32(v, "sandboxes", [](const R& r) { return r.sandboxes; }));
  t.columns.push_back(i32(v, "containers", [](const R& r) { return r.containers; }));
  t.columns.push_back(i32(v, "pods_with_events", [](const R& r) { return r.pods_with_events; }));
  t.columns.push_back(i32(v, "pods_inspected", [](const R& r) { return r.pods_inspected; }));
  t.columns.push_back(i32(v, "inspection_errors", [](const R& r) { return r.inspection_errors; }));
  t.columns.push_back(i32(v, "events_sent", [](const R& r) { return r.events_sent; }));
  t.columns.push_back(i32(v, "events_dropped", [](const R& r) { return r.events_dropped; }));
  t.columns.push_back(i32(v, "running_pods", [](const R& r) { return r.running_pods; }));
  const char* by_state[] = {"containers_created", "containers_running", "containers_exited",
                            "containers_unknown"};
  for (int s = 0; s < 4; ++s) {
    t.columns.push_back(i32(v, by_state[s], [s](const R& r) { return r.containers_by_state[s]; }));
  }
  return t;
}

template <class Obs>
Table transitions(const std::vector<Obs>& v, const char* flag, bool Obs::*field) {
  Table t;
  t.columns.push_back(f64(v, "at_s", [](const Obs& o) { return seconds(o.at); }));
  t.columns.push_back(boolean(v, flag, [&](const Obs& o) { return o.*field; }));
  t.columns.push_back(text(v, "message", [](const Obs& o) { return o.message; }));
  return t;
}

Table cri_calls(const record::MemorySink& m) {
  const auto& v = m.cri_calls;
  using C = record::CriCallFinished;
  Table t;
  t.columns.push_back(category(v, "op", op_names(), [](const C& c) { return c.op; }));
  t.columns.push_back(f64(v, "start_s", [](const C& c) { return seconds(c.start); }));
  t.columns.push_back(f64(v, "end_s", [](const C& c) { return seconds(c.end); }));
  t.columns.push_back(
      f64(v, "duration_s", [](const C& c) { return (c.end - c.start).seconds_f(); }));
  t.columns.push_back(category(v, "code", code_names(), [](const C& c) { return c.code; }));
  return t;
}

// Delivered and dropped events in time order (a stable merge of two sorted streams).
Table events(const record::MemorySink& m) {
  struct Row {
    core::Time at;
    std::int32_t pod;
    kubelet::EventType type;
    std::uint64_t container;
    bool dropped;
  };
  std::vector<Row> rows;
  rows.reserve(m.delivered.size() + m.dropped.size());
  std::size_t i = 0, j = 0;
  while (i < m.delivered.size() || j < m.dropped.size()) {
    bool take_drop =
        j < m.dropped.size() && (i == m.delivered.size() || m.dropped[j].at < m.delivered[i].at);
    if (take_drop) {
      const auto& d = m.dropped[j++];
      rows.push_back({d.at, d.pod, d.type, d.container, true});
    } else {
      const auto& d = m.delivered[i++];
      rows.push_back({d.at, d.pod, d.type, d.container, false});
    }
  }
  Table t;
  t.columns.push_back(f64(rows, "at_s", [](const Row& r) { return seconds(r.at); }));
  t.columns.push_back(i32(rows, "pod", [](const Row& r) { return r.pod; }));
  t.columns.push_back(category(rows, "type", event_type_names(),
                               [](const Row& r) { return static_cast<int>(r.type); }));
  t.columns.push_back(u64(rows, "container", [](const Row& r) { return r.container; }));
  t.columns.push_back(boolean(rows, "dropped", [](const Row& r) { return r.dropped; }));
  return t;
}

Table container_changes(const record::MemorySink& m) {
  const auto& v = m.container_changes;
  using C = record::ContainerChanged;
  // cri::ContainerState for containers, cri::SandboxState for sandboxes, 255 = removed.
  std::vector<std::string> cats = {"created", "running",  "exited", "unknown",
                                   "ready",   "notready", "removed"};
  Table t;
  t.columns.push_back(f64(v, "at_s", [](const C& c) { return seconds(c.at); }));
  t.columns.push_back(i32(v, "pod", [](const C& c) { return c.pod; }));
  t.columns.push_back(u64(v, "container", [](const C& c) { return c.container; }));
  t.columns.push_back(boolean(v, "sandbox", [](const C& c) { return c.sandbox; }));
  t.columns.push_back(category(v, "state", std::move(cats), [](const C& c) {
    if (c.state == 255) return 6;
    return c.sandbox ? 4 + (c.state == 0 ? 0 : 1) : static_cast<int>(c.state);
  }));
  return t;
}

}  // namespace

std::vector<std::string> op_names() {
  std::vector<std::string> out;
  for (int i = 0; i < models::kOpCount; ++i) {
    out.emplace_back(models::cri_name(static_cast<models::Op>(i)));
  }
  return out;
}

std::vector<std::string> code_names() {
  std::vector<std::string> out;
  for (auto c : {cri::Code::kOk, cri::Code::kDeadlineExceeded, cri::Code::kUnavailable,
                 cri::Code::kNotFound}) {
    out.emplace_back(cri::to_string(c));
  }
  return out;
}

std::vector<std::string> event_type_names() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(kubelet::EventType::kConditionMet); ++i) {
    out.emplace_back(kubelet::to_string(static_cast<kubelet::EventType>(i)));
  }
  return out;
}

const std::vector<std::string>& table_names() {
  static const std::vector<std::string> names = {"relists",   "health", "node_ready",
                                                 "cri_calls", "events", "container_changes"};
  return names;
}

Table build_table(const record::MemorySink& m, const std::string& name) {
  if (name == "relists") return relists(m);
  if (name == "health") return transitions(m.health, "healthy", &record::HealthChanged::healthy);
  if (name == "node_ready") {
    return transitions(m.node_ready, "ready", &record::NodeReadyChanged::ready);
  }
  if (name == "cri_calls") return cri_calls(m);
  if (name == "events") return events(m);
  if (name == "container_changes") return container_changes(m);
  throw std::out_of_range("no table named \"" + name + "\"");
}

}  // namespace plegsim::python
