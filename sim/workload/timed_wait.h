// One coroutine's wait that ends at a time or at notify(), whichever comes first: the
// churn's exponential wait, cut short when the pod count (and so its rate) changes.
// Nothing is cancelled in the kernel: a superseded wake-up finds a newer generation
// and does nothing.
#pragma once

#include <coroutine>
#include <cstdint>

#include "sim/core/kernel.h"

namespace plegsim::workload {

class TimedWait {
 public:
  explicit TimedWait(core::Kernel& k) : k_(k) {}

  struct Awaiter {
    TimedWait* w;
    core::Time until;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      w->h_ = h;
      w->waiting_ = true;
      w->notified_ = false;
      ++w->gen_;
      // Time::never(): no timer at all, only notify() ends the wait.
      if (until != core::Time::never()) w->k_.schedule(until, &TimedWait::fire, w, w->gen_);
    }
    bool await_resume() const noexcept { return w->notified_; }  // true: notified
  };
  // Awaits until `t` (not in the past) or a notify(); true when notified.
  Awaiter until(core::Time t) { return {this, t}; }
  // Ends the current wait now, if there is one (the waiter resumes as a new event).
  void notify() {
    if (!waiting_ || notified_) return;
    notified_ = true;
    ++gen_;
    k_.schedule(k_.now(), &TimedWait::fire, this, gen_);
  }

 private:
  static void fire(void* ctx, std::uint64_t gen) {
    auto* w = static_cast<TimedWait*>(ctx);
    if (!w->waiting_ || gen != w->gen_) return;  // superseded
    w->waiting_ = false;
    w->h_.resume();
  }

  core::Kernel& k_;
  std::coroutine_handle<> h_;
  std::uint64_t gen_ = 0;
  bool waiting_ = false;
  bool notified_ = false;
};

}  // namespace plegsim::workload
