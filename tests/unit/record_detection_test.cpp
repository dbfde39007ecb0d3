// Detection latency (sim/record/detection.h) and causes (sim/record/causes.h): the
// matching rules on hand-made observations, then the exact latency on the quiet node.
#include <gtest/gtest.h>

#include "sim/record/causes.h"
#include "sim/record/detection.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

using kubelet::EventType;
using record::ContainerChanged;
using record::Detection;
using record::DetectionOutcome;
using record::EventDelivered;
using record::EventDropped;

constexpr std::uint8_t kRunning = 1, kExited = 2, kCreated = 0, kRemoved = 255;

Time at_ms(std::int64_t v) {
  return Time{} + ms(v);
}

struct Tracked {
  std::vector<Detection> out;
  record::DetectionTracker t{[this](const Detection& d) { out.push_back(d); }};
};

TEST(Detection, ADeliveredEventResolvesItsChangeWithTheLatency) {
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kExited, false});
  k.t.on(EventDelivered{at_ms(900), 1, EventType::kContainerDied, 42});
  ASSERT_EQ(k.out.size(), 1u);
  EXPECT_EQ(k.out[0].outcome, DetectionOutcome::kDetected);
  EXPECT_EQ(k.out[0].latency(), ms(800));
  EXPECT_EQ(k.t.unresolved(), 0u);
}

TEST(Detection, EventsOfOtherContainersOrTypesDoNotMatch) {
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kExited, false});
  k.t.on(EventDelivered{at_ms(200), 1, EventType::kContainerDied, 43});
  k.t.on(EventDelivered{at_ms(300), 1, EventType::kContainerStarted, 42});
  EXPECT_TRUE(k.out.empty());
  k.t.finish(at_ms(1000));
  ASSERT_EQ(k.out.size(), 1u);
  EXPECT_EQ(k.out[0].outcome, DetectionOutcome::kPending);
}

TEST(Detection, CreatedStateHasNoEventAndIsNotTracked) {
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kCreated, false});
  EXPECT_EQ(k.t.unresolved(), 0u);
}

TEST(Detection, AnOlderChangeIsSupersededWhenANewerOneIsMatched) {
  // Started at 100 ms, crashed at 300 ms, both before the relist: the PLEG sees
  // non-existent -> exited and sends only ContainerDied.
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kRunning, false});
  k.t.on(ContainerChanged{at_ms(300), 1, 42, kExited, false});
  k.t.on(EventDelivered{at_ms(1000), 1, EventType::kContainerDied, 42});
  ASSERT_EQ(k.out.size(), 2u);
  EXPECT_EQ(k.out[0].outcome, DetectionOutcome::kSuperseded);
  EXPECT_EQ(k.out[0].change.at, at_ms(100));
  EXPECT_EQ(k.out[1].outcome, DetectionOutcome::kDetected);
  EXPECT_EQ(k.out[1].latency(), ms(700));
}

TEST(Detection, DiedThenRemovedBeforeTheRelistAreBothDetected) {
  // running -> non-existent gives ContainerDied then ContainerRemoved.
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kExited, false});
  k.t.on(ContainerChanged{at_ms(200), 1, 42, kRemoved, false});
  k.t.on(EventDelivered{at_ms(1000), 1, EventType::kContainerDied, 42});
  k.t.on(EventDelivered{at_ms(1000), 1, EventType::kContainerRemoved, 42});
  ASSERT_EQ(k.out.size(), 2u);
  EXPECT_EQ(k.out[0].outcome, DetectionOutcome::kDetected);
  EXPECT_EQ(k.out[0].latency(), ms(900));
  EXPECT_EQ(k.out[1].outcome, DetectionOutcome::kDetected);
  EXPECT_EQ(k.out[1].latency(), ms(800));
}

TEST(Detection, ADroppedEventLosesItsChange) {
  Tracked k;
  k.t.on(ContainerChanged{at_ms(100), 1, 42, kExited, false});
  k.t.on(EventDropped{at_ms(500), 1, EventType::kContainerDied, 42});
  ASSERT_EQ(k.out.size(), 1u);
  EXPECT_EQ(k.out[0].outcome, DetectionOutcome::kDropped);
}

