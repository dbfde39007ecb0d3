// Pod watch conditions (pkg/kubelet/pleg generic.go / pleg.go, #128518, 1.32 - 1.35):
// while a pod has a watch condition the relist inspects it every time, evaluates each
// condition against the fresh status and, when at least one is met, clears the met ones
// and sends one ConditionMet event. A condition is keyed so it can be replaced before it
// is met; replacing bumps its version, and a met condition is cleared only if its version
// did not change while it was being evaluated. #137363 (1.36) replaced them with a plain
// reinspection request. Single-threaded, like the kernel.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/kubelet/pod.h"
#include "sim/kubelet/pod_records.h"

namespace plegsim::kubelet {

// WatchCondition: takes the latest PodStatus and says whether the condition is met.
using WatchCondition = std::function<bool(const PodStatus&)>;

// versionedWatchCondition.
struct VersionedWatchCondition {
  std::string key;
  WatchCondition condition;
  std::uint32_t version = 0;
};

// RunningContainerWatchCondition: a condition on one container's status. The container's
// name is its slot (plegsim names containers by slot). When no status of that name is
// listed, or it is not running, the condition counts as met so it is cleared.
WatchCondition running_container_watch_condition(
    int container_slot, std::function<bool(const cri::ContainerView&)> condition);

// watchConditions: pod UID -> condition key -> condition.
class WatchConditions {
 public:
  using PodConditions = std::map<std::string, VersionedWatchCondition>;

  // SetPodWatchCondition: adds the condition, or replaces an existing key's function and
  // increments its version.
  void set(PodUid uid, const std::string& key, WatchCondition condition);
  // getPodWatchConditions: a copy of the pod's conditions (none: empty).
  std::vector<VersionedWatchCondition> get(PodUid uid) const;
  // completeWatchConditions: removes the completed ones whose version is unchanged.
  void complete(PodUid uid, const std::vector<VersionedWatchCondition>& completed);
  // cleanupOrphanedWatchConditions: drops the pods without a current record.
  void cleanup_orphaned(const PodRecords& records);

  bool empty() const { return by_pod_.empty(); }
  // The pods with conditions, ascending.
  std::vector<PodUid> uids() const;
  // The pod's entry (upstream's tests read the map); nullptr when the pod has none.
  const PodConditions* find(PodUid uid) const;
  // Overwrites a stored version, as upstream's TestWatchConditions writes the map
  // directly. Test hook; no kubelet code path does this.
  void set_version_for_test(PodUid uid, const std::string& key, std::uint32_t version);

 private:
  std::map<PodUid, PodConditions> by_pod_;
};

}  // namespace plegsim::kubelet
