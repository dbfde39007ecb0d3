// plegsim._core.SweepPlan and SweepTable: the C++ sweep (sim/run/sweep*.h) for
// plegsim.sweep. A plan is a sweep expanded and checked before anything runs; it runs
// whole (run: a thread pool, the GIL released, on_run called with the GIL as each run
// finishes) or in batches (run_batch, on a Dask worker say), and a table is built from
// the values batches return (table). A run's values are the tuple
// (point, replication, seed, [field values or None], (tripped per trip field)).
#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/simulation.h"
#include "plegsim/summary.h"
#include "plegsim/sweep.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

using ValuesTuple = std::tuple<std::size_t, std::uint64_t, std::uint64_t,
                               std::vector<std::optional<double>>, std::vector<bool>>;

ValuesTuple to_tuple(const run::RunValues& v) {
  return {v.point, v.replication, v.seed, v.values,
          std::vector<bool>(v.tripped.begin(), v.tripped.end())};
}

run::RunValues from_tuple(const ValuesTuple& t) {
  run::RunValues v;
  v.point = std::get<0>(t);
  v.replication = std::get<1>(t);
  v.seed = std::get<2>(t);
  v.values = std::get<3>(t);
  const auto& tripped = std::get<4>(t);
  if (tripped.size() != v.tripped.size()) {
    throw std::invalid_argument("a run's values need " + std::to_string(v.tripped.size()) +
                                " trip flags");
  }
  std::copy(tripped.begin(), tripped.end(), v.tripped.begin());
  return v;
}

struct Plan {
  scenario::Scenario base;
  std::vector<std::string> overrides;
  run::SweepAxes axes;
  std::vector<run::SweepPoint> points;
  std::uint64_t replications = 0;
  std::vector<std::string> fields;  // canonical
  std::vector<const record::SummaryField*> schema;
  bool allow_large = false;
  std::uint64_t largest_bytes = 0;  // the largest point's memory estimate

  std::uint64_t runs() const { return points.size() * replications; }

  // `threads` runs at once: their memory adds up (as `plegsim sweep` checks).
  void check_memory(unsigned threads) const {
    std::uint64_t at_once = std::min<std::uint64_t>(threads, runs());
    if (!allow_large && largest_bytes * at_once > run::kMemoryBudgetBytes) {
      throw run::BuildError(std::to_string(at_once) + " concurrent runs need about " +
                            std::to_string(largest_bytes * at_once >> 20) + " MiB, over the " +
                            std::to_string(run::kMemoryBudgetBytes >> 20) +
                            " MiB budget; use fewer threads or allow_large=True");
    }
  }
};

std::unique_ptr<Plan> make_plan(
    const scenario::Scenario& s,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& axes,
    const std::vector<std::vector<std::string>>& zip, const std::vector<std::string>& overrides,
    std::optional<std::uint64_t> replications, std::optional<std::vector<std::string>> fields,
    bool scenario_axes, bool allow_large) {
  auto p = std::make_unique<Plan>();
  p->base = s;
  p->overrides = overrides;
  run::SweepAxes given;
  for (const auto& [path, values] : axes) {
    for (const auto& other : given.axes) {
      if (other.path == path) {
        throw std::invalid_argument("axis " + path +
                                    " is given twice; list all its values in one axis");
      }
    }
    given.axes.push_back({path, values});
  }
  given.zip = zip;
  p->axes = scenario_axes ? run::merge_axes(run::axes_from_scenario(s.sweep), given) : given;
  run::check_axes(p->axes);
  p->replications = replications.value_or(
      s.sweep.replications > 0 ? s.sweep.replications : run::kDefaultSweepReplications);
  if (p->replications < 1) throw std::invalid_argument("replications must be at least 1");
  std::vector<std::string> names;
  if (!fields) {
    names.assign(run::kDefaultSweepFields.begin(), run::kDefaultSweepFields.end());
  } else if (fields->size() == 1 && fields->front() == "all") {
    names = record::summary_field_names();
  } else {
    names = *fields;
  }
  p->schema = run::resolve_fields(names);
  for (const auto* f : p->schema) p->fields.emplace_back(f->name);
  p->allow_large = allow_large;
  p->points = run::expand_sweep(s, overrides, p->axes);
  // Every point must build before any run (as `plegsim sweep`).
  for (const auto& pt : p->points) {
    run::check_buildable(pt.scenario, allow_large);
    p->largest_bytes = std::max(p->largest_bytes, run::estimated_peak_bytes(pt.scenario));
  }
  return p;
}

