// A FIFO server with N identical slots. Jobs are intrusive and callback-driven so the
// simulated runtime can serve a call without a coroutine of its own; acquire() gives
// processes the same server as an awaitable.
#pragma once

#include <coroutine>
#include <cstddef>

#include "sim/core/kernel.h"

namespace plegsim::core {

class Server {
 public:
  // A unit of work. start(job) runs when the job gets a slot and returns whether it
  // keeps it; a job that keeps its slot must call release() exactly once later.
  struct Job {
    Job* next = nullptr;
    bool (*start)(Job* self) = nullptr;
  };

  explicit Server(std::size_t slots) : slots_(slots) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::size_t slots() const { return slots_; }
  std::size_t busy() const { return busy_; }
  std::size_t queued() const { return queued_; }

  // Takes a free slot when one is free and no job waits: the caller then serves its
  // work itself (and calls release() later) instead of submitting a job.
  bool try_acquire() {
    if (busy_ < slots_ && head_ == nullptr) {
      ++busy_;
      return true;
    }
    return false;
  }
  // Starts the job now if a slot is free, otherwise queues it behind earlier jobs.
  void submit(Job* j) {
    if (busy_ < slots_ && head_ == nullptr) {
      ++busy_;
      if (!j->start(j)) release();
      return;
    }
    j->next = nullptr;
    if (tail_ != nullptr) {
      tail_->next = j;
    } else {
      head_ = j;
    }
    tail_ = j;
    ++queued_;
  }

  // Frees one slot and starts the oldest queued job on it (and the next, while jobs
  // give the slot straight back).
  void release() {
    while (head_ != nullptr) {
      Job* j = head_;
      head_ = j->next;
      if (head_ == nullptr) tail_ = nullptr;
      --queued_;
      if (j->start(j)) return;
    }
    --busy_;
  }

  // co_await server.acquire(kernel): holds a slot until release().
  struct AcquireAwaiter : Job {
    Server* s;
    Kernel* k;
    std::coroutine_handle<> h;
    bool await_ready() {
      if (s->busy_ < s->slots_ && s->head_ == nullptr) {
        ++s->busy_;
        return true;
      }
      return false;
    }
    void await_suspend(std::coroutine_handle<> handle) {
      h = handle;
      start = [](Job* self) {
        auto* a = static_cast<AcquireAwaiter*>(self);
        a->k->schedule(a->k->now(), a->h);
        return true;
      };
      s->submit(this);
    }
    void await_resume() const noexcept {}
  };
  AcquireAwaiter acquire(Kernel& k) { return AcquireAwaiter{{}, this, &k, {}}; }

 private:
  std::size_t slots_;
  std::size_t busy_ = 0;
  std::size_t queued_ = 0;
  Job* head_ = nullptr;
  Job* tail_ = nullptr;
};

}  // namespace plegsim::core
