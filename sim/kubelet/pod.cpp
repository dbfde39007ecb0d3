#include "sim/kubelet/pod.h"

namespace plegsim::kubelet {

KState to_kube_state(cri::ContainerState s) {
  switch (s) {
    case cri::ContainerState::kCreated:
      return KState::kCreated;
    case cri::ContainerState::kRunning:
      return KState::kRunning;
    case cri::ContainerState::kExited:
      return KState::kExited;
    case cri::ContainerState::kUnknown:
      return KState::kUnknown;
  }
  return KState::kUnknown;
}

KState sandbox_to_kube_state(cri::SandboxState s) {
  switch (s) {
    case cri::SandboxState::kReady:
      return KState::kRunning;
    case cri::SandboxState::kNotReady:
      return KState::kExited;
    case cri::SandboxState::kUnknown:
      return KState::kUnknown;
  }
  return KState::kUnknown;
}

}  // namespace plegsim::kubelet
