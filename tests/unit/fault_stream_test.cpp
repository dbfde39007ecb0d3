// A FaultPlan fed by a FaultStream (windows drawn an hour at a time, dropped once
// passed) answers as the plan of the same windows expanded up front: per-call faults,
// stall walks (including walks past the drawn horizon) and the clear path's promise.
#include <gtest/gtest.h>

#include <vector>

#include "sim/cri/fault_plan.h"
#include "sim/run/fault_windows.h"
#include "sim/scenario/loader.h"

namespace plegsim::cri {
namespace {

using core::Duration;
using core::Time;
using models::Op;

const char* kScenario =
    "duration: 30h\n"
    "node: {pods: 6, containersPerPod: 2}\n"
    "runtime:\n"
    "  regime:\n"
    "    initial: normal\n"
    "    states:\n"
    "      normal: {dwell: {mean: 20s}, next: {slow: 0.6, stalled: 0.3, long: 0.1}}\n"
    "      slow: {dwell: {mean: 5s}, factor: 2, ops: {ContainerStatus: 5}, next: {normal: 1}}\n"
    "      stalled: {dwell: {median: 300ms, noise: {lognormal: {sigma: 1}}}, stall: true, "
    "next: {normal: 1}}\n"
    "      long: {dwell: {mean: 40m}, stall: true, next: {normal: 1}}\n"
    "faults:\n"
    "  - {kind: errors, probability: 0.5, random: {rate: 20/h, for: {mean: 1m}, target: op, "
    "ops: [ListPodSandbox, ContainerStatus]}}\n"
    "  - {kind: hang, random: {rate: 5/h, for: {mean: 30s}, target: pod}}\n"
    "  - {kind: slowdown, factor: 3, op: ListContainers, from: 2h, until: 9h}\n"
    "  - {kind: stall, random: {rate: 4/h, for: {mean: 20s}, target: op, ops: [ListContainers]}}\n"
    "  - {kind: slowdown, factor: 1.5, random: {rate: 30/h, for: 10s, target: container}}\n";

TEST(FaultStream, PlanAnswersAsTheUpFrontOne) {
  auto s = scenario::load_scenario_text(kScenario, "<test>");
  auto f = run::runtime_faults(s, 7);
  ASSERT_NE(f.stream, nullptr);
  FaultPlan lazy(f.windows, 7, f.keys, f.stream);
  FaultPlan eager(run::runtime_fault_windows(s, 7), 7);
  core::RngStream gen(3, "test");
  Time t{};
  const Time end = Time{} + s.duration;
  std::size_t cleared = 0, faulted = 0, pushed = 0;
  while (t < end) {
    Op op = static_cast<Op>(gen.below(4) + 1);
    CallTarget target{static_cast<int>(gen.below(6)), static_cast<int>(gen.below(2))};
    Duration work = Duration::milliseconds(1 + static_cast<std::int64_t>(gen.below(3000)));
    if (gen.below(500) == 0) work = Duration::hours(2);  // walks past the drawn horizon
    Time until;
    bool clear = lazy.clear(op, t, &until);
    CallFaults a = lazy.at_start(op, target, t);
    CallFaults b = eager.at_start(op, target, t);
    ASSERT_EQ(a.hang, b.hang) << t.ns;
    ASSERT_EQ(a.factor, b.factor) << t.ns;
    ASSERT_EQ(a.injected_error, b.injected_error) << t.ns;
    Time done = lazy.completion(op, t, work);
    ASSERT_EQ(done, eager.completion(op, t, work)) << t.ns;
    if (clear) {
      ++cleared;
      ASSERT_FALSE(a.hang || a.injected_error || a.factor != 1.0) << t.ns;
      if (t + work <= until) {
        ASSERT_EQ(done, t + work) << t.ns;
      }
    } else {
      ++faulted;
    }
    if (done > t + work) ++pushed;
    t = t + Duration::milliseconds(1 + static_cast<std::int64_t>(gen.below(4000)));
  }
  EXPECT_GT(cleared, 1000u);
  EXPECT_GT(faulted, 1000u);
  EXPECT_GT(pushed, 100u);
}

}  // namespace
}  // namespace plegsim::cri
