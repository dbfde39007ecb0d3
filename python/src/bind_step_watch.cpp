// The step API's watch conditions for Python (1.32 - 1.35): SetPodWatchCondition with a
// Python callable, the conditions' keys and versions, and the two writes upstream's
// TestWatchConditions makes to the PLEG's maps. Added to _core.PlegHarness after
// bind_step made it; plegsim.step.PlegHarness wraps them with names.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/step.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

using step::PlegHarness;

// (uid, [(id, state, slot, exit_code)], [(id, state)], ips, timestamp_ns): what a
// condition sees, in plain ints like the rest of the binding.
py::tuple status_tuple(const kubelet::PodStatus& s) {
  py::list containers, sandboxes;
  for (const auto& c : s.container_statuses) {
    containers.append(py::make_tuple(c.id, static_cast<int>(c.state), c.slot, c.exit_code));
  }
  for (const auto& sb : s.sandbox_statuses) {
    sandboxes.append(py::make_tuple(sb.id, static_cast<int>(sb.state)));
  }
  return py::make_tuple(s.id, containers, sandboxes, s.ips, s.timestamp.ns);
}

kubelet::WatchCondition to_condition(py::function fn) {
  return [fn = std::move(fn)](const kubelet::PodStatus& s) {
    // plegsim.step catches the callable's own exceptions and raises them after the
    // relist; anything else reaching here would unwind through the kernel: a condition
    // that cannot say counts as not met.
    try {
      return fn(status_tuple(s)).cast<bool>();
    } catch (const py::error_already_set&) {
      return false;
    } catch (const py::cast_error&) {
      return false;
    }
  };
}

}  // namespace

void bind_step_watch(py::module_& m) {
  auto c = py::reinterpret_borrow<py::class_<PlegHarness>>(m.attr("PlegHarness"));
  c.def(
       "set_watch_condition",
       [](PlegHarness& h, int uid, const std::string& key, py::function fn) {
         try {
           h.set_watch_condition(uid, key, to_condition(std::move(fn)));
         } catch (const std::logic_error& e) {
           throw py::value_error(e.what());
         }
       },
       py::arg("uid"), py::arg("key"), py::arg("condition"))
      .def(
          "watch_conditions",
          [](const PlegHarness& h, int uid) -> py::object {
            const auto* conditions = h.pleg().watch_conditions().find(uid);
            if (conditions == nullptr) return py::none();
            py::dict d;
            for (const auto& [key, c] : *conditions) d[py::str(key)] = c.version;
            return d;
          },
          py::arg("uid"))
      .def(
          "set_watch_condition_version",
          [](PlegHarness& h, int uid, const std::string& key, std::uint32_t version) {
            h.pleg().watch_conditions().set_version_for_test(uid, key, version);
          },
          py::arg("uid"), py::arg("key"), py::arg("version"))
      .def(
          "set_pod_to_reinspect",
          [](PlegHarness& h, int uid) {
            h.pleg().set_pod_to_reinspect_for_test(uid, std::nullopt);
          },
          py::arg("uid"));
}

}  // namespace plegsim::python
