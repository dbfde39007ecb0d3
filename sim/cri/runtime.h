// The CRI RuntimeService as the kubelet sees it (an interface, like leveldb's Env):
// the simulated runtime is one implementation, a scripted runtime for tests another.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "models/operation.h"
#include "sim/core/task.h"
#include "sim/cri/reply.h"
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

// PodSandboxStatus with the pod's container statuses, as CRI runtimes that support
// Evented PLEG return it. timestamp == 0 means the runtime did not fill them in.
struct SandboxStatusWithContainers {
  SandboxView sandbox;
  std::vector<ContainerView> containers;
  Time timestamp{};
  bool has_timestamp = false;
};

// A ContainerEventResponse from the GetContainerEvents stream.
enum class ContainerEventType : std::uint8_t { kCreated, kStarted, kStopped, kDeleted };
const char* to_string(ContainerEventType t);
struct ContainerEvent {
  ContainerId id = 0;
  PodUid pod = 0;
  ContainerEventType type = ContainerEventType::kCreated;
  Time created_at{};
  std::optional<SandboxView> sandbox_status;  // absent: the Evented PLEG skips the event
  std::vector<ContainerView> containers_statuses;
};

// Receives the events of a GetContainerEvents stream as they arrive.
class ContainerEventSink {
 public:
  virtual ~ContainerEventSink() = default;
  virtual void on_container_event(const ContainerEvent& e) = 0;
  // The stream was established (kubelet_evented_pleg_connection_success_count).
  virtual void on_stream_connected() {}
};

// Told about every call when it returns to the caller (the kubelet's instrumented
// runtime service: count, duration, error).
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void on_call_finished(models::Op op, Time start, Time end, Status status) = 0;
};

// Told when a call started by Runtime::start_invoke returns to its caller.
class InvokeDone {
 public:
  virtual ~InvokeDone() = default;
  virtual void on_invoke_done(Status st) = 0;
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // `lazy`: the caller accepts a lazy unfiltered list (see Snapshot).
  virtual Reply<Result<SandboxList>> list_pod_sandbox(ListFilter filter, bool lazy) = 0;
  virtual Reply<Result<ContainerList>> list_containers(ListFilter filter, bool lazy) = 0;
  virtual Reply<Result<SandboxView>> pod_sandbox_status(ContainerId id) = 0;
  virtual Reply<Result<ContainerView>> container_status(ContainerId id) = 0;
  virtual Reply<Status> status() = 0;

  virtual Reply<Result<ContainerId>> run_pod_sandbox(PodUid pod) = 0;
  virtual Reply<Status> stop_pod_sandbox(ContainerId id) = 0;
  virtual Reply<Status> remove_pod_sandbox(ContainerId id) = 0;
  virtual Reply<Result<ContainerId>> create_container(PodUid pod, int slot) = 0;
  virtual Reply<Status> start_container(ContainerId id) = 0;
  virtual Reply<Status> stop_container(ContainerId id) = 0;
  virtual Reply<Status> remove_container(ContainerId id) = 0;
  // Any operation for its cost alone (background callers: stats, probes, caches).
  virtual Reply<Status> invoke(models::Op op) = 0;
  // invoke() for a caller that is a callback rather than a coroutine (the periodic
  // background callers): `done` is told within the event the call returns in, which
  // may be before start_invoke returns (a return run in place, Kernel::advance_if_next).
  // The default runs invoke() in a coroutine of its own.
  virtual void start_invoke(models::Op op, InvokeDone& done);

  // PodSandboxStatus with container statuses (the Evented PLEG's GetPodStatus). The
  // default asks pod_sandbox_status and reports no timestamp, so callers fall back.
  virtual Reply<Result<SandboxStatusWithContainers>> pod_sandbox_status_with_containers(
      ContainerId id);
  // GetContainerEvents: streams events to `sink` until the stream breaks, then returns
  // the error. The default has no stream (Unavailable at once).
  virtual Reply<Status> get_container_events(ContainerEventSink& sink);
};

}  // namespace plegsim::cri
