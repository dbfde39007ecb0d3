// plegsim's public API: the limit search (sim/limit/limit.h, docs/limit.md). The largest
// value of one numeric axis at which a criterion on the summary holds, by bisection on
// replicated runs with common random numbers; never extrapolated past [lo, hi]. limit_by
// (sim/limit/table.h) repeats it over other axes and prints a table of limits.
#pragma once

#include "plegsim/scenario.h"
#include "sim/limit/limit.h"
#include "sim/limit/table.h"
