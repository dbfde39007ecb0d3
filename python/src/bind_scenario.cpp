// Scenarios: loading from files, text and the built-in default, YAML out, and the
// translation of loader and build errors into plegsim.ScenarioError / BuildError.
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "plegsim/simulation.h"
#include "plegsim/summary.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

// Raises the exception class `name` of the pure-Python module plegsim.errors.
void raise_python(const char* name, const py::tuple& args) {
  py::object cls = py::module_::import("plegsim.errors").attr(name);
  py::object exc = cls(*args);
  PyErr_SetObject(cls.ptr(), exc.ptr());
}

void translate(std::exception_ptr p) {
  if (!p) return;
  try {
    std::rethrow_exception(p);
  } catch (const scenario::ScenarioError& e) {
    raise_python("ScenarioError",
                 py::make_tuple(e.what(), e.file, e.line, e.column, e.key, e.message));
  } catch (const run::BuildError& e) {
    raise_python("BuildError", py::make_tuple(e.what()));
  } catch (const record::OutputError& e) {
    PyErr_SetString(PyExc_OSError, e.what());
  } catch (const record::RunFileError& e) {
    raise_python("RunFileError", py::make_tuple(e.what()));
  }
}

double seconds(core::Duration d) {
  return d.seconds_f();
}

}  // namespace

void bind_scenario(py::module_& m) {
  py::register_exception_translator(&translate);

  py::class_<scenario::Scenario>(m, "Scenario",
                                 "A loaded, validated scenario with every default filled in.")
      .def_readonly("name", &scenario::Scenario::name)
      .def_property_readonly("duration_s",
                             [](const scenario::Scenario& s) { return seconds(s.duration); })
      .def_property_readonly("warmup_s",
                             [](const scenario::Scenario& s) { return seconds(s.warmup); })
      .def_readonly("seed", &scenario::Scenario::seed)
      .def_property_readonly("kubelet_version",
                             [](const scenario::Scenario& s) { return s.kubelet.version; })
      .def_property_readonly("pods", [](const scenario::Scenario& s) { return s.node.pods; })
      .def_property_readonly("containers_per_pod",
                             [](const scenario::Scenario& s) { return s.node.containers_per_pod; })
      .def_readonly("source_path", &scenario::Scenario::source_path)
      .def_readonly("source_yaml", &scenario::Scenario::source_yaml);

  m.def("load_scenario_file", &scenario::load_scenario_file, py::arg("path"),
        py::arg("overrides") = std::vector<std::string>{},
        "Reads and validates a scenario file, applying `path=value` overrides first.");
  m.def(
      "load_scenario_text",
      [](const std::string& text, const std::string& source_name,
         const std::vector<std::string>& overrides) {
        return scenario::load_scenario_text(text, source_name, overrides);
      },
      py::arg("text"), py::arg("source_name"), py::arg("overrides") = std::vector<std::string>{},
      "Validates scenario YAML text; `source_name` appears in error messages.");
  m.def(
      "load_scenario",
      [](const std::string& path, const std::string& kubelet_config,
         const std::vector<std::string>& overrides) {
        scenario::LoadInputs in;
        in.kubelet_config = kubelet_config;
        in.overrides = overrides;
        return scenario::load_scenario(path, in);
      },
      py::arg("path"), py::arg("kubelet_config"), py::arg("overrides") = std::vector<std::string>{},
      "As `plegsim run --kubelet-config`: the file at `path` (empty: the built-in default) "
      "with a KubeletConfiguration file over its kubelet keys, then the overrides.");
  m.def("load_default_scenario", &scenario::load_default_scenario,
        py::arg("overrides") = std::vector<std::string>{},
        "The built-in default scenario (scenarios/default.yaml).");
  m.def(
      "default_scenario_yaml", [] { return std::string(scenario::default_scenario_yaml()); },
      "The text of the built-in default scenario.");
  m.def("to_yaml", &scenario::to_yaml, py::arg("scenario"),
        "The fully resolved scenario as YAML; loading it gives the same scenario back.");
  m.def(
      "check_buildable", [](const scenario::Scenario& s) { run::check_buildable(s); },
      py::arg("scenario"), "Raises BuildError when the scenario cannot be built.");
  m.def("estimated_peak_bytes", &run::estimated_peak_bytes, py::arg("scenario"),
        "An upper estimate of a run's peak memory; runs above 4 GiB need allow_large.");
  m.def("validate_run_file", &record::validate_run_file, py::arg("path"),
        py::call_guard<py::gil_scoped_release>(),
        "Raises RunFileError unless `path` is a sound run file of this plegsim's format.");
  m.def("summary_field_names", &record::summary_field_names,
        "Scalar summary fields an expect: entry may name.");
  m.def(
      "summary_fields",
      [] {
        py::list out;
        for (const auto& f : record::summary_fields()) {
          py::dict d;
          d["name"] = f.name;
          d["type"] = std::string(record::type_name(f.type));
          d["unit"] = f.unit;
          d["window"] = std::string(record::window_name(f.window));
          d["doc"] = f.doc;
          d["numeric"] = f.numeric();
          out.append(std::move(d));
        }
        return out;
      },
      "The summary's fields in JSON order: dicts of name (`object.member` for a member of "
      "a JSON object), type, unit, window (run, measured or end), doc, numeric.");
  m.def(
      "summary_field_aliases",
      [] {
        py::dict out;
        for (const auto& [old_name, name] : record::summary_field_aliases())
          out[py::str(old_name)] = name;
        return out;
      },
      "Old numeric field names still accepted, with their current names.");
}

}  // namespace plegsim::python
