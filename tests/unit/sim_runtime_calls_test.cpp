// The simulated runtime's call paths: a call that gets a free slot for an operation no
// fault touches is served without a pooled record when it returns before the client's
// deadline; one that would outlive the deadline, or waits for a slot, takes the
// general path. Each is checked against its analytic timeline, for coroutine callers
// (frameless replies awaited by a process) and callers that start a call from inside a
// callback (a coroutine that starts at once, as a callback would call).
#include "sim/cri/sim_runtime.h"

#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <vector>

#include "sim/cri/store.h"

namespace plegsim::cri {
namespace {

using core::Duration;
using core::Time;
using models::Op;

Time ms(std::int64_t v) {
  return Time{} + Duration::milliseconds(v);
}

struct Seen {
  Op op;
  Time start, end;
  Code code;
  bool operator==(const Seen&) const = default;
};

struct Calls : CallObserver {
  std::vector<Seen> seen;
  void on_call_finished(Op op, Time start, Time end, Status st) override {
    seen.push_back({op, start, end, st.code});
  }
};

struct Done {
  core::Kernel* k;
  std::vector<std::pair<Time, Code>> got;
};

// A coroutine that starts at once, inside the callback that calls it, and frees itself
// when it returns.
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

Detached invoke_now(Runtime& rt, Op op, Done& done) {
  Status st = co_await rt.invoke(op);
  done.got.emplace_back(done.k->now(), st.code);
}

SimRuntimeConfig config(int concurrency, Duration list_latency, Duration timeout) {
  SimRuntimeConfig cfg;
  cfg.concurrency = concurrency;
  cfg.latency[static_cast<int>(Op::kListPodSandbox)].base = list_latency;
  cfg.latency[static_cast<int>(Op::kStatus)].base = Duration::milliseconds(5);
  cfg.request_timeout = timeout;
  return cfg;
}

core::Task<void> list_at(core::Kernel& k, Runtime& rt, Time at,
                         std::vector<std::pair<Time, Code>>& out) {
  co_await k.sleep_until(at);
  auto r = co_await rt.list_pod_sandbox(ListFilter{});
  out.emplace_back(k.now(), r.status.code);
}

// A kernel, an empty store and a runtime with an observer; coroutine callers record
// in `got`, callback callers in `done`.
struct Rig {
  core::Kernel k;
  Store store;
  SimRuntime rt;
  Calls calls;
  Done done;
  std::vector<std::pair<Time, Code>> got;
  explicit Rig(const SimRuntimeConfig& cfg) : rt(k, store, cfg) {
    rt.set_call_observer(&calls);
    done.k = &k;
  }
  void list_at(Time at) { k.spawn(plegsim::cri::list_at(k, rt, at, got)); }
  void invoke_now(Op op) { plegsim::cri::invoke_now(rt, op, done); }
};

TEST(SimRuntimeCalls, FastCallsReturnAtTheirLatencyAndAreObserved) {
  Rig r(config(4, Duration::milliseconds(30), Duration::minutes(2)));
  r.list_at(ms(0));
  r.list_at(ms(10));
  r.invoke_now(Op::kStatus);  // at 0: 5 ms
  r.k.run_until(ms(1000));
  EXPECT_EQ(r.got, (std::vector<std::pair<Time, Code>>{{ms(30), Code::kOk}, {ms(40), Code::kOk}}));
  EXPECT_EQ(r.done.got, (std::vector<std::pair<Time, Code>>{{ms(5), Code::kOk}}));
  EXPECT_EQ(r.calls.seen, (std::vector<Seen>{{Op::kStatus, ms(0), ms(5), Code::kOk},
                                             {Op::kListPodSandbox, ms(0), ms(30), Code::kOk},
                                             {Op::kListPodSandbox, ms(10), ms(40), Code::kOk}}));
  EXPECT_EQ(r.rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, ACallSlowerThanTheDeadlineFailsAtItAndKeepsItsSlotUntilDone) {
  // A 3 s list against a 1 s runtimeRequestTimeout, one slot: the client gets
  // DeadlineExceeded at 1 s; the runtime works on until 3 s, so a call at 2 s waits for
  // the slot and runs 3 s..6 s (its own deadline, 3 s, passes while it queues).
  Rig r(config(1, Duration::seconds(3), Duration::seconds(1)));
  r.list_at(ms(0));
  r.list_at(ms(2000));
  r.k.run_until(ms(2500));
  EXPECT_EQ(r.rt.server().busy(), 1u);
  EXPECT_EQ(r.rt.server().queued(), 1u);
  r.k.run_until(ms(10000));
  EXPECT_EQ(r.got, (std::vector<std::pair<Time, Code>>{{ms(1000), Code::kDeadlineExceeded},
                                                       {ms(3000), Code::kDeadlineExceeded}}));
  EXPECT_EQ(r.rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, ACallbackCallSlowerThanTheDeadlineFailsAtIt) {
  Rig r(config(2, Duration::seconds(3), Duration::seconds(1)));
  r.invoke_now(Op::kStatus);  // 0-5 ms
  r.k.run_until(ms(100));
  r.invoke_now(Op::kListPodSandbox);
  r.k.run_until(ms(2000));
  EXPECT_EQ(r.done.got, (std::vector<std::pair<Time, Code>>{{ms(5), Code::kOk},
                                                            {ms(1100), Code::kDeadlineExceeded}}));
  EXPECT_EQ(r.rt.server().busy(), 1u);  // still serving it
  r.k.run_until(ms(4000));
  EXPECT_EQ(r.rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, CallsWaitForAFreeSlotInArrivalOrder) {
  // One slot, 30 ms lists at 0 and 10 ms and a callback call at 5 ms: 0-30, 30-35, 35-65.
  Rig r(config(1, Duration::milliseconds(30), Duration::minutes(2)));
  r.list_at(ms(0));
  r.k.schedule(
      ms(5),
      [](void* ctx, std::uint64_t) {
        auto& rig = *static_cast<Rig*>(ctx);
        rig.invoke_now(Op::kStatus);
      },
      &r);
  r.list_at(ms(10));
  r.k.run_until(ms(1000));
  EXPECT_EQ(r.done.got, (std::vector<std::pair<Time, Code>>{{ms(35), Code::kOk}}));
  EXPECT_EQ(r.got, (std::vector<std::pair<Time, Code>>{{ms(30), Code::kOk}, {ms(65), Code::kOk}}));
}

TEST(SimRuntimeCalls, ACallReturnsInPlaceOnlyWhenNothingPrecedesItsReturn) {
  // A 30 ms list at 0. With nothing else due before 30 ms its caller does not suspend
  // (the kernel runs the return in place); an event at 20 ms must see the call still in
  // service, and then the caller suspends and resumes at 30 ms as an ordinary event.
  for (bool other_event : {false, true}) {
    Rig r(config(1, Duration::milliseconds(30), Duration::minutes(2)));
    std::vector<std::pair<Time, std::size_t>> busy_seen;
    auto probe = [](void* ctx, std::uint64_t) {
      auto& [rig, seen] = *static_cast<std::pair<Rig*, decltype(busy_seen)*>*>(ctx);
      seen->emplace_back(rig->k.now(), rig->rt.server().busy());
    };
    std::pair<Rig*, decltype(busy_seen)*> ctx{&r, &busy_seen};
    if (other_event) r.k.schedule(ms(20), probe, &ctx);
    r.list_at(ms(0));
    r.k.run_until(ms(1000));
    EXPECT_EQ(r.got, (std::vector<std::pair<Time, Code>>{{ms(30), Code::kOk}}));
    // The spawn is an event; the wake-up at 0 and the return run in place when free to.
    EXPECT_EQ(r.k.events_in_place(), other_event ? 1u : 2u);
    if (other_event) {
      EXPECT_EQ(busy_seen, (std::vector<std::pair<Time, std::size_t>>{{ms(20), 1u}}));
    }
    EXPECT_EQ(r.rt.server().busy(), 0u);
  }
}

// Every path (direct, started past the deadline, queued for a slot, callback callers)
// gives the same results, observations and event count with events run in place or not.
TEST(SimRuntimeCalls, RunningReturnsInPlaceChangesNothingObservable) {
  auto run = [](bool in_place) {
    SimRuntimeConfig cfg = config(2, Duration::milliseconds(30), Duration::milliseconds(100));
    cfg.latency[static_cast<int>(Op::kListPodSandbox)].noise.kind = models::Noise::Kind::kLognormal;
    cfg.latency[static_cast<int>(Op::kListPodSandbox)].noise.sigma = 1.2;
    auto r = std::make_unique<Rig>(cfg);
    r->k.set_run_in_place(in_place);
    for (int i = 0; i < 40; ++i) r->list_at(ms(i * 397 % 4000));
    for (int i = 0; i < 10; ++i) {
      r->k.schedule(
          ms(i * 411),
          [](void* c, std::uint64_t) {
            auto& rig = *static_cast<Rig*>(c);
            rig.invoke_now(Op::kStatus);
          },
          r.get());
    }
    r->k.run_until(ms(5000));
    return r;
  };
  auto on = run(true);
  auto off = run(false);
  EXPECT_EQ(on->got, off->got);
  EXPECT_EQ(on->done.got, off->done.got);
  EXPECT_EQ(on->calls.seen, off->calls.seen);
  EXPECT_EQ(on->k.events_processed(), off->k.events_processed());
  EXPECT_GT(on->k.events_in_place(), 0u);
  std::size_t late = 0;
  for (const auto& [t, code] : on->got) late += code == Code::kDeadlineExceeded ? 1 : 0;
  EXPECT_GT(late, 0u);  // the started path was exercised
  EXPECT_EQ(on->got.size(), 40u);
}

}  // namespace
}  // namespace plegsim::cri
