// Roll-outs: every `every`, a Deployment-style rolling update replaces `fraction` of
// the node's pods. What the node sees of it is pods deleted and pods created through
// the lifecycle calls, paced the way the deployment controller paces them
// (pkg/controller/deployment/rolling.go):
//  - scale up (reconcileNewReplicaSet): new pods while all pods, old and new, counting
//    the ones still starting but not the ones terminating, stay at most desired +
//    maxSurge;
//  - scale down (reconcileOldReplicaSets): old pods while the available ones (running)
//    stay at least desired - maxUnavailable;
//  - maxSurge from a percentage rounds up, maxUnavailable rounds down, and both 0
//    becomes maxUnavailable 1 (ResolveFenceposts in pkg/controller/deployment/util).
// Here "desired" is the live pod count when the round starts, and the percentages are
// of the pods the round replaces (the roll-out's Deployment on this node).
#include <algorithm>
#include <cmath>

#include "sim/workload/churn.h"

namespace plegsim::workload {

core::Task<void> Churn::rollout_loop() {
  const auto& r = spec_.rollout;
  Time next = Time{} + r.start_after;
  while (true) {
    co_await k_.sleep_until(next);
    co_await rollout_round();
    // A round that outlasted `every` takes the rounds it overran with it.
    do {
      next = next + r.every;
    } while (next < k_.now());
  }
}

core::Task<void> Churn::rollout_create() {
  co_await create_pod();
  --rollout_creating_;
  rollout_wake_.notify();
}

core::Task<void> Churn::rollout_round() {
  const auto& r = spec_.rollout;
  const auto desired = static_cast<std::int64_t>(live_.size());
  const auto replace = static_cast<std::int64_t>(std::llround(r.fraction / 100.0 * desired));
  if (replace == 0) co_return;
  auto resolve = [&](double v, bool percent, bool round_up) {
    if (!percent) return static_cast<std::int64_t>(v);
    double x = v / 100.0 * static_cast<double>(replace);
    return static_cast<std::int64_t>(round_up ? std::ceil(x) : std::floor(x));
  };
  std::int64_t surge = resolve(r.surge, r.surge_percent, true);
  std::int64_t unavailable = resolve(r.max_unavailable, r.max_unavailable_percent, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;
  ++rollouts_;
  // The old pods: `replace` distinct live pods, uniformly (a partial Fisher-Yates).
  std::vector<PodUid> old = live_;
  for (std::int64_t j = 0; j < replace; ++j) {
    auto pick = static_cast<std::size_t>(j) + rng_.below(old.size() - static_cast<std::size_t>(j));
    std::swap(old[static_cast<std::size_t>(j)], old[pick]);
  }
  old.resize(static_cast<std::size_t>(replace));
  std::int64_t created = 0;
  std::size_t next_old = 0;
  while (true) {
    bool acted = false;
    auto live = [&] { return static_cast<std::int64_t>(live_.size()); };
    while (created < replace && live() + rollout_creating_ < desired + surge) {
      ++created;
      ++rollout_creating_;
      ++pods_created_;
      acted = true;
      k_.spawn(rollout_create());
    }
    rollout_peak_ = std::max(rollout_peak_, static_cast<std::size_t>(live() + rollout_creating_));
    while (next_old < old.size() && live() - 1 >= desired - unavailable) {
      PodUid uid = old[next_old++];
      if (!state(uid).live) continue;  // the churn deleted it meanwhile
      remove_live(uid);
      ++pods_deleted_;
      acted = true;
      k_.spawn(delete_pod(uid));
    }
    bool done = next_old >= old.size() && created >= replace;
    if (done && rollout_creating_ == 0) break;
    if (acted) continue;                // deletions may have made room for new pods
    if (rollout_creating_ == 0) break;  // stalled: the churn took the pods it needed
    co_await rollout_wake_.until(Time::never());
  }
}

}  // namespace plegsim::workload
