// plegsim's public API: sweeps. A scenario over the cartesian product of axes
// (run::parse_axis, expand_sweep), replicated with common random numbers
// (replication_seed), run on a thread pool (run_sweep; results do not depend on the
// thread count), tabulated (sweep_table: per-run values, per-point means with 95%
// Student t intervals and trip shares with Wilson intervals) and written (sweep_csv, or
// write_sweep_hdf5 with the same columns, sweep_columns; read back by read_sweep_hdf5);
// a sweep written to a file keeps a journal of its finished runs (sweep_journal).
// Runs may also go in batches run anywhere (run_batch, sweep_table_from_values).
#pragma once

#include "plegsim/scenario.h"
#include "plegsim/summary.h"
#include "sim/run/sweep.h"
#include "sim/run/sweep_batch.h"
#include "sim/run/sweep_columns.h"
#include "sim/run/sweep_csv.h"
#include "sim/run/sweep_hdf5.h"
#include "sim/run/sweep_journal.h"
#include "sim/run/sweep_table.h"
