#include "sim/kubelet/pod_listing.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <stdexcept>

#include "sim/cri/store.h"

namespace plegsim::kubelet {

PodListing PodListing::materialised(const cri::SandboxList& sandboxes,
                                    const cri::ContainerList& containers) {
  // kuberuntime GetPods: sandboxes first, then containers, grouped by pod UID; a
  // container whose sandbox was not listed still creates its pod.
  std::map<PodUid, Pod> by_uid;
  for (const auto& s : sandboxes.items) {
    Pod& p = by_uid[s.pod];
    p.id = s.pod;
    p.sandboxes.push_back({s.id, sandbox_to_kube_state(s.state)});
  }
  for (const auto& c : containers.items) {
    Pod& p = by_uid[c.pod];
    p.id = c.pod;
    p.containers.push_back({c.id, to_kube_state(c.state)});
  }
  PodListing l;
  l.pods_.reserve(by_uid.size());
  for (auto& [uid, pod] : by_uid) l.pods_.push_back(std::move(pod));
  l.sandbox_count_ = sandboxes.items.size();
  l.container_count_ = containers.items.size();
  for (const auto& p : l.pods_) {
    for (const auto& s : p.sandboxes) {
      if (s.state == KState::kRunning) {
        ++l.running_pods_;
        break;
      }
    }
  }
  for (const auto& c : containers.items) ++l.by_state_[static_cast<int>(c.state)];
  return l;
}

PodListing PodListing::lazy(const cri::SandboxList& sandboxes,
                            const cri::ContainerList& containers) {
  PodListing l;
  l.store_ = containers.snapshot.store;
  l.sandbox_gen_ = sandboxes.snapshot.generation;
  l.container_gen_ = containers.snapshot.generation;
  l.sandbox_count_ = sandboxes.snapshot.count;
  l.container_count_ = containers.snapshot.count;
  l.running_pods_ = sandboxes.snapshot.by_state[0];
  l.by_state_ = containers.snapshot.by_state;
  return l;
}

std::vector<PodUid> PodListing::changed_since(std::optional<std::uint64_t> prev_gen) const {
  std::vector<PodUid> out;
  if (!prev_gen) {
    out.reserve(static_cast<std::size_t>(store_->pod_uid_count()));
    for (PodUid uid = 0; uid < store_->pod_uid_count(); ++uid) out.push_back(uid);
    return out;
  }
  if (store_->log_horizon() > *prev_gen) {
    throw std::logic_error("PodListing: change log trimmed past the reader's baseline");
  }
  store_->for_each_change(*prev_gen, container_gen_,
                          [&](const cri::Store::Change& c) { out.push_back(c.pod); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Pod> PodListing::pod(PodUid uid) const {
  if (store_->generation() != container_gen_) {
    throw std::logic_error("PodListing: the store changed since the container list");
  }
  Pod p;
  p.id = uid;
  p.containers.reserve(store_->containers_of(uid).size());
  for (const auto& c : store_->containers_of(uid)) {
    p.containers.push_back({c.id, to_kube_state(c.state)});
  }
  // Sandboxes were listed at an earlier generation: undo what changed since.
  std::vector<cri::SandboxView> sbs = store_->sandboxes_of(uid);
  std::vector<cri::Store::Change> undo;
  if (sandbox_gen_ != container_gen_) {
    store_->for_each_change(sandbox_gen_, container_gen_, [&](const cri::Store::Change& c) {
      if (c.sandbox && c.pod == uid) undo.push_back(c);
    });
  }
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    auto pos = std::find_if(sbs.begin(), sbs.end(), [&](const auto& s) { return s.id == it->id; });
    if (!it->existed) {
      if (pos != sbs.end()) sbs.erase(pos);
    } else if (!it->exists_after) {
      sbs.push_back({it->id, uid, static_cast<cri::SandboxState>(it->old_state), it->created});
    } else if (pos != sbs.end()) {
      pos->state = static_cast<cri::SandboxState>(it->old_state);
    }
  }
  if (!undo.empty()) {
    std::sort(sbs.begin(), sbs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  if (p.containers.empty() && sbs.empty()) return std::nullopt;
  p.sandboxes.reserve(sbs.size());
  for (const auto& s : sbs) p.sandboxes.push_back({s.id, sandbox_to_kube_state(s.state)});
  return p;
}

void PodListing::release_history() const {
  if (store_ != nullptr) store_->forget_changes_upto(sandbox_gen_);
}

}  // namespace plegsim::kubelet
