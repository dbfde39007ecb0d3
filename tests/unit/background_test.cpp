// Background callers: one call, then `every` measured from its end (sliding), the first
// after `phase`; on the simulated runtime (frameless replies) and on a coroutine runtime
// (replies from coroutine bodies), with the same analytic timeline.
#include "sim/kubelet/background.h"

#include <gtest/gtest.h>

#include <memory>
#include <tuple>
#include <vector>

#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"
#include "sim/step/scripted_runtime.h"

namespace plegsim::kubelet {
namespace {

using core::Duration;
using core::Time;
using models::Op;

Time ms(std::int64_t v) {
  return Time{} + Duration::milliseconds(v);
}

// Records the start and end of every call the simulated runtime serves.
struct Calls : cri::CallObserver {
  std::vector<std::pair<Time, Time>> seen;
  void on_call_finished(Op, Time start, Time end, cri::Status) override {
    seen.emplace_back(start, end);
  }
};

TEST(BackgroundCaller, SlidingPeriodOnTheSimulatedRuntime) {
  core::Kernel k;
  cri::Store store;
  cri::SimRuntimeConfig cfg;
  cfg.latency[static_cast<int>(Op::kListPodSandbox)].base = Duration::milliseconds(10);
  cri::SimRuntime rt(k, store, cfg);
  Calls calls;
  rt.set_call_observer(&calls);
  BackgroundCaller b(k, rt, Op::kListPodSandbox, Duration::seconds(1), Duration::milliseconds(300));
  b.start();
  k.run_until(ms(3500));
  // Starts at 300 ms, then 1 s after each 10 ms call: 300, 1310, 2320, 3330 ms.
  std::vector<std::pair<Time, Time>> want{
      {ms(300), ms(310)}, {ms(1310), ms(1320)}, {ms(2320), ms(2330)}, {ms(3330), ms(3340)}};
  EXPECT_EQ(calls.seen, want);
}

TEST(BackgroundCaller, SlidingPeriodOnACoroutineRuntime) {
  core::Kernel k;
  step::ScriptedRuntime rt(k);
  rt.set_latency(Op::kListContainers, Duration::milliseconds(25));
  BackgroundCaller b(k, rt, Op::kListContainers, Duration::seconds(1));
  b.start();
  k.run_until(ms(2100));
  // No phase: at once, then 1 s after each 25 ms call: 0, 1025, 2050 ms.
  ASSERT_EQ(rt.calls().size(), 3u);
  EXPECT_EQ(rt.calls()[0].start, ms(0));
  EXPECT_EQ(rt.calls()[1].start, ms(1025));
  EXPECT_EQ(rt.calls()[2].start, ms(2050));
  EXPECT_EQ(rt.calls()[2].end, ms(2075));
}

// Alone on the queue, every return and every next call run in place, in a loop: a
// simulated month of one-second calls neither recurses nor differs from the queue.
TEST(BackgroundCaller, ReturnsAndPeriodsRunInPlaceWhenNothingElseIsDue) {
  auto run = [](bool in_place, Duration until) {
    auto k = std::make_unique<core::Kernel>();
    k->set_run_in_place(in_place);
    cri::Store store;
    cri::SimRuntimeConfig cfg;
    cfg.latency[static_cast<int>(Op::kListPodSandbox)].base = Duration::milliseconds(10);
    cri::SimRuntime rt(*k, store, cfg);
    Calls calls;
    rt.set_call_observer(&calls);
    BackgroundCaller b(*k, rt, Op::kListPodSandbox, Duration::seconds(1));
    b.start();
    k->run_until(Time{} + until);
    return std::pair{calls.seen, k->events_in_place()};
  };
  auto [seen, in_place] = run(true, Duration::hours(24 * 30));
  ASSERT_EQ(seen.size(), 2566337u);  // 30 days / 1.01 s, plus the call at 0
  EXPECT_EQ(seen.back().first, Time{} + Duration::milliseconds(1010) * 2566336);
  EXPECT_EQ(in_place, 2 * seen.size() - 1);  // all but the first call's start
  auto [seen_q, in_place_q] = run(false, Duration::hours(1));
  EXPECT_EQ(in_place_q, 0u);
  EXPECT_EQ(std::vector(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(seen_q.size())),
            seen_q);
}

// Two callers and a coroutine caller on one slot: the same calls, waits and event
// count with returns run in place or not.
TEST(BackgroundCaller, InPlaceChangesNothingObservable) {
  auto run = [](bool in_place) {
    core::Kernel k;
    k.set_run_in_place(in_place);
    cri::Store store;
    cri::SimRuntimeConfig cfg;
    cfg.concurrency = 1;
    cfg.latency[static_cast<int>(Op::kListPodSandbox)].base = Duration::milliseconds(10);
    cfg.latency[static_cast<int>(Op::kListContainers)].base = Duration::milliseconds(7);
    cfg.latency[static_cast<int>(Op::kListContainers)].noise.kind = models::Noise::Kind::kLognormal;
    cfg.latency[static_cast<int>(Op::kListContainers)].noise.sigma = 1.0;
    cri::SimRuntime rt(k, store, cfg);
    Calls calls;
    rt.set_call_observer(&calls);
    BackgroundCaller a(k, rt, Op::kListPodSandbox, Duration::seconds(1));
    BackgroundCaller b(k, rt, Op::kListContainers, Duration::milliseconds(700),
                       Duration::milliseconds(5));
    a.start();
    b.start();
    k.run_until(Time{} + Duration::minutes(10));
    return std::tuple{calls.seen, k.events_processed(), k.events_in_place()};
  };
  auto [seen_on, n_on, in_place_on] = run(true);
  auto [seen_off, n_off, in_place_off] = run(false);
  EXPECT_EQ(seen_on, seen_off);
  EXPECT_EQ(n_on, n_off);
  EXPECT_GT(in_place_on, 0u);
  EXPECT_EQ(in_place_off, 0u);
  EXPECT_GT(seen_on.size(), 1000u);
}

}  // namespace
}  // namespace plegsim::kubelet
