// The simulated runtime's call engine: how long each CRI call takes and when it returns
// to its caller. Latency draws, the `concurrency` slots (a FIFO core::Server), the
// runtime's store lock, the client's deadline (runtimeRequestTimeout), the fault plan
// applied to each call, the call observer, and the three call paths
// (docs/architecture.md, "Calls, deadlines, faults"). What a call does to the store is
// SimRuntime's business, not the engine's.
#pragma once

#include <array>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/latency.h"
#include "sim/core/kernel.h"
#include "sim/core/rng.h"
#include "sim/core/server.h"
#include "sim/cri/fault_plan.h"
#include "sim/cri/reply.h"
#include "sim/cri/runtime.h"
#include "sim/cri/sim_runtime_config.h"
#include "sim/cri/store.h"
#include "sim/cri/store_lock.h"

namespace plegsim::cri {

class CallEngine {
 public:
  // `store` is read for the sizes that per-item costs count, never written.
  CallEngine(core::Kernel& k, const Store& store, const SimRuntimeConfig& cfg);
  ~CallEngine();
  CallEngine(const CallEngine&) = delete;
  CallEngine& operator=(const CallEngine&) = delete;

  void set_call_observer(CallObserver* o) { observer_ = o; }
  const core::Server& server() const { return server_; }
  // Calls the client gave up on that the runtime never finished (hung calls).
  std::size_t hung_calls() const { return hung_; }

  // The runtime restarts: whatever it was serving is gone (hung calls included), the
  // store lock is free, and every caller still waiting gets Unavailable.
  void restart();

  // Calls holding the store lock (0 or 1) and waiting for it.
  std::size_t lock_holders() const { return lock_.held() ? 1 : 0; }
  std::size_t lock_waiters() const { return lock_.waiting(); }

  // What a call's objects (for the perReturned and perScanned costs) are, counted when
  // service starts: kAll*, a full list (returns what it scans); kPod*, a list filtered
  // by pod (returns the pod's, scans all of that kind: realworld.md R1, R10, R12).
  enum class Items { kNone, kAllSandboxes, kAllContainers, kPodSandboxes, kPodContainers };
  using Target = CallTarget;

  // Frameless calls (cri::Reply). A call's token: a pooled Call, or (low bit set) a
  // direct call: one that took a free slot for an operation no fault can touch and
  // returns before its deadline. Such a call needs no record of its own: the kernel
  // resumes the caller at its completion, and the caller's resume does the completion's
  // bookkeeping. The direct token carries the submission time (simulated times stay
  // below 2^62 ns).
  // A reply's `impl` is the engine.
  using Token = std::uintptr_t;
  // Starts a frameless call when its caller awaits it: the direct path (true when the
  // kernel could run its return in place), or the drawn service time of a started
  // call; a token of 0 leaves the call to be submitted by suspend_cb. (Reply's start.)
  static bool start_cb(void* engine, const Request& r, Token* token, std::int64_t* at);
  // The caller suspends until the call started by start_cb returns at `at`. (Reply's
  // suspend.)
  static void suspend_cb(void* engine, const Request& r, Token* token, std::int64_t at,
                         std::coroutine_handle<> h);
  // The call behind `token` returns to its caller, with this status: the first step of
  // a Reply's resume, which then builds the result from the store.
  Status returned(Token token, const Request& r) {
    return is_direct(token) ? plain_return(r.op, submitted_of(token))
                            : end(*reinterpret_cast<Call*>(token));
  }

  // A call awaited from a coroutine body: a pooled call, on the plain path when it can
  // be, else submitted.
  struct Call;
  struct Awaiter {
    CallEngine* engine;
    Call* call;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    Status await_resume();
  };
  Awaiter call(models::Op op, Items items, Target target = Target{-1, -1});

 private:
  static Token direct_token(Time submitted) { return (static_cast<Token>(submitted.ns) << 1) | 1; }
  static bool is_direct(Token t) { return (t & 1) != 0; }
  static Time submitted_of(Token direct) { return Time{static_cast<std::int64_t>(direct >> 1)}; }
  static Items items_of(const Request& r);

