// One GenericPleg driven step by step, the way pkg/kubelet/pleg/generic_test.go drives
// the kubelet's: no relist loop, a manual clock, a scripted runtime. A test sets what
// the runtime lists, calls relist(), drains the events, advances the clock, asks
// healthy() and reads the cache:
//
//   step::PlegHarness h({.version = "1.14", .channel_capacity = 4});
//   h.runtime().set_pods({{1234, {step::container(1, cri::ContainerState::kRunning)}, {}}});
//   h.relist();
//   auto events = h.drain_events();   // {1234, ContainerStarted, 1}
//   h.advance(Duration::minutes(4));
//   EXPECT_FALSE(h.healthy().ok);
//
// The clock starts at t = 0 and moves only through advance() and scripted call
// latencies, which relist() waits out (t = 0 is Go's zero time only with
// `go_zero_time_clock`). Everything the PLEG observes is also kept in sink().
// Single-threaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/kubelet/background.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/pod_cache.h"
#include "sim/kubelet/profile.h"
#include "sim/kubelet/runtime_manager.h"
#include "sim/record/memory_sink.h"
#include "sim/record/prometheus_sink.h"
#include "sim/step/scripted_runtime.h"

namespace plegsim::step {

struct HarnessOptions {
  // The kubelet release whose profile (kubelet::profile_for_version) the PLEG follows.
  std::string version = "1.28";
  // plegChannelCapacity is 1000; the kubelet's own tests use 100 ("large enough") or 4.
  std::size_t channel_capacity = 1000;
  // Healthy()'s threshold; the release's (3 min) when empty.
  std::optional<Duration> relist_threshold;
  // Era D+ EventedPLEG gate: the cache refuses older writes and relist skips such pods.
  bool evented_gate = false;
  // Seeds the order in which a relist visits pods (Go's random map order).
  std::uint64_t seed = 1;
  // The clock's t = 0 is Go's zero time, as the kubelet's tests' fake clock
  // (testingclock.NewFakeClock(time.Time{})): before 1.14, Healthy() then sees a
  // never-set relist time as "now" at t = 0, and is healthy before any relist. Off (the
  // default), t = 0 stands for a real clock's reading, long after year 1.
  bool go_zero_time_clock = false;
  // The PLEGOnDemandRelist gate (1.36+): RequestRelist queues requests for
  // worker_loop_iteration(). Empty: the release's default, on from 1.36 (beta and on by
  // default as released, #137946; locked on from 1.37, #140805).
  std::optional<bool> on_demand_relist;
  // RelistDuration.RelistPeriod, the global relist timer's reset; the release's (1 s)
  // when empty. upstream's TestWorkerLoop uses 2 s.
  std::optional<Duration> relist_period;
};

// What one worker_loop_iteration() did.
enum class LoopStep {
  kGlobalRelist,         // the global relist timer was due: Relist(), timer reset
  kPodRelist,            // a request was served: relistPod(uid)
  kStaleRequestSkipped,  // a request made before the last successful global relist
};

// Where a relist() or resume() left the relist.
struct RelistOutcome {
  bool completed = false;        // relist() returned
  bool blocked_on_send = false;  // waiting for room in a full event channel (eras A-B)
  Time started{};                // its start (the relist timestamp)
  Duration elapsed{};            // simulated time since it started
};

class PlegHarness {
 public:
  // Throws std::invalid_argument for an unknown release, or the EventedPLEG gate on a
  // release older than 1.26.
  explicit PlegHarness(HarnessOptions opts = {});
  ~PlegHarness();
  PlegHarness(const PlegHarness&) = delete;
  PlegHarness& operator=(const PlegHarness&) = delete;

  ScriptedRuntime& runtime() { return runtime_; }

  // Runs one relist until it returns, waiting out scripted latencies. It stops early,
  // with completed == false, when the relist blocks on a full channel (eras A-B; drain
  // events and resume()) or when the clock would pass start + `at_most`.
  // REQUIRES: no relist pending.
  RelistOutcome relist(std::optional<Duration> at_most = std::nullopt);
  // Runs `relist`, a Relist() of this PLEG reached another way (the Evented PLEG's
  // delegation), with relist()'s stopping rules. REQUIRES: no relist pending.
  RelistOutcome relist_task(core::Task<void> relist,
                            std::optional<Duration> at_most = std::nullopt);
  // Continues a pending relist, with the same stopping rules (`at_most` from now).
  RelistOutcome resume(std::optional<Duration> at_most = std::nullopt);
  bool relist_pending() const { return pending_; }

