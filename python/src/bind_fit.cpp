// Fitting a node from kubelet /metrics scrapes (include/plegsim/fit.h, docs/fit.md).
// This file is the only part of the Python package that knows the fit's C++ structs:
// everything crosses into Python as plain dicts and lists under stable names
// (operation, cri, method, family, median_s, sigma, max_error, calls, ...), which
// python/plegsim/fitting.py turns into DataFrames, plus the opaque KubeletScrape and
// LatencyFit. A change to sim/fit/ changes this file only. Errors become
// plegsim.ScrapeError with the file, line and column of the input.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/fit.h"
#include "plegsim/observations.h"
#include "plegsim/scenario.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

// The whole KubeletScrape, opaque to Python but for to_dict(): fit() takes these back.
struct ScrapeHandle {
  fit::KubeletScrape scrape;
};

// Raises plegsim.errors.ScrapeError(text, file, line, column, message). The reader's
// messages are "source:line[:column]: what" or "source: what"; `source` is known here, so
// the location is split off exactly even when the path holds colons.
[[noreturn]] void raise_scrape_error(const fit::ScrapeError& e, const std::string& source) {
  std::string text = e.what();
  std::string file, message = text;
  long line = 0, column = 0;
  if (!source.empty() && text.starts_with(source + ":")) {
    file = source;
    const char* p = text.c_str() + source.size() + 1;
    char* end = nullptr;
    long n = std::strtol(p, &end, 10);
    if (end != p && *end == ':') {
      line = n;
      p = end + 1;
      n = std::strtol(p, &end, 10);
      if (end != p && *end == ':') {
        column = n;
        p = end + 1;
      }
    }
    while (*p == ' ') ++p;
    message = p;
  }
  py::object cls = py::module_::import("plegsim.errors").attr("ScrapeError");
  PyErr_SetObject(cls.ptr(), cls(text, file, line, column, message).ptr());
  throw py::error_already_set();
}

template <class F>
auto scrape_call(const std::string& source, F&& f) {
  try {
    return f();
  } catch (const fit::ScrapeError& e) {
    raise_scrape_error(e, source);
  }
}

py::object opt(const std::optional<double>& v) {
  return v ? py::cast(*v) : py::none();
}

py::dict latency_dict(const fit::Latency& l) {
  py::dict d;
  d["form"] = l.histogram ? "histogram" : "summary";
  d["family"] = l.family;
  d["quantiles"] = l.quantiles;  // [(q, seconds)]
  d["buckets"] = l.buckets;      // [(le seconds, cumulative count)]
  d["sum_s"] = opt(l.sum_seconds);
  d["count"] = opt(l.count);
  return d;
}

py::dict scrape_dict(const fit::KubeletScrape& s) {
  py::dict ops;
  for (const auto& [name, l] : s.ops) ops[py::str(name)] = latency_dict(l);
  py::dict d;
  d["source"] = s.source;
  d["ops"] = ops;
  d["calls"] = s.calls;
  d["errors"] = s.errors;
  d["running_pods"] = opt(s.running_pods);
  d["running_containers"] = opt(s.running_containers);
  d["relist"] = s.relist ? py::object(latency_dict(*s.relist)) : py::none();
  d["interval"] = s.interval ? py::object(latency_dict(*s.interval)) : py::none();
  d["difference"] = s.difference;
  return d;
}

py::dict op_dict(const fit::OpFit& op) {
  const fit::LatencyFit& f = op.latency;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const bool mixture = f.family == fit::Family::kMixture;
  py::list checks;
  for (const auto& c : f.checks) checks.append(py::make_tuple(c.q, c.observed, c.fitted));
  py::dict d;
  d["operation"] = op.metric;
  d["cri"] = op.cri;
  d["method"] = f.method;
  d["family"] = fit::family_name(f.family);
  d["median_s"] = f.median;
  d["sigma"] = f.sigma_known ? f.sigma : nan;
  d["tail_probability"] = mixture ? f.tail_probability : nan;
  d["tail_factor"] = mixture ? f.tail_factor : nan;
  d["max_error"] = f.checks.empty() ? nan : f.max_error;
  d["goodness"] = f.method.starts_with("bucket") ? "max |CDF difference|" : "max relative error";
  d["calls"] = f.observations;
  d["base_s"] = op.per_returned ? op.per_returned->base : f.median;
  d["per_returned_s"] = op.per_returned ? op.per_returned->per : nan;
  d["source"] = op.source;
  d["choice"] = f.choice;
  d["note"] = op.note;
  d["checks"] = checks;   // [(quantile or le seconds, observed, fitted)]
  d["distribution"] = f;  // the fitted distribution: cdf, quantile, mean
  return d;
}

