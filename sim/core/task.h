// Coroutine tasks: lazily started, awaitable once, frames recycled by the frame pool.
// A Task owned by its awaiter runs as a sub-routine; Kernel::spawn turns one into a
// detached process whose frame the kernel owns until it finishes.
//
// What a task returns (its value or escaped exception) goes to an Outcome held by the
// Task object, which lives in the awaiting frame, not to the task's own frame. So a
// task that finishes without suspending (the usual case: its calls returned in place)
// needs nothing from its frame afterwards, and the frame is destroyed and returned to
// the pool as the body flows off its end, in the same call: no second entry into the
// coroutine to destroy it.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "sim/core/frame_pool.h"

namespace plegsim::core {

class Kernel;

namespace detail {

// Where an awaited task's result goes. frame_gone: the task finished while its
// awaiter was running it and destroyed its own frame.
struct OutcomeBase {
  std::exception_ptr error;
  bool frame_gone = false;
};
template <class T>
struct Outcome : OutcomeBase {
  std::optional<T> value;
};
template <>
struct Outcome<void> : OutcomeBase {};

struct PromiseBase;
// Reports an exception that escaped a detached task to its kernel.
void fail_detached(PromiseBase& p, std::exception_ptr e) noexcept;

// State shared by every promise: who to resume at the end, where the result goes, and
// kernel bookkeeping when the task runs detached. A frame is made for every call of a
// coroutine, so only what every task needs is initialised here; Kernel::spawn sets
// the rest (self, prev, next) when it takes a task on.
struct PromiseBase {
  std::coroutine_handle<> continuation;
  OutcomeBase* out = nullptr;  // set by the awaiter before the task starts
  Kernel* owner = nullptr;     // non-null when detached (spawned)
  PromiseBase* prev;           // the kernel's list of live detached tasks
  PromiseBase* next;
  std::coroutine_handle<> self;

  static void* operator new(std::size_t n) { return frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }

  std::suspend_always initial_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {
    if (out != nullptr) {
      out->error = std::current_exception();
    } else if (owner != nullptr) {
      fail_detached(*this, std::current_exception());
    }
  }
};

// Called when a detached task finishes: unlinks it.
void finish_detached(PromiseBase& p) noexcept;

// At the end of a task's body. A task whose awaiter suspended meanwhile suspends here
// and transfers to it (symmetric transfer; the awaiter destroys the frame). A task
// that finished inside its awaiter's await_ready, or a detached one, does not
// suspend: the frame is destroyed as the body flows off its end.
struct FinalAwaiter {
  PromiseBase* p;
  bool await_ready() const noexcept {
    if (p->owner != nullptr) {
      finish_detached(*p);
      return true;
    }
    if (p->continuation) return false;
    if (p->out != nullptr) p->out->frame_gone = true;
    return true;
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) const noexcept {
    return p->continuation;
  }
  void await_resume() const noexcept {}
};

template <class T>
struct Promise : PromiseBase {
  template <class U>
  void return_value(U&& v) {
    static_cast<Outcome<T>*>(out)->value.emplace(std::forward<U>(v));
  }
};
template <>
struct Promise<void> : PromiseBase {
  void return_void() noexcept {}
};

}  // namespace detail

template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::Promise<T> {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    detail::FinalAwaiter final_suspend() noexcept { return {this}; }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  // Gives up ownership of the frame (used by Kernel::spawn).
  Handle release() { return std::exchange(h_, {}); }

  // Awaiting runs the task at once, as a call from await_ready, up to its first
  // suspension. A task that finishes without suspending returns to await_ready with
  // no continuation to transfer to, having destroyed its frame, and the awaiting
  // coroutine carries on without suspending. Otherwise the awaiting coroutine
  // suspends, and the task's final_suspend transfers to it when the task returns.
  // Either way the same code runs in the same order as a start by symmetric transfer
  // would run it.
  struct Awaiter {
    Task* t;
    bool await_ready() const {
      t->h_.promise().out = &t->outcome_;
      t->h_.resume();
      return t->outcome_.frame_gone;
    }
    void await_suspend(std::coroutine_handle<> caller) const noexcept {
      t->h_.promise().continuation = caller;
    }
    T await_resume() const {
      if (t->outcome_.error) std::rethrow_exception(t->outcome_.error);
      if constexpr (!std::is_void_v<T>) return std::move(*t->outcome_.value);
    }
  };
  Awaiter operator co_await() && { return Awaiter{this}; }
  Awaiter operator co_await() & { return Awaiter{this}; }

 private:
  void reset() {
    if (h_ && !outcome_.frame_gone) h_.destroy();
    h_ = {};
  }
  Handle h_;
  detail::Outcome<T> outcome_;
};

}  // namespace plegsim::core
