// The discrete-event kernel: an integer-nanosecond clock and an event queue ordered by
// (time, insertion sequence), so events at equal times run in the order they were
// scheduled. Single-threaded; one Kernel per simulation.
#pragma once

#include <algorithm>
#include <array>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <limits>
#include <vector>

#include "sim/core/task.h"
#include "sim/core/time.h"

namespace plegsim::core {

class Kernel {
 public:
  // A scheduled callback: fn(ctx, arg). Cheaper than std::function and never allocates.
  using Callback = void (*)(void* ctx, std::uint64_t arg);

  Kernel() = default;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;
  ~Kernel() { shutdown(); }
  // Drops pending events and destroys every process still suspended. Call it while the
  // objects those processes reference are still alive; afterwards schedule() is a no-op.
  void shutdown();

  Time now() const { return now_; }
  std::uint64_t events_processed() const { return processed_; }
  std::size_t pending() const;
  bool shutting_down() const { return shutting_down_; }

  // REQUIRES: t >= now(). Inline: the common case (the new event is the earliest, as a
  // call's completion usually is) only fills the fast lane.
  void schedule(Time t, Callback fn, void* ctx, std::uint64_t arg = 0) {
    if (t < now_ || shutting_down_) [[unlikely]] {
      reject(t);
      return;
    }
    Item it{t.ns, seq_++, fn, ctx, arg};
    if (it.t < horizon_) {
      take_fast_lane(it);
      return;
    }
    push(it);
  }
  // schedule(now() + d, ...) for a delay a process repeats (its period): such events
  // arrive in (time, seq) order, so they queue in a FIFO lane per delay rather than
  // in the heap. REQUIRES: d >= 0.
  void schedule_in(Duration d, Callback fn, void* ctx, std::uint64_t arg = 0);
  void schedule(Time t, std::coroutine_handle<> h) { schedule(t, &resume_cb, h.address()); }

  // Whether an event at t, scheduled now, would be the very next event to run: t is
  // not in the past, is within the current run_until, and precedes every pending event
  // (its seq would exceed theirs, so an equal time does not). If so the clock moves to
  // t and the event counts as processed, and the caller carries on in place of
  // scheduling it: the same order of events, without the queue. Never during step().
  bool advance_if_next(Time t) {
    if (t.ns > limit_ || t < now_) return false;
    now_ = t;
    ++processed_;
    ++in_place_;
    return true;
  }
  // Events run in place by advance_if_next (counted in events_processed() too).
  std::uint64_t events_in_place() const { return in_place_; }
  // Off: every event goes through the queue (for comparisons; the order is the same).
  void set_run_in_place(bool on) { run_in_place_ = on; }

  // Starts `task` as a detached process at the current time (after events already
  // scheduled for now). The kernel owns it until it returns.
  void spawn(Task<void> task);

