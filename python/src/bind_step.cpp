// The step API for Python: step::PlegHarness with plain ints for ids, enums and
// nanoseconds. plegsim.step.PlegHarness wraps it with names, strings and seconds.
#include <pybind11/stl.h>

#include "bindings.h"
#include "columns.h"
#include "plegsim/step.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

using step::PlegHarness;
using step::ScriptedPod;

// (id, state, created_ns, slot, exit_code) / (id, state, created_ns, ips)
using ContainerTuple = std::tuple<std::uint64_t, int, std::int64_t, int, int>;
using SandboxTuple = std::tuple<std::uint64_t, int, std::int64_t, std::vector<std::string>>;
using PodTuple = std::tuple<int, std::vector<ContainerTuple>, std::vector<SandboxTuple>>;

core::Duration ns(std::int64_t v) {
  return core::Duration{v};
}
std::optional<core::Duration> ns(std::optional<std::int64_t> v) {
  return v ? std::optional<core::Duration>(ns(*v)) : std::nullopt;
}

template <class E>
E checked_enum(int v, int count, const char* what) {
  if (v < 0 || v >= count) throw py::value_error(std::string("invalid ") + what);
  return static_cast<E>(v);
}

ScriptedPod to_pod(const PodTuple& t) {
  ScriptedPod p;
  p.uid = std::get<0>(t);
  for (const auto& [id, state, created, slot, exit_code] : std::get<1>(t)) {
    p.containers.push_back({id, checked_enum<cri::ContainerState>(state, 4, "container state"),
                            core::Time{created}, slot, exit_code});
  }
  for (const auto& [id, state, created, ips] : std::get<2>(t)) {
    p.sandboxes.push_back(
        {id, checked_enum<cri::SandboxState>(state, 3, "sandbox state"), core::Time{created}, ips});
  }
  return p;
}

models::Op to_op(int v) {
  return checked_enum<models::Op>(v, models::kOpCount, "operation");
}
cri::Code to_code(int v) {
  return checked_enum<cri::Code>(v, 4, "status code");
}

py::tuple outcome(const step::RelistOutcome& o) {
  return py::make_tuple(o.completed, o.blocked_on_send, o.started.ns, o.elapsed.ns);
}

// [(id, kubecontainer state)] of a kubelet::Pod's containers or sandboxes.
py::list kube_containers(const std::vector<kubelet::KContainer>& cs) {
  py::list out;
  for (const auto& c : cs) out.append(py::make_tuple(c.id, static_cast<int>(c.state)));
  return out;
}

py::object pod_or_none(const kubelet::Pod* p) {
  if (p == nullptr) return py::none();
  py::dict d;
  d["containers"] = kube_containers(p->containers);
  d["sandboxes"] = kube_containers(p->sandboxes);
  return d;
}

py::object cache_entry(const PlegHarness& h, int uid) {
  const auto* e = h.cache_entry(uid);
  if (e == nullptr) return py::none();
  return cache_entry_dict(e);
}

}  // namespace

py::dict cache_entry_dict(const kubelet::PodCache::Entry* e) {
  py::list containers, sandboxes;
  for (const auto& c : e->status.container_statuses) {
    containers.append(py::make_tuple(c.id, static_cast<int>(c.state)));
  }
  for (const auto& s : e->status.sandbox_statuses) {
    sandboxes.append(py::make_tuple(s.id, static_cast<int>(s.state)));
  }
  py::dict d;
  d["error"] = e->has_error;
  d["modified_ns"] = e->modified.ns;
  d["containers"] = containers;
  d["sandboxes"] = sandboxes;
  d["has_ip"] = e->status.has_ip;
  d["ips"] = e->status.ips;
  d["observed_ns"] = e->observed.ns;
  return d;
}