py::list columns(const std::vector<std::pair<std::string, py::list>>& cols) {
  py::list out;
  for (const auto& [name, values] : cols) out.append(py::make_tuple(name, values));
  return out;
}

py::object num_or_none(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}

// One list per column, named as sweep_csv's raw header names them.
py::list run_columns(const run::SweepTable& t) {
  std::vector<std::pair<std::string, py::list>> cols;
  cols.emplace_back("point", py::list());
  for (const auto& a : t.axes) cols.emplace_back(a, py::list());
  cols.emplace_back("replication", py::list());
  cols.emplace_back("seed", py::list());
  for (const auto& f : t.fields) cols.emplace_back(f, py::list());
  for (const auto& r : t.runs) {
    std::size_t c = 0;
    cols[c++].second.append(r.point);
    for (const auto& v : t.axis_values[r.point]) cols[c++].second.append(v);
    cols[c++].second.append(r.replication);
    cols[c++].second.append(r.seed);
    for (const auto& v : r.values) cols[c++].second.append(num_or_none(v));
  }
  return columns(cols);
}

// One list per column, named as sweep_csv's aggregate header names them.
py::list point_columns(const run::SweepTable& t) {
  std::vector<std::pair<std::string, py::list>> cols;
  cols.emplace_back("point", py::list());
  for (const auto& a : t.axes) cols.emplace_back(a, py::list());
  cols.emplace_back("replications", py::list());
  cols.emplace_back("runs_not_ready", py::list());
  for (const auto& f : t.fields) {
    for (auto s : run::kMeanSuffixes) cols.emplace_back(f + std::string(s), py::list());
  }
  for (auto f : run::kTripFields) {
    for (auto s : run::kTripSuffixes)
      cols.emplace_back(std::string(f) + std::string(s), py::list());
  }
  static_assert(run::kTripFields[1] == "node_not_ready_transitions");
  for (const auto& p : t.points) {
    std::size_t c = 0;
    cols[c++].second.append(p.point);
    for (const auto& v : t.axis_values[p.point]) cols[c++].second.append(v);
    cols[c++].second.append(p.replications);
    cols[c++].second.append(p.trips[1].k);
    for (const auto& e : p.means) {
      cols[c++].second.append(num_or_none(e.n ? std::optional(e.mean) : std::nullopt));
      cols[c++].second.append(num_or_none(e.n > 1 ? std::optional(e.half_width) : std::nullopt));
      cols[c++].second.append(e.n);
    }
    for (const auto& trip : p.trips) {
      cols[c++].second.append(trip.share);
      cols[c++].second.append(trip.lower);
      cols[c++].second.append(trip.upper);
    }
  }
  return columns(cols);
}

}  // namespace

