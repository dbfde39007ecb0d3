#include "models/random_faults.h"

#include <cmath>

namespace plegsim::models {

namespace {
// Pods a draw may pick: [0, pods), or the filter's one pod when it is in that range.
std::int64_t pod_choices(const Fault& f, NodeShape node) {
  if (f.pod) return *f.pod >= 0 && *f.pod < node.pods ? 1 : 0;
  return node.pods > 0 ? node.pods : 0;
}
std::int64_t slot_choices(const Fault& f, NodeShape node) {
  if (f.container) return *f.container >= 0 && *f.container < node.containers_per_pod ? 1 : 0;
  return node.containers_per_pod > 0 ? node.containers_per_pod : 0;
}
std::int64_t op_choices(const RandomFault& r) {
  return r.ops.empty() ? kOpCount : static_cast<std::int64_t>(r.ops.size());
}
}  // namespace

std::int64_t target_space_size(const Fault& f, NodeShape node) {
  if (!f.random) return 1;
  switch (f.random->target) {
    case FaultTarget::kNode:
      return 1;
    case FaultTarget::kPod:
      return pod_choices(f, node);
    case FaultTarget::kContainer:
      return pod_choices(f, node) * slot_choices(f, node);
    case FaultTarget::kOp:
      return op_choices(*f.random);
  }
  return 0;
}

void append_random_windows(const Fault& f, NodeShape node, core::Duration horizon,
                           core::RngStream& rng, std::size_t max_windows, std::vector<Fault>& out) {
  if (!f.random || f.random->rate.zero() || target_space_size(f, node) <= 0) return;
  const RandomFault& r = *f.random;
  const double mean_gap_ns = 1e9 / r.rate.per_second();
  const core::Time end = core::Time{} + horizon;
  Fault w = f;
  w.random.reset();
  double t = 0;  // arrival times accumulate in double ns, rounded per window
  for (std::size_t n = 0; n <= max_windows; ++n) {
    t += -std::log(1.0 - rng.uniform01()) * mean_gap_ns;
    if (!(t < static_cast<double>(end.ns))) break;
    w.from = core::Time{static_cast<std::int64_t>(t)};
    w.until = w.from + sample_dwell(r.length, rng);
    switch (r.target) {
      case FaultTarget::kNode:
        break;
      case FaultTarget::kPod:
        if (!f.pod) w.pod = static_cast<int>(rng.below(static_cast<std::uint64_t>(node.pods)));
        break;
      case FaultTarget::kContainer:
        if (!f.pod) w.pod = static_cast<int>(rng.below(static_cast<std::uint64_t>(node.pods)));
        if (!f.container) {
          w.container =
              static_cast<int>(rng.below(static_cast<std::uint64_t>(node.containers_per_pod)));
        }
        break;
      case FaultTarget::kOp: {
        auto i = rng.below(static_cast<std::uint64_t>(op_choices(r)));
        w.op = r.ops.empty() ? static_cast<Op>(i) : r.ops[i];
        break;
      }
    }
    out.push_back(w);
  }
}

}  // namespace plegsim::models
