// The event channel: blocking send before 1.14 (the #72482 deadlock) and the
// non-blocking send with a discard counter from 1.14 (#72709).
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

// 3 pods, 6 app containers crashing once a minute each, a 10-event channel, and the
// sync loop's handler blocked from 30 s on.
std::vector<std::string> stalled_consumer() {
  return {"workload.crashRate=60/h", "kubelet.eventChannelCapacity=10",
          "faults=[{kind: consumerStall, from: 30s}]"};
}

TEST(EventChannel, BlockedConsumerDeadlocksTheEraBRelistForGood) {
  SimRun r(quiet_yaml(3, "1.11"), stalled_consumer());
  r.run();
  const auto& s = r.summary();
  EXPECT_TRUE(s.relist_blocked_at_end);
  EXPECT_TRUE(r.sim->pleg().blocked_on_send());
  EXPECT_EQ(r.sim->event_channel().size(), 10u);
  EXPECT_EQ(s.events_discarded, 0u);
  // Unhealthy 3 min after the blocked relist started, then for the rest of the run.
  ASSERT_TRUE(r.sim->pleg().relist_in_progress_since().has_value());
  Time blocked_start = *r.sim->pleg().relist_in_progress_since();
  EXPECT_EQ(*r.sim->pleg().relist_time(), blocked_start);
  EXPECT_EQ(s.pleg_unhealthy_transitions, 1u);
  ASSERT_FALSE(r.sink.health.back().healthy);
  EXPECT_EQ(r.sink.health.back().at, blocked_start + Duration::minutes(3) + Duration{1});
  EXPECT_FALSE(r.sink.node_ready.back().ready);
  // Unhealthy from the trip to the end, plus the 25 ms before the first GetPods
  // returned (no warm-up in this scenario).
  EXPECT_NEAR(s.pleg_unhealthy_seconds,
              (Time{} + Duration::minutes(30) - r.sink.health.back().at).seconds_f() + 0.025, 1e-6);
}

TEST(EventChannel, EraCDiscardsInsteadAndStaysHealthy) {
  SimRun r(quiet_yaml(3, "1.14"), stalled_consumer());
  r.run();
  const auto& s = r.summary();
  EXPECT_FALSE(s.relist_blocked_at_end);
  EXPECT_GT(s.events_discarded, 10u);
  EXPECT_EQ(s.pleg_unhealthy_transitions, 0u);
  EXPECT_EQ(r.sim->pleg().discarded_events(), s.events_discarded);
  // Discarded events are lost: the records were already updated.
  std::uint64_t sent = 0;
  for (const auto& rl : r.sink.relists) sent += static_cast<std::uint64_t>(rl.events_dropped);
  EXPECT_EQ(sent, s.events_discarded);
}

TEST(EventChannel, UnblockedConsumerDeliversEverythingInEraB) {
  SimRun r(quiet_yaml(3, "1.11"), {"workload.crashRate=60/h", "kubelet.eventChannelCapacity=10"});
  r.run();
  EXPECT_FALSE(r.summary().relist_blocked_at_end);
  EXPECT_EQ(r.summary().pleg_unhealthy_transitions, 0u);
  EXPECT_GT(r.summary().events_delivered, 100u);
  EXPECT_EQ(r.sim->sync_loop().events_handled(), r.summary().events_delivered);
}

}  // namespace
}  // namespace plegsim::testing
