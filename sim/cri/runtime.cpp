#include "sim/cri/runtime.h"

#include <coroutine>
#include <exception>

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

namespace {
// A coroutine that starts at once and frees itself when it returns.
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

Detached invoke_then(Runtime& rt, models::Op op, InvokeDone& done) {
  Status st = co_await rt.invoke(op);
  done.on_invoke_done(st);
}
}  // namespace

void Runtime::start_invoke(models::Op op, InvokeDone& done) {
  invoke_then(*this, op, done);
}

Reply<Status> Runtime::get_container_events(ContainerEventSink&) {
  co_return Status{Code::kUnavailable};
}

}  // namespace plegsim::cri
