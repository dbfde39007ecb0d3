#include "sim/cri/event_stream.h"

#include <algorithm>
#include <utility>

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

EventStream::EventStream(core::Kernel& k, Store& store, const models::OpLatency& latency,
                         const std::vector<models::Fault>& faults, std::uint64_t seed)
    : k_(k), store_(store), latency_(latency), rng_(seed, "cri.events") {
  for (const auto& f : faults) {
    if (f.kind == FaultKind::kHang && f.op == Op::kGetContainerEvents) hangs_.push_back(f);
  }
  store_.add_observer(this);
}

EventStream::~EventStream() {
  store_.remove_observer(this);
}

EventStream::Broken EventStream::open(ContainerEventSink& sink) {
  if (sink_ != nullptr) break_stream();
  sink_ = &sink;
  id_ = ++ids_;
  last_delivery_ = k_.now();
  sink.on_stream_connected();
  return Broken{this};
}

void EventStream::break_stream() {
  if (sink_ == nullptr) return;
  sink_ = nullptr;
  lost_ += in_flight_.size();
  in_flight_.clear();
  auto h = std::exchange(waiter_, {});
  if (h) k_.schedule(k_.now(), h);
}

void EventStream::on_store_change(const Store::Change& c, std::uint8_t new_state) {
  if (sink_ == nullptr) return;
  ContainerEvent e;
  e.id = c.id;
  e.pod = c.pod;
  e.created_at = k_.now();
  const auto& sbs = store_.sandboxes_of(c.pod);
  if (c.sandbox && !c.exists_after) {
    // The deleted sandbox's last status rides along with its own DELETED event.
    e.sandbox_status =
        SandboxView{c.id, c.pod, static_cast<SandboxState>(c.old_state), c.created, {}};
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

void EventStream::queue_event(ContainerEvent e) {
  Time now = k_.now();
  for (const auto& f : hangs_) {
    if (f.active_at(now)) {
      ++lost_;
      return;
    }
  }
  // One event returned, nothing scanned: the runtime pushes what happened.
  Time at = std::max(last_delivery_, now + models::sample_latency(latency_, 1, 0, rng_));
  last_delivery_ = at;
  in_flight_.push_back(std::move(e));
  k_.schedule(at, &EventStream::deliver_cb, this, id_);
}

void EventStream::deliver_cb(void* ctx, std::uint64_t stream_id) {
  auto& s = *static_cast<EventStream*>(ctx);
  if (s.sink_ == nullptr || s.id_ != stream_id) return;
  ContainerEvent e = std::move(s.in_flight_.front());
  s.in_flight_.pop_front();
  s.sink_->on_container_event(e);
}

}  // namespace plegsim::cri
