// GenericPleg's on-demand per-pod relist (1.36+, the PLEGOnDemandRelist gate): the
// worker loop that serves RequestRelist between global relists, relistPod, and
// RequestReinspect. The rest of generic.go's order is in generic_pleg.cpp.
#include <stdexcept>

#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/generic_pleg_stats.h"

namespace plegsim::kubelet {

core::Task<void> GenericPleg::on_demand_loop(std::uint64_t epoch) {
  // (Not `while (co_await ...)`: GCC 12 miscompiles a co_await in a loop condition.)
  for (;;) {
    const bool more = co_await worker_loop_iteration(epoch);
    if (!more) break;
  }
}

core::Task<bool> GenericPleg::worker_loop_iteration(std::uint64_t epoch) {
  auto stopped = [this, epoch] { return epoch != 0 && (!running_ || epoch != epoch_); };
  // First priority: the stop; second: a due global relist, before any queued request.
  if (stopped()) co_return false;
  auto global_relist = [this]() -> core::Task<void> {
    co_await relist();
    // Reset(RelistPeriod), after Relist() returned.
    global_relist_due_ = k_.now() + loop_period_;
  };
  if (global_relist_due_ && k_.now() >= *global_relist_due_) {
    co_await global_relist();
    co_return true;
  }
  // Then whichever comes first: the timer or a request.
  std::optional<RelistRequest> req;
  if (global_relist_due_) {
    req = co_await relist_requests_.receive_until(*global_relist_due_);
  } else {
    req = co_await relist_requests_.receive();
  }
  if (stopped()) co_return false;
  if (!req) {
    co_await global_relist();
    co_return true;
  }
  // req.timestamp.After(getRelistTime()): a request made before the last successful
  // global relist started was served by it. A failed GetPods sets no relist time.
  if (!relist_time_ || req->at > *relist_time_) {
    co_await relist_pod(req->uid);
  } else {
    ++stale_requests_;
  }
  co_return true;
}

void GenericPleg::request_relist(PodUid uid) {
  if (!cfg_.on_demand_relist || killed_) return;
  if (!relist_requests_.try_send({uid, k_.now()})) ++requests_dropped_;
}

void GenericPleg::request_reinspect(PodUid uid) {
  if (!profile_.on_demand_relist_available) {
    throw std::logic_error("RequestReinspect exists from 1.36 on, not in " + profile_.version);
  }
  // podsToReinspect.Store(uid, empty): the pod's record, not a stored pod, is inspected.
  pods_to_reinspect_.emplace(uid, std::nullopt);
}

core::Task<void> GenericPleg::relist_pod(PodUid uid) {
  co_await relist_lock_.lock();
  // pod.Timestamp: when the runtime listed the pod (taken before GetPod's calls, as
  // updateCache's timestamp is taken before its calls).
  const Time listed = k_.now();
  auto pod = co_await rm_.get_pod(uid);
  if (pod.ok() && !killed_) {
    ++pod_relists_;
    pod_records_.set_current_pod(uid, pod.value);
    const PodRecords::Record* r = pod_records_.get(uid);
    std::vector<PodLifecycleEvent> events;
    if (r != nullptr) {
      events = compute_pod_events(r->old ? &*r->old : nullptr, r->current ? &*r->current : nullptr);
    }
    if (compute_on_) {
      // relistPod's own work: one pod converted and compared, no per-relist part.
      std::int64_t records = 0;
      if (pod.value) {
        records =
            static_cast<std::int64_t>(pod.value->containers.size() + pod.value->sandboxes.size());
      }
      co_await spend_compute(
          cfg_.compute.median(Duration{}, 1, records, static_cast<std::int64_t>(events.size())));
    }
    bool reinspect = pods_to_reinspect_.count(uid) > 0;
    if (!events.empty() || reinspect) {
      Stats st;
      Reinspection needs;
      co_await process_pod(uid, std::move(events), needs, st);
      for (auto& [u, p] : needs) pods_to_reinspect_[u] = std::move(p);
    }
    // Not setting the global timestamp: mark the pod observed in case it was not modified.
    cache_.set_observed_time(uid, listed);
  }
  relist_lock_.unlock();
}

}  // namespace plegsim::kubelet
