// A bounded FIFO channel between processes, like a buffered Go channel with one
// difference that matters here: every wake-up is an event on the kernel queue, so
// hand-offs are ordered deterministically.
#pragma once

#include <coroutine>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "sim/core/kernel.h"

namespace plegsim::core {

template <class T>
class Channel {
 public:
  Channel(Kernel& k, std::size_t capacity) : k_(k), capacity_(capacity) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  std::size_t size() const { return items_.size(); }
  // The values waiting to be received, oldest first.
  const std::deque<T>& buffered() const { return items_; }
  std::size_t capacity() const { return capacity_; }
  bool full() const { return items_.size() >= capacity_; }
  std::size_t blocked_senders() const { return senders_.size(); }

  // Non-blocking send (Go's select with default): false, and nothing queued, when full.
  bool try_send(T v) {
    if (!receivers_.empty()) {
      hand_to_receiver(std::move(v));
      return true;
    }
    if (full()) return false;
    items_.push_back(std::move(v));
    return true;
  }

  // Blocking send: suspends while the channel is full, in FIFO order among senders.
  struct SendAwaiter {
    Channel* ch;
    T value;
    bool await_ready() { return ch->try_send(std::move(value)); }
    void await_suspend(std::coroutine_handle<> h) { ch->senders_.push_back({h, &value}); }
    void await_resume() const noexcept {}
  };
  SendAwaiter send(T v) { return SendAwaiter{this, std::move(v)}; }

  std::optional<T> try_receive() {
    if (items_.empty()) return std::nullopt;
    T v = std::move(items_.front());
    items_.pop_front();
    admit_sender();
    return v;
  }

  // Receives one item, or std::nullopt when `deadline` passes first (Time::never()
  // waits forever). One timed receiver at a time.
  struct ReceiveAwaiter {
    Channel* ch;
    Time deadline;
    std::optional<T> slot;
    bool await_ready() {
      slot = ch->try_receive();
      return slot.has_value() || deadline <= ch->k_.now();
    }
    void await_suspend(std::coroutine_handle<> h) {
      std::uint64_t token = ++ch->token_;
      ch->receivers_.push_back({h, &slot, token});
      if (deadline != Time::never()) ch->k_.schedule(deadline, &Channel::timeout_cb, ch, token);
    }
    std::optional<T> await_resume() { return std::move(slot); }
  };
  ReceiveAwaiter receive() { return ReceiveAwaiter{this, Time::never(), std::nullopt}; }
  ReceiveAwaiter receive_until(Time deadline) {
    return ReceiveAwaiter{this, deadline, std::nullopt};
  }

 private:
  struct Sender {
    std::coroutine_handle<> h;
    T* value;
  };
  struct Receiver {
    std::coroutine_handle<> h;
    std::optional<T>* slot;
    std::uint64_t token;
  };

  void hand_to_receiver(T v) {
    Receiver r = receivers_.front();
    receivers_.pop_front();
    r.slot->emplace(std::move(v));
    k_.schedule(k_.now(), r.h);
  }
  // A slot freed: the oldest blocked sender's value enters the buffer and it resumes.
  void admit_sender() {
    if (senders_.empty() || full()) return;
    Sender s = senders_.front();
    senders_.pop_front();
    items_.push_back(std::move(*s.value));
    k_.schedule(k_.now(), s.h);
  }
  static void timeout_cb(void* ctx, std::uint64_t token) {
    auto* ch = static_cast<Channel*>(ctx);
    for (auto it = ch->receivers_.begin(); it != ch->receivers_.end(); ++it) {
      if (it->token == token) {
        auto h = it->h;
        ch->receivers_.erase(it);
        h.resume();
        return;
      }
    }
  }

  Kernel& k_;
  std::size_t capacity_;
  std::deque<T> items_;
  std::deque<Sender> senders_;
  std::deque<Receiver> receivers_;
  std::uint64_t token_ = 0;
};

}  // namespace plegsim::core
