// The kubelet's syncLoop as far as PLEG is concerned (kubelet.go): while
// runtimeErrors() is non-empty it sleeps with a doubling back-off and does not read
// the PLEG channel; otherwise each iteration handles one PLEG event or one sync tick.
#pragma once

#include <functional>
#include <vector>

#include "models/faults.h"
#include "sim/core/kernel.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/pod_cache.h"
#include "sim/kubelet/pod_container_deletor.h"
#include "sim/kubelet/runtime_state.h"

namespace plegsim::kubelet {

class SyncLoop {
 public:
  // `consumer_stalls`: windows in which handling an event blocks until the window ends.
  SyncLoop(core::Kernel& k, RuntimeState& state, EventChannel& ch, const Profile& profile,
           Duration event_handling_time, std::vector<models::Fault> consumer_stalls);
  void start() { k_.spawn(run()); }
  void stop() { stopped_ = true; }
  // Turn every sync tick into an event, even those at which runtimeErrors() provably
  // has not changed (the reference the skipping is tested against).
  void set_every_tick(bool on) { every_tick_ = on; }
  // Each handled event dispatches a pod worker that makes these calls, in order, without
  // blocking the loop (HandlePodSyncs).
  void set_pod_worker_calls(cri::Runtime* rt, std::vector<models::Op> ops) {
    rt_ = rt;
    pod_worker_ops_ = std::move(ops);
  }
  // cleanUpContainersInPod: each ContainerDied event hands the pod's cached status to
  // the pod container deletor (kubelet.go syncLoopIteration, after HandlePodSyncs).
  void set_container_deletor(PodContainerDeletor* d, const PodCache* cache) {
    deletor_ = d;
    cache_ = cache;
  }
  // Called when a pod worker finished syncing a pod (era F: RequestRelist).
  void set_on_pod_synced(std::function<void(PodUid)> f) { on_pod_synced_ = std::move(f); }

  std::uint64_t events_handled() const { return handled_; }
  std::uint64_t iterations_skipped() const { return skipped_; }

 private:
  core::Task<void> run();
  core::Task<void> pod_worker(PodUid uid);
  // The end of the consumer stall active at `t`, if any.
  std::optional<Time> stalled_until(Time t) const;

  core::Kernel& k_;
  RuntimeState& state_;
  EventChannel& ch_;
  const Profile& profile_;
  Duration handling_time_;
  std::vector<models::Fault> stalls_;
  std::uint64_t handled_ = 0;
  std::uint64_t skipped_ = 0;
  bool stopped_ = false;
  bool every_tick_ = false;
  cri::Runtime* rt_ = nullptr;
  std::vector<models::Op> pod_worker_ops_;
  std::function<void(PodUid)> on_pod_synced_;
  PodContainerDeletor* deletor_ = nullptr;
  const PodCache* cache_ = nullptr;
};

// Node status: every nodeStatusUpdateFrequency, Ready iff runtimeErrors() is empty.
class NodeStatus {
 public:
  NodeStatus(core::Kernel& k, RuntimeState& state, Duration frequency, Recorder& rec)
      : k_(k), state_(state), frequency_(frequency), rec_(rec) {}
  void start() { k_.spawn(run()); }
  void stop() { stopped_ = true; }
  bool ready() const { return ready_; }

 private:
  core::Task<void> run();
  void sync_node_status();

  core::Kernel& k_;
  RuntimeState& state_;
  Duration frequency_;
  Recorder& rec_;
  bool known_ = false;
  bool ready_ = false;
  bool stopped_ = false;
};

}  // namespace plegsim::kubelet
