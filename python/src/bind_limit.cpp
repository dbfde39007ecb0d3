// plegsim._core.limit: the limit search (sim/limit, docs/limit.md) with the GIL released;
// the report as the JSON `plegsim limit --json` prints, which plegsim.limit parses.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/limit.h"

namespace py = pybind11;

namespace plegsim::python {

void bind_limit(py::module_& m) {
  m.def(
      "limit",
      [](const scenario::Scenario& s, const std::string& axis, const std::string& criterion,
         const std::vector<std::string>& overrides, double confidence, std::optional<double> width,
         std::uint64_t max_reps, unsigned threads, bool allow_large) {
        limit::Criterion c = limit::parse_criterion(criterion);
        limit::LimitAxis a = limit::parse_limit_axis(
            axis.find('=') == std::string::npos ? "node.pods=" + axis : axis);
        if (!(confidence > 0 && confidence < 1)) {
          throw std::invalid_argument("confidence must be in (0, 1)");
        }
        if (width && !(*width > 0)) throw std::invalid_argument("width must be > 0");
        if (max_reps < 2) throw std::invalid_argument("replications must be at least 2");
        limit::LimitOptions o;
        o.confidence = confidence;
        o.width = width;
        o.max_reps = max_reps;
        o.threads = threads;
        o.allow_large = allow_large;
        py::gil_scoped_release nogil;
        return limit::limit_json(limit::limit_search(s, overrides, a, c, o), 0);
      },
      py::arg("scenario"), py::arg("axis"), py::arg("criterion"), py::arg("overrides"),
      py::arg("confidence"), py::arg("width"), py::arg("max_reps"), py::arg("threads"),
      py::arg("allow_large"), "The limit search with the GIL released; its report as JSON.");
}

}  // namespace plegsim::python
