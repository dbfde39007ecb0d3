// The kubelet's view of runtime objects (kubecontainer.Pod / PodStatus), as built by
// the runtime manager from CRI lists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cri/types.h"

namespace plegsim::kubelet {

using core::Time;
using cri::ContainerId;
using cri::PodUid;

// kubecontainer.State.
enum class KState : std::uint8_t { kCreated, kRunning, kExited, kUnknown };

struct KContainer {
  ContainerId id = 0;
  KState state = KState::kUnknown;
  bool operator==(const KContainer&) const = default;
};

// kubecontainer.Pod: what GetPods lists. Sandboxes are represented as containers.
struct Pod {
  PodUid id = 0;
  std::vector<KContainer> containers;
  std::vector<KContainer> sandboxes;
  bool operator==(const Pod&) const = default;
};

// kubecontainer.PodStatus: what GetPodStatus returns.
struct PodStatus {
  PodUid id = 0;
  std::vector<cri::SandboxView> sandbox_statuses;  // newest first
  std::vector<cri::ContainerView> container_statuses;
  bool has_ip = false;  // the newest sandbox is READY (the pod IP comes from it)
  // IPs: the newest sandbox's addresses when it is READY, or (1.9+) the cached ones the
  // PLEG kept for a pod whose sandboxes all stopped (getPodIPs).
  std::vector<std::string> ips;
  // When the status was taken: the runtime's timestamp on the Evented-PLEG path, else
  // the time before the sandbox calls.
  Time timestamp{};
};

// CRI container state → kubecontainer.State (toKubeContainerState).
KState to_kube_state(cri::ContainerState s);
// Sandbox state → container state (SandboxToContainerState): READY runs, NOTREADY exited,
// anything else unknown.
KState sandbox_to_kube_state(cri::SandboxState s);

}  // namespace plegsim::kubelet