void bind_sweep(py::module_& m) {
  m.attr("trip_fields") =
      std::vector<std::string>(run::kTripFields.begin(), run::kTripFields.end());
  m.def(
      "axis_values", [](const std::string& text) { return run::axis_values(text); },
      py::arg("text"), "The values of one axis: a list, from..to:step or log:from..to:count.");
  m.def(
      "parse_axis",
      [](const std::string& text) {
        run::SweepAxis a = run::parse_axis(text);
        return std::make_pair(a.path, a.values);
      },
      py::arg("text"), "\"path=VALUES\" as (path, [values]).");
  m.def("parse_zip", &run::parse_zip, py::arg("text"), "\"a,b\" as [paths].");

  py::class_<run::SweepTable>(m, "SweepTable", "A sweep's per-run and per-point table.")
      .def_property_readonly("fields", [](const run::SweepTable& t) { return t.fields; })
      .def_property_readonly("axes", [](const run::SweepTable& t) { return t.axes; })
      .def_readonly("replications", &run::SweepTable::replications)
      .def("run_columns", &run_columns, "[(name, [values])] of the raw table.")
      .def("point_columns", &point_columns, "[(name, [values])] of the aggregate table.")
      .def(
          "csv", [](const run::SweepTable& t, bool raw) { return run::sweep_csv(t, raw); },
          py::arg("raw"), "The CSV `plegsim sweep [--raw]` writes.");

  py::class_<Plan>(m, "SweepPlan", "A sweep expanded and checked, ready to run.")
      .def(py::init(&make_plan), py::arg("scenario"), py::arg("axes"), py::arg("zip"),
           py::arg("overrides"), py::arg("replications"), py::arg("fields"),
           py::arg("scenario_axes"), py::arg("allow_large"))
      .def_property_readonly("points", [](const Plan& p) { return p.points.size(); })
      .def_readonly("replications", &Plan::replications)
      .def_readonly("fields", &Plan::fields)
      .def_property_readonly("runs", &Plan::runs)
      .def_property_readonly("axes",
                             [](const Plan& p) {
                               std::vector<std::pair<std::string, std::vector<std::string>>> out;
                               for (const auto& a : p.axes.axes) out.emplace_back(a.path, a.values);
                               return out;
                             })
      .def_property_readonly("zip", [](const Plan& p) { return p.axes.zip; })
      .def(
          "axis_values",
          [](const Plan& p, std::size_t point) {
            std::vector<std::string> values;
            for (const auto& o : p.points.at(point).overrides) {
              values.push_back(o.substr(o.find('=') + 1));
            }
            return values;
          },
          py::arg("point"))
      .def(
          "run",
          [](const Plan& p, unsigned threads, const std::function<void(ValuesTuple)>& on_run) {
            p.check_memory(threads);
            // Ctrl-C: Python's handler runs only on the main thread, which is one of the
            // pool's; after each run the GIL is taken briefly to let it run. An
            // interrupt (or an on_run exception) stops the sweep: runs under way finish,
            // no new one starts, and the exception is raised here.
            std::atomic<bool> stop{false};
            std::exception_ptr failure;
            run::SweepOptions o{.threads = threads, .allow_large = p.allow_large, .stop = &stop};
            o.on_run = [&](const run::SweepRun& r, std::size_t) {
              ValuesTuple row = to_tuple(run::run_values(r, p.schema));
              py::gil_scoped_acquire gil;
              if (failure) return;
              try {
                if (PyErr_CheckSignals() != 0) throw py::error_already_set();
                if (on_run) on_run(row);
              } catch (...) {
                failure = std::current_exception();
                stop.store(true);
              }
            };
            std::vector<run::SweepRun> runs;
            {
              py::gil_scoped_release nogil;
              runs = run::run_sweep(p.points, p.replications, o);
            }
            if (failure) std::rethrow_exception(failure);
            std::vector<run::SweepAxis> axes = p.axes.axes;
            return run::sweep_table(axes, p.points, runs, p.replications, p.fields);
          },
          py::arg("threads"), py::arg("on_run"),
          "Every run on `threads` threads with the GIL released; on_run(values) (or None) "
          "with the GIL as each run finishes, one call at a time.")
      .def(
          "run_batch",
          [](const Plan& p, const std::vector<std::pair<std::size_t, std::uint64_t>>& ids,
             unsigned threads) {
            std::vector<run::RunId> runs;
            for (const auto& [point, rep] : ids) {
              if (rep >= p.replications) {
                throw std::invalid_argument("replication " + std::to_string(rep) +
                                            " is outside the sweep's " +
                                            std::to_string(p.replications));
              }
              runs.push_back({point, rep});
            }
            p.check_memory(threads);
            std::vector<run::RunValues> values;
            {
              py::gil_scoped_release nogil;
              values = run::run_batch(p.points, runs, p.schema, threads, p.allow_large);
            }
            std::vector<ValuesTuple> out;
            for (const auto& v : values) out.push_back(to_tuple(v));
            return out;
          },
          py::arg("ids"), py::arg("threads"),
          "The runs [(point, replication)] with the GIL released; their values, in order.")
      .def(
          "table",
          [](const Plan& p, const std::vector<ValuesTuple>& values) {
            std::vector<run::RunValues> v;
            for (const auto& t : values) v.push_back(from_tuple(t));
            return run::sweep_table_from_values(p.axes.axes, p.points, std::move(v), p.replications,
                                                p.fields);
          },
          py::arg("values"), "The table of runs' values gathered from batches, in any order.");
}

}  // namespace plegsim::python
