// Coroutine tasks: lazily started, awaitable once, frames recycled by the frame pool.
// A Task owned by its awaiter runs as a sub-routine; Kernel::spawn turns one into a
// detached process whose frame the kernel owns until it finishes.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "sim/core/frame_pool.h"

namespace plegsim::core {

class Kernel;

namespace detail {

// State shared by every promise: who to resume at the end, and kernel bookkeeping
// when the task runs detached.
struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  Kernel* owner = nullptr;  // non-null when detached (spawned)
  PromiseBase* prev = nullptr;
  PromiseBase* next = nullptr;
  std::coroutine_handle<> self;

  static void* operator new(std::size_t n) { return frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }

  std::suspend_always initial_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

// Called when a detached task finishes: unlinks it and reports an escaped exception.
void finish_detached(PromiseBase& p) noexcept;

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    PromiseBase& p = h.promise();
    if (p.owner != nullptr) {
      finish_detached(p);
      h.destroy();
      return std::noop_coroutine();
    }
    return p.continuation ? p.continuation : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
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
      auto h = std::coroutine_handle<promise_type>::from_promise(*this);
      this->self = h;
      return Task(h);
    }
    detail::FinalAwaiter final_suspend() noexcept { return {}; }
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
  // suspension. A task that finishes without suspending (its calls returned in place)
  // then returns to await_ready with no continuation to transfer to, and the awaiting
  // coroutine carries on without suspending: neither frame is suspended and resumed
  // for it. Otherwise the awaiting coroutine suspends, and the task's final_suspend
  // transfers to it when the task returns. Either way the same code runs in the same
  // order as a start by symmetric transfer would run it.
  struct Awaiter {
    Handle h;
    bool await_ready() const {
      h.resume();
      return h.done();
    }
    void await_suspend(std::coroutine_handle<> caller) noexcept {
      h.promise().continuation = caller;
    }
    T await_resume() {
      auto& p = h.promise();
      if (p.error) std::rethrow_exception(p.error);
      if constexpr (!std::is_void_v<T>) return std::move(*p.value);
    }
  };
  Awaiter operator co_await() && { return Awaiter{h_}; }
  Awaiter operator co_await() & { return Awaiter{h_}; }

 private:
  void reset() {
    if (h_) h_.destroy();
    h_ = {};
  }
  Handle h_;
};

}  // namespace plegsim::core
