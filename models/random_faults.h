// Random faults: a fault's Poisson arrivals over a run, each a window of a drawn length
// on a drawn target, expanded once per run into ordinary fault windows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/faults.h"
#include "sim/core/rng.h"

namespace plegsim::models {

// What the targets are drawn from: the node's initial pods and app containers.
struct NodeShape {
  int pods = 0;
  int containers_per_pod = 0;
};

// How many targets `f` (a fault with `random`) can draw from: pods (within its pod
// filter), containers (within its pod and container filters), operations, or 1 for the
// node. 0 means the fault can never fire anywhere.
std::int64_t target_space_size(const Fault& f, NodeShape node);

// Appends the windows of random fault `f`'s arrivals in [0, horizon), in arrival order,
// drawing from `rng`; each window copies `f`'s filters and fields, with the target
// filled in. Stops after max_windows + 1 windows (the caller reports too many).
void append_random_windows(const Fault& f, NodeShape node, core::Duration horizon,
                           core::RngStream& rng, std::size_t max_windows, std::vector<Fault>& out);

}  // namespace plegsim::models
