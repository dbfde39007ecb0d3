#include "sim/run/sweep_columns.h"

#include <cerrno>
#include <cstdlib>

namespace plegsim::run {
namespace {

static_assert(kTripFields[1] == "node_not_ready_transitions", "runs_not_ready reads trips[1]");

SweepCell count(std::uint64_t v) {
  return {.kind = SweepCell::Kind::kCount, .count = v, .value = {}, .text = {}};
}
SweepCell value(std::optional<double> v) {
  return {.kind = SweepCell::Kind::kValue, .count = 0, .value = v, .text = {}};
}

std::vector<SweepCell> point_head(const SweepTable& t, std::size_t point) {
  std::vector<SweepCell> cells{count(point)};
  for (const auto& v : t.axis_values[point]) {
    cells.push_back({.kind = SweepCell::Kind::kText, .count = 0, .value = {}, .text = v});
  }
  return cells;
}

}  // namespace

std::vector<std::string> sweep_columns(const SweepTable& t, bool raw) {
  std::vector<std::string> out{"point"};
  out.insert(out.end(), t.axes.begin(), t.axes.end());
  if (raw) {
    out.emplace_back("replication");
    out.emplace_back("seed");
    out.insert(out.end(), t.fields.begin(), t.fields.end());
    return out;
  }
  out.emplace_back("replications");
  out.emplace_back("runs_not_ready");
  for (const auto& f : t.fields) {
    for (auto s : kMeanSuffixes) out.push_back(f + std::string(s));
  }
  for (auto f : kTripFields) {
    for (auto s : kTripSuffixes) out.push_back(std::string(f) + std::string(s));
  }
  return out;
}

std::vector<SweepCell> run_cells(const SweepTable& t, const RunValues& r) {
  auto cells = point_head(t, r.point);
  cells.push_back(count(r.replication));
  cells.push_back(count(r.seed));
  for (const auto& v : r.values) cells.push_back(value(v));
  return cells;
}

std::vector<SweepCell> point_cells(const SweepTable& t, const PointRow& p) {
  auto cells = point_head(t, p.point);
  cells.push_back(count(p.replications));
  // runs_not_ready: the runs in which node_not_ready_transitions > 0 (kTripFields[1]).
  cells.push_back(count(p.trips[1].k));
  for (const auto& e : p.means) {
    cells.push_back(value(e.n ? std::optional(e.mean) : std::nullopt));
    cells.push_back(value(e.n > 1 ? std::optional(e.half_width) : std::nullopt));
    cells.push_back(count(e.n));
  }
  for (const auto& trip : p.trips) {
    cells.push_back(value(trip.share));
    cells.push_back(value(trip.lower));
    cells.push_back(value(trip.upper));
  }
  return cells;
}

bool numeric_axis(const SweepTable& t, std::size_t a) {
  for (const auto& values : t.axis_values) {
    const std::string& v = values[a];
    char* end = nullptr;
    errno = 0;
    std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || errno == ERANGE) return false;
  }
  return true;
}

}  // namespace plegsim::run
