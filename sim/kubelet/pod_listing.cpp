#include "sim/kubelet/pod_listing.h"

#include <algorithm>
#include <map>
#include <stdexcept>

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
  l.listed_pods_ = l.pods_.size();
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

PodListing PodListing::lazy(cri::ChangeLog& log, const cri::ListedGeneration& sandboxes,
                            const cri::ListedGeneration& containers) {
  PodListing l;
  l.log_ = &log;
  l.sandbox_gen_ = sandboxes.generation;
  l.container_gen_ = containers.generation;
  l.sandbox_count_ = sandboxes.count;
  l.container_count_ = containers.count;
  l.running_pods_ = sandboxes.by_state[0];
  l.by_state_ = containers.by_state;
  // containers.pods counts pods at the container list's generation; a pod whose
  // sandboxes changed between the two lists is counted as the sandbox list saw it.
  l.listed_pods_ = containers.pods;
  std::vector<PodUid> moved;
  log.changed_since(sandboxes.generation, containers.generation, moved);
  std::sort(moved.begin(), moved.end());
  moved.erase(std::unique(moved.begin(), moved.end()), moved.end());
  for (PodUid uid : moved) {
    bool has_containers = !log.containers_of(uid).empty();
    bool now = has_containers || !log.sandboxes_at(uid, containers.generation).empty();
    bool then = has_containers || !log.sandboxes_at(uid, sandboxes.generation).empty();
    l.listed_pods_ = l.listed_pods_ + (then ? 1 : 0) - (now ? 1 : 0);
  }
  return l;
}

std::vector<PodUid> PodListing::changed_since(std::optional<std::uint64_t> prev_gen) const {
  std::vector<PodUid> out;
  if (!prev_gen) {
    out.reserve(static_cast<std::size_t>(log_->pod_uid_count()));
    for (PodUid uid = 0; uid < log_->pod_uid_count(); ++uid) out.push_back(uid);
    return out;
  }
  log_->changed_since(*prev_gen, container_gen_, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Pod> PodListing::pod(PodUid uid) const {
  if (log_->generation() != container_gen_) {
    throw std::logic_error("PodListing: the runtime changed since the container list");
  }
  const auto& containers = log_->containers_of(uid);
  // Sandboxes were listed at an earlier generation than containers, as they were.
  std::vector<cri::SandboxView> sbs = log_->sandboxes_at(uid, sandbox_gen_);
  if (containers.empty() && sbs.empty()) return std::nullopt;
  Pod p;
  p.id = uid;
  p.containers.reserve(containers.size());
  for (const auto& c : containers) p.containers.push_back({c.id, to_kube_state(c.state)});
  p.sandboxes.reserve(sbs.size());
  for (const auto& s : sbs) p.sandboxes.push_back({s.id, sandbox_to_kube_state(s.state)});
  return p;
}

void PodListing::release_history() {
  if (log_ != nullptr) log_->release_upto(sandbox_gen_);
}

}  // namespace plegsim::kubelet
