// The kubelet side of CRI that PLEG uses (kuberuntime_manager.go): GetPods and
// GetPodStatus, as sequences of CRI calls.
#pragma once

#include "sim/core/task.h"
#include "sim/cri/change_feed.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/pod.h"
#include "sim/kubelet/pod_listing.h"
#include "sim/kubelet/profile.h"

namespace plegsim::kubelet {

class RuntimeManager {
 public:
  // GetPods lists through the runtime's change feed when it offers one (pods built
  // only when they changed), else materialises every list as the kubelet does.
  RuntimeManager(cri::Runtime& rt, const Profile& profile)
      : rt_(rt), profile_(profile), feed_(rt.change_feed()) {}

  // The EventedPLEG gate (era D+): GetPodStatus takes the newest sandbox's container
  // statuses and timestamp from PodSandboxStatus instead of listing containers.
  void set_evented_gate(bool on) { evented_gate_ = on; }

  cri::Runtime& runtime() { return rt_; }

  // GetPods(all=true): ListPodSandbox then ListContainers, serially; the first error
  // is returned and nothing else is called. Grouped into pods by the pod-UID label.
  core::Task<cri::Result<PodListing>> get_pods();

  // GetPodStatus(uid): ListPodSandbox(uid), PodSandboxStatus per sandbox (newest
  // first), ListContainers(uid), ContainerStatus per container. Any error aborts,
  // except NotFound from a status call where the release skips the object instead
  // (Profile::ignore_container_status_not_found / ignore_sandbox_status_not_found).
  core::Task<cri::Result<PodStatus>> get_pod_status(PodUid uid);

  // GetPod(uid) (era F): the one pod as GetPods would list it, from ListPodSandbox and
  // ListContainers filtered by its UID (the calls are an assumption: the spec names
  // only the runtime method). nullopt when it has no sandbox or container.
  core::Task<cri::Result<std::optional<Pod>>> get_pod(PodUid uid);

 private:
  cri::Runtime& rt_;
  const Profile& profile_;
  cri::ChangeFeed* feed_;
  bool evented_gate_ = false;
};

}  // namespace plegsim::kubelet