namespace {

py::dict profile_dict(const kubelet::Profile& p) {
  py::dict d;
  d["version"] = p.version;
  d["minor"] = p.minor;
  d["era"] = std::string(1, static_cast<char>(p.era));
  d["blocking_send"] = p.blocking_send;
  d["separate_reinspection_pass"] = p.separate_reinspection_pass;
  d["zero_time_health_check"] = p.zero_time_health_check;
  d["pod_sync_after_reinspection"] = p.pod_sync_after_reinspection;
  d["watch_conditions"] = p.watch_conditions;
  d["ignore_container_status_not_found"] = p.ignore_container_status_not_found;
  d["preserve_pod_ips"] = p.preserve_pod_ips;
  d["relist_period_ns"] = p.relist_period.ns;
  d["relist_threshold_ns"] = p.relist_threshold.ns;
  return d;
}

std::unique_ptr<PlegHarness> make_harness(const std::string& version, std::size_t capacity,
                                          std::optional<std::int64_t> threshold_ns,
                                          bool evented_gate, std::uint64_t seed,
                                          bool go_zero_time_clock,
                                          std::optional<bool> on_demand_relist,
                                          std::optional<std::int64_t> relist_period_ns) {
  step::HarnessOptions o;
  o.version = version;
  o.channel_capacity = capacity;
  o.relist_threshold = ns(threshold_ns);
  o.evented_gate = evented_gate;
  o.seed = seed;
  o.go_zero_time_clock = go_zero_time_clock;
  o.on_demand_relist = on_demand_relist;
  o.relist_period = ns(relist_period_ns);
  return std::make_unique<PlegHarness>(o);
}

void bind_runtime_script(py::class_<PlegHarness>& c) {
  c.def("set_pods",
        [](PlegHarness& h, const std::vector<PodTuple>& pods) {
          std::vector<ScriptedPod> v;
          for (const auto& p : pods) v.push_back(to_pod(p));
          h.runtime().set_pods(std::move(v));
        })
      .def("set_pod", [](PlegHarness& h, const PodTuple& p) { h.runtime().set_pod(to_pod(p)); })
      .def("remove_pod", [](PlegHarness& h, int uid) { h.runtime().remove_pod(uid); })
      .def("set_inspection",
           [](PlegHarness& h, const PodTuple& p) { h.runtime().set_inspection(to_pod(p)); })
      .def("clear_inspection", [](PlegHarness& h, int uid) { h.runtime().clear_inspection(uid); })
      .def("add_rule",
           [](PlegHarness& h, std::optional<int> op, std::optional<int> pod, std::int64_t latency,
              int code, int times) {
             step::CallRule r;
             if (op) r.op = to_op(*op);
             r.pod = pod;
             r.latency = ns(latency);
             r.code = to_code(code);
             r.times = times;
             h.runtime().add_rule(r);
           })
      .def("clear_rules", [](PlegHarness& h) { h.runtime().clear_rules(); })
      .def("set_latency", [](PlegHarness& h, int op,
                             std::int64_t d) { h.runtime().set_latency(to_op(op), ns(d)); })
      .def("calls",
           [](PlegHarness& h) {
             py::list out;
             for (const auto& c : h.runtime().calls()) {
               out.append(py::make_tuple(static_cast<int>(c.op), c.pod, c.start.ns, c.end.ns,
                                         static_cast<int>(c.code)));
             }
             return out;
           })
      .def("clear_calls", [](PlegHarness& h) { h.runtime().clear_calls(); })
      .def("count_calls", [](PlegHarness& h, std::optional<int> op, std::optional<int> pod) {
        return h.runtime().count_calls(op ? std::optional<models::Op>(to_op(*op)) : std::nullopt,
                                       pod);
      });
}

void bind_driving(py::class_<PlegHarness>& c) {
  c.def("relist",
        [](PlegHarness& h, std::optional<std::int64_t> at_most) {
          return outcome(h.relist(ns(at_most)));
        })
      .def("resume",
           [](PlegHarness& h, std::optional<std::int64_t> at_most) {
             return outcome(h.resume(ns(at_most)));
           })
      .def_property_readonly("relist_pending", &PlegHarness::relist_pending)
      .def("drain_events",
           [](PlegHarness& h) {
             py::list out;
             for (const auto& e : h.drain_events()) {
               out.append(py::make_tuple(e.id, static_cast<int>(e.type), e.data));
             }
             return out;
           })
      .def("advance", [](PlegHarness& h, std::int64_t d) { h.advance(ns(d)); })
      .def_property_readonly("now_ns", [](const PlegHarness& h) { return h.now().ns; });
}

void bind_state(py::class_<PlegHarness>& c) {
  c.def("healthy",
        [](const PlegHarness& h) {
          auto r = h.healthy();
          return py::make_tuple(r.ok, r.message);
        })
      .def("cache_entry", &cache_entry)
      .def("record",
           [](const PlegHarness& h, int uid) -> py::object {
             const auto* r = h.pleg().pod_records().get(uid);
             if (r == nullptr) return py::none();
             return py::make_tuple(pod_or_none(r->old ? &*r->old : nullptr),
                                   pod_or_none(r->current ? &*r->current : nullptr));
           })
      .def("table",
           [](const PlegHarness& h, const std::string& name) {
             py::object owner = own_table(build_table(h.sink(), name));
             return table_columns(owner.cast<const Table&>(), owner);
           })
      .def_property_readonly("relist_time_ns",
                             [](const PlegHarness& h) -> std::optional<std::int64_t> {
                               auto t = h.pleg().relist_time();
                               return t ? std::optional<std::int64_t>(t->ns) : std::nullopt;
                             })
      .def_property_readonly("pods_to_reinspect",
                             [](const PlegHarness& h) { return h.pleg().pods_to_reinspect(); })
      .def_property_readonly("discarded_events",
                             [](const PlegHarness& h) { return h.pleg().discarded_events(); })
      .def_property_readonly("blocked_on_send",
                             [](const PlegHarness& h) { return h.pleg().blocked_on_send(); })
      .def_property_readonly("channel_size", [](PlegHarness& h) { return h.channel().size(); })
      .def_property_readonly("channel_capacity",
                             [](PlegHarness& h) { return h.channel().capacity(); })
      .def_property_readonly("profile",
                             [](const PlegHarness& h) { return profile_dict(h.profile()); });
}

}  // namespace

void bind_step(py::module_& m) {
  py::class_<PlegHarness> c(m, "PlegHarness",
                            "One GenericPleg over a scripted runtime with a manual clock "
                            "(wrapped by plegsim.step.PlegHarness).");
  c.def(py::init(&make_harness), py::arg("version"), py::arg("channel_capacity"),
        py::arg("relist_threshold_ns"), py::arg("evented_gate"), py::arg("seed"),
        py::arg("go_zero_time_clock") = false, py::arg("on_demand_relist") = py::none(),
        py::arg("relist_period_ns") = py::none());
  bind_runtime_script(c);
  bind_driving(c);
  bind_state(c);
  m.attr("NO_POD") = step::kNoPod;
}

}  // namespace plegsim::python
