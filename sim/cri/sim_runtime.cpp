#include "sim/cri/sim_runtime_call.h"

#include <algorithm>

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

SimRuntime::SimRuntime(core::Kernel& k, Store& store, SimRuntimeConfig cfg)
    : k_(k),
      store_(store),
      cfg_(std::move(cfg)),
      server_(static_cast<std::size_t>(std::max(1, cfg_.concurrency))),
      latency_rng_(cfg_.seed, "cri.latency"),
      faults_(cfg_.faults, cfg_.seed),
      stream_(k_, store_, cfg_.latency[static_cast<int>(Op::kGetContainerEvents)], cfg_.faults,
              cfg_.seed) {
  for (std::size_t i = 0; i < cfg_.faults.size(); ++i) {
    const auto& f = cfg_.faults[i];
    if (f.kind == FaultKind::kRuntimeRestart) k_.schedule(f.from, &SimRuntime::restart_cb, this, i);
    // An error window on the event stream breaks an established stream when it opens.
    if (f.kind == FaultKind::kErrors && f.op == Op::kGetContainerEvents) {
      k_.schedule(f.from, &SimRuntime::stream_fault_cb, this, i);
    }
  }
}

SimRuntime::~SimRuntime() = default;

void SimRuntime::stream_fault_cb(void* ctx, std::uint64_t) {
  static_cast<SimRuntime*>(ctx)->stream_.break_stream();
}

// The runtime restarts: whatever it was serving is gone (hung calls included), every
// caller still waiting gets Unavailable, and the event stream breaks.
void SimRuntime::restart_cb(void* ctx, std::uint64_t) {
  auto& rt = *static_cast<SimRuntime*>(ctx);
  rt.stream_.break_stream();
  std::vector<Call*> live;
  for (auto& c : rt.calls_) {
    if (c->serial != 0) live.push_back(c.get());
  }
  for (Call* c : live) {
    if (c->f.started && !c->f.server_done) {
      c->f.cancelled = true;
      c->f.server_done = true;
      if (c->f.holds_slot) {
        c->f.holds_slot = false;
        rt.server_.release();
      }
    }
  }
  for (Call* c : live) {
    if (c->f.client_waiting) {
      rt.finish_client(*c, Status{Code::kUnavailable});
    } else {
      rt.maybe_free(c);
    }
  }
}

SimRuntime::Call* SimRuntime::take_call() {
  Call* c = free_calls_;
  if (c == nullptr) [[unlikely]] {
    calls_.push_back(std::make_unique<Call>());
    c = calls_.back().get();
    c->rt = this;
    c->start = &SimRuntime::start_call;
  } else {
    free_calls_ = c->free_next;
  }
  return c;
}

