#include "sim/cri/store.h"

#include <algorithm>
#include <stdexcept>

namespace plegsim::cri {

PodUid Store::new_pod() {
  pods_.emplace_back();
  ready_sandboxes_.push_back(0);
  objects_.push_back(0);
  return static_cast<PodUid>(pods_.size() - 1);
}

void Store::notify(std::uint8_t new_state) {
  for (StoreObserver* o : observers_) o->on_store_change(log_.back(), new_state);
}

void Store::remove_observer(StoreObserver* o) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end());
}

void Store::count_ready(PodUid pod, int delta) {
  int& n = ready_sandboxes_[static_cast<std::size_t>(pod)];
  if (n == 0 && delta > 0) ++ready_pods_;
  n += delta;
  if (n == 0 && delta < 0) --ready_pods_;
}

void Store::count_object(PodUid pod, int delta) {
  int& n = objects_[static_cast<std::size_t>(pod)];
  if (n == 0 && delta > 0) ++listed_pods_;
  n += delta;
  if (n == 0 && delta < 0) --listed_pods_;
}

ContainerId Store::next_id(PodUid pod) {
  owner_.push_back(pod);
  return owner_.size();  // ids start at 1; owner_[id - 1] is the pod
}

ContainerId Store::add_sandbox(PodUid pod, Time now) {
  ContainerId id = next_id(pod);
  pods_[pod].sandboxes.push_back({id, pod, SandboxState::kReady, now, {}});
  ++sandbox_count_;
  count_ready(pod, +1);
  count_object(pod, +1);
  log({++gen_, pod, true, false, true, 0, id, now});
  notify(static_cast<std::uint8_t>(SandboxState::kReady));
  return id;
}

ContainerId Store::add_container(PodUid pod, int slot, Time now) {
  ContainerId id = next_id(pod);
  pods_[pod].containers.push_back({id, pod, ContainerState::kCreated, false, now, slot, 0});
  ++container_count_;
  count_object(pod, +1);
  ++by_state_[static_cast<int>(ContainerState::kCreated)];
  log({++gen_, pod, false, false, true, 0, id, now});
  notify(static_cast<std::uint8_t>(ContainerState::kCreated));
  return id;
}

