// The columns of a sweep table (sweep_table.h), named and filled once for every
// rendering: the CSV (sweep_csv.h) and the HDF5 file (sweep_hdf5.h) both write these
// names and these cells, so they cannot disagree. docs/output.md, "Sweeps".
//   runs   (raw): point, AXIS..., replication, seed, FIELD...
//   points      : point, AXIS..., replications, runs_not_ready,
//                 FIELD_mean, FIELD_ci95, FIELD_n per field,
//                 TRIP_p_gt0, TRIP_p_gt0_lo95, TRIP_p_gt0_hi95 per trip field
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/run/sweep_table.h"

namespace plegsim::run {

// One cell: a count (point, replication, seed, n...), a value (absent: a field with no
// value, a mean over no runs, an interval over one run) or an axis value as written.
struct SweepCell {
  enum class Kind { kCount, kValue, kText };
  Kind kind = Kind::kCount;
  std::uint64_t count = 0;
  std::optional<double> value;
  std::string text;
};

// The column names of the runs table (raw) or of the points table.
std::vector<std::string> sweep_columns(const SweepTable& t, bool raw);

// A row's cells, one per sweep_columns(t, raw) name.
std::vector<SweepCell> run_cells(const SweepTable& t, const RunValues& r);
std::vector<SweepCell> point_cells(const SweepTable& t, const PointRow& p);

// Whether every value of axis `a` (over the table's points) is a number as strtod reads
// it whole: the HDF5 file stores such an axis as float64, any other as text.
bool numeric_axis(const SweepTable& t, std::size_t a);

}  // namespace plegsim::run
