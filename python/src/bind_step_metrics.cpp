// The step API's metrics registry for Python: the Prometheus exposition of the harness's
// kubelet, whole or one family, added to _core.PlegHarness after bind_step made it
// (plegsim.step's harnesses wrap it; the EventedHarness binds its own, the same registry).
#include "bindings.h"
#include "plegsim/step.h"

namespace py = pybind11;

namespace plegsim::python {

void bind_step_metrics(py::module_& m) {
  auto c = py::reinterpret_borrow<py::class_<step::PlegHarness>>(m.attr("PlegHarness"));
  c.def("metrics_text", &step::PlegHarness::metrics_text)
      .def("metric_family", &step::PlegHarness::metric_family, py::arg("name"));
}

}  // namespace plegsim::python
