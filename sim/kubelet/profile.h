// What differs between kubelet releases, as data the one engine reads
// (../shared/pleg-spec.md eras A-F). Never a copy of the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/time.h"

namespace plegsim::kubelet {

using core::Duration;

enum class Era : char { A = 'A', B = 'B', C = 'C', D = 'D', E = 'E', F = 'F' };

// What the running-pods gauge counts (updateRunningPodAndContainerMetrics).
enum class RunningPodsRule : std::uint8_t {
  // <= 1.15: a collector over the runtime cache, not the relist; plegsim reports pods
  // with a READY sandbox at each relist (the cache's GetPods(false) also lists a pod
  // whose only running object is a container, which a sandbox stop does not leave).
  kCollector,
  // 1.16 - 1.19 (#81573): len(pods), every pod the relist listed, exited ones too.
  kListedPods,
  // 1.20+ (#85983): pods with at least one running sandbox.
  kRunningSandbox,
};

struct Profile {
  std::string version;  // "1.11"
  int minor = 11;
  int patch = 0;  // "1.23.5" -> 5; 0 when the version names no patch release
  Era era = Era::B;

  // relist: A stores the relist time even when GetPods failed (deferred); B+ only after.
  bool relist_time_on_failure = false;
  // A-B: `eventChannel <- e` blocks while the channel is full; C+: select/default drops.
  bool blocking_send = true;
  // 1.3+ (#25077, "PLEG: reinspect pods that failed prior inspections", May 2016): a pod
  // whose inspection failed is kept in podsToReinspect and inspected again next relist.
  // 1.2: it is not; its record stays unchanged, so it is inspected again only when its
  // containers change once more.
  bool reinspect_failed_pods = true;
  // B-D: a separate reinspection pass over podsToReinspect after the per-pod loop, so a
  // pod failing again is inspected twice in one relist. E+: one merged per-pod loop.
  bool separate_reinspection_pass = true;
  // C+: Healthy() reports "pleg has yet to be successful" while relistTime is zero.
  bool zero_time_health_check = false;
  // GetPodStatus skips a container whose ContainerStatus answers NotFound (removed
  // between the pod's ListContainers and its status call) instead of failing the pod's
  // inspection: #107670, in 1.24.0, backported to 1.23 (#108164) and 1.22 (#108189).
  // Before, getPodContainerStatuses returned the error: the relist keeps the pod in
  // podsToReinspect and ignores its events ("PLEG: Ignoring events for pod").
  bool ignore_container_status_not_found = false;
  // Likewise for a sandbox whose PodSandboxStatus answers NotFound: #108325, in 1.24.0,
  // backported to 1.23 (#113354). Before, GetPodStatus returned the error.
  bool ignore_sandbox_status_not_found = false;
  // <= 1.13: runtimeErrors() has only "container runtime is down" (also at start-up);
  // newer: "container runtime status check may not have completed yet" first.
  bool runtime_status_not_completed_message = false;
  // F: a reinspected pod with no events gets a PodSync event.
  bool pod_sync_after_reinspection = false;
  // F (1.36+): RequestReinspect (#137363) and the PLEGOnDemandRelist gate with its
  // worker loop (#137362; beta in 1.36, locked on from 1.37, #140805) exist.
  bool on_demand_relist_available = false;
  // E (1.32 - 1.35): SetPodWatchCondition and the ConditionMet event (#128518, merged
  // for 1.32); #137363 replaced them with a reinspection request in 1.36.
  bool watch_conditions = false;
  // 1.18+ (#86251): Healthy() sets kubelet_pleg_last_seen_seconds.
  bool last_seen_gauge = false;
  // 1.9+ (#47806, approved 2017-09-13 after 1.8's code freeze): updateCache keeps the
  // cached IPs when a new status has none and none of its sandboxes is READY.
  bool preserve_pod_ips = false;
  RunningPodsRule running_pods_rule = RunningPodsRule::kRunningSandbox;
  // D+: the EventedPLEG gate exists.
  bool evented_pleg_available = false;
  // 1.37+ (#139262, "narrow Evented PLEG to the container-termination hint path" in
  // KEP-3386's implementation history): the Evented PLEG only asks the generic PLEG to
  // relist a pod whose container stopped unexpectedly; the generic PLEG keeps its 1 s /
  // 3 min and stays the only writer of the cache and of PLEG events.
  bool evented_termination_hint = false;

  Duration relist_period = Duration::seconds(1);     // plegRelistPeriod
  Duration relist_threshold = Duration::minutes(3);  // relistThreshold: "conservative"
  // syncLoop back-off while runtimeErrors() is non-empty (kubelet.go syncLoop).
  Duration sync_backoff_base = Duration::milliseconds(100);
  Duration sync_backoff_max = Duration::seconds(5);
  // syncTicker: the sync loop turns at least this often without PLEG events.
  Duration sync_period = Duration::seconds(1);
  // updateRuntimeUp period and the runtimeState threshold (30 s) it is checked against.
  Duration runtime_up_period = Duration::seconds(5);
  Duration base_runtime_sync_threshold = Duration::seconds(30);
};

// The profile of a release "1.N" (or "1.N.P", "v1.N"); nullopt when unparseable or
// older than 1.2.
// The releases plegsim models: 1.2 to 1.37 (../shared/pleg-spec.md reaches 1.37, where
// PLEGOnDemandRelist is locked on). A later release is refused, not guessed.
inline constexpr int kOldestMinor = 2;
inline constexpr int kNewestMinor = 37;

std::optional<Profile> profile_for_version(const std::string& version);

}  // namespace plegsim::kubelet
