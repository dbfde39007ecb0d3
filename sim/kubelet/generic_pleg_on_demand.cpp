// GenericPleg's on-demand per-pod relist (1.36+, the PLEGOnDemandRelist gate): the loop
// that serves RequestRelist between global relists, and relistPod. The rest of
// generic.go's order is in generic_pleg.cpp.
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/generic_pleg_stats.h"

namespace plegsim::kubelet {

core::Task<void> GenericPleg::on_demand_loop(std::uint64_t epoch) {
  // The global timer starts at 0 (#137778), and is reset after each Relist() returns.
  Time next_global = k_.now();
  while (running_ && epoch == epoch_) {
    if (k_.now() >= next_global) {
      last_global_relist_ = k_.now();
      co_await relist();
      next_global = k_.now() + loop_period_;
      continue;
    }
    auto req = co_await relist_requests_.receive_until(next_global);
    if (!req || !running_ || epoch != epoch_) continue;
    // Served already if a global relist started after the request was made.
    if (last_global_relist_ && req->at <= *last_global_relist_) continue;
    co_await relist_pod(req->uid);
  }
}

void GenericPleg::request_relist(PodUid uid) {
  if (!cfg_.on_demand_relist || killed_) return;
  if (!relist_requests_.try_send({uid, k_.now()})) ++requests_dropped_;
}

core::Task<void> GenericPleg::relist_pod(PodUid uid) {
  co_await relist_lock_.lock();
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
  }
  relist_lock_.unlock();
}

}  // namespace plegsim::kubelet
