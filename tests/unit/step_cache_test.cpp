// pkg/kubelet/pleg/generic_test.go, cache, reinspection and health, ported to the step
// API and run against every era's profile: TestRelistWithCache, TestRemoveCacheEntry,
// TestRelistWithReinspection, TestHealthy; plus the era differences the spec names
// (double inspection before 1.32, PodSync after reinspection from 1.36, the EventedPLEG
// gate's refused cache writes).
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

// newTestGenericPLEGWithRuntimeMock: channel 1000, threshold 2 h.
class StepCache : public ::testing::TestWithParam<std::string> {
 protected:
  HarnessOptions opts() const {
    HarnessOptions o;
    o.version = GetParam();
    o.relist_threshold = Duration::hours(2);
    return o;
  }
};

// The cached status holds exactly these containers, and no error.
void expect_cached(const PlegHarness& h, PodUid uid,
                   const std::vector<std::pair<cri::ContainerId, cri::ContainerState>>& want) {
  const auto* e = h.cache_entry(uid);
  ASSERT_NE(e, nullptr) << "pod " << uid;
  EXPECT_FALSE(e->has_error) << "pod " << uid;
  std::vector<std::pair<cri::ContainerId, cri::ContainerState>> got;
  for (const auto& c : e->status.container_statuses) got.emplace_back(c.id, c.state);
  EXPECT_EQ(got, want) << "pod " << uid;
}

// createTestPodsStatusesAndEvents(2): test-pod-0 with c0, test-pod-1 with c1, running.
constexpr PodUid kPod0 = 0, kPod1 = 1;
std::vector<ScriptedPod> two_running_pods() {
  return {pod(kPod0, {container(c0, kRunning)}), pod(kPod1, {container(c1, kRunning)})};
}

TEST_P(StepCache, RelistWithCache) {
  PlegHarness h(opts());
  h.runtime().set_pods(two_running_pods());
  // Inject an error when querying the runtime for the status of pods[1], once.
  h.runtime().fail_inspection(kPod1, cri::Code::kUnavailable, 1);
  h.relist();
  expect_cached(h, kPod0, {{c0, kRunning}});
  ASSERT_NE(h.cache_entry(kPod1), nullptr);
  EXPECT_TRUE(h.cache_entry(kPod1)->has_error);
  EXPECT_TRUE(h.cache_entry(kPod1)->status.container_statuses.empty());
  // No event for pods[1] because of the error.
  EXPECT_EQ(h.drain_events(), (Events{{kPod0, kStarted, c0}}));

  h.relist();
  expect_cached(h, kPod0, {{c0, kRunning}});
  expect_cached(h, kPod1, {{c1, kRunning}});
  // Now that its status can be read, pods[1] gets its event.
  EXPECT_EQ(h.drain_events(), (Events{{kPod1, kStarted, c1}}));
  // GetPodStatus: pods[0] once (.Times(1)), pods[1] once per relist.
  EXPECT_EQ(h.runtime().inspections(kPod0), 1u);
  EXPECT_EQ(h.runtime().inspections(kPod1), 2u);
}

TEST_P(StepCache, RemoveCacheEntry) {
  PlegHarness h(opts());
  h.runtime().set_pods({pod(kPod0, {container(c0, kRunning)})});
  h.relist();  // populates the cache
  ASSERT_NE(h.cache_entry(kPod0), nullptr);
  // Delete the pod from the runtime: relisting removes its cache entry.
  h.runtime().set_pods({});
  h.relist();
  EXPECT_EQ(h.cache_entry(kPod0), nullptr);
  EXPECT_EQ(h.runtime().inspections(kPod0), 1u);
}

