// The awaitable reply to one CRI call. A runtime written with coroutines (the
// scripted runtime, the interface's defaults) returns one from a coroutine body, like
// a Task; the simulated runtime returns a frameless one that it serves by callback,
// which saves a coroutine frame per call on the hottest path of a run.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

#include "models/operation.h"
#include "sim/core/task.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

// The arguments of one frameless call.
struct Request {
  models::Op op = models::Op::kVersion;
  PodUid pod = -1;        // the pod-UID filter or target (-1: none)
  int slot = -1;          // app-container slot (create_container)
  ContainerId id = 0;     // sandbox or container the call is about
  bool filtered = false;  // list calls: filtered by pod
};

template <class T>
class [[nodiscard]] Reply {
 public:
  // A coroutine reply keeps its result in its own frame (the frameless one has none):
  // its awaiter suspends before starting it, so the frame outlives the body, and
  // ~Reply destroys it.
  struct promise_type : core::detail::Promise<T> {
    core::detail::Outcome<T> result;
    Reply get_return_object() {
      this->out = &result;
      return Reply(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    core::detail::FinalAwaiter final_suspend() noexcept { return {this}; }
  };
  using Handle = std::coroutine_handle<promise_type>;
  // Frameless: when the caller awaits, `start` starts the call and stores a token (the
  // runtime's own handle on the call, opaque here) and the time it returns; true means
  // it has returned already (the kernel ran its completion in place, as the next event
  // anyway), and the caller carries on without suspending. Otherwise `suspend` hands
  // the runtime the caller to resume when the call returns. `resume` turns the token
  // into the result.
  using Token = std::uintptr_t;
  using Start = bool (*)(void* impl, const Request& r, Token* token, std::int64_t* at);
  using Suspend = void (*)(void* impl, const Request& r, Token* token, std::int64_t at,
                           std::coroutine_handle<> h);
  using Resume = T (*)(void* impl, Token token, const Request& r);
  struct Ops {
    Start start;
    Suspend suspend;
    Resume resume;
  };

  explicit Reply(Handle h) : h_(h) {}
  // `ops` must outlive the reply (the runtime's static table).
  Reply(void* impl, const Request& r, const Ops* ops) : impl_(impl), req_(r), ops_(ops) {}
  Reply(Reply&& o) noexcept
      : h_(std::exchange(o.h_, {})),
        impl_(o.impl_),
        req_(o.req_),
        token_(o.token_),
        at_(o.at_),
        ops_(o.ops_) {}
  Reply& operator=(Reply&&) = delete;
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  ~Reply() {
    if (h_) h_.destroy();
  }

  bool await_ready() { return !h_ && ops_->start(impl_, req_, &token_, &at_); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) {
    if (h_) {
      h_.promise().continuation = caller;
      return h_;
    }
    ops_->suspend(impl_, req_, &token_, at_, caller);
    return std::noop_coroutine();
  }
  T await_resume() {
    if (h_) {
      auto& r = h_.promise().result;
      if (r.error) std::rethrow_exception(r.error);
      if constexpr (!std::is_void_v<T>) return std::move(*r.value);
    } else {
      return ops_->resume(impl_, token_, req_);
    }
  }

 private:
  Handle h_;
  void* impl_ = nullptr;
  Request req_;
  Token token_ = 0;
  std::int64_t at_ = 0;
  const Ops* ops_ = nullptr;
};

}  // namespace plegsim::cri
