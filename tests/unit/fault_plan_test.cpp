// The fault plan's per-call lookup (sim/cri/fault_plan.h) over thousands of windows:
// the open-window cursor gives what a scan of every window gives, and stall windows are
// found by bisection.
#include "sim/cri/fault_plan.h"

#include <gtest/gtest.h>

#include <vector>

namespace plegsim::cri {
namespace {

using core::Duration;
using core::Time;
using models::Fault;
using models::FaultKind;
using models::Op;

// What at_start did before the cursor: every window, in the plan's order.
CallFaults scan(const std::vector<Fault>& faults, Op op, CallTarget target, Time now,
                core::RngStream& rng) {
  CallFaults out;
  for (const auto& f : faults) {
    if (!f.active_at(now)) continue;
    if ((f.op && *f.op != op) || (f.pod && *f.pod != target.pod) ||
        (f.container && *f.container != target.slot)) {
      continue;
    }
    if (f.kind == FaultKind::kHang) {
      out.hang = true;
      out.holds_slot = f.holds_slot;
      return out;
    }
    if (f.kind == FaultKind::kSlowdown) out.factor *= f.factor;
    if (f.kind == FaultKind::kErrors && rng.uniform01() < f.probability) out.injected_error = true;
  }
  return out;
}

TEST(FaultPlan, CursorMatchesAFullScan) {
  // 3,000 overlapping windows of every per-call kind, out of order, some open-ended.
  core::RngStream gen(11, "test");
  std::vector<Fault> faults;
  for (int i = 0; i < 3000; ++i) {
    Fault f;
    int k = static_cast<int>(gen.below(4));
    f.kind = k == 0   ? FaultKind::kHang
             : k == 1 ? FaultKind::kErrors
             : k == 2 ? FaultKind::kStall
                      : FaultKind::kSlowdown;
    f.from = Time{} + Duration::milliseconds(static_cast<std::int64_t>(gen.below(3'600'000)));
    f.until =
        gen.below(50) == 0
            ? Time::never()
            : f.from + Duration::milliseconds(1 + static_cast<std::int64_t>(gen.below(20'000)));
    if (gen.below(2)) f.op = static_cast<Op>(gen.below(models::kOpCount));
    if (gen.below(3) == 0) f.pod = static_cast<int>(gen.below(5));
    f.factor = 1.0 + static_cast<double>(gen.below(7)) / 4.0;
    f.probability = 0.3;
    f.holds_slot = gen.below(2) == 1;
    faults.push_back(f);
  }
  FaultPlan plan(faults, 9);
  core::RngStream ref_rng(9, "cri.faults");  // the plan's error stream
  Time now{};
  for (int i = 0; i < 200'000; ++i) {
    now = now + Duration::microseconds(static_cast<std::int64_t>(gen.below(40'000)));
    Op op = static_cast<Op>(gen.below(models::kOpCount));
    CallTarget target{static_cast<PodUid>(gen.below(6)) - 1, static_cast<int>(gen.below(2))};
    CallFaults got = plan.at_start(op, target, now);
    CallFaults want = scan(faults, op, target, now, ref_rng);
    ASSERT_EQ(got.hang, want.hang) << i;
    ASSERT_EQ(got.holds_slot, want.holds_slot) << i;
    ASSERT_EQ(got.factor, want.factor) << i;
    ASSERT_EQ(got.injected_error, want.injected_error) << i;
  }
  // Back in time (a test's liberty): the plan starts its scan over.
  Time early = Time{} + Duration::seconds(100);
  CallFaults got = plan.at_start(Op::kListPodSandbox, {-1, -1}, early);
  CallFaults want = scan(faults, Op::kListPodSandbox, {-1, -1}, early, ref_rng);
  EXPECT_EQ(got.hang, want.hang);
  EXPECT_EQ(got.factor, want.factor);
}

TEST(FaultPlan, ManyStallWindowsPushCompletion) {
  // 10,000 one-second stalls every 10 s, [10i, 10i + 1): 12 s of service started at
  // 95 s gets 5 s done before the stall at 100 and the other 7 from 101: done at 108.
  std::vector<Fault> faults;
  for (int i = 0; i < 10'000; ++i) {
    Fault f;
    f.kind = FaultKind::kStall;
    f.from = Time{} + Duration::seconds(10 * i);
    f.until = f.from + Duration::seconds(1);
    faults.push_back(f);
  }
  FaultPlan plan(faults, 1);
  EXPECT_FALSE(plan.plain(Op::kListPodSandbox));
  EXPECT_EQ(
      plan.completion(Op::kListPodSandbox, Time{} + Duration::seconds(95), Duration::seconds(12)),
      Time{} + Duration::seconds(108));
  // Started inside a stall: nothing until it ends.
  EXPECT_EQ(plan.completion(Op::kContainerStatus, Time{} + Duration::milliseconds(50'500),
                            Duration::milliseconds(10)),
            Time{} + Duration::milliseconds(51'010));
  // Spanning several: 25 s from 0.5 s: 9 s per 10 s period.
  EXPECT_EQ(
      plan.completion(Op::kStatus, Time{} + Duration::milliseconds(500), Duration::seconds(25)),
      Time{} + Duration::seconds(28));
}

}  // namespace
}  // namespace plegsim::cri
