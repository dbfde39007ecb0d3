// A sweep table (sweep_table.h) as an HDF5 file (`plegsim sweep -o X.h5`): a `runs`
// and a `points` table, compound datasets whose columns are sweep_columns.h's (the CSV's
// names and cells; a missing value is NaN, a numeric axis float64, a text axis a UTF-8
// string), and root attributes describing the sweep. Written through an AtomicFile: the
// file appears at its name only when complete. Layout: docs/output.md, "Sweeps".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run/sweep_columns.h"
#include "sim/run/sweep_table.h"

namespace plegsim::run {

// The `format` attribute of a sweep file (a run file's is "plegsim run").
inline constexpr const char* kSweepFileFormat = "plegsim sweep";
inline constexpr std::int64_t kSweepFileFormatVersion = 1;

// What the table does not say about the sweep.
struct SweepFileInfo {
  std::string scenario_name;
  std::uint64_t seed = 0;   // the scenario's; replication r runs with replication_seed
  std::string fingerprint;  // sweep_fingerprint (sweep_journal.h)
};

// Writes `t` to `path` (record::OutputError or record::h5::Hdf5Error on failure; no
// file is left at `path` then).
void write_sweep_hdf5(const std::string& path, const SweepTable& t, const SweepFileInfo& info);

// A file that is missing, not HDF5 or not a sweep file; what() names the path.
struct SweepFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One column as read back: counts (kCount), values (kValue, NaN where missing, also a
// numeric axis) or texts (kText).
struct SweepFileColumn {
  std::string name;
  SweepCell::Kind kind = SweepCell::Kind::kCount;
  std::vector<std::uint64_t> counts;
  std::vector<double> values;
  std::vector<std::string> texts;
};

struct SweepFile {
  std::string plegsim_version;
  std::string scenario_name;
  std::string fingerprint;
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  std::vector<std::string> axes, axis_kinds, fields;  // axis_kinds: "numeric" or "text"
  std::vector<SweepFileColumn> runs, points;          // in the file's column order
  std::size_t run_rows = 0, point_rows = 0;
};

// Whether `path` is an HDF5 file whose root `format` says it is a sweep file.
bool is_sweep_hdf5(const std::string& path);
// Reads a sweep file (SweepFileError naming the path otherwise).
SweepFile read_sweep_hdf5(const std::string& path);

}  // namespace plegsim::run
