// format_table and format_json (validate.h): one loop over the same rows each.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/core/time.h"
#include "sim/record/json_text.h"
#include "sim/validate/validate.h"

namespace plegsim::validate {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string duration_text(double seconds) {
  return core::format_duration(
      core::Duration{static_cast<std::int64_t>(std::llround(seconds * 1e9))});
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string error_text(const Row& r) {
  auto e = r.error();
  if (!e) return "-";
  if (r.absolute_error()) return fmt("%+.4f abs", *e);
  return fmt("%+.2f %%", *e * 100);
}

std::string json_string(const std::string& s) {
  return record::json_quoted(s);
}

std::string json_number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "null";
  return fmt("%.17g", *v);
}

const char* statistic_name(Statistic s) {
  switch (s) {
    case Statistic::kQuantile:
      return "quantile";
    case Statistic::kBucket:
      return "le";
    case Statistic::kMean:
      return "mean";
    case Statistic::kPerRelist:
      return "per_relist";
  }
  return "";
}

double measured_seconds(const Validation& v) {
  return v.duration_seconds - v.warmup_seconds;
}

// What the observed numbers cover (the table's and the JSON's words).
std::string observed_window(const Comparison& c) {
  std::string counts =
      c.observed_difference ? "the time between the two scrapes" : "the kubelet's whole life";
  if (c.observed_summary)
    return "summary quantiles (kubelet before 1.14): the kubelet's last 10 minutes; means "
           "and counts: " +
           counts;
  return "histograms, means and counts: " + counts;
}

std::string simulated_window(const Validation& v) {
  return std::to_string(v.replications) + " x " + duration_text(measured_seconds(v)) +
         " after warm-up";
}

}  // namespace

std::string format_table(const Validation& v) {
  const Comparison& c = v.comparison;
  std::ostringstream o;
  o << "plegsim validate: observed " << v.scrape << ", simulated " << v.scenario_source << " ("
    << v.scenario_name << ")\n";
  o << "runs: " << v.replications << " replications from seed " << v.seed << ", "
    << duration_text(v.duration_seconds) << " each, pooled after a "
    << duration_text(v.warmup_seconds) << " warm-up: " << c.simulated_relists
    << " relists (observed: " << c.observed_relists << ")\n";
  o << "observed: " << observed_window(c) << "\n";
  o << "simulated: quantiles, means and counts: " << simulated_window(v) << "\n";
  o << "error: simulated / observed - 1; le rows (histogram buckets): simulated - observed "
       "cumulative fraction (abs)\n";
  const std::size_t w_metric = 19, w_op = 22, w_stat = 12, w_unit = 10, w_val = 14;
  o << "\n"
    << pad("metric", w_metric) << pad("operation", w_op) << pad("statistic", w_stat)
    << pad("unit", w_unit) << pad("observed", w_val) << pad("simulated", w_val) << "error\n";
  const Row* prev = nullptr;
  for (const Row& r : c.rows) {
    // A blank line between groups: the relist's metrics, each operation's latency, the
    // calls per relist.
    if (prev && (prev->metric != r.metric ||
                 (r.metric == "operation_latency" && prev->operation != r.operation)))
      o << "\n";
    prev = &r;
    o << pad(r.metric, w_metric) << pad(r.operation.empty() ? "-" : r.operation, w_op)
      << pad(r.label(), w_stat) << pad(r.unit(), w_unit) << pad(fmt("%.6g", r.observed), w_val)
      << pad(r.simulated ? fmt("%.6g", *r.simulated) : "-", w_val) << error_text(r) << "\n";
  }
  bool missing = false;
  for (const Row& r : c.rows) missing = missing || !r.simulated;
  if (missing) o << "\n(simulated -: the scenario made no such call after warm-up)\n";
  if (!c.not_simulated.empty()) {
    o << "\nnot simulated by plegsim (skipped):";
    for (std::size_t i = 0; i < c.not_simulated.size(); ++i)
      o << (i ? ", " : " ") << c.not_simulated[i];
    o << "\n";
  }
  return o.str();
}

std::string format_json(const Validation& v) {
  const Comparison& c = v.comparison;
  std::ostringstream o;
  o << "{\"scrape\":" << json_string(v.scrape) << ",\"scenario\":" << json_string(v.scenario_source)
    << ",\"scenario_name\":" << json_string(v.scenario_name)
    << ",\"replications\":" << v.replications << ",\"first_seed\":" << v.seed
    << ",\"duration_seconds\":" << json_number(v.duration_seconds)
    << ",\"warmup_seconds\":" << json_number(v.warmup_seconds)
    << ",\"observed_relists\":" << c.observed_relists
    << ",\"simulated_relists\":" << c.simulated_relists
    << ",\"observed_window\":" << json_string(observed_window(c))
    << ",\"simulated_window\":" << json_string(simulated_window(v)) << ",\"metrics\":[";
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const Row& r = c.rows[i];
    o << (i ? "," : "") << "{\"metric\":" << json_string(r.metric);
    if (!r.operation.empty()) o << ",\"operation\":" << json_string(r.operation);
    o << ",\"statistic\":" << json_string(statistic_name(r.statistic));
    if (r.statistic == Statistic::kQuantile) o << ",\"quantile\":" << json_number(r.at);
    if (r.statistic == Statistic::kBucket) o << ",\"le\":" << json_number(r.at);
    o << ",\"unit\":" << json_string(r.unit()) << ",\"observed\":" << json_number(r.observed)
      << ",\"simulated\":" << json_number(r.simulated) << ","
      << (r.absolute_error() ? "\"absolute_difference\":" : "\"relative_error\":")
      << json_number(r.error()) << "}";
  }
  o << "],\"not_simulated\":[";
  for (std::size_t i = 0; i < c.not_simulated.size(); ++i)
    o << (i ? "," : "") << json_string(c.not_simulated[i]);
  o << "]}\n";
  return o.str();
}

}  // namespace plegsim::validate
