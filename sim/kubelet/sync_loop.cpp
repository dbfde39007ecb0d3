#include "sim/kubelet/sync_loop.h"

#include <algorithm>

namespace plegsim::kubelet {

SyncLoop::SyncLoop(core::Kernel& k, RuntimeState& state, EventChannel& ch, const Profile& profile,
                   Duration event_handling_time, std::vector<models::Fault> consumer_stalls)
    : k_(k),
      state_(state),
      ch_(ch),
      profile_(profile),
      handling_time_(event_handling_time),
      stalls_(std::move(consumer_stalls)) {}

std::optional<Time> SyncLoop::stalled_until(Time t) const {
  std::optional<Time> until;
  for (const auto& f : stalls_) {
    if (f.active_at(t)) until = until ? std::max(*until, f.until) : f.until;
  }
  return until;
}

core::Task<void> SyncLoop::run() {
  Duration backoff = profile_.sync_backoff_base;
  Time next_tick = k_.now() + profile_.sync_period;
  while (!stopped_) {
    if (state_.has_errors()) {
      // "skipping pod synchronization": PLEG events, config and housekeeping wait.
      ++skipped_;
      co_await k_.sleep(backoff);
      backoff = std::min(profile_.sync_backoff_max, backoff * 2);
      continue;
    }
    backoff = profile_.sync_backoff_base;
    // syncLoopIteration: one PLEG event, or the sync ticker.
    if (next_tick <= k_.now()) {
      // A tick is already pending: Go's ticker keeps one and drops the rest.
      while (next_tick <= k_.now()) next_tick = next_tick + profile_.sync_period;
      continue;
    }
    // Sync ticks only re-check runtimeErrors(); skip those at which it provably still
    // holds (the first tick at or after quiet_until() is the next that could differ).
    Time quiet = state_.quiet_until();
    if (!every_tick_ && quiet > next_tick) {
      std::int64_t period = profile_.sync_period.ns;
      std::int64_t steps = ((quiet - next_tick).ns + period - 1) / period;
      next_tick = next_tick + Duration{steps * period};
    }
    auto event = co_await ch_.receive_until(next_tick);
    if (!event) continue;  // sync tick
    if (auto until = stalled_until(k_.now())) {
      if (*until == Time::never()) co_return;  // blocked for good
      co_await k_.sleep_until(*until);
    }
    if (stopped_) co_return;
    if (handling_time_.ns > 0) co_await k_.sleep(handling_time_);
    ++handled_;
    // isSyncPodWorthy: every event but ContainerRemoved dispatches the pod's worker.
    if (event->type != EventType::kContainerRemoved &&
        ((rt_ != nullptr && !pod_worker_ops_.empty()) || on_pod_synced_)) {
      k_.spawn(pod_worker(event->id));
    }
    // cleanUpContainersInPod: only when the cache holds the pod without an error
    // (podCache.Get returns the status' error).
    if (event->type == EventType::kContainerDied && deletor_ != nullptr) {
      const PodCache::Entry* e = cache_->get(event->id);
      if (e != nullptr && !e->has_error) deletor_->delete_containers_in_pod(event->data, e->status);
    }
  }
}

core::Task<void> SyncLoop::pod_worker(PodUid uid) {
  if (rt_ != nullptr) {
    for (models::Op op : pod_worker_ops_) co_await rt_->invoke(op);
  }
  if (on_pod_synced_) on_pod_synced_(uid);
}

core::Task<void> NodeStatus::run() {
  while (!stopped_) {
    sync_node_status();
    co_await k_.sleep(frequency_);
  }
}

void NodeStatus::sync_node_status() {
  // has_errors() is runtime_errors() non-empty, without building the messages.
  bool ready = !state_.has_errors();
  if (known_ && ready == ready_) return;
  auto errs = state_.runtime_errors();
  bool startup = !known_;
  known_ = true;
  ready_ = ready;
  std::string message = "kubelet is posting ready status";
  if (!ready) {
    message.clear();
    for (std::size_t i = 0; i < errs.size(); ++i) message += (i ? "," : "") + errs[i];
  }
  rec_.emit(NodeReadyChanged{k_.now(), ready, message, startup});
}

}  // namespace plegsim::kubelet
