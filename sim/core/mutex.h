// A FIFO mutex for processes (Go's sync.Mutex as relistLock uses it): lock() suspends
// while another process holds it; unlock() hands it to the oldest waiter.
#pragma once

#include <coroutine>
#include <deque>

#include "sim/core/kernel.h"

namespace plegsim::core {

class Mutex {
 public:
  explicit Mutex(Kernel& k) : k_(k) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  bool locked() const { return locked_; }
  std::size_t waiters() const { return waiters_.size(); }

  struct LockAwaiter {
    Mutex* m;
    bool await_ready() {
      if (m->locked_) return false;
      m->locked_ = true;
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) { m->waiters_.push_back(h); }
    void await_resume() const noexcept {}
  };
  LockAwaiter lock() { return LockAwaiter{this}; }

  // The lock passes to the oldest waiter, which resumes as a new event now.
  void unlock() {
    if (waiters_.empty()) {
      locked_ = false;
      return;
    }
    auto h = waiters_.front();
    waiters_.pop_front();
    k_.schedule(k_.now(), h);
  }

 private:
  Kernel& k_;
  bool locked_ = false;
  std::deque<std::coroutine_handle<>> waiters_;
};

// Counts outstanding work; wait() resumes when the count returns to zero (sync.WaitGroup).
class WaitGroup {
 public:
  explicit WaitGroup(Kernel& k) : k_(k) {}
  void add(int n = 1) { count_ += n; }
  void done() {
    if (--count_ == 0 && waiter_) {
      auto h = waiter_;
      waiter_ = {};
      k_.schedule(k_.now(), h);
    }
  }
  struct WaitAwaiter {
    WaitGroup* g;
    bool await_ready() const { return g->count_ == 0; }
    void await_suspend(std::coroutine_handle<> h) { g->waiter_ = h; }
    void await_resume() const noexcept {}
  };
  WaitAwaiter wait() { return WaitAwaiter{this}; }

 private:
  Kernel& k_;
  int count_ = 0;
  std::coroutine_handle<> waiter_;
};

}  // namespace plegsim::core
