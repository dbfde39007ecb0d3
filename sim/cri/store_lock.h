// The runtime's single exclusive store lock, for calls whose operation spends a share of
// its service time under it (`locked` in the latency model): docker's daemon and
// container-store locks, containerd's or CRI-O's store lock. FIFO, like a Go mutex
// under contention (starvation mode hands it over in arrival order). Bookkeeping only:
// CallEngine decides when a holder is done (docs/architecture.md, "The store lock").
#pragma once

#include <cstddef>
#include <deque>

namespace plegsim::cri {

template <class Waiter>
class StoreLock {
 public:
  bool held() const { return holder_ != nullptr; }
  const Waiter* holder() const { return holder_; }
  std::size_t waiting() const { return waiters_.size(); }

  // Takes the lock for `w` when it is free (true), else queues `w` behind earlier
  // waiters (false).
  bool acquire(Waiter* w) {
    if (holder_ == nullptr) {
      holder_ = w;
      return true;
    }
    waiters_.push_back(w);
    return false;
  }
  // The holder lets go: the oldest waiter, now the holder, or nullptr when none waits.
  Waiter* release() {
    holder_ = nullptr;
    if (waiters_.empty()) return nullptr;
    holder_ = waiters_.front();
    waiters_.pop_front();
    return holder_;
  }
  // The runtime restarted: nobody holds the lock or waits for it any more.
  void reset() {
    holder_ = nullptr;
    waiters_.clear();
  }

 private:
  Waiter* holder_ = nullptr;
  std::deque<Waiter*> waiters_;
};

}  // namespace plegsim::cri
