#include "sim/kubelet/generic_pleg.h"

#include <algorithm>
#include <stdexcept>

#include "sim/core/wait.h"
#include "sim/kubelet/generic_pleg_stats.h"

namespace plegsim::kubelet {

GenericPleg::GenericPleg(core::Kernel& k, RuntimeManager& rm, PodCache& cache, EventChannel& ch,
                         const Profile& profile, Recorder& rec, PlegConfig cfg)
    : k_(k),
      rm_(rm),
      cache_(cache),
      ch_(ch),
      profile_(profile),
      rec_(&rec),
      cfg_(cfg),
      relist_lock_(k),
      relist_requests_(k, 200),
      rng_(cfg.seed, "kubelet.pleg.order"),
      compute_rng_(cfg.seed, "kubelet.compute"),
      compute_on_(!cfg.compute.zero()) {}

void GenericPleg::start() {
  if (running_) return;
  running_ = true;
  loop_period_ = cfg_.relist_period;  // wait.Until captures the period at Start
  ++epoch_;
  // The PLEG is unhealthy until its first successful relist (no relist time yet).
  HealthResult h = healthy();
  set_health(h.ok, h.message);
  if (cfg_.on_demand_relist) {
    // NewTimer(0): the first global relist runs at once.
    global_relist_due_ = k_.now();
    k_.spawn(on_demand_loop(epoch_));
    return;
  }
  // go wait.Until(g.Relist, g.relistDuration.RelistPeriod, g.stopCh)
  const std::uint64_t epoch = epoch_;
  k_.spawn(core::wait::until(
      k_, [this] { return relist(); }, loop_period_,
      [this, epoch] { return !running_ || epoch != epoch_; }));
}

void GenericPleg::stop() {
  running_ = false;
  global_relist_due_.reset();  // globalRelistTimer.Stop()
}

void GenericPleg::kill() {
  stop();
  killed_ = true;
  mute();
}

void GenericPleg::update(Duration relist_period, Duration relist_threshold) {
  cfg_.relist_period = relist_period;
  cfg_.relist_threshold = relist_threshold;
  // A shorter threshold may already be exceeded: re-evaluate now and re-arm.
  HealthResult h = healthy();
  set_health(h.ok, h.message);
  // The armed timer may now be too late: arm a new one; the old one is ignored.
  ++health_timer_epoch_;
  health_timer_armed_ = false;
  arm_health_timer();
}

template <class T>
void GenericPleg::shuffle(std::vector<T>& v) {
  // Go map iteration order is random: a seeded Fisher-Yates over a sorted list keeps
  // the run deterministic and independent of how the list was found.
  for (std::size_t i = v.size(); i > 1; --i) {
    std::size_t j = rng_.below(i);
    std::swap(v[i - 1], v[j]);
  }
}

core::Task<void> GenericPleg::relist() {
  co_await relist_lock_.lock();
  Stats st;
  Time timestamp = k_.now();
  if (relist_time_) st.obs.interval = timestamp - *relist_time_;  // PLEGRelistInterval
  st.obs.start = timestamp;
  in_progress_since_ = timestamp;
  rec_->emit(RelistStarted{timestamp, st.obs.interval});

  // Get all the pods.
  auto pods = co_await rm_.get_pods();
  if (killed_) {  // the kubelet restarted meanwhile: this process is gone
    relist_lock_.unlock();
    co_return;
  }
  st.obs.get_pods = k_.now() - timestamp;
  if (!pods.ok()) {
    // "GenericPLEG: Unable to retrieve pods". Era A stored the time anyway (deferred).
    if (profile_.relist_time_on_failure) update_relist_time(timestamp);
    st.obs.ok = false;
    finish_relist(st);
    co_return;
  }

  update_relist_time(timestamp);
  update_running_pod_and_container_metrics(pods.value, st);
  std::vector<PodUid> candidates = pod_records_.set_current(pods.value);
  if (profile_.watch_conditions) watch_conditions_.cleanup_orphaned(pod_records_);
  if (compute_on_) {
    st.records = static_cast<std::int64_t>(pod_records_.size());
    st.container_records =
        static_cast<std::int64_t>(pods.value.sandbox_count() + pods.value.container_count());
  }
  pods.value.release_history();

  Reinspection needs_reinspection;
  // Most relists find nothing to diff and nothing to reinspect: the per-pod steps
  // would find no events, draw no shuffle and inspect nothing.
  if (!candidates.empty() || !pods_to_reinspect_.empty() || !watch_conditions_.empty()) {
    co_await process_candidates(std::move(candidates), needs_reinspection, st);
  } else if (compute_on_) {
    // The conversion, setCurrent and a computeEvents that finds nothing.
    co_await spend_compute(
        cfg_.compute.median(cfg_.compute.base, st.records, st.container_records, 0));
  }

  // Update the cache timestamp, after every pod was updated in the cache.
  cache_.update_time(timestamp);
  // Retain the pods that need reinspecting the next time relist is called (1.3+).
  if (!profile_.reinspect_failed_pods) needs_reinspection.clear();
  pods_to_reinspect_ = std::move(needs_reinspection);
  finish_relist(st);
}

core::Task<void> GenericPleg::spend_compute(Duration median) {
  Duration d = cfg_.compute.sample(median, compute_rng_);
  // A one-off delay: sleep_until, so it takes no kernel lane meant for periods.
  if (d.ns > 0) co_await k_.sleep_until(k_.now() + d);
}

void GenericPleg::update_running_pod_and_container_metrics(const PodListing& pods,
                                                           Stats& st) const {
  st.obs.sandboxes = static_cast<std::int32_t>(pods.sandbox_count());
  st.obs.containers = static_cast<std::int32_t>(pods.container_count());
  const bool listed = profile_.running_pods_rule == RunningPodsRule::kListedPods;
  st.obs.running_pods =
      static_cast<std::int32_t>(listed ? pods.listed_pods() : pods.running_pods());
  const auto& by_state = pods.containers_by_state();
  std::transform(by_state.begin(), by_state.end(), st.obs.containers_by_state.begin(),
                 [](std::size_t n) { return static_cast<std::int32_t>(n); });
}

void GenericPleg::finish_relist(Stats& st) {
  st.obs.end = k_.now();  // PLEGRelistDuration
  in_progress_since_.reset();
  rec_->emit(st.obs);
  relist_lock_.unlock();
}

// computeEvents for every candidate pod, the per-pod loop (updateCache, then the
// record and the events) and, with the cache enabled, the reinspection pass.
core::Task<void> GenericPleg::process_candidates(std::vector<PodUid> candidates,
                                                 Reinspection& needs_reinspection, Stats& st) {
  // computeEvents for every pod; eventsByPodID.
  std::vector<std::pair<PodUid, std::vector<PodLifecycleEvent>>> events_by_pod;
  for (PodUid uid : candidates) {
    const PodRecords::Record* r = pod_records_.get(uid);
    auto events =
        compute_pod_events(r->old ? &*r->old : nullptr, r->current ? &*r->current : nullptr);
    bool reinspect = pods_to_reinspect_.count(uid) > 0;
    if (!events.empty() || (!profile_.separate_reinspection_pass && reinspect)) {
      events_by_pod.emplace_back(uid, std::move(events));
    }
  }
  if (profile_.separate_reinspection_pass) {
    st.obs.pods_with_events = static_cast<std::int32_t>(events_by_pod.size());
  } else {
    // Era E+: pods reinspected alone also go through the one per-pod loop.
    for (PodUid uid : [&] {
           std::vector<PodUid> v;
           for (const auto& [uid, _] : pods_to_reinspect_) v.push_back(uid);
           return v;
         }()) {
      auto it = std::find_if(events_by_pod.begin(), events_by_pod.end(),
                             [&](const auto& e) { return e.first == uid; });
      if (it == events_by_pod.end())
        events_by_pod.emplace_back(uid, std::vector<PodLifecycleEvent>{});
    }
    // Era E: a pod with watch conditions is inspected on every relist until they are met.
    for (PodUid uid : watch_conditions_.uids()) {
      if (watch_conditions_.get(uid).empty()) continue;
      auto it = std::find_if(events_by_pod.begin(), events_by_pod.end(),
                             [&](const auto& e) { return e.first == uid; });
      if (it == events_by_pod.end())
        events_by_pod.emplace_back(uid, std::vector<PodLifecycleEvent>{});
    }
    std::sort(events_by_pod.begin(), events_by_pod.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& e : events_by_pod) st.obs.pods_with_events += !e.second.empty();
  }
  if (compute_on_) {
    // The conversion and setCurrent after GetPods, then computeEvents over every pod
    // record: adjacent in generic.go, with no runtime call or cache write between them,
    // so one charge covers both.
    std::int64_t events = 0;
    for (const auto& e : events_by_pod) events += static_cast<std::int64_t>(e.second.size());
    co_await spend_compute(
        cfg_.compute.median(cfg_.compute.base, st.records, st.container_records, events));
  }
  shuffle(events_by_pod);

  if (cfg_.inspection_parallelism > 1) {
    co_await process_pods_parallel(events_by_pod, needs_reinspection, st,
                                   cfg_.inspection_parallelism);
  } else {
    for (auto& [uid, events] : events_by_pod) {
      co_await process_pod(uid, std::move(events), needs_reinspection, st);
    }
  }

  if (profile_.separate_reinspection_pass && !pods_to_reinspect_.empty()) {
    // Reinspect pods that failed inspection during the previous relist and were not
    // inspected above; a pod that failed above with events is still here: twice.
    std::vector<std::pair<PodUid, std::optional<Pod>>> again(pods_to_reinspect_.begin(),
                                                             pods_to_reinspect_.end());
    shuffle(again);
    for (auto& [uid, pod] : again) {
      auto [status, updated] = co_await update_cache(pod ? &*pod : nullptr, uid, st);
      (void)updated;
      if (!status.ok()) needs_reinspection[uid] = pod;
    }
  }
}

core::Task<void> GenericPleg::process_pod(PodUid uid, std::vector<PodLifecycleEvent> events,
                                          Reinspection& needs_reinspection, Stats& st) {
  const Pod* pod = pod_records_.get_current(uid);
  std::optional<Pod> pod_copy = pod ? std::optional<Pod>(*pod) : std::nullopt;
  bool reinspect = pods_to_reinspect_.count(uid) > 0;
  // getPodWatchConditions: read before the inspection, so a condition replaced while it
  // is evaluated keeps its new version.
  std::vector<VersionedWatchCondition> conditions;
  if (profile_.watch_conditions) conditions = watch_conditions_.get(uid);
  auto [status, updated] = co_await update_cache(pod_copy ? &*pod_copy : nullptr, uid, st);
  if (!status.ok()) {
    // "PLEG: Ignoring events for pod": keep the record so the transition is seen again.
    // The pod also stays in podsToReinspect, so the pass below inspects it again.
    needs_reinspection[uid] = std::move(pod_copy);
    co_return;
  }
  // Inspected because it had events: the reinspection pass must not do it again.
  pods_to_reinspect_.erase(uid);
  if (cfg_.evented_gate && !updated) co_return;  // the cache held a newer status
  if (events.empty() && reinspect && profile_.pod_sync_after_reinspection) {
    // Era F: "always trigger a PodSync after a full reinspection".
    events.push_back({uid, EventType::kPodSync, 0});
  }
  if (!conditions.empty()) evaluate_watch_conditions(uid, conditions, events);
  pod_records_.update(uid);
  co_await send_events(events, st);
}

void GenericPleg::evaluate_watch_conditions(PodUid uid,
                                            const std::vector<VersionedWatchCondition>& conditions,
                                            std::vector<PodLifecycleEvent>& events) {
  // The status the inspection just stored (a pod with conditions is listed, so it has one).
  const PodCache::Entry* entry = cache_.get(uid);
  if (entry == nullptr) return;
  // A copy: a condition runs the caller's code, which may write the cache.
  const PodStatus status = entry->status;
  std::vector<VersionedWatchCondition> completed;
  for (const auto& c : conditions) {
    if (c.condition && c.condition(status)) completed.push_back(c);
  }
  if (completed.empty()) return;
  watch_conditions_.complete(uid, completed);
  // One event however many were met: SyncPod re-evaluates every container.
  events.push_back({uid, EventType::kConditionMet, 0});
}

void GenericPleg::set_pod_watch_condition(PodUid uid, const std::string& key,
                                          WatchCondition condition) {
  if (!profile_.watch_conditions) {
    throw std::logic_error("SetPodWatchCondition exists in 1.32 - 1.35 only, not in " +
                           profile_.version);
  }
  watch_conditions_.set(uid, key, std::move(condition));
}

core::Task<void> GenericPleg::process_pods_parallel(
    std::vector<std::pair<PodUid, std::vector<PodLifecycleEvent>>>& pods,
    Reinspection& needs_reinspection, Stats& st, int n) {
  // Workers take pods in the shuffled order; each finishes its pod (record, events)
  // as soon as that pod's inspection returns.
  std::size_t next = 0;
  core::WaitGroup wg(k_);
  auto worker = [&]() -> core::Task<void> {
    while (next < pods.size()) {
      auto& [uid, events] = pods[next++];
      co_await process_pod(uid, std::move(events), needs_reinspection, st);
    }
    wg.done();
  };
  for (int i = 0; i < n && static_cast<std::size_t>(i) < pods.size(); ++i) {
    wg.add();
    k_.spawn(worker());
  }
  co_await wg.wait();
}

core::Task<std::pair<cri::Status, bool>> GenericPleg::update_cache(const Pod* pod, PodUid uid,
                                                                   Stats& st) {
  if (pod == nullptr) {
    // The pod vanished from the listing: forget its status; no runtime call.
    cache_.remove(uid);
    co_return std::pair{cri::Status{}, true};
  }
  // The timestamp is taken before the calls: the status is at least this fresh.
  Time ts = k_.now();
  ++st.obs.pods_inspected;
  auto status = co_await rm_.get_pod_status(uid);
  // GetPodStatus's answer converted into the PodStatus the cache stores.
  if (compute_on_ && cfg_.compute.per_status.ns != 0) {
    co_await spend_compute(cfg_.compute.per_status);
  }
  if (!status.ok()) ++st.obs.inspection_errors;
  if (status.ok() && profile_.preserve_pod_ips) preserve_pod_ips(uid, status.value);
  // With Evented PLEG in use the write carries the runtime's own timestamp (era D+).
  if (cfg_.evented_gate && evented_in_use_ && status.ok() && status.value.timestamp > Time{}) {
    ts = status.value.timestamp;
  }
  // The error is cached too: pod workers see it.
  bool updated = cache_.set(uid, std::move(status.value), !status.ok(), ts, cfg_.evented_gate);
  co_return std::pair{status.status, updated};
}

core::Task<std::pair<cri::Status, bool>> GenericPleg::update_cache(PodUid uid) {
  Pod pod;
  pod.id = uid;
  Stats st;
  co_return co_await update_cache(&pod, uid, st);
}

core::Task<void> GenericPleg::send_events(const std::vector<PodLifecycleEvent>& events, Stats& st) {
  for (const auto& e : events) {
    // Filter out events that are not reliable and no other components use yet.
    if (e.type == EventType::kContainerChanged) continue;
    if (profile_.blocking_send) {
      blocked_on_send_ = ch_.full();
      co_await ch_.send(e);
      blocked_on_send_ = false;
    } else if (!ch_.try_send(e)) {
      // "event channel is full, discard this relist() cycle event"
      ++discarded_;
      ++st.obs.events_dropped;
      rec_->emit(EventDropped{k_.now(), e.id, e.type, e.data});
      continue;
    }
    ++st.obs.events_sent;
    rec_->emit(EventDelivered{k_.now(), e.id, e.type, e.data});
  }
}

void GenericPleg::preserve_pod_ips(PodUid uid, PodStatus& status) const {
  if (!status.ips.empty()) return;
  const PodCache::Entry* old = cache_.get(uid);
  // An absent entry or a cached error reads as no old IPs.
  if (old == nullptr || old->has_error || old->status.ips.empty()) return;
  for (const auto& s : status.sandbox_statuses) {
    if (s.state == cri::SandboxState::kReady) return;  // this status' (empty) IPs stand
  }
  status.ips = old->status.ips;
}

}  // namespace plegsim::kubelet
