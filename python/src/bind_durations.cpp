// Durations for Python: the one parser and formatter (sim/core/time.h) behind every
// duration string plegsim reads, so plegsim._durations writes none of its own.
#include "bindings.h"
#include "plegsim/scenario.h"

namespace py = pybind11;

namespace plegsim::python {

void bind_durations(py::module_& m) {
  m.def(
      "parse_duration_ns",
      [](const std::string& text) {
        try {
          return core::parse_duration(text).ns;
        } catch (const core::DurationParseError& e) {
          throw py::value_error(e.what());
        }
      },
      py::arg("text"), "Integer nanoseconds of a Go/Kubernetes duration string.");
  m.def(
      "format_duration_ns",
      [](std::int64_t ns) { return core::format_duration(core::Duration{ns}); }, py::arg("ns"),
      "A Go-style duration string (time.Duration.String()).");
}

}  // namespace plegsim::python
