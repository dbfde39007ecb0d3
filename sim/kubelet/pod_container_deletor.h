// The pod container deletor (pkg/kubelet/pod_container_deletor.go), the kubelet's
// second remover of dead containers besides the container GC. On each PLEG
// ContainerDied event the sync loop calls cleanUpContainersInPod (kubelet.go), which
// hands the pod's cached status to deleteContainersInPod: the exited containers with
// the dead container's name (here: its slot), newest first (getContainersToDeleteInPod
// sorts by Attempt, then CreatedAt, descending), beyond containersToKeep are sent to a
// buffered channel of containerDeletorBufferLimit = 50 with select/default (a request
// is dropped, "Failed to issue the request to remove container", when it is full). One
// worker goroutine takes them one at a time and calls runtime.DeleteContainer, which is
// kuberuntime's removeContainer: ContainerStatus (removeContainerLog) then
// RemoveContainer (cri::remove_container_and_log).
// Upstream revisions read: b170451c (sort by CreatedAt) and 027993364 (by Attempt, then
// CreatedAt); the buffer, the select/default and the worker are the same in both.
//
// containersToKeep = max(MaxPerPodContainer, minDeadContainerInPod = 1) (NewMainKubelet).
// removeAll (evicted pods; later also deleted pods whose containers stopped) is not
// modelled: plegsim has no API pod objects, and a deleted pod's containers are removed by
// the workload's pod deletion (killPod and the pod's clean-up).
#pragma once

#include <cstdint>

#include "sim/core/channel.h"
#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/pod.h"

namespace plegsim::kubelet {

// containerDeletorBufferLimit.
inline constexpr std::size_t kContainerDeletorBufferLimit = 50;

class PodContainerDeletor {
 public:
  PodContainerDeletor(core::Kernel& k, cri::Runtime& rt, int containers_to_keep,
                      std::size_t buffer = kContainerDeletorBufferLimit);
  PodContainerDeletor(const PodContainerDeletor&) = delete;
  PodContainerDeletor& operator=(const PodContainerDeletor&) = delete;

  // Starts the worker (newPodContainerDeletor's goroutine).
  void start() { k_.spawn(worker()); }
  // The kubelet died: the worker takes no more requests.
  void stop() { stopped_ = true; }

  // deleteContainersInPod(exitedContainerID, podStatus, removeAll = false).
  void delete_containers_in_pod(ContainerId exited, const PodStatus& status);

  std::uint64_t requested() const { return requested_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t removed() const { return removed_; }
  std::uint64_t failed() const { return failed_; }
  std::size_t queued() const { return ch_.size(); }

 private:
  core::Task<void> worker();

  core::Kernel& k_;
  cri::Runtime& rt_;
  int keep_;
  core::Channel<ContainerId> ch_;
  bool stopped_ = false;
  std::uint64_t requested_ = 0, dropped_ = 0, removed_ = 0, failed_ = 0;
};

}  // namespace plegsim::kubelet
