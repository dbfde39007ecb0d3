// A sweep table (sweep_table.h) as CSV, with the columns and cells of sweep_columns.h:
// the aggregate table (one row per complete point) or the raw one (one row per finished
// run). docs/output.md, "Sweeps".
#pragma once

#include <cstdint>
#include <string>

#include "sim/run/sweep_table.h"

namespace plegsim::run {

// The header line (with its newline).
std::string sweep_csv_header(const SweepTable& t, bool raw);

// A raw row up to its first field, with the comma after it: what identifies the run
// (`--resume` checks a file's rows by it).
std::string run_csv_prefix(const SweepTable& t, std::size_t point, std::uint64_t replication,
                           std::uint64_t seed);
// A raw row / an aggregate row (with its newline).
std::string run_csv_row(const SweepTable& t, const RunValues& r);
std::string point_csv_row(const SweepTable& t, const PointRow& p);

// The whole table: header, then a row per run (raw) or per complete point.
std::string sweep_csv(const SweepTable& t, bool raw);

}  // namespace plegsim::run
