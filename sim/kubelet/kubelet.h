// One kubelet process as far as PLEG goes: its runtime manager, pod cache, event
// channel, generic (and optionally evented) PLEG, runtime state and updater, sync loop
// and node status. A kubelet restart is a new Kubelet on the same runtime.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "models/faults.h"
#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/evented_pleg.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/pod_container_deletor.h"
#include "sim/kubelet/profile.h"
#include "sim/kubelet/recorder.h"
#include "sim/kubelet/runtime_manager.h"
#include "sim/kubelet/runtime_state.h"
#include "sim/kubelet/sync_loop.h"

namespace plegsim::kubelet {

struct KubeletConfig {
  Profile profile;
  PlegConfig pleg;            // the generic PLEG's settings when Evented PLEG is off
  bool evented_pleg = false;  // the EventedPLEG feature gate (era D+)
  EventedConfig evented;
  bool every_sync_tick = false;       // see SyncLoop::set_every_tick
  int event_channel_capacity = 1000;  // plegChannelCapacity
  Duration node_status_update_frequency = Duration::seconds(10);
  Duration event_handling_time{};
  std::vector<models::Fault> consumer_stalls;
  std::vector<models::Op> pod_worker_calls;  // made for every PLEG event handled
  // The pod container deletor (pod_container_deletor.go, from 1.4): on or off, and
  // containersToKeep = max(MaxPerPodContainer, 1).
  bool pod_container_deletor = true;
  int containers_to_keep = 1;
};

// The pod container deletor exists from 1.4 on: kubernetes#28793 ("Trigger container
// cleanup within a pod when a container exiting event is detected", merged July 2016,
// after 1.3.0), cleanUpContainersInPod from #29925 (August 2016). Before, only the
// container GC removes dead containers.
bool has_pod_container_deletor(const Profile& p);

// eventedPlegRelistPeriod / eventedPlegRelistThreshold: the generic PLEG's cadence
// while the Evented PLEG is in use (kubelet.go).
inline constexpr Duration kEventedGenericPeriod = Duration::seconds(300);
inline constexpr Duration kEventedGenericThreshold = Duration::minutes(10);

class Kubelet {
 public:
  Kubelet(core::Kernel& k, cri::Runtime& rt, Recorder& rec, const KubeletConfig& cfg);
  Kubelet(const Kubelet&) = delete;
  Kubelet& operator=(const Kubelet&) = delete;

  // Starts every loop, as Kubelet.Run does.
  void start();
  // The process dies: every loop stops and nothing more is recorded. In-flight calls
  // finish on the runtime side; their results are ignored.
  void kill();

  GenericPleg& pleg() { return pleg_; }
  EventedPleg* evented() { return evented_ ? &*evented_ : nullptr; }
  EventChannel& channel() { return channel_; }
  PodCache& cache() { return cache_; }
  RuntimeState& runtime_state() { return state_; }
  SyncLoop& sync_loop() { return sync_loop_; }
  NodeStatus& node_status() { return node_status_; }
  PodContainerDeletor* container_deletor() { return deletor_ ? &*deletor_ : nullptr; }
  const KubeletConfig& config() const { return cfg_; }

 private:
  static PlegConfig generic_config(const KubeletConfig& cfg);

  KubeletConfig cfg_;
  RuntimeManager rm_;
  PodCache cache_;
  EventChannel channel_;
  GenericPleg pleg_;
  std::optional<EventedPleg> evented_;
  RuntimeState state_;
  RuntimeUpdater updater_;
  SyncLoop sync_loop_;
  NodeStatus node_status_;
  std::optional<PodContainerDeletor> deletor_;
};

}  // namespace plegsim::kubelet
