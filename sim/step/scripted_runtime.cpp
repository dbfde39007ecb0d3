#include "sim/step/scripted_runtime.h"

#include <algorithm>

namespace plegsim::step {

using cri::Code;
using cri::Result;
using cri::Status;
using models::Op;

namespace {
cri::SandboxView to_view(const ScriptedSandbox& s, PodUid pod) {
  return cri::SandboxView{s.id, pod, s.state, s.created, s.ips};
}
cri::ContainerView to_view(const ScriptedContainer& c, PodUid pod) {
  return cri::ContainerView{c.id, pod, c.state, false, c.created, c.slot, c.exit_code};
}
// The item of `items` with this id, or nullptr.
template <class T>
T* find_id(std::vector<T>& items, ContainerId id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
template <class T>
const T* find_id(const std::vector<T>& items, ContainerId id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

void ScriptedRuntime::set_pods(std::vector<ScriptedPod> pods) {
  pods_.clear();
  for (auto& p : pods) set_pod(std::move(p));
}

void ScriptedRuntime::set_pod(ScriptedPod pod) {
  PodUid uid = pod.uid;
  pods_[uid] = std::move(pod);
}

void ScriptedRuntime::remove_pod(PodUid uid) {
  pods_.erase(uid);
}

void ScriptedRuntime::set_inspection(ScriptedPod view) {
  PodUid uid = view.uid;
  inspection_[uid] = std::move(view);
}

void ScriptedRuntime::clear_inspection(PodUid uid) {
  inspection_.erase(uid);
}

void ScriptedRuntime::fail_list(Op op, Code code, int times) {
  add_rule(CallRule{op, kNoPod, Duration{}, code, times});
}

void ScriptedRuntime::fail_inspection(PodUid uid, Code code, int times, Op op) {
  add_rule(CallRule{op, uid, Duration{}, code, times});
}

std::size_t ScriptedRuntime::count_calls(std::optional<Op> op, std::optional<PodUid> pod) const {
  return static_cast<std::size_t>(std::count_if(calls_.begin(), calls_.end(), [&](const auto& c) {
    return (!op || c.op == *op) && (!pod || c.pod == *pod);
  }));
}

std::optional<Time> ScriptedRuntime::next_completion() const {
  if (in_flight_.empty()) return std::nullopt;
  return *in_flight_.begin();
}

ScriptedRuntime::Outcome ScriptedRuntime::outcome(Op op, PodUid pod) {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    CallRule& r = *it;
    if (r.times == 0) continue;
    if (r.op && *r.op != op) continue;
    if (r.pod && *r.pod != pod) continue;
    if (r.times > 0) --r.times;
    return Outcome{r.latency, r.code};
  }
  return Outcome{default_latency_[static_cast<int>(op)], Code::kOk};
}

core::Task<Status> ScriptedRuntime::serve(Op op, PodUid pod) {
  Time start = k_.now();
  Outcome o = outcome(op, pod);
  if (o.latency > Duration{}) {
    auto slot = in_flight_.insert(start + o.latency);
    co_await k_.sleep(o.latency);
    in_flight_.erase(slot);
  }
  Status st{o.code};
  calls_.push_back(CallRecord{op, pod, start, k_.now(), o.code});
  if (observer_ != nullptr) observer_->on_call_finished(op, start, k_.now(), st);
  co_return st;
}

const ScriptedPod* ScriptedRuntime::view(PodUid uid) const {
  if (auto it = inspection_.find(uid); it != inspection_.end()) return &it->second;
  if (auto it = pods_.find(uid); it != pods_.end()) return &it->second;
  return nullptr;
}

PodUid ScriptedRuntime::sandbox_owner(ContainerId id) const {
  auto holds = [&](const ScriptedPod* p) {
    return p != nullptr && find_id(p->sandboxes, id) != nullptr;
  };
  if (holds(view(inspected_sandboxes_))) return inspected_sandboxes_;
  for (const auto& [uid, p] : pods_) {
    if (holds(view(uid))) return uid;
  }
  return kNoPod;
}

PodUid ScriptedRuntime::container_owner(ContainerId id) const {
  auto holds = [&](const ScriptedPod* p) {
    return p != nullptr && find_id(p->containers, id) != nullptr;
  };
  if (holds(view(inspected_containers_))) return inspected_containers_;
  for (const auto& [uid, p] : pods_) {
    if (holds(view(uid))) return uid;
  }
  return kNoPod;
}

template <class View, class Member>
std::vector<View> ScriptedRuntime::collect(const cri::ListFilter& filter, Member member) const {
  std::vector<View> items;
  auto add = [&](const ScriptedPod& p) {
    for (const auto& o : p.*member) items.push_back(to_view(o, p.uid));
  };
  if (filter.pod) {
    if (const ScriptedPod* p = view(*filter.pod)) add(*p);
  } else {
    for (const auto& [uid, p] : pods_) add(p);
  }
  return items;
}

cri::Reply<Result<cri::SandboxList>> ScriptedRuntime::list_pod_sandbox(cri::ListFilter filter) {
  PodUid target = filter.pod.value_or(kNoPod);
  if (filter.pod) inspected_sandboxes_ = *filter.pod;
  Status st = co_await serve(Op::kListPodSandbox, target);
  Result<cri::SandboxList> out{st, {}};
  if (!st.ok()) co_return out;
  out.value.items = collect<cri::SandboxView>(filter, &ScriptedPod::sandboxes);
  co_return out;
}

cri::Reply<Result<cri::ContainerList>> ScriptedRuntime::list_containers(cri::ListFilter filter) {
  PodUid target = filter.pod.value_or(kNoPod);
  if (filter.pod) inspected_containers_ = *filter.pod;
  Status st = co_await serve(Op::kListContainers, target);
  Result<cri::ContainerList> out{st, {}};
  if (!st.ok()) co_return out;
  out.value.items = collect<cri::ContainerView>(filter, &ScriptedPod::containers);
  co_return out;
}

cri::Reply<Result<cri::SandboxView>> ScriptedRuntime::pod_sandbox_status(ContainerId id) {
  PodUid owner = sandbox_owner(id);
  Status st = co_await serve(Op::kPodSandboxStatus, owner);
  Result<cri::SandboxView> out{st, {}};
  if (!st.ok()) co_return out;
  const ScriptedPod* p = view(owner);
  const ScriptedSandbox* s = p == nullptr ? nullptr : find_id(p->sandboxes, id);
  if (s == nullptr) {
    out.status = Status{Code::kNotFound};
    co_return out;
  }
  out.value = to_view(*s, owner);
  co_return out;
}

cri::Reply<Result<cri::SandboxStatusWithContainers>>
ScriptedRuntime::pod_sandbox_status_with_containers(ContainerId id) {
  PodUid owner = sandbox_owner(id);
  Status st = co_await serve(Op::kPodSandboxStatus, owner);
  Result<cri::SandboxStatusWithContainers> out{st, {}};
  if (!st.ok()) co_return out;
  const ScriptedPod* p = view(owner);
  const ScriptedSandbox* s = p == nullptr ? nullptr : find_id(p->sandboxes, id);
  if (s == nullptr) {
    out.status = Status{Code::kNotFound};
    co_return out;
  }
  out.value.sandbox = to_view(*s, owner);
  if (p->status_timestamp) {
    out.value.has_timestamp = true;
    out.value.timestamp = *p->status_timestamp;
    for (const auto& c : p->containers) out.value.containers.push_back(to_view(c, owner));
  }
  co_return out;
}

cri::Reply<Result<cri::ContainerView>> ScriptedRuntime::container_status(ContainerId id) {
  PodUid owner = container_owner(id);
  Status st = co_await serve(Op::kContainerStatus, owner);
  Result<cri::ContainerView> out{st, {}};
  if (!st.ok()) co_return out;
  const ScriptedPod* p = view(owner);
  const ScriptedContainer* c = p == nullptr ? nullptr : find_id(p->containers, id);
  if (c == nullptr) {
    out.status = Status{Code::kNotFound};
    co_return out;
  }
  out.value = to_view(*c, owner);
  co_return out;
}

cri::Reply<Status> ScriptedRuntime::status() {
  co_return co_await serve(Op::kStatus, kNoPod);
}

cri::Reply<Status> ScriptedRuntime::invoke(Op op) {
  co_return co_await serve(op, kNoPod);
}

// Lifecycle calls edit the listing, so a test may also drive the runtime the way the
// kubelet's pod workers do.

ScriptedSandbox* ScriptedRuntime::find_sandbox(ContainerId id) {
  auto it = pods_.find(sandbox_owner(id));
  return it == pods_.end() ? nullptr : find_id(it->second.sandboxes, id);
}

ScriptedContainer* ScriptedRuntime::find_container(ContainerId id) {
  auto it = pods_.find(container_owner(id));
  return it == pods_.end() ? nullptr : find_id(it->second.containers, id);
}

cri::Reply<Result<ContainerId>> ScriptedRuntime::run_pod_sandbox(PodUid pod) {
  Status st = co_await serve(Op::kRunPodSandbox, pod);
  if (!st.ok()) co_return Result<ContainerId>{st, 0};
  ScriptedPod& p = pods_[pod];
  p.uid = pod;
  ContainerId id = next_id_++;
  p.sandboxes.push_back(ScriptedSandbox{id, cri::SandboxState::kReady, k_.now(), {}});
  co_return Result<ContainerId>{st, id};
}

cri::Reply<Status> ScriptedRuntime::stop_pod_sandbox(ContainerId id) {
  Status st = co_await serve(Op::kStopPodSandbox, sandbox_owner(id));
  if (!st.ok()) co_return st;
  ScriptedSandbox* s = find_sandbox(id);
  if (s == nullptr) co_return Status{Code::kNotFound};
  s->state = cri::SandboxState::kNotReady;
  co_return st;
}

cri::Reply<Status> ScriptedRuntime::remove_pod_sandbox(ContainerId id) {
  PodUid owner = sandbox_owner(id);
  Status st = co_await serve(Op::kRemovePodSandbox, owner);
  if (!st.ok()) co_return st;
  auto it = pods_.find(owner);
  if (it == pods_.end() ||
      std::erase_if(it->second.sandboxes, [&](const auto& s) { return s.id == id; }) == 0) {
    co_return Status{Code::kNotFound};
  }
  co_return st;
}

cri::Reply<Result<ContainerId>> ScriptedRuntime::create_container(PodUid pod, int slot) {
  Status st = co_await serve(Op::kCreateContainer, pod);
  if (!st.ok()) co_return Result<ContainerId>{st, 0};
  ScriptedPod& p = pods_[pod];
  p.uid = pod;
  ContainerId id = next_id_++;
  p.containers.push_back(ScriptedContainer{id, cri::ContainerState::kCreated, k_.now(), slot, 0});
  co_return Result<ContainerId>{st, id};
}

core::Task<Status> ScriptedRuntime::set_container_state(Op op, ContainerId id,
                                                        cri::ContainerState state) {
  Status st = co_await serve(op, container_owner(id));
  if (!st.ok()) co_return st;
  ScriptedContainer* c = find_container(id);
  if (c == nullptr) co_return Status{Code::kNotFound};
  c->state = state;
  co_return st;
}

cri::Reply<Status> ScriptedRuntime::start_container(ContainerId id) {
  co_return co_await set_container_state(Op::kStartContainer, id, cri::ContainerState::kRunning);
}

cri::Reply<Status> ScriptedRuntime::stop_container(ContainerId id) {
  co_return co_await set_container_state(Op::kStopContainer, id, cri::ContainerState::kExited);
}

cri::Reply<Status> ScriptedRuntime::remove_container(ContainerId id) {
  PodUid owner = container_owner(id);
  Status st = co_await serve(Op::kRemoveContainer, owner);
  if (!st.ok()) co_return st;
  auto it = pods_.find(owner);
  if (it == pods_.end() ||
      std::erase_if(it->second.containers, [&](const auto& c) { return c.id == id; }) == 0) {
    co_return Status{Code::kNotFound};
  }
  co_return st;
}

}  // namespace plegsim::step
