// PLEG events and the transition table (generic.go generateEvents, computeEvents,
// getContainersFromPods, convertState).
#pragma once

#include <vector>

#include "sim/kubelet/event_type.h"
#include "sim/kubelet/pod.h"

namespace plegsim::kubelet {

// PodLifecycleEvent: ID is the pod UID, Data the container ID (none for PodSync).
struct PodLifecycleEvent {
  PodUid id = 0;
  EventType type = EventType::kContainerStarted;
  ContainerId data = 0;
  bool operator==(const PodLifecycleEvent&) const = default;
};

// plegContainerState.
enum class PlegState : std::uint8_t { kRunning, kExited, kUnknown, kNonExistent };
const char* to_string(PlegState s);

// convertState: created is reported as unknown ("kubelet doesn't use the created
// state yet").
PlegState convert_state(KState s);

// generateEvents: the events for one container moving from old to new.
void generate_events(PodUid pod, ContainerId cid, PlegState old_state, PlegState new_state,
                     std::vector<PodLifecycleEvent>& out);

// getContainerState: the container's state in the pod (containers first, then
// sandboxes), non-existent when absent or the pod is nil.
PlegState get_container_state(const Pod* pod, ContainerId cid);

// getContainersFromPods: the union of container IDs, in the order old.Containers,
// old.Sandboxes, current.Containers, current.Sandboxes, duplicates skipped.
std::vector<ContainerId> get_containers_from_pods(const Pod* old_pod, const Pod* new_pod);

// computeEvents for one container.
void compute_events(const Pod* old_pod, const Pod* new_pod, ContainerId cid,
                    std::vector<PodLifecycleEvent>& out);

// All events of one pod, in getContainersFromPods order: computeEvents for each ID of
// getContainersFromPods (the two functions above, the kubelet's own steps, which
// events_test holds this to), walked without building the list.
std::vector<PodLifecycleEvent> compute_pod_events(const Pod* old_pod, const Pod* new_pod);

}  // namespace plegsim::kubelet
