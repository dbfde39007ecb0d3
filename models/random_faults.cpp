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

RandomArrivals::RandomArrivals(const Fault& f, NodeShape node, core::Duration horizon,
                               core::RngStream rng)
    : node_(node), rng_(rng), window_(f) {
  if (!f.random || f.random->rate.zero() || target_space_size(f, node) <= 0) return;
  window_.random.reset();
  random_ = f.random;
  mean_gap_ns_ = 1e9 / f.random->rate.per_second();
  end_ns_ = static_cast<double>((core::Time{} + horizon).ns);
  done_ = false;
  filter_pod_ = f.pod.has_value();
  filter_container_ = f.container.has_value();
  draw_arrival();
}

void RandomArrivals::draw_arrival() {
  t_ += -std::log(1.0 - rng_.uniform01()) * mean_gap_ns_;
  if (!(t_ < end_ns_)) {
    done_ = true;
    return;
  }
  window_.from = core::Time{static_cast<std::int64_t>(t_)};
}

Fault RandomArrivals::next() {
  const RandomFault& r = *random_;
  Fault& w = window_;
  w.until = w.from + sample_dwell(r.length, rng_);
  switch (r.target) {
    case FaultTarget::kNode:
      break;
    case FaultTarget::kPod:
      if (!filter_pod_)
        w.pod = static_cast<int>(rng_.below(static_cast<std::uint64_t>(node_.pods)));
      break;
    case FaultTarget::kContainer:
      if (!filter_pod_)
        w.pod = static_cast<int>(rng_.below(static_cast<std::uint64_t>(node_.pods)));
      if (!filter_container_) {
        w.container =
            static_cast<int>(rng_.below(static_cast<std::uint64_t>(node_.containers_per_pod)));
      }
      break;
    case FaultTarget::kOp: {
      auto i = rng_.below(static_cast<std::uint64_t>(op_choices(r)));
      w.op = r.ops.empty() ? static_cast<Op>(i) : r.ops[i];
      break;
    }
  }
  Fault out = w;
  draw_arrival();
  return out;
}

void append_random_windows(const Fault& f, NodeShape node, core::Duration horizon,
                           core::RngStream& rng, std::size_t max_windows, std::vector<Fault>& out) {
  RandomArrivals arrivals(f, node, horizon, rng);
  for (std::size_t n = 0; n <= max_windows && !arrivals.done(); ++n) out.push_back(arrivals.next());
  rng = arrivals.rng();
}

}  // namespace plegsim::models
