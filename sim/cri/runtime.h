// The CRI RuntimeService as the kubelet sees it (an interface, like leveldb's Env):
// the simulated runtime is one implementation, a scripted runtime for tests another.
#pragma once

#include <optional>
#include <vector>

#include "models/operation.h"
#include "sim/core/task.h"
#include "sim/cri/reply.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

class ChangeFeed;

// Filter of ListPodSandbox/ListContainers: all objects, or one pod's (label selector
// io.kubernetes.pod.uid).
struct ListFilter {
  std::optional<PodUid> pod;
};

struct SandboxList {
  std::vector<SandboxView> items;
};
struct ContainerList {
  std::vector<ContainerView> items;
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
  // The call just reported, at `end`, as OK returns `status` (an error) to its caller
  // instead: an object gone by the time the call returned is found only when its result
  // is built, after the report. Called right after on_call_finished, in the same event.
  virtual void on_call_answered(models::Op op, Time end, Status status) {
    (void)op, (void)end, (void)status;
  }
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  virtual Reply<Result<SandboxList>> list_pod_sandbox(ListFilter filter) = 0;
  virtual Reply<Result<ContainerList>> list_containers(ListFilter filter) = 0;
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

  // PodSandboxStatus with container statuses (the Evented PLEG's GetPodStatus). The
  // default asks pod_sandbox_status and reports no timestamp, so callers fall back.
  virtual Reply<Result<SandboxStatusWithContainers>> pod_sandbox_status_with_containers(
      ContainerId id);
  // GetContainerEvents: streams events to `sink` until the stream breaks, then returns
  // the error. The default has no stream (Unavailable at once).
  virtual Reply<Status> get_container_events(ContainerEventSink& sink);

  // Optional capabilities: null when the runtime has none, and callers fall back to
  // the calls above.
  virtual ChangeFeed* change_feed() { return nullptr; }
};

}  // namespace plegsim::cri
