// plegsim limit --by: one limit search per combination of the --by axes, and the table
// of their limits.
#include "sim/limit/table.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sim/record/json_text.h"

namespace plegsim::limit {
namespace {

std::string value_of(const std::string& override_text) {
  return override_text.substr(override_text.find('=') + 1);
}

// The limit as the table shows it: "535", "< 10" (below the range), ">= 1000".
std::string limit_cell(const LimitResult& r) {
  const auto& a = r.axis;
  switch (r.censored) {
    case Censored::kBelow:
      return "< " + axis_value(a, a.lo);
    case Censored::kAbove:
      return ">= " + axis_value(a, a.hi);
    case Censored::kNone:
      return axis_value(a, *r.pass);
  }
  return "?";
}

std::string interval_cell(const LimitResult& r) {
  const auto& a = r.axis;
  if (r.censored != Censored::kNone) return "-";
  return "[" + axis_value(a, *r.pass) + ", " + axis_value(a, *r.fail) + ")";
}

}  // namespace

std::vector<LimitRow> limit_by(const scenario::Scenario& base,
                               const std::vector<std::string>& overrides,
                               const std::vector<run::SweepAxis>& by, const LimitAxis& axis,
                               const Criterion& criterion, const LimitOptions& options) {
  for (const auto& b : by) {
    if (b.path == axis.path) {
      throw LimitError("--by " + b.path + " is the searched axis; --by takes the other axes");
    }
  }
  // Every combination loads before any search runs (a bad value costs no simulation).
  auto points = run::expand_sweep(base, overrides, by);
  std::vector<LimitRow> rows;
  for (const auto& p : points) {
    if (options.stop != nullptr && options.stop->load()) break;
    std::vector<std::string> all = overrides;
    all.insert(all.end(), p.overrides.begin(), p.overrides.end());
    auto start = std::chrono::steady_clock::now();
    LimitResult r = limit_search(base, all, axis, criterion, options);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rows.push_back({p.overrides, std::move(r), wall});
  }
  return rows;
}

std::string limit_table_text(const std::vector<run::SweepAxis>& by,
                             const std::vector<LimitRow>& rows) {
  std::vector<std::string> head;
  for (const auto& b : by) head.push_back(b.path);
  for (const char* h : {"limit", "interval", "runs", "probes"}) head.emplace_back(h);
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> c;
    for (const auto& o : row.by) c.push_back(value_of(o));
    c.push_back(limit_cell(row.result));
    c.push_back(interval_cell(row.result));
    c.push_back(std::to_string(row.result.runs));
    c.push_back(std::to_string(row.result.probes.size()));
    cells.push_back(std::move(c));
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t i = 0; i < head.size(); ++i) {
    width[i] = head[i].size();
    for (const auto& c : cells) width[i] = std::max(width[i], c[i].size());
  }
  auto line = [&](const std::vector<std::string>& c) {
    std::string out;
    for (std::size_t i = 0; i < c.size(); ++i) {
      out += c[i] + std::string(width[i] - c[i].size() + (i + 1 < c.size() ? 2 : 0), ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out;
  if (!rows.empty()) {
    const auto& r = rows.front().result;
    char conf[32];
    std::snprintf(conf, sizeof conf, "%g", 100 * r.confidence);
    out += "plegsim limit: the largest " + r.axis.path + " in [" + axis_value(r.axis, r.axis.lo) +
           ", " + axis_value(r.axis, r.axis.hi) + "] where " + r.criterion.text + " at " + conf +
           " % confidence, per combination of --by\n";
    out += "assumes the criterion only gets worse as " + r.axis.path +
           " grows; undecided values count as failing; interval: [last pass, first fail)\n\n";
  }
  out += line(head);
  std::size_t runs = 0;
  bool stopped = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += line(cells[i]);
    runs += rows[i].result.runs;
    stopped = stopped || rows[i].result.stopped;
  }
  if (stopped) out += "interrupted: the searches stopped before they finished\n";
  out += "runs: " + std::to_string(runs) + "\n";
  return out;
}

std::string limit_table_json(const std::vector<run::SweepAxis>& by,
                             const std::vector<LimitRow>& rows, double wall_seconds) {
  std::string out = "{\n  \"by\": [";
  for (std::size_t i = 0; i < by.size(); ++i) {
    out += std::string(i ? ", " : "") + record::json_quoted(by[i].path);
  }
  out += "],\n  \"rows\": [";
  std::size_t runs = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += std::string(i ? "," : "") + "\n    {\"by\": {";
    for (std::size_t j = 0; j < rows[i].by.size(); ++j) {
      out += std::string(j ? ", " : "") + record::json_quoted(by[j].path) + ": " +
             record::json_quoted(value_of(rows[i].by[j]));
    }
    out +=
        "},\n     \"result\": " + limit_json_object(rows[i].result, rows[i].wall_seconds, "     ") +
        "}";
    runs += rows[i].result.runs;
  }
  char wall[64];
  std::snprintf(wall, sizeof wall, "%.6g", wall_seconds);
  out += "\n  ],\n  \"runs\": " + std::to_string(runs) + ",\n  \"wall_seconds\": " + wall + "\n}\n";
  return out;
}

}  // namespace plegsim::limit
