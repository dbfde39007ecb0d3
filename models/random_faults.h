// Random faults: a fault's Poisson arrivals over a run, each a window of a drawn length
// on a drawn target, expanded once per run into ordinary fault windows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

// Draws random fault `f`'s arrivals in [0, horizon) one at a time, in arrival order: the
// same draws, in the same order, however far ahead it is asked for. Each window copies
// `f`'s filters and fields, with the target filled in.
class RandomArrivals {
 public:
  RandomArrivals(const Fault& f, NodeShape node, core::Duration horizon, core::RngStream rng);
  bool done() const { return done_; }
  // Where the next window starts (when not done).
  core::Time next_from() const { return window_.from; }
  Fault next();
  const core::RngStream& rng() const { return rng_; }

 private:
  void draw_arrival();

  NodeShape node_;
  core::RngStream rng_;
  std::shared_ptr<const RandomFault> random_;
  Fault window_;  // the next window: its `from` drawn, the rest not yet
  bool filter_pod_ = false;
  bool filter_container_ = false;
  double mean_gap_ns_ = 0;
  double end_ns_ = 0;
  double t_ = 0;  // arrival times accumulate in double ns, rounded per window
  bool done_ = true;
};

// Appends the windows of random fault `f`'s arrivals in [0, horizon), in arrival order,
// drawing from `rng`; each window copies `f`'s filters and fields, with the target
// filled in. Stops after max_windows + 1 windows (the caller reports too many).
void append_random_windows(const Fault& f, NodeShape node, core::Duration horizon,
                           core::RngStream& rng, std::size_t max_windows, std::vector<Fault>& out);

}  // namespace plegsim::models