  // co_await kernel.sleep(d): resume after d (d == 0 yields to same-time events). For a
  // process's period: such wake-ups queue in a delay lane (schedule_in). A one-off or
  // random delay should use sleep_until(now() + d) (the same order), or it may hold a
  // lane a period needs. A wake-up that would be the next event anyway does not
  // suspend (advance_if_next).
  struct SleepAwaiter {
    Kernel* k;
    Duration d;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
      if (d.ns >= 0 && k->advance_if_next(k->now_ + d)) return false;
      k->schedule_in(d, &resume_cb, h.address());
      return true;
    }
    void await_resume() const noexcept {}
  };
  struct SleepUntilAwaiter {
    Kernel* k;
    Time until;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
      if (k->advance_if_next(until)) return false;
      k->schedule(until, h);
      return true;
    }
    void await_resume() const noexcept {}
  };
  SleepAwaiter sleep(Duration d) { return {this, d}; }
  SleepUntilAwaiter sleep_until(Time t) { return {this, t < now_ ? now_ : t}; }

  // Runs every event with time <= end, then sets the clock to end.
  void run_until(Time end);
  // Runs one event; false when the queue is empty.
  bool step();

  // Records an exception that escaped a detached process; run_until rethrows it.
  void fail(std::exception_ptr e) noexcept;
  void link(detail::PromiseBase& p) noexcept;
  void unlink(detail::PromiseBase& p) noexcept;

 private:
  struct Item {
    std::int64_t t;
    std::uint64_t seq;
    Callback fn;
    void* ctx;
    std::uint64_t arg;
  };
  static void resume_cb(void* ctx, std::uint64_t) {
    std::coroutine_handle<>::from_address(ctx).resume();
  }
  // An event's ordering key alone.
  struct Key {
    std::int64_t t;
    std::uint64_t seq;
  };
  template <class A, class B>
  static bool later(const A& a, const B& b) {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
  void push(const Item& it);
  Item pop();
  // A new event earlier than every pending one (its seq exceeds theirs, so times alone
  // decide): it takes the fast lane, and the previous occupant goes to the heap.
  void take_fast_lane(const Item& it) {
    if (has_next_) push(next_);
    next_ = it;
    has_next_ = true;
    horizon_ = it.t;
    set_limit();
  }
  // The earliest lane head, or null when the lanes are empty.
  void refresh_lane_min();
  Item pop_lane();
  // schedule() at a past time (throws) or while shutting down (ignored).
  void reject(Time t) const;
  // Takes the earliest event off the queue and runs it; the queue is not empty.
  void run_one();
  void rethrow_failure();

  Time now_{};
  // The end of the run_until in progress: advance_if_next stays within it (the lowest
  // time when none is, or during step()).
  std::int64_t run_end_ = std::numeric_limits<std::int64_t>::min();
  // The earliest pending event's time (the highest when none is), and what
  // advance_if_next may move the clock to: before it, within run_end_, and nothing
  // after a process failed.
  std::int64_t horizon_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t limit_ = std::numeric_limits<std::int64_t>::min();
  void set_limit() {
    limit_ = failure_ ? std::numeric_limits<std::int64_t>::min() : std::min(run_end_, horizon_ - 1);
  }
  // After an event left the queue: the earliest of the rest.
  void refresh_horizon() {
    horizon_ =
        has_next_
            ? next_.t
            : std::min(heap_.empty() ? std::numeric_limits<std::int64_t>::max() : heap_.front().t,
                       lane_min_ < 0 ? std::numeric_limits<std::int64_t>::max() : lane_min_key_.t);
    set_limit();
  }
  std::uint64_t seq_ = 0;
  std::uint64_t processed_ = 0;
  std::uint64_t in_place_ = 0;
  bool run_in_place_ = true;
  std::vector<Item> heap_;
  // Fast lane: an event that precedes everything in the heap and the delay lanes
  // (typically a call's completion a few ms ahead) skips them entirely.
  Item next_{};
  bool has_next_ = false;
  // Delay lanes: FIFOs of events scheduled with one delay (schedule_in), each sorted by
  // construction. Two lanes take the common periods (1 s: relist and probes; 5 s...);
  // a delay that finds no lane of its own or free goes to the heap.
  struct Lane {
    std::int64_t delay = 0;
    std::vector<Item> buf;  // events in [head, end); buf.size() == cap
    std::size_t head = 0;
    std::size_t end = 0;
    std::size_t cap = 0;  // kept apart: size() of 40-byte items costs a division
    bool empty() const { return head == end; }
    void append(const Item& it) {
      if (end == cap) [[unlikely]]
        make_room();
      buf[end++] = it;
    }
    void make_room();
  };
  std::array<Lane, 2> lanes_{};
  int lane_min_ = -1;   // the lane with the earliest head; -1: the lanes are empty
  Key lane_min_key_{};  // that head's key (a copy: appends may move the lane's items)
  detail::PromiseBase* processes_ = nullptr;  // intrusive list of live detached processes
  std::exception_ptr failure_;
  bool shutting_down_ = false;
};

}  // namespace plegsim::core
