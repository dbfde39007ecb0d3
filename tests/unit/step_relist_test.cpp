// pkg/kubelet/pleg/generic_test.go, relisting and events, ported to the step API and run
// against every era's profile: TestRelisting, TestEventChannelFull,
// TestDetectingContainerDeaths, TestRelistingWithSandboxes,
// TestRunningPodAndContainerCount.
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

// newTestGenericPLEG: largeChannelCap = 100.
class StepRelist : public ::testing::TestWithParam<std::string> {
 protected:
  HarnessOptions opts(std::size_t capacity = 100) const {
    HarnessOptions o;
    o.version = GetParam();
    o.channel_capacity = capacity;
    return o;
  }
};

TEST_P(StepRelist, Relisting) {
  PlegHarness h(opts());
  h.runtime().set_pods(
      {pod(1234, {container(c1, kExited), container(c2, kRunning), container(c3, kUnknown)}),
       pod(4567, {container(c1, kExited)})});
  h.relist();
  // Report every running/exited container if we see them for the first time.
  EXPECT_EQ(sorted(h.drain_events()),
            sorted({{1234, kStarted, c2}, {4567, kDied, c1}, {1234, kDied, c1}}));

  // No container has changed: no events.
  h.relist();
  EXPECT_TRUE(h.drain_events().empty());

  h.runtime().set_pods({pod(1234, {container(c2, kExited), container(c3, kRunning)}),
                        pod(4567, {container(c4, kRunning)})});
  h.relist();
  // Only containers that transitioned to running or exited, and removals.
  EXPECT_EQ(sorted(h.drain_events()), sorted({{1234, kRemoved, c1},
                                              {1234, kDied, c2},
                                              {1234, kStarted, c3},
                                              {4567, kRemoved, c1},
                                              {4567, kStarted, c4}}));
}

// Two relists' worth of TestEventChannelFull's listings on a 4-event channel.
void fill_channel_of_four(PlegHarness& h, RelistOutcome* second) {
  h.runtime().set_pods(
      {pod(1234, {container(c1, kExited), container(c2, kRunning), container(c3, kUnknown)}),
       pod(4567, {container(c1, kExited)})});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()),
            sorted({{1234, kStarted, c2}, {4567, kDied, c1}, {1234, kDied, c1}}));
  h.runtime().set_pods({pod(1234, {container(c2, kExited), container(c3, kRunning)}),
                        pod(4567, {container(c4, kRunning)})});
  *second = h.relist();
}

const Events kAllSecondEvents = {{1234, kRemoved, c1},
                                 {1234, kDied, c2},
                                 {1234, kStarted, c3},
                                 {4567, kRemoved, c1},
                                 {4567, kStarted, c4}};

TEST_P(StepRelist, EventChannelFull) {
  PlegHarness h(opts(4));
  RelistOutcome second;
  fill_channel_of_four(h, &second);
  auto actual = h.drain_events();
  if (!h.profile().blocking_send) {
    // Era C+: the fifth event is discarded and the relist returns.
    EXPECT_TRUE(second.completed);
    EXPECT_EQ(actual.size(), 4u);
    for (const auto& e : actual) {
      EXPECT_NE(std::find(kAllSecondEvents.begin(), kAllSecondEvents.end(), e),
                kAllSecondEvents.end());
    }
    EXPECT_EQ(h.pleg().discarded_events(), 1u);
    EXPECT_EQ(h.last_relist()->events_dropped, 1);
    EXPECT_EQ(h.sink().dropped.size(), 1u);
    return;
  }
  // Eras A-B: the relist blocks on the fifth send until the consumer reads; draining
  // admits the blocked event, and resuming lets the relist return. Nothing is lost.
  EXPECT_FALSE(second.completed);
  EXPECT_TRUE(second.blocked_on_send);
  EXPECT_EQ(sorted(actual), sorted(kAllSecondEvents));
  auto resumed = h.resume();
  EXPECT_TRUE(resumed.completed);
  EXPECT_TRUE(h.drain_events().empty());
  EXPECT_EQ(h.pleg().discarded_events(), 0u);
}

// The #72482 deadlock in a few lines (eras A-B): nobody drains, the relist stays blocked
// on its send, its start is the last relist time, and Healthy() fails 3 min later.
TEST(StepEventChannel, BlockedSendTripsHealthAfterTheThreshold) {
  for (const char* version : {"1.6", "1.11"}) {
    HarnessOptions o;
    o.version = version;
    o.channel_capacity = 4;
    PlegHarness h(o);
    RelistOutcome second;
    fill_channel_of_four(h, &second);
    ASSERT_TRUE(second.blocked_on_send) << version;
    h.advance(Duration::minutes(3));
    EXPECT_TRUE(h.healthy().ok) << "exactly the threshold is still healthy";
    h.advance(Duration{1});
    EXPECT_FALSE(h.healthy().ok) << version;
    EXPECT_EQ(h.healthy().message,
              "pleg was last seen active 3m0.000000001s ago; threshold is 3m0s");
    EXPECT_TRUE(h.relist_pending());
  }
}

