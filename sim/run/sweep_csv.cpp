#include "sim/run/sweep_csv.h"

#include <cstdio>

#include "sim/run/sweep_columns.h"

namespace plegsim::run {
namespace {

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

std::string csv_row(const std::vector<SweepCell>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const SweepCell& c = cells[i];
    if (i) out += ",";
    switch (c.kind) {
      case SweepCell::Kind::kCount:
        out += std::to_string(c.count);
        break;
      case SweepCell::Kind::kValue:
        if (c.value) out += num(*c.value);
        break;
      case SweepCell::Kind::kText:
        out += csv_quote(c.text);
        break;
    }
  }
  return out + "\n";
}

}  // namespace

std::string sweep_csv_header(const SweepTable& t, bool raw) {
  std::string out;
  for (const auto& c : sweep_columns(t, raw)) out += (out.empty() ? "" : ",") + csv_quote(c);
  return out + "\n";
}

std::string run_csv_prefix(const SweepTable& t, std::size_t point, std::uint64_t replication,
                           std::uint64_t seed) {
  return point_head(t, point) + "," + std::to_string(replication) + "," + std::to_string(seed) +
         ",";
}

std::string run_csv_row(const SweepTable& t, const RunValues& r) {
  return csv_row(run_cells(t, r));
}

std::string point_csv_row(const SweepTable& t, const PointRow& p) {
  return csv_row(point_cells(t, p));
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
