#include "sim/kubelet/events.h"

#include <algorithm>

namespace plegsim::kubelet {

const char* to_string(PlegState s) {
  switch (s) {
    case PlegState::kRunning:
      return "running";
    case PlegState::kExited:
      return "exited";
    case PlegState::kUnknown:
      return "unknown";
    case PlegState::kNonExistent:
      return "non-existent";
  }
  return "?";
}

PlegState convert_state(KState s) {
  switch (s) {
    case KState::kCreated:
      return PlegState::kUnknown;
    case KState::kRunning:
      return PlegState::kRunning;
    case KState::kExited:
      return PlegState::kExited;
    case KState::kUnknown:
      return PlegState::kUnknown;
  }
  return PlegState::kUnknown;
}

void generate_events(PodUid pod, ContainerId cid, PlegState old_state, PlegState new_state,
                     std::vector<PodLifecycleEvent>& out) {
  if (new_state == old_state) return;
  switch (new_state) {
    case PlegState::kRunning:
      out.push_back({pod, EventType::kContainerStarted, cid});
      return;
    case PlegState::kExited:
      out.push_back({pod, EventType::kContainerDied, cid});
      return;
    case PlegState::kUnknown:
      out.push_back({pod, EventType::kContainerChanged, cid});
      return;
    case PlegState::kNonExistent:
      switch (old_state) {
        case PlegState::kExited:
          // The container was already reported dead.
          out.push_back({pod, EventType::kContainerRemoved, cid});
          return;
        default:
          out.push_back({pod, EventType::kContainerDied, cid});
          out.push_back({pod, EventType::kContainerRemoved, cid});
          return;
      }
  }
}

PlegState get_container_state(const Pod* pod, ContainerId cid) {
  if (pod == nullptr) return PlegState::kNonExistent;
  for (const auto& c : pod->containers) {
    if (c.id == cid) return convert_state(c.state);
  }
  for (const auto& s : pod->sandboxes) {
    if (s.id == cid) return convert_state(s.state);
  }
  return PlegState::kNonExistent;
}

std::vector<ContainerId> get_containers_from_pods(const Pod* old_pod, const Pod* new_pod) {
  std::vector<ContainerId> ids;
  std::size_t n = 0;
  for (const Pod* p : {old_pod, new_pod}) {
    if (p != nullptr) n += p->containers.size() + p->sandboxes.size();
  }
  ids.reserve(n);  // one allocation, not one per doubling
  auto add = [&](const std::vector<KContainer>& cs) {
    for (const auto& c : cs) {
      if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
    }
  };
  for (const Pod* p : {old_pod, new_pod}) {
    if (p == nullptr) continue;
    add(p->containers);
    add(p->sandboxes);
  }
  return ids;
}

void compute_events(const Pod* old_pod, const Pod* new_pod, ContainerId cid,
                    std::vector<PodLifecycleEvent>& out) {
  PodUid pid = old_pod != nullptr ? old_pod->id : new_pod->id;
  generate_events(pid, cid, get_container_state(old_pod, cid), get_container_state(new_pod, cid),
                  out);
}

namespace {
// Whether entry i of `list` (p's containers or sandboxes) repeats an ID that comes
// before it in getContainersFromPods order within p (containers, then sandboxes).
bool repeats(const Pod& p, const std::vector<KContainer>& list, std::size_t i) {
  ContainerId id = list[i].id;
  auto in = [id](const std::vector<KContainer>& cs, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
      if (cs[j].id == id) return true;
    }
    return false;
  };
  if (&list == &p.containers) return in(p.containers, i);
  return in(p.containers, p.containers.size()) || in(p.sandboxes, i);
}
}  // namespace

std::vector<PodLifecycleEvent> compute_pod_events(const Pod* old_pod, const Pod* new_pod) {
  std::vector<PodLifecycleEvent> out;
  if (old_pod == nullptr && new_pod == nullptr) return out;
  if (old_pod != nullptr && new_pod != nullptr && *old_pod == *new_pod) return out;
  // computeEvents over getContainersFromPods, without building the list or looking up
  // what is at hand: an ID's first entry in old holds its old state; one first met in
  // current (absent from old) holds its new state, and its old state is non-existent.
  // The same calls in the same order (events_test holds it to the reference).
  PodUid pid = old_pod != nullptr ? old_pod->id : new_pod->id;
  if (old_pod != nullptr) {
    for (const auto* cs : {&old_pod->containers, &old_pod->sandboxes}) {
      for (std::size_t i = 0; i < cs->size(); ++i) {
        if (repeats(*old_pod, *cs, i)) continue;
        ContainerId cid = (*cs)[i].id;
        generate_events(pid, cid, convert_state((*cs)[i].state), get_container_state(new_pod, cid),
                        out);
      }
    }
  }
  if (new_pod != nullptr) {
    for (const auto* cs : {&new_pod->containers, &new_pod->sandboxes}) {
      for (std::size_t i = 0; i < cs->size(); ++i) {
        ContainerId cid = (*cs)[i].id;
        if (get_container_state(old_pod, cid) != PlegState::kNonExistent) continue;
        if (repeats(*new_pod, *cs, i)) continue;
        generate_events(pid, cid, PlegState::kNonExistent, convert_state((*cs)[i].state), out);
      }
    }
  }
  return out;
}

}  // namespace plegsim::kubelet
