// SimRuntime: the CRI operations. Each is one frameless call served by the engine for
// its cost, then its effect on (or read of) the store at the instant the call returns
// (its finish_*); and the runtime's restarts and stream faults, as timers.
#include "sim/cri/sim_runtime.h"

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

SimRuntime::SimRuntime(core::Kernel& k, Store& store, SimRuntimeConfig cfg)
    : CallEngine(k, store, cfg),
      k_(k),
      store_(store),
      stream_(k_, store_, cfg.latency[static_cast<int>(Op::kGetContainerEvents)], cfg.faults,
              cfg.seed) {
  for (std::size_t i = 0; i < cfg.faults.size(); ++i) {
    const auto& f = cfg.faults[i];
    if (f.kind == FaultKind::kRuntimeRestart) k_.schedule(f.from, &SimRuntime::restart_cb, this, i);
    // An error window on the event stream breaks an established stream when it opens.
    if (f.kind == FaultKind::kErrors && f.op == Op::kGetContainerEvents) {
      k_.schedule(f.from, &SimRuntime::stream_fault_cb, this, i);
    }
  }
}

SimRuntime::~SimRuntime() = default;

void SimRuntime::stream_fault_cb(void* ctx, std::uint64_t) {
  static_cast<SimRuntime*>(ctx)->stream_.break_stream();
}

// The runtime restarts: whatever it was serving is gone (hung calls included), every
// caller still waiting gets Unavailable, and the event stream breaks.
void SimRuntime::restart_cb(void* ctx, std::uint64_t) {
  auto& rt = *static_cast<SimRuntime*>(ctx);
  rt.stream_.break_stream();
  rt.restart();
}

SimRuntime::Target SimRuntime::target_of_container(ContainerId id) const {
  const ContainerView* cv = store_.find_container(id);
  return cv ? Target{cv->pod, cv->slot} : Target{};
}

SimRuntime::Target SimRuntime::target_of_sandbox(ContainerId id) const {
  const SandboxView* sv = store_.find_sandbox(id);
  return sv ? Target{sv->pod, -1} : Target{};
}

namespace {
std::optional<PodUid> filter_of(const Request& r) {
  return r.filtered ? std::optional<PodUid>(r.pod) : std::nullopt;
}
// A successful call's status, or NotFound when the object it was about was gone.
Status found(Status st, bool object_existed) {
  if (!object_existed) st.code = Code::kNotFound;
  return st;
}
Request list_request(Op op, const ListFilter& filter) {
  Request r;
  r.op = op;
  r.pod = filter.pod.value_or(-1);
  r.filtered = filter.pod.has_value();
  return r;
}
}  // namespace

Request SimRuntime::on_sandbox(Op op, ContainerId id) const {
  Target t = target_of_sandbox(id);
  Request r;
  r.op = op;
  r.pod = t.pod;
  r.slot = t.slot;
  r.id = id;
  return r;
}

Request SimRuntime::on_container(Op op, ContainerId id) const {
  Target t = target_of_container(id);
  Request r;
  r.op = op;
  r.pod = t.pod;
  r.slot = t.slot;
  r.id = id;
  return r;
}

Result<SandboxList> SimRuntime::finish_list_pod_sandbox(SimRuntime& rt, Status st,
                                                        const Request& r) {
  Result<SandboxList> out{st, {}};
  if (!st.ok()) return out;
  out.value.items = rt.store_.list_sandboxes(filter_of(r));
  return out;
}

Reply<Result<SandboxList>> SimRuntime::list_pod_sandbox(ListFilter filter) {
  return frameless<Result<SandboxList>, &finish_list_pod_sandbox>(
      list_request(Op::kListPodSandbox, filter));
}

Result<ListedGeneration> SimRuntime::finish_list_sandbox_generation(SimRuntime& rt, Status st,
                                                                    const Request&) {
  Result<ListedGeneration> out{st, {}};
  if (!st.ok()) return out;
  const Store& s = rt.store_;
  out.value = {s.generation(), s.sandbox_count(), {s.pods_with_ready_sandbox(), 0, 0, 0}};
  return out;
}