// testReportMissingContainers: c2 stopped and removed, exited c3 garbage-collected.
void report_missing_containers(const HarnessOptions& o, int relists) {
  PlegHarness h(o);
  h.runtime().set_pods(
      {pod(1234, {container(c1, kRunning), container(c2, kRunning), container(c3, kExited)})});
  for (int i = 0; i < relists; ++i) {
    h.relist();
    h.drain_events();
  }
  h.runtime().set_pods({pod(1234, {container(c1, kRunning)})});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()),
            sorted({{1234, kDied, c2}, {1234, kRemoved, c2}, {1234, kRemoved, c3}}))
      << "after " << relists << " relist(s)";
}

// testReportMissingPods: the whole pod vanished.
void report_missing_pods(const HarnessOptions& o, int relists) {
  PlegHarness h(o);
  h.runtime().set_pods({pod(1234, {container(c2, kRunning)})});
  for (int i = 0; i < relists; ++i) {
    h.relist();
    h.drain_events();
  }
  h.runtime().set_pods({});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()), sorted({{1234, kDied, c2}, {1234, kRemoved, c2}}))
      << "after " << relists << " relist(s)";
}

TEST_P(StepRelist, DetectingContainerDeaths) {
  for (int relists : {1, 3}) {
    report_missing_containers(opts(), relists);
    report_missing_pods(opts(), relists);
  }
}

// TestRelistingWithSandboxes, sandbox c3 listed in the unknown state as upstream lists it.
TEST_P(StepRelist, RelistingWithSandboxes) {
  PlegHarness h(opts());
  h.runtime().set_pods(
      {pod(1234, {}, {sandbox(c1, kNotReady), sandbox(c2, kReady), sandbox(c3, kUnknownSb)}),
       pod(4567, {}, {sandbox(c1, kNotReady)})});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()),
            sorted({{1234, kStarted, c2}, {4567, kDied, c1}, {1234, kDied, c1}}));

  h.relist();
  EXPECT_TRUE(h.drain_events().empty());

  h.runtime().set_pods({pod(1234, {}, {sandbox(c2, kNotReady), sandbox(c3, kReady)}),
                        pod(4567, {}, {sandbox(c4, kReady)})});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()), sorted({{1234, kRemoved, c1},
                                              {1234, kDied, c2},
                                              {1234, kStarted, c3},
                                              {4567, kRemoved, c1},
                                              {4567, kStarted, c4}}));
}

// TestRunningPodAndContainerCount: the gauges a successful relist sets (sandbox s3 in the
// unknown state, as upstream lists it).
TEST_P(StepRelist, RunningPodAndContainerCount) {
  constexpr cri::ContainerId s1 = 11, s2 = 12, s3 = 13;
  PlegHarness h(opts());
  h.runtime().set_pods(
      {pod(1234, {container(c1, kRunning), container(c2, kUnknown), container(c3, kUnknown)},
           {sandbox(s1, kReady), sandbox(s2, kReady), sandbox(s3, kUnknownSb)}),
       pod(4567, {container(c1, kExited)}, {sandbox(s1, kReady), sandbox(s2, kNotReady)})});
  h.relist();
  const record::RelistFinished* r = h.last_relist();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->running_pods, 2);  // kubelet_running_pods 2
  // kubelet_running_containers{container_state=created|running|exited|unknown}
  EXPECT_EQ(r->containers_by_state, (std::array<std::int32_t, 4>{0, 1, 1, 2}));
}

// The running-pods gauge per release: 1.16-1.19 set it to len(pods) (#81573), 1.20+
// count pods with a running sandbox (#85983); plegsim reports the collector of <= 1.15
// as pods with a READY sandbox. Pod 4567 has exited and 7890 has only a container left:
// listed, not running.
TEST(StepRunningPods, EachReleaseCountsItsOwnWay) {
  constexpr cri::ContainerId s1 = 11, s2 = 12;
  const std::vector<std::pair<std::string, int>> want = {
      {"1.11", 1}, {"1.15", 1}, {"1.16", 3}, {"1.19", 3}, {"1.20", 1}, {"1.28", 1}, {"1.36", 1}};
  for (const auto& [version, pods] : want) {
    HarnessOptions o;
    o.version = version;
    PlegHarness h(o);
    h.runtime().set_pods({pod(1234, {container(c1, kRunning)}, {sandbox(s1, kReady)}),
                          pod(4567, {container(c2, kExited)}, {sandbox(s2, kNotReady)}),
                          pod(7890, {container(c3, kExited)})});
    h.relist();
    ASSERT_NE(h.last_relist(), nullptr) << version;
    EXPECT_EQ(h.last_relist()->running_pods, pods) << version;
  }
}

INSTANTIATE_TEST_SUITE_P(Releases, StepRelist, ::testing::ValuesIn(all_releases()), release_name);

}  // namespace
}  // namespace plegsim::step::testing
