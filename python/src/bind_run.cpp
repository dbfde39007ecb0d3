// run() and RunResult. Simulations run with the GIL released, so Python threads run them
// in parallel. A table's numeric columns are numpy arrays over the RunResult's own
// vectors (base = the RunResult object, read-only): no copy, and the memory lives as long
// as any array viewing it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "run_result.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

template <class T>
py::array view(const std::vector<T>& v, py::handle base, const py::dtype& dt) {
  py::array a(dt, {static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(T))},
              v.data(), base);
  a.attr("flags").attr("writeable") = false;
  return a;
}

const char* kind_name(Column::Kind k) {
  switch (k) {
    case Column::Kind::kFloat64:
      return "float64";
    case Column::Kind::kInt32:
      return "int32";
    case Column::Kind::kUInt64:
      return "uint64";
    case Column::Kind::kBool:
      return "bool";
    case Column::Kind::kCategory:
      return "category";
    case Column::Kind::kString:
      return "str";
  }
  return "?";
}

}  // namespace

py::list table_columns(const Table& t, py::handle base) {
  py::list out;
  for (const Column& c : t.columns) {
    py::object data;
    py::object cats = py::none();
    switch (c.kind) {
      case Column::Kind::kFloat64:
        data = view(c.f64, base, py::dtype::of<double>());
        break;
      case Column::Kind::kInt32:
        data = view(c.i32, base, py::dtype::of<std::int32_t>());
        break;
      case Column::Kind::kUInt64:
        data = view(c.u64, base, py::dtype::of<std::uint64_t>());
        break;
      case Column::Kind::kBool:
        data = view(c.i8, base, py::dtype("bool"));
        break;
      case Column::Kind::kCategory:
        data = view(c.i8, base, py::dtype::of<std::int8_t>());
        cats = py::cast(c.categories);
        break;
      case Column::Kind::kString:
        data = py::cast(c.str);
        break;
    }
    out.append(py::make_tuple(c.name, kind_name(c.kind), data, cats));
  }
  return out;
}

py::object own_table(Table t) {
  return py::cast(std::move(t));
}

void bind_run(py::module_& m) {
  py::class_<Table>(m, "Table", "Owner of the memory behind a step-API table's arrays.");
  py::class_<RunResult>(m, "RunResult", "A finished simulation (wrapped by plegsim.Result).")
      .def_property_readonly("summary_json", &RunResult::summary_json)
      .def_property_readonly("seed", &RunResult::seed)
      .def_property_readonly("end_s", [](const RunResult& r) { return r.end().seconds_f(); })
      .def_property_readonly("scenario", &RunResult::scenario, py::return_value_policy::copy)
      .def(
          "table",
          [](py::object self, const std::string& name) {
            RunResult& r = self.cast<RunResult&>();
            return table_columns(r.table(name), self);
          },
          py::arg("name"), "The columns of one table; arrays view this object's memory.")
      .def("metrics_text", &RunResult::metrics_text, py::call_guard<py::gil_scoped_release>())
      // Keeps the GIL: the HDF5 library is not thread-safe, and h5py serialises its own
      // calls to it with the GIL.
      .def("write_hdf5", &RunResult::write_hdf5, py::arg("path"));

  m.def(
      "run",
      [](const scenario::Scenario& s, std::optional<std::uint64_t> seed, bool keep_calls,
         bool keep_events, bool keep_changes, bool allow_large) {
        record::MemorySink::Options keep{keep_calls, keep_events, keep_changes};
        std::unique_ptr<RunResult> r;
        {
          py::gil_scoped_release nogil;
          r = RunResult::run(s, seed, keep, allow_large);
        }
        return r;
      },
      py::arg("scenario"), py::arg("seed") = py::none(), py::arg("keep_calls") = true,
      py::arg("keep_events") = true, py::arg("keep_changes") = true, py::arg("allow_large") = false,
      "Runs a scenario to its duration with the GIL released.");
  m.def("table_names", &table_names, "Names of the tables RunResult.table offers.");
  m.def("op_names", &op_names, "CRI operation names, by models::Op value.");
  m.def("code_names", &code_names, "CRI status code names, by cri::Code value.");
  m.def("event_type_names", &event_type_names, "PLEG event type names, by value.");
}

}  // namespace plegsim::python
