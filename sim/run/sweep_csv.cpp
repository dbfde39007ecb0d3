#include "sim/run/sweep_csv.h"

#include <cstdio>

namespace plegsim::run {
namespace {

static_assert(kTripFields[1] == "node_not_ready_transitions", "runs_not_ready reads trips[1]");

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string point_head(const SweepTable& t, std::size_t point) {
  std::string head = std::to_string(point);
  for (const auto& v : t.axis_values[point]) head += "," + csv_quote(v);
  return head;
}

}  // namespace

std::string sweep_csv_header(const SweepTable& t, bool raw) {
  std::string out = "point";
  for (const auto& a : t.axes) out += "," + csv_quote(a);
  if (raw) {
    out += ",replication,seed";
    for (const auto& f : t.fields) out += "," + f;
    return out + "\n";
  }
  out += ",replications,runs_not_ready";
  for (const auto& f : t.fields) {
    for (auto s : kMeanSuffixes) out += "," + f + std::string(s);
  }
  for (auto f : kTripFields) {
    for (auto s : kTripSuffixes) out += "," + std::string(f) + std::string(s);
  }
  return out + "\n";
}

std::string run_csv_prefix(const SweepTable& t, std::size_t point, std::uint64_t replication,
                           std::uint64_t seed) {
  return point_head(t, point) + "," + std::to_string(replication) + "," + std::to_string(seed) +
         ",";
}

std::string run_csv_row(const SweepTable& t, const RunValues& r) {
  std::string out =
      point_head(t, r.point) + "," + std::to_string(r.replication) + "," + std::to_string(r.seed);
  for (const auto& v : r.values) out += "," + (v ? num(*v) : std::string());
  return out + "\n";
}

std::string point_csv_row(const SweepTable& t, const PointRow& p) {
  // runs_not_ready: the runs in which node_not_ready_transitions > 0 (kTripFields[1]).
  std::string out = point_head(t, p.point) + "," + std::to_string(p.replications) + "," +
                    std::to_string(p.trips[1].k);
  for (const auto& e : p.means) {
    out += "," + (e.n ? num(e.mean) : std::string()) + "," +
           (e.n > 1 ? num(e.half_width) : std::string()) + "," + std::to_string(e.n);
  }
  for (const auto& trip : p.trips) {
    out += "," + num(trip.share) + "," + num(trip.lower) + "," + num(trip.upper);
  }
  return out + "\n";
}

std::string sweep_csv(const SweepTable& t, bool raw) {
  std::string out = sweep_csv_header(t, raw);
  if (raw) {
    for (const auto& r : t.runs) out += run_csv_row(t, r);
  } else {
    for (const auto& p : t.points) out += point_csv_row(t, p);
  }
  return out;
}

}  // namespace plegsim::run