TEST_P(StepCache, RelistWithReinspection) {
  constexpr PodUid kTestPod = 7;
  PlegHarness h(opts());
  const ScriptedPod listed = pod(kTestPod, {container(kInfra, kRunning)});

  // Listing 1: everything ok, infra container set up.
  h.runtime().set_pods({listed});
  h.relist();
  expect_cached(h, kTestPod, {{kInfra, kRunning}});
  EXPECT_EQ(h.drain_events(), (Events{{kTestPod, kStarted, kInfra}}));

  // Listing 2: the runtime is creating a container; inspection fails.
  h.runtime().set_pods(
      {pod(kTestPod, {container(kInfra, kRunning), container(kTransient, kUnknown)})});
  h.runtime().fail_inspection(kTestPod, cri::Code::kUnavailable, 1);
  h.relist();
  ASSERT_NE(h.cache_entry(kTestPod), nullptr);
  EXPECT_TRUE(h.cache_entry(kTestPod)->has_error);
  EXPECT_TRUE(h.drain_events().empty());

  // Listing 3: the transient container is gone. Nothing changed since listing 1 (the
  // record was not updated), but the pod is reinspected and the cache refreshed.
  h.runtime().set_pods({listed});
  h.runtime().clear_calls();
  h.relist();
  expect_cached(h, kTestPod, {{kInfra, kRunning}});
  EXPECT_EQ(h.runtime().inspections(kTestPod), 1u);
  if (h.profile().pod_sync_after_reinspection) {
    // 1.36+: "always trigger a PodSync after a full reinspection".
    EXPECT_EQ(h.drain_events(), (Events{{kTestPod, kPodSync, 0}}));
  } else {
    EXPECT_TRUE(h.drain_events().empty());
  }
}

// Before #25077 (1.3) nothing was reinspected: TestRelistWithReinspection's third listing
// finds nothing changed since the first, so the failed inspection's error stays cached
// (the "stuck Terminating" of #24819).
TEST(StepCacheRelease12, AFailedInspectionIsNotRetried) {
  constexpr PodUid kTestPod = 7;
  HarnessOptions o;
  o.version = "1.2";
  PlegHarness h(o);
  const ScriptedPod listed = pod(kTestPod, {container(kInfra, kRunning)});
  h.runtime().set_pods({listed});
  h.relist();
  EXPECT_EQ(h.drain_events(), (Events{{kTestPod, kStarted, kInfra}}));
  h.runtime().set_pods(
      {pod(kTestPod, {container(kInfra, kRunning), container(kTransient, kUnknown)})});
  h.runtime().fail_inspection(kTestPod, cri::Code::kUnavailable, 1);
  h.relist();
  EXPECT_EQ(h.pleg().pods_to_reinspect(), 0u);
  h.runtime().set_pods({listed});
  h.runtime().clear_calls();
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kTestPod), 0u);
  ASSERT_NE(h.cache_entry(kTestPod), nullptr);
  EXPECT_TRUE(h.cache_entry(kTestPod)->has_error);
  EXPECT_TRUE(h.drain_events().empty());
}

TEST_P(StepCache, Healthy) {
  HarnessOptions o = opts();
  o.relist_threshold.reset();  // newTestGenericPLEG: 3 min
  PlegHarness h(o);
  // Initially unhealthy: no relist yet. (The kubelet's era-B test, whose fake clock
  // starts at Go's zero time, saw healthy here: its never-set relist time equals "now".
  // plegsim models the real clock, where a never-set time is year 1, long ago.)
  EXPECT_FALSE(h.healthy().ok);
  EXPECT_EQ(h.healthy().message, h.profile().zero_time_health_check
                                     ? "pleg has yet to be successful"
                                     : "pleg was last seen active 2562047h47m16.854775807s ago; "
                                       "threshold is 3m0s");
  // Advancing the clock without relisting changes nothing.
  h.advance(Duration::minutes(10));
  EXPECT_FALSE(h.healthy().ok);
  // Relist, then one minute: within the threshold.
  h.relist();
  h.advance(Duration::minutes(1));
  EXPECT_TRUE(h.healthy().ok);
  // Another threshold without relisting: unhealthy.
  h.advance(Duration::minutes(3));
  EXPECT_FALSE(h.healthy().ok);
  EXPECT_EQ(h.healthy().message, "pleg was last seen active 4m0s ago; threshold is 3m0s");
  // The transition was observed when it happened: threshold + 1 ns after the relist.
  ASSERT_FALSE(h.sink().health.empty());
  EXPECT_FALSE(h.sink().health.back().healthy);
  EXPECT_EQ(h.sink().health.back().at, core::Time{} + Duration::minutes(13) + Duration{1});
}

