// plegsim's public API: comparing two run files, sweep CSVs or sweep HDF5 files field by field
// (`plegsim compare A B`, docs/output.md, "Comparing runs and sweeps").
#pragma once

#include "sim/regress/compare_runs.h"