Reply<Result<ListedGeneration>> SimRuntime::list_pod_sandbox_generation() {
  return frameless<Result<ListedGeneration>, &finish_list_sandbox_generation>(
      list_request(Op::kListPodSandbox, ListFilter{}));
}

Result<ContainerList> SimRuntime::finish_list_containers(SimRuntime& rt, Status st,
                                                         const Request& r) {
  Result<ContainerList> out{st, {}};
  if (!st.ok()) return out;
  out.value.items = rt.store_.list_containers(filter_of(r));
  return out;
}

Reply<Result<ContainerList>> SimRuntime::list_containers(ListFilter filter) {
  return frameless<Result<ContainerList>, &finish_list_containers>(
      list_request(Op::kListContainers, filter));
}

Result<ListedGeneration> SimRuntime::finish_list_container_generation(SimRuntime& rt, Status st,
                                                                      const Request&) {
  Result<ListedGeneration> out{st, {}};
  if (!st.ok()) return out;
  const Store& s = rt.store_;
  out.value = {s.generation(), s.container_count(), s.containers_by_state(), s.listed_pods()};
  return out;
}

Reply<Result<ListedGeneration>> SimRuntime::list_containers_generation() {
  return frameless<Result<ListedGeneration>, &finish_list_container_generation>(
      list_request(Op::kListContainers, ListFilter{}));
}

Result<SandboxView> SimRuntime::finish_pod_sandbox_status(SimRuntime& rt, Status st,
                                                          const Request& r) {
  if (!st.ok()) return Result<SandboxView>{st, {}};
  const SandboxView* sv = rt.store_.find_sandbox(r.id);
  if (sv == nullptr) return Result<SandboxView>{Status{Code::kNotFound}, {}};
  return Result<SandboxView>{st, *sv};
}

Reply<Result<SandboxView>> SimRuntime::pod_sandbox_status(ContainerId id) {
  return frameless<Result<SandboxView>, &finish_pod_sandbox_status>(
      on_sandbox(Op::kPodSandboxStatus, id));
}

Result<ContainerView> SimRuntime::finish_container_status(SimRuntime& rt, Status st,
                                                          const Request& r) {
  if (!st.ok()) return Result<ContainerView>{st, {}};
  const ContainerView* cv = rt.store_.find_container(r.id);
  if (cv == nullptr) return Result<ContainerView>{Status{Code::kNotFound}, {}};
  return Result<ContainerView>{st, *cv};
}

Reply<Result<ContainerView>> SimRuntime::container_status(ContainerId id) {
  return frameless<Result<ContainerView>, &finish_container_status>(
      on_container(Op::kContainerStatus, id));
}

Status SimRuntime::finish_status_only(SimRuntime&, Status st, const Request&) {
  return st;
}

Reply<Status> SimRuntime::status() {
  Request r;
  r.op = Op::kStatus;
  return frameless<Status, &finish_status_only>(r);
}

Reply<Status> SimRuntime::invoke(Op op) {
  // Lists stand for the whole store (their cost grows with it); see suspend_cb.
  Request r;
  r.op = op;
  return frameless<Status, &finish_status_only>(r);
}

Result<ContainerId> SimRuntime::finish_run_pod_sandbox(SimRuntime& rt, Status st,
                                                       const Request& r) {
  if (!st.ok()) return Result<ContainerId>{st, 0};
  return Result<ContainerId>{st, rt.store_.add_sandbox(r.pod, rt.k_.now())};
}

Reply<Result<ContainerId>> SimRuntime::run_pod_sandbox(PodUid pod) {
  Request r;
  r.op = Op::kRunPodSandbox;
  r.pod = pod;
  return frameless<Result<ContainerId>, &finish_run_pod_sandbox>(r);
}

