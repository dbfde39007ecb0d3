// Relist timing against hand-computed values (pleg-spec.md §1.1, §2.3, §2.8).
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

TEST(RelistTiming, QuietNodeRelistTakesExactlyTheTwoListsAndIntervalsAddThePeriod) {
  // t=0: first relist, every pod new -> 5 inspections of 45 ms each after the 25 ms
  // GetPods: duration 250 ms. Then, with nothing changing, every relist is
  // ListPodSandbox (10 ms) + ListContainers (15 ms) = 25 ms, and the next starts 1 s
  // after the previous one returned: interval = 1 s + 25 ms.
  SimRun r(quiet_yaml(5));
  r.run();
  const auto& rl = r.sink.relists;
  ASSERT_GT(rl.size(), 1000u);
  EXPECT_EQ(rl[0].start, Time{});
  EXPECT_EQ(rl[0].end - rl[0].start, ms(25) + quiet_inspection() * 5);
  EXPECT_EQ(rl[0].pods_inspected, 5);
  EXPECT_EQ(rl[0].events_sent, 15);  // 2 containers + 1 sandbox per pod, all started
  for (std::size_t i = 1; i < rl.size(); ++i) {
    ASSERT_EQ(rl[i].end - rl[i].start, ms(25)) << "relist " << i;
    ASSERT_EQ(rl[i].get_pods, ms(25));
    ASSERT_EQ(rl[i].start - rl[i - 1].end, sec(1)) << "sliding period, relist " << i;
    ASSERT_TRUE(rl[i].interval.has_value());
    if (i >= 2) {
      ASSERT_EQ(*rl[i].interval, sec(1) + ms(25));
    }
    ASSERT_EQ(rl[i].pods_inspected, 0);
  }
  // The first interval is measured from the first relist's start.
  EXPECT_EQ(*rl[1].interval, ms(25) + quiet_inspection() * 5 + sec(1));
  EXPECT_FALSE(rl[0].interval.has_value());
}

TEST(RelistTiming, AChangedPodCostsOneGetPodStatusOfTwoPlusSPlusCCalls) {
  SimRun r(quiet_yaml(3));
  r.run_until(sec(10));
  // Crash one container by hand: the next relist inspects exactly that pod.
  auto& store = r.sim->store();
  auto cid = store.containers_of(1).at(0).id;
  store.set_container_state(cid, cri::ContainerState::kExited, 1);
  r.run_until(sec(15));
  bool found = false;
  for (const auto& rl : r.sink.relists) {
    if (rl.start < Time{} + sec(10)) continue;
    if (rl.pods_inspected == 0) continue;
    EXPECT_FALSE(found) << "only one relist inspects";
    found = true;
    EXPECT_EQ(rl.pods_inspected, 1);
    EXPECT_EQ(rl.events_sent, 1);
    EXPECT_EQ(rl.end - rl.start, ms(25) + quiet_inspection());
  }
  EXPECT_TRUE(found);
}

TEST(RelistTiming, ContainerChangedIsCountedButNeverSent) {
  // A container that appears in the created state: ContainerChanged, filtered before
  // the send, yet it still costs an inspection and updates the record.
  SimRun r(quiet_yaml(2));
  r.run_until(sec(10));
  r.sim->store().add_container(0, 5, r.sim->kernel().now());
  r.run_until(sec(15));
  int inspected = 0, sent = 0;
  for (const auto& rl : r.sink.relists) {
    if (rl.start < Time{} + sec(10)) continue;
    inspected += rl.pods_inspected;
    sent += rl.events_sent;
  }
  EXPECT_EQ(inspected, 1);
  EXPECT_EQ(sent, 0);
}

}  // namespace
}  // namespace plegsim::testing