const SandboxView* Store::find_sandbox(ContainerId id) const {
  if (id == 0 || id > owner_.size() || owner_[id - 1] < 0) return nullptr;
  for (const auto& s : pods_[owner_[id - 1]].sandboxes) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const ContainerView* Store::find_container(ContainerId id) const {
  if (id == 0 || id > owner_.size() || owner_[id - 1] < 0) return nullptr;
  for (const auto& c : pods_[owner_[id - 1]].containers) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool Store::set_sandbox_state(ContainerId id, SandboxState s) {
  auto* sb = const_cast<SandboxView*>(find_sandbox(id));
  if (sb == nullptr) return false;
  if (sb->state == s) return true;
  log({++gen_, sb->pod, true, true, true, static_cast<std::uint8_t>(sb->state), id, sb->created});
  count_ready(sb->pod, (s == SandboxState::kReady) - (sb->state == SandboxState::kReady));
  sb->state = s;
  notify(static_cast<std::uint8_t>(s));
  return true;
}

bool Store::set_container_state(ContainerId id, ContainerState s, int exit_code) {
  auto* c = const_cast<ContainerView*>(find_container(id));
  if (c == nullptr) return false;
  if (c->state == s) return true;
  log({++gen_, c->pod, false, true, true, static_cast<std::uint8_t>(c->state), id, c->created});
  --by_state_[static_cast<int>(c->state)];
  ++by_state_[static_cast<int>(s)];
  c->state = s;
  c->exit_code = exit_code;
  notify(static_cast<std::uint8_t>(s));
  return true;
}

bool Store::remove_sandbox(ContainerId id) {
  const SandboxView* sb = find_sandbox(id);
  if (sb == nullptr) return false;
  PodUid pod = sb->pod;
  log({++gen_, pod, true, true, false, static_cast<std::uint8_t>(sb->state), id, sb->created});
  if (sb->state == SandboxState::kReady) count_ready(pod, -1);
  auto& v = pods_[pod].sandboxes;
  v.erase(v.begin() + (sb - v.data()));
  owner_[id - 1] = -1;
  --sandbox_count_;
  count_object(pod, -1);
  notify(0);
  return true;
}

bool Store::remove_container(ContainerId id) {
  const ContainerView* c = find_container(id);
  if (c == nullptr) return false;
  PodUid pod = c->pod;
  log({++gen_, pod, false, true, false, static_cast<std::uint8_t>(c->state), id, c->created});
  --by_state_[static_cast<int>(c->state)];
  auto& v = pods_[pod].containers;
  v.erase(v.begin() + (c - v.data()));
  owner_[id - 1] = -1;
  --container_count_;
  count_object(pod, -1);
  notify(0);
  return true;
}

std::vector<SandboxView> Store::list_sandboxes(std::optional<PodUid> pod) const {
  if (pod) {
    if (*pod < 0 || *pod >= pod_uid_count()) return {};
    return pods_[*pod].sandboxes;
  }
  std::vector<SandboxView> out;
  out.reserve(sandbox_count_);
  for (const auto& p : pods_) out.insert(out.end(), p.sandboxes.begin(), p.sandboxes.end());
  return out;
}

std::vector<ContainerView> Store::list_containers(std::optional<PodUid> pod) const {
  if (pod) {
    if (*pod < 0 || *pod >= pod_uid_count()) return {};
    return pods_[*pod].containers;
  }
  std::vector<ContainerView> out;
  out.reserve(container_count_);
  for (const auto& p : pods_) out.insert(out.end(), p.containers.begin(), p.containers.end());
  return out;
}

std::deque<Store::Change>::const_iterator Store::first_change_after(std::uint64_t gen) const {
  return std::upper_bound(log_.begin(), log_.end(), gen,
                          [](std::uint64_t g, const Change& c) { return g < c.gen; });
}

void Store::changed_since(std::uint64_t after, std::uint64_t upto, std::vector<PodUid>& out) const {
  if (horizon_ > after) {
    throw std::logic_error("Store: change log released past the reader's baseline");
  }
  for (auto it = first_change_after(after); it != log_.end() && it->gen <= upto; ++it) {
    out.push_back(it->pod);
  }
}

std::vector<SandboxView> Store::sandboxes_at(PodUid pod, std::uint64_t generation) const {
  std::vector<SandboxView> sbs = pods_[pod].sandboxes;
  if (generation == gen_) return sbs;
  if (horizon_ > generation) {
    throw std::logic_error("Store: change log released past the reader's baseline");
  }
  // Undo, newest first, what changed this pod's sandboxes since `generation`.
  std::vector<const Change*> undo;
  for (auto it = first_change_after(generation); it != log_.end(); ++it) {
    if (it->sandbox && it->pod == pod) undo.push_back(&*it);
  }
  for (auto u = undo.rbegin(); u != undo.rend(); ++u) {
    const Change& c = **u;
    auto pos = std::find_if(sbs.begin(), sbs.end(), [&](const auto& s) { return s.id == c.id; });
    if (!c.existed) {
      if (pos != sbs.end()) sbs.erase(pos);
    } else if (!c.exists_after) {
      sbs.push_back({c.id, pod, static_cast<SandboxState>(c.old_state), c.created, {}});
    } else if (pos != sbs.end()) {
      pos->state = static_cast<SandboxState>(c.old_state);
    }
  }
  if (!undo.empty()) {
    std::sort(sbs.begin(), sbs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  return sbs;
}

void Store::release_upto(std::uint64_t generation) {
  while (!log_.empty() && log_.front().gen <= generation) log_.pop_front();
  horizon_ = std::max(horizon_, generation);
}

}  // namespace plegsim::cri
