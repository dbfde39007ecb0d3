#include "sim/regress/compare_sweep_file.h"

#include <charconv>
#include <cmath>
#include <map>

#include "sim/record/summary_schema.h"
#include "sim/run/sweep_hdf5.h"

namespace plegsim::regress {
namespace {

const run::SweepFileColumn& column(const run::SweepFile& f, const std::string& path,
                                   const std::string& name) {
  for (const auto& c : f.runs) {
    if (c.name == name) return c;
  }
  throw CompareInputError(path + ": runs table: no column " + name);
}

// An axis value as text: a numeric axis's shortest round-trip form ("100", "0.1"), so
// points match however the file stored them.
std::string axis_text(const run::SweepFileColumn& c, std::size_t row) {
  if (c.kind == run::SweepCell::Kind::kText) return c.texts[row];
  if (c.kind == run::SweepCell::Kind::kCount) return std::to_string(c.counts[row]);
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, c.values[row]);
  return std::string(buf, r.ptr);
}

}  // namespace

CompareInput read_sweep_file_input(const std::string& path) {
  run::SweepFile f;
  try {
    f = run::read_sweep_hdf5(path);
  } catch (const run::SweepFileError& e) {
    throw CompareInputError(e.what());
  }
  CompareInput in;
  in.path = path;
  in.kind = CompareInputKind::kSweepFile;
  in.axes = f.axes;
  std::vector<const run::SweepFileColumn*> axes, fields;
  for (const auto& a : f.axes) axes.push_back(&column(f, path, a));
  for (const auto& name : f.fields) {
    const auto& c = column(f, path, name);
    if (c.kind != run::SweepCell::Kind::kValue) {
      throw CompareInputError(path + ": runs table: column " + name + " is not float64");
    }
    auto canonical = record::canonical_numeric_field(name);
    in.fields.push_back(canonical ? *canonical : name);
    fields.push_back(&c);
  }
  // Runs gather per point (its axis values) before their moments are taken.
  std::map<std::vector<std::string>, std::size_t> index;
  std::vector<std::vector<std::vector<double>>> values;  // point -> field -> values
  for (std::size_t row = 0; row < f.run_rows; ++row) {
    std::vector<std::string> key;
    for (const auto* a : axes) key.push_back(axis_text(*a, row));
    auto [it, added] = index.emplace(key, in.points.size());
    if (added) {
      in.points.push_back({key, {}});
      values.emplace_back(fields.size());
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      double v = fields[i]->values[row];
      if (!std::isnan(v)) values[it->second][i].push_back(v);  // NaN: no value
    }
  }
  for (std::size_t p = 0; p < in.points.size(); ++p) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      in.points[p].fields.emplace_back(in.fields[i], sample_moments(values[p][i]));
      in.max_replications = std::max(in.max_replications, values[p][i].size());
    }
  }
  if (in.points.empty()) throw CompareInputError(path + ": a sweep file without runs");
  return in;
}

}  // namespace plegsim::regress
