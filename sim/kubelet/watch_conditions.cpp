#include "sim/kubelet/watch_conditions.h"

#include <utility>

namespace plegsim::kubelet {

WatchCondition running_container_watch_condition(
    int container_slot, std::function<bool(const cri::ContainerView&)> condition) {
  return [container_slot, condition = std::move(condition)](const PodStatus& status) {
    // FindContainerStatusByName: the first (newest) status of that name.
    for (const auto& c : status.container_statuses) {
      if (c.slot != container_slot) continue;
      // Not running: "completed", so the condition is cleared.
      if (c.state != cri::ContainerState::kRunning) return true;
      return condition(c);
    }
    return true;
  };
}

void WatchConditions::set(PodUid uid, const std::string& key, WatchCondition condition) {
  PodConditions& conditions = by_pod_[uid];
  auto it = conditions.find(key);
  if (it != conditions.end()) {
    ++it->second.version;
    it->second.condition = std::move(condition);
    return;
  }
  conditions.emplace(key, VersionedWatchCondition{key, std::move(condition), 0});
}

std::vector<VersionedWatchCondition> WatchConditions::get(PodUid uid) const {
  std::vector<VersionedWatchCondition> out;
  auto it = by_pod_.find(uid);
  if (it == by_pod_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [key, c] : it->second) out.push_back(c);
  return out;
}

void WatchConditions::complete(PodUid uid, const std::vector<VersionedWatchCondition>& completed) {
  auto it = by_pod_.find(uid);
  if (it == by_pod_.end()) return;  // the pod was deleted meanwhile
  for (const auto& done : completed) {
    auto c = it->second.find(done.key);
    // Only clear the condition if it has not been updated. (Upstream reads a missing key
    // as version 0 and deletes nothing, as here.)
    if (c != it->second.end() && c->second.version == done.version) it->second.erase(c);
  }
  // Upstream keeps the pod's (possibly empty) map until the pod leaves the records.
}

void WatchConditions::cleanup_orphaned(const PodRecords& records) {
  std::erase_if(by_pod_, [&](const auto& e) { return records.get_current(e.first) == nullptr; });
}

std::vector<PodUid> WatchConditions::uids() const {
  std::vector<PodUid> out;
  out.reserve(by_pod_.size());
  for (const auto& [uid, _] : by_pod_) out.push_back(uid);
  return out;
}

const WatchConditions::PodConditions* WatchConditions::find(PodUid uid) const {
  auto it = by_pod_.find(uid);
  return it == by_pod_.end() ? nullptr : &it->second;
}

void WatchConditions::set_version_for_test(PodUid uid, const std::string& key,
                                           std::uint32_t version) {
  // Go's map write: a missing entry becomes a zero value with this version.
  VersionedWatchCondition& c = by_pod_[uid][key];
  c.version = version;
}

}  // namespace plegsim::kubelet
