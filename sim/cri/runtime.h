// The CRI RuntimeService as the kubelet sees it (an interface, like leveldb's Env):
// the simulated runtime is one implementation, a scripted runtime for tests another.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "models/operation.h"
#include "sim/core/task.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

class Store;

// Filter of ListPodSandbox/ListContainers: all objects, or one pod's (label selector
// io.kubernetes.pod.uid).
struct ListFilter {
  std::optional<PodUid> pod;
};

// What an unfiltered list stands for when it comes back lazily: the store as of
// `generation`. Readers that understand it skip materialising unchanged pods.
struct Snapshot {
  const Store* store = nullptr;
  std::uint64_t generation = 0;
  std::size_t count = 0;  // objects the list holds
  // Container lists: containers per ContainerState. Sandbox lists: pods with a READY
  // sandbox (by_state[0]). What the kubelet's running gauges count from a listing.
  std::array<std::size_t, 4> by_state{};
  bool lazy() const { return store != nullptr; }
};

struct SandboxList {
  std::vector<SandboxView> items;  // empty when lazy
  Snapshot snapshot;
};
struct ContainerList {
  std::vector<ContainerView> items;  // empty when lazy
  Snapshot snapshot;
};

// Told about every call when it returns to the caller (the kubelet's instrumented
// runtime service: count, duration, error).
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void on_call_finished(models::Op op, Time start, Time end, Status status) = 0;
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // `lazy`: the caller accepts a lazy unfiltered list (see Snapshot).
  virtual core::Task<Result<SandboxList>> list_pod_sandbox(ListFilter filter, bool lazy) = 0;
  virtual core::Task<Result<ContainerList>> list_containers(ListFilter filter, bool lazy) = 0;
  virtual core::Task<Result<SandboxView>> pod_sandbox_status(ContainerId id) = 0;
  virtual core::Task<Result<ContainerView>> container_status(ContainerId id) = 0;
  virtual core::Task<Status> status() = 0;

  virtual core::Task<Result<ContainerId>> run_pod_sandbox(PodUid pod) = 0;
  virtual core::Task<Status> stop_pod_sandbox(ContainerId id) = 0;
  virtual core::Task<Status> remove_pod_sandbox(ContainerId id) = 0;
  virtual core::Task<Result<ContainerId>> create_container(PodUid pod, int slot) = 0;
  virtual core::Task<Status> start_container(ContainerId id) = 0;
  virtual core::Task<Status> stop_container(ContainerId id) = 0;
  virtual core::Task<Status> remove_container(ContainerId id) = 0;
  // Any operation for its cost alone (background callers: stats, probes, caches).
  virtual core::Task<Status> invoke(models::Op op) = 0;
};

}  // namespace plegsim::cri