  // Receives every event buffered in the channel, oldest first (getEventsFromChannel).
  std::vector<kubelet::PodLifecycleEvent> drain_events();
  // Moves the clock forward by `d`, running what falls due (health transitions, call
  // completions of a pending relist).
  void advance(Duration d);
  Time now() const { return kernel_.now(); }

  kubelet::HealthResult healthy() const { return pleg_.healthy(); }
  // The GenericPLEG's UpdateCache(uid) run to completion (scripted latencies waited
  // out): whether the inspection succeeded, and whether the cache took the write.
  // REQUIRES: no relist pending.
  struct UpdateCacheOutcome {
    bool ok = false;
    bool updated = false;
  };
  UpdateCacheOutcome update_cache(PodUid uid);
  // SetPodWatchCondition (1.32 - 1.35): `uid` is inspected on every relist until `fn`
  // returns true for its fresh status; then one ConditionMet event. Setting an existing
  // key replaces its function and bumps its version. Throws std::logic_error in other
  // releases.
  void set_watch_condition(PodUid uid, const std::string& key, kubelet::WatchCondition fn) {
    pleg_.set_pod_watch_condition(uid, key, std::move(fn));
  }
  // --- On-demand relist (1.36+): workerLoopIteration, its requests, GetNewerThan ------
  // RequestRelist(uid): queued, stamped with now(); a no-op with the gate off.
  void request_relist(PodUid uid) { pleg_.request_relist(uid); }
  // RequestReinspect(uid). Throws std::logic_error before 1.36.
  void request_reinspect(PodUid uid) { pleg_.request_reinspect(uid); }
  // pleg.globalRelistTimer = NewTimer(d): the global relist falls due `d` from now.
  void arm_global_relist_timer(Duration d);
  // One workerLoopIteration, run to its end (scripted latencies waited out). With no
  // request queued it waits for the timer, moving the clock to it as Go's synctest fake
  // clock does. Throws std::logic_error ("would block") when no timer is armed and no
  // request is queued, or when a relist is pending. Requires the gate (on_demand_relist).
  LoopStep worker_loop_iteration();
  // cache.GetNewerThan(uid, min_time) started now; poll newer_than(id): blocked while its
  // `result` is empty, then the status (entry) it returned.
  kubelet::PodCache::SubscriptionId get_newer_than(PodUid uid, Time min_time) {
    return cache_.subscribe(uid, min_time);
  }
  const kubelet::PodCache::Subscription& newer_than(kubelet::PodCache::SubscriptionId id) const {
    return cache_.subscription(id);
  }
  // --- end of on-demand relist ---------------------------------------------------------

  // The cached status of `uid`; nullptr when absent (the kubelet returns an empty one).
  const kubelet::PodCache::Entry* cache_entry(PodUid uid) const { return cache_.get(uid); }
  // The last relist that finished, as the PLEG reported it; nullptr before any.
  const kubelet::RelistFinished* last_relist() const;

  kubelet::GenericPleg& pleg() { return pleg_; }
  const kubelet::GenericPleg& pleg() const { return pleg_; }
  kubelet::PodCache& cache() { return cache_; }
  kubelet::EventChannel& channel() { return channel_; }
  const kubelet::Profile& profile() const { return profile_; }
  // Every observation: relists, health changes, CRI calls, events delivered/dropped.
  const record::MemorySink& sink() const { return sink_; }
  // Where the harness's kubelet reports observations (add a sink to see them too).
  kubelet::Recorder& recorder() { return recorder_; }

  // --- the kubelet's metrics registry ---------------------------------------------------
  // The Prometheus exposition the harness's kubelet would serve now (its registry: names,
  // the release's HELP, TYPE, labels, values), and one family of it as
  // testutil.GatherAndCompare filters a gather by name ("" when absent).
  std::string metrics_text() const { return prom_.text(); }
  std::string metric_family(const std::string& name) const;
  core::Kernel& kernel() { return kernel_; }

 private:
  core::Task<void> relist_process();
  core::Task<void> relist_process(core::Task<void> relist);
  RelistOutcome run_relist(std::optional<Time> deadline);

  core::Kernel kernel_;  // first: destroyed last, after it has shut its processes down
  kubelet::Profile profile_;
  record::PrometheusSink prom_;  // before recorder_, which points at it until it is gone
  kubelet::Recorder recorder_;
  record::MemorySink sink_;
  kubelet::InstrumentedRuntime instrumented_;
  ScriptedRuntime runtime_;
  kubelet::RuntimeManager runtime_manager_;
  kubelet::PodCache cache_;
  kubelet::EventChannel channel_;
  kubelet::GenericPleg pleg_;
  bool pending_ = false;
  bool on_demand_relist_ = false;
  Time started_{};
};

}  // namespace plegsim::step
