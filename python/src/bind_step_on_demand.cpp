// The step API's on-demand relist for Python (1.36+): RequestRelist, RequestReinspect,
// the global relist timer, one workerLoopIteration, and GetNewerThan subscriptions.
// Added to _core.PlegHarness after bind_step made it; plegsim.step.PlegHarness wraps
// them with names and seconds.
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/step.h"

namespace py = pybind11;

namespace plegsim::python {

void bind_step_on_demand(py::module_& m) {
  using step::PlegHarness;
  auto c = py::reinterpret_borrow<py::class_<PlegHarness>>(m.attr("PlegHarness"));
  c.def(
       "request_relist", [](PlegHarness& h, int uid) { h.request_relist(uid); }, py::arg("uid"))
      .def(
          "request_reinspect", [](PlegHarness& h, int uid) { h.request_reinspect(uid); },
          py::arg("uid"))
      .def(
          "arm_global_relist_timer",
          [](PlegHarness& h, std::int64_t ns) { h.arm_global_relist_timer(core::Duration{ns}); },
          py::arg("after_ns"))
      .def("worker_loop_iteration",
           [](PlegHarness& h) {
             switch (h.worker_loop_iteration()) {
               case step::LoopStep::kGlobalRelist:
                 return "global_relist";
               case step::LoopStep::kPodRelist:
                 return "pod_relist";
               case step::LoopStep::kStaleRequestSkipped:
                 break;
             }
             return "stale_request_skipped";
           })
      .def(
          "get_newer_than",
          [](PlegHarness& h, int uid, std::int64_t min_ns) {
            return h.get_newer_than(uid, core::Time{min_ns});
          },
          py::arg("uid"), py::arg("min_time_ns"))
      .def(
          "newer_than",
          [](const PlegHarness& h, kubelet::PodCache::SubscriptionId id) -> py::object {
            const auto& s = h.newer_than(id);
            if (!s.result) return py::none();
            return cache_entry_dict(&*s.result);
          },
          py::arg("subscription"))
      .def_property_readonly("relist_requests_queued",
                             [](const PlegHarness& h) { return h.pleg().relist_requests_queued(); })
      .def_property_readonly("global_relist_timer_ns",
                             [](const PlegHarness& h) -> std::optional<std::int64_t> {
                               auto t = h.pleg().global_relist_timer();
                               return t ? std::optional<std::int64_t>(t->ns) : std::nullopt;
                             });
}

}  // namespace plegsim::python
