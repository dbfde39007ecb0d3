// `plegsim sweep -o FILE` (but --raw to a CSV, which is its own journal: sweep_durable.h):
// each finished run goes to FILE.journal as it finishes (run::journal_row, through a
// DurableCsv), the table is built from the journal's values when every run is done,
// written to FILE atomically (CSV, or HDF5 for .h5/.hdf5), and the journal removed. An
// interrupted sweep leaves the journal; --resume reads it and runs only the rest.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plegsim/sweep.h"
#include "sim/cli/sweep_progress.h"

namespace plegsim::cli {

// Whether -o names an HDF5 sweep file (by its extension, as `run`'s files are HDF5).
bool hdf5_sweep_path(const std::string& path);

struct JournaledSweep {
  std::vector<run::SweepAxis> axes;
  std::vector<run::SweepPoint> points;
  std::uint64_t replications = 0;
  std::vector<std::string> fields;
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::string out_path;
  bool raw = false;
  bool resume = false;
};

// Runs the sweep (`options`, with on_run and first_run set here) and writes its file.
// Returns the exit code: 0, 2 (bad input or output, said on stderr) or `interrupted`.
int run_journaled_sweep(const JournaledSweep& s, run::SweepOptions options, SweepProgress& progress,
                        int interrupted);

}  // namespace plegsim::cli
