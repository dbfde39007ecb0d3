// CallEngine's per-call record (private to its implementation files): a pooled job on
// the server, for calls that take the started or general path (call_engine_paths.cpp).
#pragma once

#include "sim/cri/call_engine.h"

namespace plegsim::cri {

struct CallEngine::Call : core::Server::Job {
  // Per-call flags, reset by one 8-byte store when a pooled call is reused.
  struct alignas(8) Flags {
    bool started = false;
    bool client_waiting = false;  // suspended in call(), not yet resumed
    bool client_done = false;     // the caller has read its result
    bool server_done = false;     // the runtime finished (or dropped) the work
    bool holds_slot = false;
    bool injected_error = false;
    bool cancelled = false;  // the runtime restarted while serving it
    bool unused = false;
  };
  CallEngine* engine = nullptr;  // set once, when the pool creates the call
  Call* free_next = nullptr;     // the pool's free list
  models::Op op = models::Op::kVersion;
  Items items = Items::kNone;
  Status result;
  Flags f;
  Target target;
  std::coroutine_handle<> waiter;
  Time submitted{};
  Time deadline = Time::never();
  Time completes_at = Time::never();  // never while a locked share is pending
  std::uint64_t serial = 0;
  // A call with a locked share (general path): its service time, split.
  Duration lock_work{};
  Duration rest_work{};
};

}  // namespace plegsim::cri
