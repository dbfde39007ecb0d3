// GenericPleg mirrors pkg/kubelet/pleg/generic.go: relist() lists every sandbox and
// container, diffs against podRecords, inspects changed pods serially through
// updateCache, and sends their events; Healthy() compares the last successful
// relist's start time against the threshold. Release differences come from Profile.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/channel.h"
#include "sim/core/kernel.h"
#include "sim/core/mutex.h"
#include "sim/core/rng.h"
#include "sim/kubelet/events.h"
#include "sim/kubelet/pod_cache.h"
#include "sim/kubelet/pod_records.h"
#include "sim/kubelet/profile.h"
#include "sim/kubelet/recorder.h"
#include "sim/kubelet/relist_compute.h"
#include "sim/kubelet/runtime_manager.h"
#include "sim/kubelet/watch_conditions.h"

namespace plegsim::kubelet {

using EventChannel = core::Channel<PodLifecycleEvent>;

struct HealthResult {
  bool ok = true;
  std::string message;  // the error text when !ok
};

struct PlegConfig {
  Duration relist_period = Duration::seconds(1);
  Duration relist_threshold = Duration::minutes(3);
  // Era D+ with the EventedPLEG gate on: the cache refuses older writes, and the
  // relist skips pods whose write was refused.
  bool evented_gate = false;
  // Not a kubelet setting: N concurrent GetPodStatus calls in the per-pod loop
  // (upstream proposals #95816, #139827). 1 = the kubelet's serial loop.
  int inspection_parallelism = 1;
  std::uint64_t seed = 1;
  // Era F, PLEGOnDemandRelist: pod syncs request a relist of their pod, served by the
  // relist loop between global relists (queue of 200; spec §1.2, §2.7 — as far as the
  // upstream threads describe it).
  bool on_demand_relist = false;
  // The relist's own work as simulated time (not a kubelet setting; zero: none).
  RelistCompute compute;
  // Not a kubelet setting: the clock reads Go's zero time (time.Time{}) at t = 0, as the
  // fake clock of the kubelet's tests does, so a relist time never set is "t = 0" to a
  // release without the zero check (< 1.14). Off: a real clock, which a kubelet reads
  // decades after year 1, so such a Healthy() sees a saturated elapsed time.
  bool go_zero_time_clock = false;
};

class GenericPleg {
 public:
  GenericPleg(core::Kernel& k, RuntimeManager& rm, PodCache& cache, EventChannel& ch,
              const Profile& profile, Recorder& rec, PlegConfig cfg);

  // Start(): the relist loop (wait.Until, sliding): the first relist runs now, each
  // next one `relist_period` after the previous one returned.
  void start();
  // Stop() (era D+): the loop exits before its next relist.
  void stop();
  bool running() const { return running_; }
  // Update(RelistDuration) (era D+): the threshold applies at once, the period from the
  // next start() (wait.Until captured the old one).
  void update(Duration relist_period, Duration relist_threshold);
  // Evented PLEG sets this while its stream is in use: cache writes then carry the
  // runtime's status timestamp.
  void set_evented_in_use(bool in_use) { evented_in_use_ = in_use; }
  bool evented_in_use() const { return evented_in_use_; }
  // Detaches from the recorder (a restarted kubelet's old instance says nothing more).
  void mute() { rec_ = &muted_; }
  // The kubelet process died: stop, mute, and let an in-flight relist end after its
  // list calls without touching anything.
  void kill();
  Duration relist_threshold() const { return cfg_.relist_threshold; }

