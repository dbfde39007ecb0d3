// The kubelet side of CRI that PLEG uses (kuberuntime_manager.go): GetPods and
// GetPodStatus, as sequences of CRI calls.
#pragma once

#include "sim/core/task.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/pod.h"
#include "sim/kubelet/pod_listing.h"
#include "sim/kubelet/profile.h"

namespace plegsim::kubelet {

class RuntimeManager {
 public:
  // `lazy_lists`: accept lazy unfiltered lists (the incremental relist); false builds
  // every pod from materialised lists, as the kubelet does.
  RuntimeManager(cri::Runtime& rt, const Profile& profile, bool lazy_lists)
      : rt_(rt), profile_(profile), lazy_(lazy_lists) {}

  // The EventedPLEG gate (era D+): GetPodStatus takes the newest sandbox's container
  // statuses and timestamp from PodSandboxStatus instead of listing containers.
  void set_evented_gate(bool on) { evented_gate_ = on; }

  cri::Runtime& runtime() { return rt_; }

  // GetPods(all=true): ListPodSandbox then ListContainers, serially; the first error
  // is returned and nothing else is called. The relist awaits the two calls in its own
  // coroutine frame (one frame fewer per relist), then get_pods() groups them:
  //   auto s = co_await rm.list_all_sandboxes();  // then, only if s.ok():
  //   auto c = co_await rm.list_all_containers();
  //   cri::Result<PodListing> pods = rm.get_pods(s, c);
  cri::Reply<cri::Result<cri::SandboxList>> list_all_sandboxes() {
    return rt_.list_pod_sandbox(cri::ListFilter{}, lazy_);
  }
  cri::Reply<cri::Result<cri::ContainerList>> list_all_containers() {
    return rt_.list_containers(cri::ListFilter{}, lazy_);
  }
  static cri::Result<PodListing> get_pods(const cri::Result<cri::SandboxList>& sandboxes,
                                          const cri::Result<cri::ContainerList>& containers);

  // GetPodStatus(uid): ListPodSandbox(uid), PodSandboxStatus per sandbox (newest
  // first), ListContainers(uid), ContainerStatus per container. Any error aborts,
  // except NotFound from ContainerStatus from 1.24 on.
  core::Task<cri::Result<PodStatus>> get_pod_status(PodUid uid);

  // GetPod(uid) (era F): the one pod as GetPods would list it, from ListPodSandbox and
  // ListContainers filtered by its UID (the calls are an assumption: the spec names
  // only the runtime method). nullopt when it has no sandbox or container.
  core::Task<cri::Result<std::optional<Pod>>> get_pod(PodUid uid);

 private:
  cri::Runtime& rt_;
  const Profile& profile_;
  bool lazy_;
  bool evented_gate_ = false;
};

}  // namespace plegsim::kubelet
