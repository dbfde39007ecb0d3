// The CRI operations plegsim simulates, with their CRI names and the kubelet's
// operation_type metric labels (instrumented_services.go).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace plegsim::models {

enum class Op : int {
  kVersion,
  kStatus,
  kRunPodSandbox,
  kStopPodSandbox,
  kRemovePodSandbox,
  kPodSandboxStatus,
  kListPodSandbox,
  kCreateContainer,
  kStartContainer,
  kStopContainer,
  kRemoveContainer,
  kListContainers,
  kContainerStatus,
  kExecSync,
  kListContainerStats,
  kGetContainerEvents,
  kCount
};

inline constexpr int kOpCount = static_cast<int>(Op::kCount);

struct OpNames {
  std::string_view cri;     // "ListPodSandbox"
  std::string_view metric;  // "list_podsandbox"
};

inline constexpr std::array<OpNames, kOpCount> kOpNames = {{
    {"Version", "version"},
    {"Status", "status"},
    {"RunPodSandbox", "run_podsandbox"},
    {"StopPodSandbox", "stop_podsandbox"},
    {"RemovePodSandbox", "remove_podsandbox"},
    {"PodSandboxStatus", "podsandbox_status"},
    {"ListPodSandbox", "list_podsandbox"},
    {"CreateContainer", "create_container"},
    {"StartContainer", "start_container"},
    {"StopContainer", "stop_container"},
    {"RemoveContainer", "remove_container"},
    {"ListContainers", "list_containers"},
    {"ContainerStatus", "container_status"},
    {"ExecSync", "exec_sync"},
    {"ListContainerStats", "list_container_stats"},
    {"GetContainerEvents", "get_container_events"},
}};

constexpr std::string_view cri_name(Op op) {
  return kOpNames[static_cast<int>(op)].cri;
}
constexpr std::string_view metric_name(Op op) {
  return kOpNames[static_cast<int>(op)].metric;
}

// Looks an operation up by its CRI name ("ContainerStatus").
inline std::optional<Op> op_from_cri_name(std::string_view name) {
  for (int i = 0; i < kOpCount; ++i) {
    if (kOpNames[i].cri == name) return static_cast<Op>(i);
  }
  return std::nullopt;
}

}  // namespace plegsim::models
