// `plegsim compare`'s reading of a sweep HDF5 file (plegsim sweep -o X.h5): its runs
// table, per point and field, as a per-run sweep CSV is read.
#pragma once

#include <string>
#include <vector>

#include "sim/regress/compare_runs.h"

namespace plegsim::regress {

// The mean, sample variance and count of `values` (compare_input.cpp).
FieldSample sample_moments(const std::vector<double>& values);

// Throws CompareInputError naming the file.
CompareInput read_sweep_file_input(const std::string& path);

}  // namespace plegsim::regress
