// SimRuntime's GetContainerEvents stream: every store change becomes a CRI container
// event, delivered in order after the GetContainerEvents latency, while a stream is
// established. An error window on GetContainerEvents breaks the stream when it opens
// (and fails reconnects inside it); a hang window swallows the events generated in it.
#include <algorithm>

#include "sim/cri/sim_runtime.h"

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

Reply<Status> SimRuntime::get_container_events(ContainerEventSink& sink) {
  Status st = co_await rpc(Op::kGetContainerEvents, Items::kNone);
  if (!st.ok()) co_return st;
  if (stream_.sink != nullptr) break_stream();  // one stream at a time
  stream_.sink = &sink;
  stream_.id = ++stream_ids_;
  stream_.last_delivery = k_.now();
  sink.on_stream_connected();
  co_await BrokenAwaiter{this};
  co_return Status{Code::kUnavailable};
}

void SimRuntime::break_stream() {
  if (stream_.sink == nullptr) return;
  stream_.sink = nullptr;
  events_lost_ += in_flight_events_.size();
  in_flight_events_.clear();
  auto h = std::exchange(stream_.waiter, {});
  if (h) k_.schedule(k_.now(), h);
}

void SimRuntime::stream_fault_cb(void* ctx, std::uint64_t) {
  static_cast<SimRuntime*>(ctx)->break_stream();
}

void SimRuntime::on_store_change(const Store::Change& c, std::uint8_t new_state) {
  if (stream_.sink == nullptr) return;
  ContainerEvent e;
  e.id = c.id;
  e.pod = c.pod;
  e.created_at = k_.now();
  const auto& sbs = store_.sandboxes_of(c.pod);
  if (c.sandbox && !c.exists_after) {
    // The deleted sandbox's last status rides along with its own DELETED event.
    e.sandbox_status = SandboxView{c.id, c.pod, static_cast<SandboxState>(c.old_state), c.created};
  } else if (!sbs.empty()) {
    e.sandbox_status = sbs.back();
  }
  e.containers_statuses = store_.containers_of(c.pod);
  if (!c.exists_after) {
    e.type = ContainerEventType::kDeleted;
    queue_event(std::move(e));
    return;
  }
  if (!c.existed) {
    e.type = ContainerEventType::kCreated;
    // A new sandbox is running as soon as it exists: CREATED then STARTED.
    if (c.sandbox) {
      queue_event(e);
      e.type = ContainerEventType::kStarted;
    }
    queue_event(std::move(e));
    return;
  }
  bool running = c.sandbox ? new_state == static_cast<std::uint8_t>(SandboxState::kReady)
                           : new_state == static_cast<std::uint8_t>(ContainerState::kRunning);
  bool stopped = c.sandbox ? new_state == static_cast<std::uint8_t>(SandboxState::kNotReady)
                           : new_state == static_cast<std::uint8_t>(ContainerState::kExited);
  if (!running && !stopped) return;  // no CRI event for created/unknown transitions
  e.type = running ? ContainerEventType::kStarted : ContainerEventType::kStopped;
  queue_event(std::move(e));
}

void SimRuntime::queue_event(ContainerEvent e) {
  Time now = k_.now();
  for (const auto& f : cfg_.faults) {
    if (f.kind == FaultKind::kHang && f.op == Op::kGetContainerEvents && f.active_at(now)) {
      ++events_lost_;
      return;
    }
  }
  const auto& model = cfg_.latency[static_cast<int>(Op::kGetContainerEvents)];
  Time at = std::max(stream_.last_delivery, now + models::sample_latency(model, 1, stream_rng_));
  stream_.last_delivery = at;
  in_flight_events_.push_back(std::move(e));
  k_.schedule(at, &SimRuntime::deliver_cb, this, stream_.id);
}

void SimRuntime::deliver_cb(void* ctx, std::uint64_t stream_id) {
  auto& rt = *static_cast<SimRuntime*>(ctx);
  if (rt.stream_.sink == nullptr || rt.stream_.id != stream_id) return;
  ContainerEvent e = std::move(rt.in_flight_events_.front());
  rt.in_flight_events_.pop_front();
  rt.stream_.sink->on_container_event(e);
}

Reply<Result<SandboxStatusWithContainers>> SimRuntime::pod_sandbox_status_with_containers(
    ContainerId id) {
  Status st = co_await rpc(Op::kPodSandboxStatus, Items::kNone, target_of_sandbox(id));
  Result<SandboxStatusWithContainers> r{st, {}};
  if (!st.ok()) co_return r;
  const SandboxView* sv = store_.find_sandbox(id);
  if (sv == nullptr) co_return Result<SandboxStatusWithContainers>{Status{Code::kNotFound}, {}};
  r.value.sandbox = *sv;
  r.value.containers = store_.containers_of(sv->pod);
  r.value.timestamp = k_.now();
  r.value.has_timestamp = true;
  co_return r;
}

}  // namespace plegsim::cri
