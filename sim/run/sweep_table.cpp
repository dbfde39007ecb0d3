#include "sim/run/sweep_table.h"

#include <stdexcept>

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

SweepTable sweep_table(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                       const std::vector<SweepRun>& runs, std::uint64_t replications,
                       const std::vector<std::string>& fields) {
  auto schema = resolve_fields(fields);
  SweepTable t;
  for (const auto& a : axes) t.axes.push_back(a.path);
  for (const auto& p : points) {
    std::vector<std::string> values;
    for (const auto& o : p.overrides) values.push_back(o.substr(o.find('=') + 1));
    t.axis_values.push_back(std::move(values));
  }
  for (const auto* f : schema) t.fields.emplace_back(f->name);
  t.replications = replications;
  std::vector<RunValues> point_runs;
  for (const auto& p : points) {
    point_runs.clear();
    for (std::uint64_t r = 0; r < replications; ++r) {
      std::size_t i = p.index * replications + r;
      if (i >= runs.size() || !runs[i].done) continue;
      point_runs.push_back(run_values(runs[i], schema));
    }
    if (point_runs.size() == replications)
      t.points.push_back(point_row(p.index, point_runs, schema));
    t.runs.insert(t.runs.end(), point_runs.begin(), point_runs.end());
  }
  return t;
}

SweepTable sweep_table_of_values(const std::vector<SweepAxis>& axes,
                                 const std::vector<SweepPoint>& points,
                                 const std::vector<RunValues>& runs, std::uint64_t replications,
                                 const std::vector<std::string>& fields) {
  auto schema = resolve_fields(fields);
  if (runs.size() != points.size() * replications) {
    throw std::invalid_argument("sweep_table_of_values: " + std::to_string(runs.size()) +
                                " runs, the sweep has " +
                                std::to_string(points.size() * replications));
  }
  SweepTable t = sweep_table(axes, points, {}, replications, fields);
  t.runs = runs;
  for (const auto& p : points) {
    auto first = runs.begin() + static_cast<std::ptrdiff_t>(p.index * replications);
    std::vector<RunValues> point_runs(first, first + static_cast<std::ptrdiff_t>(replications));
    t.points.push_back(point_row(p.index, point_runs, schema));
  }
  return t;
}

}  // namespace plegsim::run
