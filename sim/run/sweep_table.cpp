#include "sim/run/sweep_table.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace plegsim::run {

std::vector<const record::SummaryField*> resolve_fields(const std::vector<std::string>& fields) {
  std::vector<const record::SummaryField*> schema;
  for (const auto& f : fields) {
    auto canonical = record::canonical_numeric_field(f);
    if (!canonical) {
      throw std::invalid_argument("unknown summary field \"" + f +
                                  "\"; valid fields: " + record::numeric_field_list());
    }
    schema.push_back(record::find_summary_field(*canonical));
  }
  return schema;
}

RunValues run_values(const SweepRun& run, const std::vector<const record::SummaryField*>& schema) {
  RunValues v;
  v.point = run.point;
  v.replication = run.replication;
  v.seed = run.seed;
  v.values.reserve(schema.size());
  for (const auto* f : schema) v.values.push_back(record::numeric_value(*f, run.summary));
  for (std::size_t t = 0; t < kTripFields.size(); ++t) {
    const auto* f = record::find_summary_field(kTripFields[t]);
    v.tripped[t] = record::numeric_value(*f, run.summary).value_or(0) > 0;
  }
  return v;
}

PointRow point_row(std::size_t point, const std::vector<RunValues>& runs,
                   const std::vector<const record::SummaryField*>& schema) {
  PointRow row;
  row.point = point;
  row.replications = runs.size();
  std::vector<double> vals;
  for (std::size_t f = 0; f < schema.size(); ++f) {
    vals.clear();
    for (const auto& r : runs) {
      if (r.values[f]) vals.push_back(*r.values[f]);
    }
    row.means.push_back(estimate(vals));
  }
  for (std::size_t t = 0; t < kTripFields.size(); ++t) {
    std::size_t k = 0;
    for (const auto& r : runs) k += r.tripped[t] ? 1 : 0;
    row.trips.push_back(core::wilson_interval(k, runs.size(), 0.95));
  }
  return row;
}

SweepTable sweep_table_from_values(const std::vector<SweepAxis>& axes,
                                   const std::vector<SweepPoint>& points,
                                   std::vector<RunValues> values, std::uint64_t replications,
                                   const std::vector<std::string>& fields) {
  auto schema = resolve_fields(fields);
  SweepTable t;
  for (const auto& a : axes) t.axes.push_back(a.path);
  for (const auto& p : points) {
    std::vector<std::string> point_values;
    for (const auto& o : p.overrides) point_values.push_back(o.substr(o.find('=') + 1));
    t.axis_values.push_back(std::move(point_values));
  }
  for (const auto* f : schema) t.fields.emplace_back(f->name);
  t.replications = replications;
  auto key = [](const RunValues& v) { return std::pair(v.point, v.replication); };
  std::sort(values.begin(), values.end(),
            [&](const RunValues& a, const RunValues& b) { return key(a) < key(b); });
  for (std::size_t i = 0; i < values.size(); ++i) {
    const RunValues& v = values[i];
    if (v.point >= points.size() || v.replication >= replications ||
        v.values.size() != schema.size() || (i > 0 && key(values[i - 1]) == key(v))) {
      throw std::invalid_argument("sweep_table_from_values: run (point " + std::to_string(v.point) +
                                  ", replication " + std::to_string(v.replication) +
                                  ") is outside the sweep, has the wrong number of values or "
                                  "is given twice");
    }
  }
  std::vector<RunValues> point_runs;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t end = i;
    while (end < values.size() && values[end].point == values[i].point) ++end;
    point_runs.assign(values.begin() + static_cast<std::ptrdiff_t>(i),
                      values.begin() + static_cast<std::ptrdiff_t>(end));
    if (point_runs.size() == replications) {
      t.points.push_back(point_row(values[i].point, point_runs, schema));
    }
    i = end;
  }
  t.runs = std::move(values);
  return t;
}

SweepTable sweep_table(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                       const std::vector<SweepRun>& runs, std::uint64_t replications,
                       const std::vector<std::string>& fields) {
  auto schema = resolve_fields(fields);
  std::vector<RunValues> values;
  for (const auto& p : points) {
    for (std::uint64_t r = 0; r < replications; ++r) {
      std::size_t i = p.index * replications + r;
      if (i < runs.size() && runs[i].done) values.push_back(run_values(runs[i], schema));
    }
  }
  return sweep_table_from_values(axes, points, std::move(values), replications, fields);
}

}  // namespace plegsim::run