// TestHealthy as upstream runs it: a fake clock whose t = 0 is Go's zero time. Before
// 1.14 the never-set relist time is then "now": healthy before the first relist; from
// 1.14 the zero check ("pleg has yet to be successful") makes it unhealthy.
TEST_P(StepCache, HealthyOnGoZeroTimeClock) {
  HarnessOptions o = opts();
  o.relist_threshold.reset();  // newTestGenericPLEG: 3 min
  o.go_zero_time_clock = true;
  PlegHarness h(o);
  const bool zero_check = h.profile().zero_time_health_check;
  EXPECT_EQ(h.healthy().ok, !zero_check);
  if (zero_check) {
    EXPECT_EQ(h.healthy().message, "pleg has yet to be successful");
  }
  // Advance the clock without any relisting: unhealthy in every era.
  h.advance(Duration::minutes(10));
  EXPECT_FALSE(h.healthy().ok);
  if (!zero_check) {
    EXPECT_EQ(h.healthy().message, "pleg was last seen active 10m0s ago; threshold is 3m0s");
  }
  // Relist, then one minute: healthy.
  h.relist();
  h.advance(Duration::minutes(1));
  EXPECT_TRUE(h.healthy().ok);
  // Advance by the threshold without relisting: unhealthy.
  h.advance(Duration::minutes(3));
  EXPECT_FALSE(h.healthy().ok);
}

// A pod whose inspection keeps failing while its listing keeps changing: before 1.32 the
// per-pod loop and the reinspection pass both inspect it (#94829), later only once.
TEST_P(StepCache, DoubleInspectionBeforeEraE) {
  constexpr PodUid kBad = 3;
  PlegHarness h(opts());
  h.runtime().fail_inspection(kBad, cri::Code::kDeadlineExceeded);
  h.runtime().set_pods({pod(kBad, {container(c1, kRunning)})});
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kBad), 1u);
  h.runtime().set_pods({pod(kBad, {container(c1, kExited)})});
  h.runtime().clear_calls();
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kBad), h.profile().separate_reinspection_pass ? 2u : 1u);
  EXPECT_EQ(h.pleg().pods_to_reinspect(), 1u);
  EXPECT_TRUE(h.drain_events().empty());
}

// A GetPods failure leaves the relist time alone (era B+; era A stored it anyway).
TEST_P(StepCache, FailedListingDoesNotRefreshTheRelistTime) {
  HarnessOptions o = opts();
  o.relist_threshold.reset();
  PlegHarness h(o);
  h.relist();
  h.advance(Duration::minutes(2));
  h.runtime().fail_list(models::Op::kListContainers, cri::Code::kUnavailable);
  auto r = h.relist();
  EXPECT_TRUE(r.completed);
  EXPECT_FALSE(h.last_relist()->ok);
  if (h.profile().relist_time_on_failure) {
    // Era A: the deferred updateRelistTime stored the failed relist's start.
    EXPECT_EQ(*h.pleg().relist_time(), core::Time{} + Duration::minutes(2));
    h.advance(Duration::minutes(1) + Duration{1});
    EXPECT_TRUE(h.healthy().ok);
    return;
  }
  EXPECT_EQ(*h.pleg().relist_time(), core::Time{});
  h.advance(Duration::minutes(1) + Duration{1});
  EXPECT_FALSE(h.healthy().ok);
}

INSTANTIATE_TEST_SUITE_P(Releases, StepCache, ::testing::ValuesIn(all_releases()), release_name);

// TestCacheWithEventedPLEG, case "PodStatus has an older timestamp": with the gate on,
// the cache refuses a write older than its entry, and the relist skips the pod (no
// events, record not updated, so the transition is seen again next time).
TEST(StepEventedGate, RefusedCacheWriteSkipsThePod) {
  HarnessOptions o;
  o.version = "1.28";
  o.evented_gate = true;
  PlegHarness h(o);
  h.runtime().set_pods({pod(kPod0, {container(c0, kRunning)})});
  // An entry from the future, as the Evented PLEG may have written.
  h.cache().set(kPod0, kubelet::PodStatus{kPod0, {}, {}, false, {}}, false,
                core::Time{} + Duration::seconds(10), true);
  h.relist();
  EXPECT_TRUE(h.drain_events().empty());
  EXPECT_EQ(h.pleg().pod_records().get_old(kPod0), nullptr);
  // Once the clock passes the entry, the write is accepted and the event sent.
  h.advance(Duration::seconds(11));
  h.relist();
  EXPECT_EQ(h.drain_events(), (Events{{kPod0, kStarted, c0}}));
}

TEST(StepEventedGate, RejectedBefore126) {
  HarnessOptions o;
  o.version = "1.25";
  o.evented_gate = true;
  EXPECT_THROW(PlegHarness h(o), std::invalid_argument);
}

}  // namespace
}  // namespace plegsim::step::testing