  // Relist(): lists every pod (GetPods), diffs against podRecords, inspects and sends
  // the events of pods that changed, under relistLock. The loop start() runs calls it.
  core::Task<void> relist();
  // RequestRelist(uid) (era F, gate on): queue a per-pod relist stamped with the current
  // time; dropped when the queue is full or the gate is off.
  void request_relist(PodUid uid);
  // RequestReinspect(uid) (era F, any gate): the next relist of the pod (global or
  // per-pod) inspects it even without events, and sends PodSync when none. Throws
  // std::logic_error before 1.36.
  void request_reinspect(PodUid uid);
  // workerLoopIteration (era F, gate on): a stop ends the loop (false); a due global
  // relist timer runs Relist() and resets the timer to the relist period; otherwise it
  // waits for the timer or a request, and relists the requested pod unless a successful
  // global relist started since the request was made. `epoch`: the start() whose loop
  // asks; 0 for a PLEG never started (a test's: never stopped, as a nil stopCh).
  core::Task<bool> worker_loop_iteration(std::uint64_t epoch);
  // globalRelistTimer: due at `at` (nullopt: stopped). start() arms it for now.
  void set_global_relist_timer(std::optional<Time> at) { global_relist_due_ = at; }
  std::optional<Time> global_relist_timer() const { return global_relist_due_; }
  std::size_t relist_requests_queued() const { return relist_requests_.size(); }
  // The pods of the queued requests, oldest first.
  std::vector<PodUid> queued_relist_requests() const {
    std::vector<PodUid> out;
    for (const auto& r : relist_requests_.buffered()) out.push_back(r.uid);
    return out;
  }
  std::uint64_t pod_relists() const { return pod_relists_; }
  std::uint64_t pod_relist_requests_dropped() const { return requests_dropped_; }
  // Requests the worker loop took and skipped: a global relist had served them.
  std::uint64_t stale_relist_requests() const { return stale_requests_; }

  // UpdateCache(pod, uid) (era D+, the Evented PLEG's entry point): inspects the pod and
  // writes the cache as a relist does; the inspection's status and whether the cache
  // took the write.
  core::Task<std::pair<cri::Status, bool>> update_cache(PodUid uid);

  // SetPodWatchCondition (era E, 1.32 - 1.35): the pod is inspected on every relist until
  // the condition is met; then one ConditionMet event. Throws std::logic_error in a
  // release without watch conditions.
  void set_pod_watch_condition(PodUid uid, const std::string& key, WatchCondition condition);
  const WatchConditions& watch_conditions() const { return watch_conditions_; }
  // Puts `uid` in podsToReinspect as upstream's tests write the map (the pod as stored
  // there; nullopt: nil). Test hook: the kubelet queues a pod only when its inspection fails.
  void set_pod_to_reinspect_for_test(PodUid uid, std::optional<Pod> pod) {
    pods_to_reinspect_[uid] = std::move(pod);
  }
  // podRecords[uid] = {old, current}, as upstream's tests pre-seed records. Test hook.
  void set_pod_record_for_test(PodUid uid, std::optional<Pod> old, std::optional<Pod> current) {
    pod_records_.set(uid, std::move(old), std::move(current));
  }
  WatchConditions& watch_conditions() { return watch_conditions_; }

  // Healthy() at the current simulated time.
  HealthResult healthy() const;
  // When Healthy() turns false if no relist stores a newer time first
  // (relistTime + threshold + 1 ns); nullopt when it is false already.
  std::optional<Time> unhealthy_at() const;
  std::optional<Time> relist_time() const { return relist_time_; }

  const PodRecords& pod_records() const { return pod_records_; }
  std::size_t pods_to_reinspect() const { return pods_to_reinspect_.size(); }
  bool is_pod_to_reinspect(PodUid uid) const { return pods_to_reinspect_.count(uid) > 0; }
  // Start time of the relist in progress, if one is.
  std::optional<Time> relist_in_progress_since() const { return in_progress_since_; }
  bool blocked_on_send() const { return blocked_on_send_; }
  std::uint64_t discarded_events() const { return discarded_; }

