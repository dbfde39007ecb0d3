// The CRI operations of SimRuntime: each is one rpc() for its cost, then the effect on
// (or the read of) the store at the instant the call returns.
#include "sim/cri/sim_runtime.h"

namespace plegsim::cri {

using models::Op;

core::Task<Result<SandboxList>> SimRuntime::list_pod_sandbox(ListFilter filter, bool lazy) {
  Status st =
      co_await rpc(Op::kListPodSandbox, filter.pod ? Items::kPodSandboxes : Items::kAllSandboxes,
                   Target{filter.pod.value_or(-1), -1});
  Result<SandboxList> r{st, {}};
  if (!st.ok()) co_return r;
  if (lazy && !filter.pod) {
    r.value.snapshot = Snapshot{&store_,
                                store_.generation(),
                                store_.sandbox_count(),
                                {store_.pods_with_ready_sandbox(), 0, 0, 0}};
  } else {
    r.value.items = store_.list_sandboxes(filter.pod);
  }
  co_return r;
}

core::Task<Result<ContainerList>> SimRuntime::list_containers(ListFilter filter, bool lazy) {
  Status st =
      co_await rpc(Op::kListContainers, filter.pod ? Items::kPodContainers : Items::kAllContainers,
                   Target{filter.pod.value_or(-1), -1});
  Result<ContainerList> r{st, {}};
  if (!st.ok()) co_return r;
  if (lazy && !filter.pod) {
    r.value.snapshot = Snapshot{&store_, store_.generation(), store_.container_count(),
                                store_.containers_by_state()};
  } else {
    r.value.items = store_.list_containers(filter.pod);
  }
  co_return r;
}

core::Task<Result<SandboxView>> SimRuntime::pod_sandbox_status(ContainerId id) {
  Status st = co_await rpc(Op::kPodSandboxStatus, Items::kNone, target_of_sandbox(id));
  if (!st.ok()) co_return Result<SandboxView>{st, {}};
  const SandboxView* sv = store_.find_sandbox(id);
  if (sv == nullptr) co_return Result<SandboxView>{Status{Code::kNotFound}, {}};
  co_return Result<SandboxView>{st, *sv};
}

core::Task<Result<ContainerView>> SimRuntime::container_status(ContainerId id) {
  Status st = co_await rpc(Op::kContainerStatus, Items::kNone, target_of_container(id));
  if (!st.ok()) co_return Result<ContainerView>{st, {}};
  const ContainerView* cv = store_.find_container(id);
  if (cv == nullptr) co_return Result<ContainerView>{Status{Code::kNotFound}, {}};
  co_return Result<ContainerView>{st, *cv};
}

core::Task<Status> SimRuntime::status() {
  co_return co_await rpc(Op::kStatus, Items::kNone);
}

core::Task<Status> SimRuntime::invoke(Op op) {
  Items items = op == Op::kListPodSandbox       ? Items::kAllSandboxes
                : op == Op::kListContainers     ? Items::kAllContainers
                : op == Op::kListContainerStats ? Items::kAllContainers
                                                : Items::kNone;
  co_return co_await rpc(op, items);
}

core::Task<Result<ContainerId>> SimRuntime::run_pod_sandbox(PodUid pod) {
  Status st = co_await rpc(Op::kRunPodSandbox, Items::kNone, Target{pod, -1});
  if (!st.ok()) co_return Result<ContainerId>{st, 0};
  co_return Result<ContainerId>{st, store_.add_sandbox(pod, k_.now())};
}

core::Task<Status> SimRuntime::stop_pod_sandbox(ContainerId id) {
  Status st = co_await rpc(Op::kStopPodSandbox, Items::kNone, target_of_sandbox(id));
  if (st.ok() && !store_.set_sandbox_state(id, SandboxState::kNotReady)) st.code = Code::kNotFound;
  co_return st;
}

core::Task<Status> SimRuntime::remove_pod_sandbox(ContainerId id) {
  Status st = co_await rpc(Op::kRemovePodSandbox, Items::kNone, target_of_sandbox(id));
  if (st.ok()) store_.remove_sandbox(id);  // removing a removed sandbox is not an error
  co_return st;
}

core::Task<Result<ContainerId>> SimRuntime::create_container(PodUid pod, int slot) {
  Status st = co_await rpc(Op::kCreateContainer, Items::kNone, Target{pod, slot});
  if (!st.ok()) co_return Result<ContainerId>{st, 0};
  co_return Result<ContainerId>{st, store_.add_container(pod, slot, k_.now())};
}

core::Task<Status> SimRuntime::start_container(ContainerId id) {
  Status st = co_await rpc(Op::kStartContainer, Items::kNone, target_of_container(id));
  if (st.ok() && !store_.set_container_state(id, ContainerState::kRunning)) {
    st.code = Code::kNotFound;
  }
  co_return st;
}

core::Task<Status> SimRuntime::stop_container(ContainerId id) {
  Status st = co_await rpc(Op::kStopContainer, Items::kNone, target_of_container(id));
  // 137 = killed by SIGKILL after the grace period, as a stopped container reports.
  if (st.ok() && !store_.set_container_state(id, ContainerState::kExited, 137)) {
    st.code = Code::kNotFound;
  }
  co_return st;
}

core::Task<Status> SimRuntime::remove_container(ContainerId id) {
  Status st = co_await rpc(Op::kRemoveContainer, Items::kNone, target_of_container(id));
  if (st.ok()) store_.remove_container(id);
  co_return st;
}

}  // namespace plegsim::cri
