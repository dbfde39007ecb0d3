// EventedPleg mirrors pkg/kubelet/pleg/evented.go (KEP-3386, era D+ behind the
// EventedPLEG gate). Up to 1.36 it updates the pod cache from the runtime's
// GetContainerEvents stream and sends the mapped PLEG events, while the generic PLEG
// relists every 300 s with a 10 min threshold. Each stream failure forces a generic
// relist; after 5 the kubelet falls back to the generic PLEG at 1 s / 3 min.
// From 1.37 (#139262, `termination_hint`) it is only a fast path: a STOPPED event whose
// container exited non-zero asks the generic PLEG (1 s / 3 min throughout, the only
// writer of the cache and of PLEG events) to relist that pod; after 5 stream failures
// the fast path is switched off and nothing else changes; Healthy() is always true.
#pragma once

#include <string>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/pod_cache.h"
#include "sim/kubelet/recorder.h"

namespace plegsim::kubelet {

struct EventedConfig {
  Duration cache_update_period = Duration::seconds(1);  // globalCacheUpdatePeriod
  int max_stream_retries = 5;                           // eventedPlegMaxStreamRetries
  // The generic PLEG's RelistDuration restored on fallback (genericPlegRelistPeriod and
  // genericPlegRelistThreshold).
  Duration fallback_period = Duration::seconds(1);
  Duration fallback_threshold = Duration::minutes(3);
  // 1.37+ (Profile::evented_termination_hint): the unexpected-termination fast path.
  bool termination_hint = false;
};

class EventedPleg final : private cri::ContainerEventSink {
 public:
  EventedPleg(core::Kernel& k, cri::Runtime& rt, GenericPleg& generic, PodCache& cache,
              EventChannel& ch, Recorder& rec, EventedConfig cfg);

  // Start(): marks Evented PLEG in use, runs watchEventsChannel and updateGlobalCache.
  void start();
  // Stop(): no longer in use; the loops end.
  void stop();
  bool in_use() const { return in_use_; }
  // Up to 1.36: the kubelet fell back to the generic PLEG. From 1.37: the fast path was
  // switched off after the stream retries ran out.
  bool fell_back() const { return fell_back_; }
  bool termination_hint() const { return cfg_.termination_hint; }
  // Healthy(): up to 1.36 unhealthy while the event channel is full; from 1.37 always
  // healthy ("an auxiliary accelerator").
  HealthResult healthy() const;
  // From 1.37: RequestRelist calls made for unexpected terminations.
  std::uint64_t relists_requested() const { return relists_requested_; }

  std::uint64_t connection_errors() const { return connection_errors_; }
  std::uint64_t connection_successes() const { return connection_successes_; }
  std::uint64_t discarded_events() const { return discarded_; }
  void mute() { rec_ = &muted_; }

  // One ContainerEventResponse through processCRIEvents, whether or not the stream
  // loops run (the kubelet's tests call it on a PLEG never started): up to 1.36 the
  // status it carries (GeneratePodStatus) with getPodIPs applied,
  // updateRunningPodMetric, the cache write (or delete) and, when that lands, the mapped
  // PLEG events; from 1.37 the latency metric and, for an unexpected termination, a
  // RequestRelist of the pod.
  void process_container_event(const cri::ContainerEvent& e);
  // 1.37+ unexpectedTerminationStatusForEventContainer: a STOPPED event whose own
  // container's status (matched by the event's container id, never by name) is
  // OOMKilled, or EXITED with a non-zero exit code.
  static bool unexpected_termination(const cri::ContainerEvent& e);

  // What the Evented PLEG hands to the generic one (evented.go): Watch() is its event
  // channel, Relist() its relist; from 1.36 RequestRelist and RequestReinspect too.
  EventChannel& watch() { return ch_; }
  core::Task<void> relist() { return generic_.relist(); }
  void request_relist(PodUid uid) { generic_.request_relist(uid); }
  void request_reinspect(PodUid uid) { generic_.request_reinspect(uid); }
  // getPodIPs: the status' IPs; when it has none, no sandbox of it is READY and the
  // cached entry (without an error) has some, the cached ones.
  std::vector<std::string> get_pod_ips(PodUid uid, const PodStatus& status) const;
  // updateRunningPodMetric: moves kubelet_running_pods by one when the pod's sandbox
  // state (getPodSandboxState: running only if a container status carries the first
  // sandbox's id and runs) changes between the cached status and `status`; a pod absent
  // from the cache (or cached without sandboxes) counts +1 when running.
  void update_running_pod_metric(const PodStatus& status);

 private:
  core::Task<void> watch_events_channel(std::uint64_t epoch);
  core::Task<void> update_global_cache(std::uint64_t epoch);
  void on_container_event(const cri::ContainerEvent& e) override;
  void on_stream_connected() override;
  // processCRIEvent: the CRI event type's PLEG events.
  void process_cri_event(const cri::ContainerEvent& e);
  void send(const PodLifecycleEvent& e);

  core::Kernel& k_;
  cri::Runtime& rt_;
  GenericPleg& generic_;
  PodCache& cache_;
  EventChannel& ch_;
  Recorder* rec_;
  Recorder muted_;
  EventedConfig cfg_;
  bool in_use_ = false;
  bool fell_back_ = false;
  std::uint64_t epoch_ = 0;
  std::uint64_t connection_errors_ = 0;
  std::uint64_t connection_successes_ = 0;
  std::uint64_t discarded_ = 0;
  std::uint64_t relists_requested_ = 0;
};

}  // namespace plegsim::kubelet
