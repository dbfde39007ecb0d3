// The simulated runtime's GetContainerEvents stream: every store change becomes a CRI
// container event, delivered in order after the GetContainerEvents latency, while a
// stream is established. A hang window on GetContainerEvents swallows the events
// generated in it; the runtime breaks the stream (an error window opens, it restarts).
#pragma once

#include <coroutine>
#include <cstdint>
#include <deque>
#include <vector>

#include "models/faults.h"
#include "models/latency.h"
#include "sim/core/kernel.h"
#include "sim/core/rng.h"
#include "sim/cri/runtime.h"
#include "sim/cri/store.h"

namespace plegsim::cri {

class EventStream final : private StoreObserver {
 public:
  // `latency`: GetContainerEvents' model, drawn per event; `faults`: the runtime's.
  EventStream(core::Kernel& k, Store& store, const models::OpLatency& latency,
              const std::vector<models::Fault>& faults, std::uint64_t seed);
  ~EventStream() override;
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Resumes the caller of open() when the stream breaks.
  struct Broken {
    EventStream* s;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { s->waiter_ = h; }
    void await_resume() const noexcept {}
  };
  // Establishes a stream to `sink` (breaking the one before: one at a time).
  Broken open(ContainerEventSink& sink);
  // The stream breaks: events in flight are lost, the caller of open() resumes.
  void break_stream();
  // Container events generated but never delivered (stream down or hung).
  std::uint64_t events_lost() const { return lost_; }

 private:
  void on_store_change(const Store::Change& c, std::uint8_t new_state) override;
  void queue_event(ContainerEvent e);
  static void deliver_cb(void* ctx, std::uint64_t stream_id);

  core::Kernel& k_;
  Store& store_;
  models::OpLatency latency_;
  std::vector<models::Fault> hangs_;  // hang windows on GetContainerEvents
  core::RngStream rng_;
  ContainerEventSink* sink_ = nullptr;
  std::coroutine_handle<> waiter_;  // the caller of open(), until the stream breaks
  std::uint64_t id_ = 0;
  std::uint64_t ids_ = 0;
  Time last_delivery_{};
  std::deque<ContainerEvent> in_flight_;
  std::uint64_t lost_ = 0;
};

}  // namespace plegsim::cri
