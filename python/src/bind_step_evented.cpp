// The step API's Evented PLEG for Python: step::EventedHarness with plain ints for ids,
// enums and nanoseconds. plegsim.step_evented.EventedHarness wraps it with names.
#include <pybind11/stl.h>

#include "bindings.h"
#include "columns.h"
#include "plegsim/step_evented.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

using step::EventedHarness;

// Containers (id, state, created_ns, exit_code, oom_killed); sandboxes (id, state,
// created_ns, ips), as bind_step's pods.
using ContainerTuple = std::tuple<std::uint64_t, int, std::int64_t, int, bool>;
using SandboxTuple = std::tuple<std::uint64_t, int, std::int64_t, std::vector<std::string>>;
// (uid, containers, sandboxes newest first, ips)
using StatusTuple = std::tuple<int, std::vector<ContainerTuple>, std::vector<SandboxTuple>,
                               std::vector<std::string>>;

template <class E>
E checked_enum(int v, int count, const char* what) {
  if (v < 0 || v >= count) throw py::value_error(std::string("invalid ") + what);
  return static_cast<E>(v);
}

cri::ContainerView to_container(cri::PodUid uid, const ContainerTuple& t) {
  const auto& [id, state, created, exit_code, oom_killed] = t;
  return {id,
          uid,
          checked_enum<cri::ContainerState>(state, 4, "container state"),
          oom_killed,
          core::Time{created},
          0,
          exit_code};
}

cri::SandboxView to_sandbox(cri::PodUid uid, const SandboxTuple& t) {
  const auto& [id, state, created, ips] = t;
  return {id, uid, checked_enum<cri::SandboxState>(state, 3, "sandbox state"), core::Time{created},
          ips};
}

kubelet::PodStatus to_status(const StatusTuple& t) {
  kubelet::PodStatus s;
  s.id = std::get<0>(t);
  for (const auto& c : std::get<1>(t)) s.container_statuses.push_back(to_container(s.id, c));
  for (const auto& b : std::get<2>(t)) s.sandbox_statuses.push_back(to_sandbox(s.id, b));
  s.has_ip =
      !s.sandbox_statuses.empty() && s.sandbox_statuses.front().state == cri::SandboxState::kReady;
  s.ips = std::get<3>(t);
  return s;
}

// A ContainerEventResponse: (container id, event type, created_at_ns, sandbox or None,
// containers' statuses). The sandbox's pod is the event's pod.
void process_event(EventedHarness& h, std::uint64_t id, int type, std::int64_t created_ns, int uid,
                   std::optional<SandboxTuple> sandbox,
                   const std::vector<ContainerTuple>& containers) {
  cri::ContainerEvent e;
  e.id = id;
  e.pod = uid;
  e.type = checked_enum<cri::ContainerEventType>(type, 4, "container event type");
  e.created_at = core::Time{created_ns};
  if (sandbox) e.sandbox_status = to_sandbox(uid, *sandbox);
  for (const auto& c : containers) e.containers_statuses.push_back(to_container(uid, c));
  h.process_event(e);
}

py::object cache_entry(const EventedHarness& h, int uid) {
  const auto* e = h.cache_entry(uid);
  if (e == nullptr) return py::none();
  return cache_entry_dict(e);
}

std::unique_ptr<EventedHarness> make(const std::string& version, std::size_t capacity,
                                     std::uint64_t seed) {
  step::EventedHarnessOptions o;
  o.version = version;
  o.channel_capacity = capacity;
  o.seed = seed;
  return std::make_unique<EventedHarness>(o);
}

}  // namespace

void bind_step_evented(py::module_& m) {
  py::class_<EventedHarness> c(m, "EventedHarness",
                               "One EventedPleg beside a GenericPleg, never started, on a "
                               "manual clock (wrapped by plegsim.step_evented.EventedHarness).");
  c.def(py::init(&make), py::arg("version"), py::arg("channel_capacity"), py::arg("seed"))
      .def("process_event", &process_event)
      .def("push_event",
           [](EventedHarness& h, int uid, int type, std::uint64_t data) {
             return h.push_event(
                 {uid,
                  checked_enum<kubelet::EventType>(
                      type, static_cast<int>(event_type_names().size()), "event type"),
                  data});
           })
      .def("drain_events",
           [](EventedHarness& h) {
             py::list out;
             for (const auto& e : h.drain_events()) {
               out.append(py::make_tuple(e.id, static_cast<int>(e.type), e.data));
             }
             return out;
           })
      .def("healthy",
           [](const EventedHarness& h) {
             auto r = h.healthy();
             return py::make_tuple(r.ok, r.message);
           })
      .def("advance", [](EventedHarness& h, std::int64_t d) { h.advance(core::Duration{d}); })
      .def_property_readonly("now_ns", [](const EventedHarness& h) { return h.now().ns; })
      .def("get_pod_ips",
           [](const EventedHarness& h, const StatusTuple& s) {
             return h.get_pod_ips(std::get<0>(s), to_status(s));
           })
      .def("update_running_pod_metric",
           [](EventedHarness& h, const StatusTuple& s) {
             h.update_running_pod_metric(to_status(s));
           })
      .def("cache_set",
           [](EventedHarness& h, const StatusTuple& s, std::int64_t ts_ns) {
             return h.cache_set(std::get<0>(s), to_status(s), core::Time{ts_ns});
           })
      .def("update_time",
           [](EventedHarness& h, std::int64_t ts_ns) {
             h.generic().cache().update_time(core::Time{ts_ns});
           })
      .def("cache_entry", &cache_entry)
      .def("relist",
           [](EventedHarness& h) {
             auto r = h.relist();
             return py::make_tuple(r.completed, r.blocked_on_send);
           })
      .def("request_relist", &EventedHarness::request_relist)
      .def("request_reinspect", &EventedHarness::request_reinspect)
      .def_property_readonly("queued_relist_requests", &EventedHarness::queued_relist_requests)
      .def("is_pod_to_reinspect", &EventedHarness::is_pod_to_reinspect)
      .def_property_readonly("relists", &EventedHarness::relists)
      .def_property_readonly(
          "watch_is_generic_channel",
          [](EventedHarness& h) { return &h.pleg().watch() == &h.generic().channel(); })
      .def("metrics_text", &EventedHarness::metrics_text)
      .def("metric_family", &EventedHarness::metric_family)
      .def_property_readonly("channel_size",
                             [](EventedHarness& h) { return h.generic().channel().size(); });
}

}  // namespace plegsim::python
