#include "sim/cri/runtime.h"

namespace plegsim::cri {

const char* to_string(ContainerEventType t) {
  switch (t) {
    case ContainerEventType::kCreated:
      return "CONTAINER_CREATED_EVENT";
    case ContainerEventType::kStarted:
      return "CONTAINER_STARTED_EVENT";
    case ContainerEventType::kStopped:
      return "CONTAINER_STOPPED_EVENT";
    case ContainerEventType::kDeleted:
      return "CONTAINER_DELETED_EVENT";
  }
  return "?";
}

Reply<Result<SandboxStatusWithContainers>> Runtime::pod_sandbox_status_with_containers(
    ContainerId id) {
  auto r = co_await pod_sandbox_status(id);
  Result<SandboxStatusWithContainers> out;
  out.status = r.status;
  out.value.sandbox = r.value;
  co_return out;
}

Reply<Status> Runtime::get_container_events(ContainerEventSink&) {
  co_return Status{Code::kUnavailable};
}

}  // namespace plegsim::cri
