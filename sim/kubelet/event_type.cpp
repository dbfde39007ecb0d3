#include "sim/kubelet/event_type.h"

namespace plegsim::kubelet {

const char* to_string(EventType t) {
  switch (t) {
    case EventType::kContainerStarted:
      return "ContainerStarted";
    case EventType::kContainerDied:
      return "ContainerDied";
    case EventType::kContainerRemoved:
      return "ContainerRemoved";
    case EventType::kPodSync:
      return "PodSync";
    case EventType::kContainerChanged:
      return "ContainerChanged";
    case EventType::kConditionMet:
      return "ConditionMet";
  }
  return "?";
}

}  // namespace plegsim::kubelet
