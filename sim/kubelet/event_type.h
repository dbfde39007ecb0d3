// The PLEG's event types (pkg/kubelet/pleg/pleg.go PodLifeCycleEventType).
#pragma once

#include <cstdint>

namespace plegsim::kubelet {

enum class EventType : std::uint8_t {
  kContainerStarted,
  kContainerDied,
  kContainerRemoved,
  kPodSync,
  kContainerChanged,
  kConditionMet
};
const char* to_string(EventType t);

}  // namespace plegsim::kubelet
