// Background callers: one call, then `every` measured from its end (sliding), the first
// after `phase`; on the simulated runtime (callback calls) and on a coroutine runtime
// (the interface's default start_invoke), with the same analytic timeline.
#include "sim/kubelet/background.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace plegsim::kubelet