TEST(Detection, SandboxesMapReadyToStartedAndNotReadyToDied) {
  EXPECT_EQ(record::expected_event(ContainerChanged{Time{}, 1, 7, 0, true}),
            EventType::kContainerStarted);
  EXPECT_EQ(record::expected_event(ContainerChanged{Time{}, 1, 7, 1, true}),
            EventType::kContainerDied);
  EXPECT_EQ(record::expected_event(ContainerChanged{Time{}, 1, 7, kRemoved, true}),
            EventType::kContainerRemoved);
}

TEST(Causes, ElapsedTimesAreNormalisedAndJoinedErrorsSplit) {
  EXPECT_EQ(record::causes_of("container runtime is down,PLEG is not healthy: pleg was last "
                              "seen active 3m5.3s ago; threshold is 3m0s"),
            (std::vector<std::string>{"container runtime is down", "PLEG is not healthy"}));
  EXPECT_EQ(record::causes_of("[container runtime is down, PLEG is not healthy: x]"),
            (std::vector<std::string>{"container runtime is down", "PLEG is not healthy"}));
  EXPECT_EQ(record::cause_of("pleg was last seen active 3m0.000000001s ago; threshold is 3m0s"),
            "pleg was last seen active <elapsed> ago; threshold is 3m0s");
  EXPECT_TRUE(record::causes_of("").empty());
}

TEST(DetectionOnTheQuietNode, LatencyIsTheWaitForTheNextRelistPlusItsListAndInspection) {
  // Quiet 3-pod node: the first relist at 0 takes 25 ms + 3 x 45 ms = 160 ms; then
  // relists start at 1.160 s + k x 1.025 s and take 25 ms. A container crashed by hand
  // at exactly t = 100 s is seen by the relist starting at 1.160 + 97 x 1.025 =
  // 100.585 s: its GetPods ends at 100.610 s, the pod's inspection (45 ms) at 100.655
  // s, when ContainerDied is sent. Detection latency = 655 ms.
  SimRun r(quiet_yaml(3));
  r.run_until(sec(100));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(1).at(0).id, cri::ContainerState::kExited, 1);
  r.run();

  const record::RelistFinished* seen = nullptr;
  for (const auto& rl : r.sink.relists) {
    if (rl.start >= Time{} + sec(100)) {
      seen = &rl;
      break;
    }
  }
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen->start, Time{} + ms(100585));
  const Duration expected =
      (seen->start + seen->get_pods + quiet_inspection()) - (Time{} + sec(100));
  EXPECT_EQ(expected, ms(655));

  const auto& s = r.summary();
  EXPECT_EQ(s.changes_tracked, 1u);
  EXPECT_EQ(s.event_detection_seconds.count, 1u);
  EXPECT_DOUBLE_EQ(s.event_detection_seconds.max, expected.seconds_f());
  EXPECT_DOUBLE_EQ(s.event_detection_seconds.p50, expected.seconds_f());
  EXPECT_EQ(s.changes_undetected, 0u);
  EXPECT_EQ(s.changes_pending_at_end, 0u);
}

TEST(DetectionOnTheQuietNode, TimeNotReadyIsSummedPerCause) {
  // Every call hangs from 100 s: "container runtime is down" takes the node NotReady
  // first; the transition's message names that cause only.
  SimRun r(quiet_yaml(5), {"faults=[{kind: hang, from: 100s}]"});
  r.run();
  const auto& s = r.summary();
  ASSERT_GT(s.node_not_ready_seconds, 0);
  ASSERT_EQ(s.node_not_ready_seconds_by_cause.count("container runtime is down"), 1u);
  EXPECT_DOUBLE_EQ(s.node_not_ready_seconds_by_cause.at("container runtime is down"),
                   s.node_not_ready_seconds);
  ASSERT_EQ(s.pleg_unhealthy_seconds_by_cause.size(), 1u);
  EXPECT_DOUBLE_EQ(s.pleg_unhealthy_seconds_by_cause.at(
                       "pleg was last seen active <elapsed> ago; threshold is 3m0s"),
                   s.pleg_unhealthy_seconds);
}

}  // namespace
}  // namespace plegsim::testing