SimRuntime::Call* SimRuntime::new_call(Op op, Items items, Target target) {
  Call* c = take_call();
  // Field by field (`*c = Call{}` zeroes a stack temporary and copies it over): the
  // hottest allocation of a run. rt and start never change.
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

void SimRuntime::begin(Call& c, std::coroutine_handle<> h) {
  if (faults_.plain(c.op) && server_.try_acquire()) {
    // The common case, start_call's plain path in line: a free slot, and an operation
    // no fault, stall or restart can touch. The same draws, in the same order.
    begin_started(c, h, k_.now() + plain_latency(c.op, c.items, c.target.pod));
    return;
  }
  submit_call(c, h);
}

void SimRuntime::submit_call(Call& c, std::coroutine_handle<> h) {
  c.waiter = h;
  c.f.client_waiting = true;
  c.submitted = k_.now();
  c.deadline = deadline_of(c.op, c.submitted);
  server_.submit(&c);
  // A deadline timer is needed only when the call may outlive its deadline.
  if (c.deadline != Time::never() && (!c.f.started || c.completes_at > c.deadline)) {
    k_.schedule(c.deadline, &SimRuntime::deadline_cb, &c, c.serial);
  }
}

Status SimRuntime::end(Call& c) {
  Status st = c.result;
  c.f.client_done = true;
  maybe_free(&c);
  return st;
}

SimRuntime::RpcAwaiter SimRuntime::rpc(Op op, Items items, Target target) {
  return RpcAwaiter{this, new_call(op, items, target)};
}

void SimRuntime::RpcAwaiter::await_suspend(std::coroutine_handle<> h) {
  rt->begin(*call, h);
}

Status SimRuntime::RpcAwaiter::await_resume() {
  return rt->end(*call);
}

bool SimRuntime::start_call(core::Server::Job* job) {
  auto& c = *static_cast<Call*>(job);
  SimRuntime& rt = *c.rt;
  Time now = rt.k_.now();
  c.f.started = true;
  if (!c.f.client_waiting) {
    // The client's deadline passed while the call was queued: drop it unserved.
    c.f.server_done = true;
    rt.maybe_free(&c);
    return false;
  }
  const auto& model = rt.cfg_.latency[static_cast<int>(c.op)];
  if (rt.faults_.plain(c.op)) {
    // No fault, stall or restart can touch this operation: the latency model alone.
    c.completes_at =
        now + models::sample_latency(model, rt.count_items(c.items, c.target.pod), rt.latency_rng_);
    c.f.holds_slot = true;
    rt.k_.schedule(c.completes_at, &SimRuntime::complete_cb, &c, c.serial);
    return true;
  }
  if (rt.faults_.restarting(now)) {
    // Connection refused while the runtime is down: fails at once.
    c.f.injected_error = true;
    c.f.holds_slot = true;
    c.completes_at = now;
    rt.k_.schedule(now, &SimRuntime::complete_cb, &c, c.serial);
    return true;
  }
  const CallFaults cf = rt.faults_.at_start(c.op, c.target, now);
  if (cf.injected_error) c.f.injected_error = true;
  if (cf.hang) {
    // Never completes; only the client's deadline frees the caller.
    c.f.holds_slot = cf.holds_slot;
    c.completes_at = Time::never();
    ++rt.hung_;
    return c.f.holds_slot;
  }
  const double factor = cf.factor;
  Duration work =
      models::sample_latency(model, rt.count_items(c.items, c.target.pod), rt.latency_rng_);
  if (factor != 1.0)
    work = Duration{static_cast<std::int64_t>(static_cast<double>(work.ns) * factor)};
  c.completes_at = rt.faults_.completion(c.op, now, work);
  c.f.holds_slot = true;
  if (c.completes_at != Time::never()) {
    rt.k_.schedule(c.completes_at, &SimRuntime::complete_cb, &c, c.serial);
  }
  return true;
}

// Resumes the caller inside the current event, so what it reads from the store is the
// state at the instant the call returned.
inline void SimRuntime::finish_client(Call& c, Status st) {
  c.f.client_waiting = false;
  c.result = st;
  if (observer_ != nullptr) observer_->on_call_finished(c.op, c.submitted, k_.now(), st);
  c.waiter.resume();
}

void SimRuntime::complete_cb(void* ctx, std::uint64_t serial) {
  auto& c = *static_cast<Call*>(ctx);
  if (c.serial != serial || c.f.cancelled) return;
  SimRuntime& rt = *c.rt;
  c.f.server_done = true;
  if (c.f.holds_slot) {
    c.f.holds_slot = false;
    rt.server_.release();
  }
  if (c.f.client_waiting) {
    rt.finish_client(c, Status{c.f.injected_error ? Code::kUnavailable : Code::kOk});
  } else {
    rt.maybe_free(&c);
  }
}

void SimRuntime::deadline_cb(void* ctx, std::uint64_t serial) {
  auto& c = *static_cast<Call*>(ctx);
  if (c.serial != serial || !c.f.client_waiting) return;
  c.rt->finish_client(c, Status{Code::kDeadlineExceeded});
}

void SimRuntime::maybe_free(Call* c) {
  if (c->f.client_done && c->f.server_done) {
    c->serial = 0;
    c->free_next = free_calls_;
    free_calls_ = c;
  }
}

SimRuntime::Target SimRuntime::target_of_container(ContainerId id) const {
  const ContainerView* cv = store_.find_container(id);
  return cv ? Target{cv->pod, cv->slot} : Target{};
}

SimRuntime::Target SimRuntime::target_of_sandbox(ContainerId id) const {
  const SandboxView* sv = store_.find_sandbox(id);
  return sv ? Target{sv->pod, -1} : Target{};
}

}  // namespace plegsim::cri
