// plegsim's public API: one simulated node. run::Simulation builds a scenario (seed and
// options in run::BuildOptions; run::BuildError when it cannot be built, e.g. an unknown
// kubelet release), takes extra sinks (add_sink), runs to the scenario's duration and
// gives the Summary. A run is a pure function of (scenario, seed). Not thread-safe;
// separate Simulations share nothing, so threads may run one each.
#pragma once

#include "plegsim/observations.h"
#include "plegsim/scenario.h"
#include "plegsim/summary.h"
#include "sim/run/memory_estimate.h"
#include "sim/run/simulation.h"
