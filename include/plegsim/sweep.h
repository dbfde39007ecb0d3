// plegsim's public API: sweeps. A scenario over the cartesian product of axes
// (run::parse_axis, expand_sweep), replicated with common random numbers
// (replication_seed), run on a thread pool (run_sweep; results do not depend on the
// thread count), summarised as means with 95% confidence half-widths (estimate).
#pragma once

#include "plegsim/scenario.h"
#include "plegsim/summary.h"
#include "sim/run/sweep.h"