  // A call from the pool's free list (a new one when it is empty), not initialised.
  Call* take_call();
  // A pooled Call, initialised for a new call.
  Call* new_call(models::Op op, Items items, Target target);
  // Starts a pooled call: on the plain path when it can, else submitted (call()).
  void begin(Call& c, std::coroutine_handle<> h);
  // Submits a pooled call to the server FIFO (the general path, start_call).
  void submit_call(Call& c, std::coroutine_handle<> h);
  // Records that the caller waits on a started call (no timer scheduled).
  void mark_started(Call& c, std::coroutine_handle<> h, Time completes_at);
  // Starts a call that already holds a slot and completes at `completes_at`.
  void begin_started(Call& c, std::coroutine_handle<> h, Time completes_at);
  // begin_started for a completion that may be never (a stall without end).
  void begin_started_any(Call& c, std::coroutine_handle<> h, Time completes_at);
  // The clear path: an operation the fault plan can touch, but not now (no restart, no
  // open window that could match, no stall under way). With a free slot the call is
  // the latency model alone, pushed past the stalls that start before it completes:
  // what start_call would do, with the same draws. False: submit it instead.
  bool begin_clear(Call& c, std::coroutine_handle<> h);
  // start_cb's clear path (begin_clear's, frameless).
  bool start_clear(const Request& r, Token* token, std::int64_t* at);
  // The clear path's completion for service of `work` from `now`.
  Time clear_completion(models::Op op, Time now, Duration work, Time clear_until);
  Status end(Call& c);
  // A plain call returns: the slot frees and the kubelet observes the call, as
  // complete_cb and finish_client would have done for a pooled one (direct calls,
  // queued or in place).
  Status plain_return(models::Op op, Time submitted);
  static bool start_call(core::Server::Job* job);
  static void complete_cb(void* ctx, std::uint64_t serial);
  static void deadline_cb(void* ctx, std::uint64_t serial);
  // A general-path call with a locked share: takes the store lock (or queues for it),
  // then holds it for its locked work (hold_lock), then does the rest unlocked
  // (unlock_cb), all in its slot.
  void lock_then_work(Call& c, Time now);
  void hold_lock(Call& c, Time now);
  static void unlock_cb(void* ctx, std::uint64_t serial);
  void finish_client(Call& c, Status st);
  void maybe_free(Call* c);
  // The objects a call returns and scans; each counted only for an operation with a
  // cost for it (OpLatency::median, on the hot path).
  std::int64_t returned_of(Items items, PodUid pod) const;
  std::int64_t scanned_of(Items items) const;
  Duration median_of(const models::OpLatency& m, Items items, PodUid pod) const;
  // plain_latency for an operation with a per-scanned cost (out of line).
  [[gnu::noinline]] Duration scanning_latency(const models::OpLatency& m, Items items, PodUid pod);
  // The client's deadline for a call submitted at `submitted` (never: unbounded).
  Time deadline_of(models::Op op, Time submitted) const;
  // A plain operation's service time (the latency model alone), drawn now.
  Duration plain_latency(models::Op op, Items items, PodUid pod);

  core::Kernel& k_;
  const Store& store_;
  std::array<models::OpLatency, models::kOpCount> latency_;
  Duration request_timeout_;
  core::Server server_;
  core::RngStream latency_rng_;
  FaultPlan faults_;  // which calls hang, slow down or fail, when
  // Per operation: the fault plan leaves it plain and it never takes the store lock,
  // so its calls may take the direct and started paths.
  std::array<bool, models::kOpCount> plain_{};
  // Per operation: not plain, but never takes the store lock, so its calls may take the
  // clear path when the fault plan says nothing touches them.
  std::array<bool, models::kOpCount> clearable_{};
  StoreLock<Call> lock_;
  std::vector<std::unique_ptr<Call>> calls_;
  Call* free_calls_ = nullptr;  // intrusive free list of pooled calls
  std::uint64_t serial_ = 0;
  std::size_t hung_ = 0;
  CallObserver* observer_ = nullptr;
};

}  // namespace plegsim::cri
