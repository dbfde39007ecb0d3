// CallEngine: set-up, the runtime's restarts, the pool of call records, and the general
// path (a pooled call submitted to the server FIFO, where start_call enacts the faults
// and the store lock).
#include "sim/cri/call_engine_call.h"

#include <algorithm>

namespace plegsim::cri {

using models::Op;

CallEngine::CallEngine(core::Kernel& k, const Store& store, const SimRuntimeConfig& cfg)
    : k_(k),
      store_(store),
      latency_(cfg.latency),
      request_timeout_(cfg.request_timeout),
      server_(static_cast<std::size_t>(std::max(1, cfg.concurrency))),
      latency_rng_(cfg.seed, "cri.latency"),
      faults_(cfg.faults, cfg.seed, cfg.fault_keys, cfg.fault_stream) {
  for (int i = 0; i < models::kOpCount; ++i) {
    plain_[i] = faults_.plain(static_cast<Op>(i)) && !(latency_[i].locked > 0.0);
    clearable_[i] = !plain_[i] && !(latency_[i].locked > 0.0);
  }
}

CallEngine::~CallEngine() = default;

void CallEngine::restart() {
  std::vector<Call*> live;
  for (auto& c : calls_) {
    if (c->serial != 0) live.push_back(c.get());
  }
  // Every call holding or awaiting the lock is started and not done: cancelled below,
  // so its pending unlock_cb does nothing.
  lock_.reset();
  for (Call* c : live) {
    if (c->f.started && !c->f.server_done) {
      c->f.cancelled = true;
      c->f.server_done = true;
      if (c->f.holds_slot) {
        c->f.holds_slot = false;
        server_.release();
      }
    }
  }
  for (Call* c : live) {
    if (c->f.client_waiting) {
      finish_client(*c, Status{Code::kUnavailable});
    } else {
      maybe_free(c);
    }
  }
}

CallEngine::Call* CallEngine::take_call() {
  Call* c = free_calls_;
  if (c == nullptr) [[unlikely]] {
    calls_.push_back(std::make_unique<Call>());
    c = calls_.back().get();
    c->engine = this;
    c->start = &CallEngine::start_call;
  } else {
    free_calls_ = c->free_next;
  }
  return c;
}

CallEngine::Call* CallEngine::new_call(Op op, Items items, Target target) {
  Call* c = take_call();
  // Field by field (`*c = Call{}` zeroes a stack temporary and copies it over): the
  // hottest allocation of a run. engine and start never change.
  c->op = op;
  c->items = items;
  c->result = Status{};
  c->f = Call::Flags{};
  c->target = target;
  c->deadline = Time::never();
  c->completes_at = Time::never();
  c->serial = ++serial_;
  return c;
}

void CallEngine::begin(Call& c, std::coroutine_handle<> h) {
  const int i = static_cast<int>(c.op);
  if (plain_[i]) {
    if (server_.try_acquire()) {
      // The common case, start_call's plain path in line: a free slot, and an operation
      // no fault, stall or restart can touch. The same draws, in the same order.
      begin_started(c, h, k_.now() + plain_latency(c.op, c.items, c.target.pod));
      return;
    }
  } else if (clearable_[i] && begin_clear(c, h)) {
    return;
  }
  submit_call(c, h);
}

void CallEngine::submit_call(Call& c, std::coroutine_handle<> h) {
  c.waiter = h;
  c.f.client_waiting = true;
  c.submitted = k_.now();
  c.deadline = deadline_of(c.op, c.submitted);
  server_.submit(&c);
  // A deadline timer is needed only when the call may outlive its deadline.
  if (c.deadline != Time::never() && (!c.f.started || c.completes_at > c.deadline)) {
    k_.schedule(c.deadline, &CallEngine::deadline_cb, &c, c.serial);
  }
}

Status CallEngine::end(Call& c) {
  Status st = c.result;
  c.f.client_done = true;
  maybe_free(&c);
  return st;
}

CallEngine::Awaiter CallEngine::call(Op op, Items items, Target target) {
  return Awaiter{this, new_call(op, items, target)};
}

void CallEngine::Awaiter::await_suspend(std::coroutine_handle<> h) {
  engine->begin(*call, h);
}

Status CallEngine::Awaiter::await_resume() {
  return engine->end(*call);
}

bool CallEngine::start_call(core::Server::Job* job) {
  auto& c = *static_cast<Call*>(job);
  CallEngine& e = *c.engine;
  Time now = e.k_.now();
  c.f.started = true;
  if (!c.f.client_waiting) {
    // The client's deadline passed while the call was queued: drop it unserved.
    c.f.server_done = true;
    e.maybe_free(&c);
    return false;
  }
  const auto& model = e.latency_[static_cast<int>(c.op)];
  if (e.plain_[static_cast<int>(c.op)]) {
    // No fault, stall, restart or lock can touch this operation: the latency model alone.
    c.completes_at = now + models::sample_around(e.median_of(model, c.items, c.target.pod),
                                                 model.noise, e.latency_rng_);
    c.f.holds_slot = true;
    e.k_.schedule(c.completes_at, &CallEngine::complete_cb, &c, c.serial);
    return true;
  }
  if (e.faults_.restarting(now)) {
    // Connection refused while the runtime is down: fails at once.
    c.f.injected_error = true;
    c.f.holds_slot = true;
    c.completes_at = now;
    e.k_.schedule(now, &CallEngine::complete_cb, &c, c.serial);
    return true;
  }
  const CallFaults cf = e.faults_.at_start(c.op, c.target, now);
  if (cf.injected_error) c.f.injected_error = true;
  if (cf.hang) {
    // Never completes; only the client's deadline frees the caller.
    c.f.holds_slot = cf.holds_slot;
    c.completes_at = Time::never();
    ++e.hung_;
    return c.f.holds_slot;
  }
  const double factor = cf.factor;
  Duration work =
      models::sample_around(e.median_of(model, c.items, c.target.pod), model.noise, e.latency_rng_);
  if (factor != 1.0)
    work = Duration{static_cast<std::int64_t>(static_cast<double>(work.ns) * factor)};
  c.f.holds_slot = true;
  if (model.locked > 0.0) {
    // The slowed work splits into its locked share and the rest.
    c.lock_work = models::locked_part(work, model.locked);
    c.rest_work = work - c.lock_work;
    e.lock_then_work(c, now);
    return true;
  }
  c.completes_at = e.faults_.completion(c.op, now, work);
  if (c.completes_at != Time::never()) {
    e.k_.schedule(c.completes_at, &CallEngine::complete_cb, &c, c.serial);
  }
  return true;
}

// Resumes the caller inside the current event, so what it reads from the store is the
// state at the instant the call returned.
inline void CallEngine::finish_client(Call& c, Status st) {
  c.f.client_waiting = false;
  c.result = st;
  if (observer_ != nullptr) observer_->on_call_finished(c.op, c.submitted, k_.now(), st);
  c.waiter.resume();
}

void CallEngine::complete_cb(void* ctx, std::uint64_t serial) {
  auto& c = *static_cast<Call*>(ctx);
  if (c.serial != serial || c.f.cancelled) return;
  CallEngine& e = *c.engine;
  c.f.server_done = true;
  if (c.f.holds_slot) {
    c.f.holds_slot = false;
    e.server_.release();
  }
  if (c.f.client_waiting) {
    e.finish_client(c, Status{c.f.injected_error ? Code::kUnavailable : Code::kOk});
  } else {
    e.maybe_free(&c);
  }
}

// The lock phase: a call whose turn comes holds the lock for its locked work, pushed
// past its operation's stall windows (a stalled holder keeps the lock: everything
// queued behind it waits too). Until it lets go its completion is unknown (never), so
// its deadline timer is set when it is submitted. A call whose client gave up while it
// waited keeps its place and is served: a runtime goes on with a request whose client
// left (a Go handler blocked in Mutex.Lock does not see the context end).
void CallEngine::lock_then_work(Call& c, Time now) {
  c.completes_at = Time::never();
  if (lock_.acquire(&c)) hold_lock(c, now);
}

void CallEngine::hold_lock(Call& c, Time now) {
  Time until = faults_.completion(c.op, now, c.lock_work);
  if (until != Time::never()) k_.schedule(until, &CallEngine::unlock_cb, &c, c.serial);
}

// The holder lets go: the next waiter takes the lock now; this call's unlocked rest
// starts now, also pushed past stalls.
void CallEngine::unlock_cb(void* ctx, std::uint64_t serial) {
  auto& c = *static_cast<Call*>(ctx);
  if (c.serial != serial || c.f.cancelled) return;
  CallEngine& e = *c.engine;
  Time now = e.k_.now();
  if (Call* next = e.lock_.release()) e.hold_lock(*next, now);
  c.completes_at = e.faults_.completion(c.op, now, c.rest_work);
  if (c.completes_at != Time::never()) {
    e.k_.schedule(c.completes_at, &CallEngine::complete_cb, &c, c.serial);
  }
}

void CallEngine::deadline_cb(void* ctx, std::uint64_t serial) {
  auto& c = *static_cast<Call*>(ctx);
  if (c.serial != serial || !c.f.client_waiting) return;
  c.engine->finish_client(c, Status{Code::kDeadlineExceeded});
}

void CallEngine::maybe_free(Call* c) {
  if (c->f.client_done && c->f.server_done) {
    c->serial = 0;
    c->free_next = free_calls_;
    free_calls_ = c;
  }
}

}  // namespace plegsim::cri
