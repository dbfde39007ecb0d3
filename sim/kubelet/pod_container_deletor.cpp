#include "sim/kubelet/pod_container_deletor.h"

#include <algorithm>
#include <vector>

#include "sim/cri/remove_container.h"

namespace plegsim::kubelet {

PodContainerDeletor::PodContainerDeletor(core::Kernel& k, cri::Runtime& rt, int containers_to_keep,
                                         std::size_t buffer)
    : k_(k), rt_(rt), keep_(std::max(containers_to_keep, 0)), ch_(k, buffer) {}

void PodContainerDeletor::delete_containers_in_pod(ContainerId exited, const PodStatus& status) {
  // getContainersToDeleteInPod: nothing when the dead container is not in the status.
  const cri::ContainerView* matched = nullptr;
  for (const auto& c : status.container_statuses) {
    if (c.id == exited) matched = &c;
  }
  if (matched == nullptr) return;
  std::vector<const cri::ContainerView*> candidates;
  for (const auto& c : status.container_statuses) {
    if (c.state == cri::ContainerState::kExited && c.slot == matched->slot) {
      candidates.push_back(&c);
    }
  }
  if (static_cast<int>(candidates.size()) <= keep_) return;
  // Newest first: CreatedAt descending (every attempt of a slot here has a later
  // creation than the one before; IDs break ties, as they are handed out in order).
  std::sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
    return a->created != b->created ? a->created > b->created : a->id > b->id;
  });
  for (std::size_t i = static_cast<std::size_t>(keep_); i < candidates.size(); ++i) {
    ++requested_;
    if (!ch_.try_send(candidates[i]->id)) ++dropped_;  // select with default
  }
}

core::Task<void> PodContainerDeletor::worker() {
  while (!stopped_) {
    auto id = co_await ch_.receive();
    if (!id || stopped_) co_return;
    cri::Status st = co_await cri::remove_container_and_log(rt_, *id);
    if (st.ok()) {
      ++removed_;
    } else {
      ++failed_;  // "DeleteContainer returned error"
    }
  }
}

}  // namespace plegsim::kubelet