 private:
  struct Stats;
  using Reinspection = std::map<PodUid, std::optional<Pod>>;
  // updateRunningPodAndContainerMetrics, into the relist's observation.
  void update_running_pod_and_container_metrics(const PodListing& pods, Stats& st) const;
  // The relist's deferred steps: its duration observed, relistLock released.
  void finish_relist(Stats& st);
  // Era F's workerLoopIteration: global relists on the timer, per-pod ones in between.
  core::Task<void> on_demand_loop(std::uint64_t epoch);
  // relist's steps after GetPods for pods that changed or await reinspection.
  core::Task<void> process_candidates(std::vector<PodUid> candidates,
                                      Reinspection& needs_reinspection, Stats& st);
  // relistPod(uid): GetPod, overwrite the record's current, reconcile the pod, then
  // SetObservedTime(uid, the pod's listing time).
  core::Task<void> relist_pod(PodUid uid);
  // One pod of the per-pod loop: inspect, then update the record and send its events.
  core::Task<void> process_pod(PodUid uid, std::vector<PodLifecycleEvent> events,
                               Reinspection& needs_reinspection, Stats& st);
  // The what-if inspectionParallelism: `n` workers share the per-pod loop.
  core::Task<void> process_pods_parallel(
      std::vector<std::pair<PodUid, std::vector<PodLifecycleEvent>>>& pods,
      Reinspection& needs_reinspection, Stats& st, int n);
  // Era E: evaluates the pod's watch conditions against the status just cached; clears the
  // met ones and appends one ConditionMet event when any was met.
  void evaluate_watch_conditions(PodUid uid, const std::vector<VersionedWatchCondition>& conditions,
                                 std::vector<PodLifecycleEvent>& events);
  // updateCache(pod, uid): nil pod deletes the cache entry; otherwise GetPodStatus and
  // cache.Set(status, err, timestamp-before-the-calls). Returns the inspection's error
  // status and whether the cache accepted the write.
  core::Task<std::pair<cri::Status, bool>> update_cache(const Pod* pod, PodUid uid, Stats& st);
  // getPodIPs: a status without IPs whose sandboxes are all not READY keeps the cached
  // status' IPs (an exited pod keeps its address).
  void preserve_pod_ips(PodUid uid, PodStatus& status) const;
  void update_relist_time(Time t);
  // Spends one charge of the relist's own work: `median` scaled by a noise draw.
  // Callers skip it when the costs are zero (no coroutine, no kernel event).
  core::Task<void> spend_compute(Duration median);
  core::Task<void> send_events(const std::vector<PodLifecycleEvent>& events, Stats& st);
  template <class T>
  void shuffle(std::vector<T>& v);

  // Health transitions are exact: unhealthy at relistTime + threshold + 1ns unless a
  // newer relist time arrives first; healthy again when it does.
  void arm_health_timer();
  static void health_timer_cb(void* ctx, std::uint64_t);
  void set_health(bool ok, const std::string& message);

  core::Kernel& k_;
  RuntimeManager& rm_;
  PodCache& cache_;
  EventChannel& ch_;
  const Profile& profile_;
  Recorder* rec_;
  Recorder muted_;
  PlegConfig cfg_;
  core::Mutex relist_lock_;  // relistLock: Relist() callers never overlap
  bool evented_in_use_ = false;
  bool killed_ = false;
  struct RelistRequest {
    PodUid uid;
    Time at;
  };
  core::Channel<RelistRequest> relist_requests_;  // relistRequests, capacity 200
  std::optional<Time> global_relist_due_;         // globalRelistTimer
  std::uint64_t pod_relists_ = 0;
  std::uint64_t requests_dropped_ = 0;
  std::uint64_t stale_requests_ = 0;
  core::RngStream rng_;
  core::RngStream compute_rng_;  // "kubelet.compute": the compute costs' noise
  bool compute_on_;              // any compute cost is non-zero

  PodRecords pod_records_;
  WatchConditions watch_conditions_;  // watchConditions (era E)
  // podsToReinspect: pod UID -> the pod as it was when its inspection failed (nil: gone).
  Reinspection pods_to_reinspect_;
  std::optional<Time> relist_time_;
  bool running_ = false;
  std::uint64_t epoch_ = 0;
  Duration loop_period_ = cfg_.relist_period;  // wait.Until's, captured at start()
  std::optional<Time> in_progress_since_;
  bool blocked_on_send_ = false;
  std::uint64_t discarded_ = 0;
  bool healthy_state_ = false;
  bool health_known_ = false;
  bool health_timer_armed_ = false;
  std::uint64_t health_timer_epoch_ = 0;
};

}  // namespace plegsim::kubelet