py::dict background_dict(const fit::BackgroundFit& b) {
  py::dict d;
  d["cri"] = b.cri;
  d["calls_per_relist"] = b.calls_per_relist;
  d["interval_s"] = b.interval_seconds;
  d["every_s"] = opt(b.every_seconds);
  d["note"] = b.note;
  return d;
}

py::object churn_dict(const std::optional<fit::ChurnFit>& c) {
  if (!c) return py::none();
  py::dict d;
  d["seconds"] = c->seconds;
  d["pod_create_per_hour"] = c->pod_create_per_hour;
  d["pod_delete_per_hour"] = c->pod_delete_per_hour;
  d["crash_per_container_hour"] = c->crash_per_container_hour;
  d["note"] = c->note;
  return d;
}

py::dict fit_scrapes(const std::vector<const ScrapeHandle*>& handles,
                     const std::vector<double>& pods, const std::optional<std::string>& profile) {
  fit::FitOptions o;
  o.pods = pods;
  if (profile) o.profile = *profile;  // else the command's default
  // An unknown profile raises ScenarioError here rather than from a later load.
  (void)scenario::load_scenario_text("runtime: {profile: " + o.profile + "}\n", "profile");
  std::vector<fit::KubeletScrape> scrapes;
  std::vector<std::string> sources;
  for (const ScrapeHandle* h : handles) {
    scrapes.push_back(h->scrape);
    sources.push_back(h->scrape.source);
  }
  fit::NodeFit f = scrape_call("", [&] { return fit::fit_node(scrapes, o); });
  py::list ops, background;
  for (const auto& op : f.ops) ops.append(op_dict(op));
  for (const auto& b : f.background) background.append(background_dict(b));
  py::dict d;
  d["operations"] = ops;
  d["background"] = background;
  d["churn"] = churn_dict(f.churn);
  d["not_inferred"] = f.not_inferred;
  d["pods"] = f.pods;
  d["profile"] = f.profile;
  d["report"] = fit::format_report(f);
  d["runtime_yaml"] = fit::format_runtime_yaml(f, sources);
  return d;
}

}  // namespace

void bind_fit(py::module_& m) {
  py::class_<ScrapeHandle>(m, "KubeletScrape",
                           "What a fit reads from one kubelet scrape (wrapped by plegsim.Scrape).")
      .def_property_readonly("source", [](const ScrapeHandle& h) { return h.scrape.source; })
      .def(
          "to_dict", [](const ScrapeHandle& h) { return scrape_dict(h.scrape); },
          "Per-operation latencies, counters, gauges and the relist, in seconds.");

  py::class_<fit::LatencyFit>(m, "LatencyFit", "One operation's fitted distribution (seconds).")
      .def(
          "cdf",
          [](const fit::LatencyFit& f, const std::vector<double>& x) {
            std::vector<double> out;
            for (double v : x) out.push_back(f.cdf(v));
            return out;
          },
          py::arg("seconds"))
      .def(
          "quantile",
          [](const fit::LatencyFit& f, const std::vector<double>& q) {
            std::vector<double> out;
            for (double v : q) {
              if (!(v > 0 && v < 1)) throw py::value_error("quantile: each q must be in (0, 1)");
              out.push_back(f.quantile(v));
            }
            return out;
          },
          py::arg("q"))
      .def("mean", &fit::LatencyFit::mean);

  m.def(
      "scrape_difference",
      [](const ScrapeHandle& earlier, const ScrapeHandle& later) {
        return scrape_call(
            "", [&] { return ScrapeHandle{fit::scrape_difference(earlier.scrape, later.scrape)}; });
      },
      py::arg("earlier"), py::arg("later"),
      "What happened between two scrapes of one kubelet (plegsim fit --since).");
  m.def(
      "read_scrape",
      [](const std::string& path) {
        return scrape_call(path,
                           [&] { return ScrapeHandle{fit::extract(fit::read_scrape(path))}; });
      },
      py::arg("path"), "Reads a kubelet /metrics scrape file; ScrapeError on bad input.");
  m.def(
      "parse_scrape",
      [](const std::string& text, const std::string& source) {
        return scrape_call(
            source, [&] { return ScrapeHandle{fit::extract(fit::parse_scrape(text, source))}; });
      },
      py::arg("text"), py::arg("source"), "Parses scrape text; `source` names it in errors.");
  m.def(
      "op_metric_names",
      [] {
        std::vector<std::string> out;
        for (const auto& n : models::kOpNames) out.emplace_back(n.metric);
        return out;
      },
      "The kubelet's operation_type label of each CRI operation, in op_names() order.");
  m.def("fit", &fit_scrapes, py::arg("scrapes"), py::arg("pods") = std::vector<double>{},
        py::arg("profile") = py::none(),
        "Fits the node: per-operation latency, list costs, background callers; report and "
        "runtime: YAML.");
}

}  // namespace plegsim::python