Status SimRuntime::finish_stop_pod_sandbox(SimRuntime& rt, Status st, const Request& r) {
  return st.ok() ? found(st, rt.store_.set_sandbox_state(r.id, SandboxState::kNotReady)) : st;
}

Reply<Status> SimRuntime::stop_pod_sandbox(ContainerId id) {
  return frameless<Status, &finish_stop_pod_sandbox>(on_sandbox(Op::kStopPodSandbox, id));
}

Status SimRuntime::finish_remove_pod_sandbox(SimRuntime& rt, Status st, const Request& r) {
  if (st.ok()) rt.store_.remove_sandbox(r.id);  // removing a removed sandbox is not an error
  return st;
}

Reply<Status> SimRuntime::remove_pod_sandbox(ContainerId id) {
  return frameless<Status, &finish_remove_pod_sandbox>(on_sandbox(Op::kRemovePodSandbox, id));
}

Result<ContainerId> SimRuntime::finish_create_container(SimRuntime& rt, Status st,
                                                        const Request& r) {
  if (!st.ok()) return Result<ContainerId>{st, 0};
  return Result<ContainerId>{st, rt.store_.add_container(r.pod, r.slot, rt.k_.now())};
}

Reply<Result<ContainerId>> SimRuntime::create_container(PodUid pod, int slot) {
  Request r;
  r.op = Op::kCreateContainer;
  r.pod = pod;
  r.slot = slot;
  return frameless<Result<ContainerId>, &finish_create_container>(r);
}

Status SimRuntime::finish_start_container(SimRuntime& rt, Status st, const Request& r) {
  return st.ok() ? found(st, rt.store_.set_container_state(r.id, ContainerState::kRunning)) : st;
}

Reply<Status> SimRuntime::start_container(ContainerId id) {
  return frameless<Status, &finish_start_container>(on_container(Op::kStartContainer, id));
}

Status SimRuntime::finish_stop_container(SimRuntime& rt, Status st, const Request& r) {
  // 137 = killed by SIGKILL after the grace period, as a stopped container reports.
  return st.ok() ? found(st, rt.store_.set_container_state(r.id, ContainerState::kExited, 137))
                 : st;
}

Reply<Status> SimRuntime::stop_container(ContainerId id) {
  return frameless<Status, &finish_stop_container>(on_container(Op::kStopContainer, id));
}

Status SimRuntime::finish_remove_container(SimRuntime& rt, Status st, const Request& r) {
  // A container already gone answers NotFound, as dockershim's RemoveContainer does
  // (its removeContainerLogSymlink inspects the container first; docker: "No such
  // container"): M3's failed RemoveContainer calls. containerd's CRI answers OK there.
  return st.ok() ? found(st, rt.store_.remove_container(r.id)) : st;
}

Reply<Status> SimRuntime::remove_container(ContainerId id) {
  return frameless<Status, &finish_remove_container>(on_container(Op::kRemoveContainer, id));
}

Reply<Status> SimRuntime::get_container_events(ContainerEventSink& sink) {
  Status st = co_await call(Op::kGetContainerEvents, Items::kNone);
  if (!st.ok()) co_return st;
  co_await stream_.open(sink);  // until the stream breaks
  co_return Status{Code::kUnavailable};
}

Reply<Result<SandboxStatusWithContainers>> SimRuntime::pod_sandbox_status_with_containers(
    ContainerId id) {
  Status st = co_await call(Op::kPodSandboxStatus, Items::kNone, target_of_sandbox(id));
  Result<SandboxStatusWithContainers> r{st, {}};
  if (!st.ok()) co_return r;
  const SandboxView* sv = store_.find_sandbox(id);
  if (sv == nullptr) {
    answered(Op::kPodSandboxStatus, Status{Code::kNotFound});
    co_return Result<SandboxStatusWithContainers>{Status{Code::kNotFound}, {}};
  }
  r.value.sandbox = *sv;
  r.value.containers = store_.containers_of(sv->pod);
  r.value.timestamp = k_.now();
  r.value.has_timestamp = true;
  co_return r;
}

}  // namespace plegsim::cri
