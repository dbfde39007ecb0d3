// The simulated runtime's call paths: a call that gets a free slot for an operation no
// fault touches is served without a pooled record when it returns before the client's
// deadline; one that would outlive the deadline, or waits for a slot, takes the
// general path. Each is checked against its analytic timeline, for coroutine callers
// (frameless replies) and callback callers (start_invoke).
#include "sim/cri/sim_runtime.h"

#include <gtest/gtest.h>

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

struct Done : InvokeDone {
  core::Kernel* k;
  std::vector<std::pair<Time, Code>> got;
  void on_invoke_done(Status st) override { got.emplace_back(k->now(), st.code); }
};

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
  auto r = co_await rt.list_pod_sandbox(ListFilter{}, true);
  out.emplace_back(k.now(), r.status.code);
}

TEST(SimRuntimeCalls, FastCallsReturnAtTheirLatencyAndAreObserved) {
  core::Kernel k;
  Store store;
  SimRuntime rt(k, store, config(4, Duration::milliseconds(30), Duration::minutes(2)));
  Calls calls;
  rt.set_call_observer(&calls);
  std::vector<std::pair<Time, Code>> got;
  k.spawn(list_at(k, rt, ms(0), got));
  k.spawn(list_at(k, rt, ms(10), got));
  Done done;
  done.k = &k;
  rt.start_invoke(Op::kStatus, done);  // at 0: 5 ms
  k.run_until(ms(1000));
  EXPECT_EQ(got, (std::vector<std::pair<Time, Code>>{{ms(30), Code::kOk}, {ms(40), Code::kOk}}));
  EXPECT_EQ(done.got, (std::vector<std::pair<Time, Code>>{{ms(5), Code::kOk}}));
  EXPECT_EQ(calls.seen, (std::vector<Seen>{{Op::kStatus, ms(0), ms(5), Code::kOk},
                                           {Op::kListPodSandbox, ms(0), ms(30), Code::kOk},
                                           {Op::kListPodSandbox, ms(10), ms(40), Code::kOk}}));
  EXPECT_EQ(rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, ACallSlowerThanTheDeadlineFailsAtItAndKeepsItsSlotUntilDone) {
  // A 3 s list against a 1 s runtimeRequestTimeout, one slot: the client gets
  // DeadlineExceeded at 1 s; the runtime works on until 3 s, so a call at 2 s waits for
  // the slot and runs 3 s..6 s (its own deadline, 3 s, passes while it queues).
  core::Kernel k;
  Store store;
  SimRuntime rt(k, store, config(1, Duration::seconds(3), Duration::seconds(1)));
  Calls calls;
  rt.set_call_observer(&calls);
  std::vector<std::pair<Time, Code>> got;
  k.spawn(list_at(k, rt, ms(0), got));
  k.spawn(list_at(k, rt, ms(2000), got));
  k.run_until(ms(2500));
  EXPECT_EQ(rt.server().busy(), 1u);
  EXPECT_EQ(rt.server().queued(), 1u);
  k.run_until(ms(10000));
  EXPECT_EQ(got, (std::vector<std::pair<Time, Code>>{{ms(1000), Code::kDeadlineExceeded},
                                                     {ms(3000), Code::kDeadlineExceeded}}));
  EXPECT_EQ(rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, ACallbackCallSlowerThanTheDeadlineFailsAtIt) {
  core::Kernel k;
  Store store;
  SimRuntime rt(k, store, config(2, Duration::seconds(3), Duration::seconds(1)));
  Done done;
  done.k = &k;
  rt.start_invoke(Op::kStatus, done);  // 0-5 ms: leaves a pooled call to reuse
  k.run_until(ms(100));
  rt.start_invoke(Op::kListPodSandbox, done);
  k.run_until(ms(2000));
  EXPECT_EQ(done.got, (std::vector<std::pair<Time, Code>>{{ms(5), Code::kOk},
                                                          {ms(1100), Code::kDeadlineExceeded}}));
  EXPECT_EQ(rt.server().busy(), 1u);  // still serving it
  k.run_until(ms(4000));
  EXPECT_EQ(rt.server().busy(), 0u);
}

TEST(SimRuntimeCalls, CallsWaitForAFreeSlotInArrivalOrder) {
  // One slot, 30 ms lists at 0 and 10 ms and a callback call at 5 ms: 0-30, 30-35, 35-65.
  core::Kernel k;
  Store store;
  SimRuntime rt(k, store, config(1, Duration::milliseconds(30), Duration::minutes(2)));
  Calls calls;
  rt.set_call_observer(&calls);
  std::vector<std::pair<Time, Code>> got;
  Done done;
  done.k = &k;
  k.spawn(list_at(k, rt, ms(0), got));
  std::pair<SimRuntime*, Done*> invoke{&rt, &done};
  k.schedule(
      ms(5),
      [](void* ctx, std::uint64_t) {
        auto* d = static_cast<std::pair<SimRuntime*, Done*>*>(ctx);
        d->first->start_invoke(Op::kStatus, *d->second);
      },
      &invoke);
  k.spawn(list_at(k, rt, ms(10), got));
  k.run_until(ms(1000));
  EXPECT_EQ(done.got, (std::vector<std::pair<Time, Code>>{{ms(35), Code::kOk}}));
  EXPECT_EQ(got, (std::vector<std::pair<Time, Code>>{{ms(30), Code::kOk}, {ms(65), Code::kOk}}));
}

}  // namespace
}  // namespace plegsim::cri
