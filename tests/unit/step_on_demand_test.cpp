// Ports of upstream 1.36's TestReinspect and TestWorkerLoop (pkg/kubelet/pleg/
// generic_test.go), run at 1.36 (the PLEGOnDemandRelist gate on) and 1.37 (locked on),
// plus tests that each fail without one behaviour of the worker loop or the cache.
//
// Upstream's mock runtime answers GetPods / GetPod / GetPodStatus; plegsim's kubelet
// makes them of CRI calls: GetPods = ListPodSandbox + ListContainers (unfiltered),
// GetPod(uid) = ListPodSandbox(uid) + ListContainers(uid), GetPodStatus(uid) = those
// filtered lists plus a ContainerStatus per container. The mock's call order is checked
// as the sequence of those CRI calls.
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

using models::Op;
using Sub = kubelet::PodCache::SubscriptionId;

constexpr PodUid kPod = 7, kPod1 = 1, kPod2 = 2;

// The runtime-level calls of upstream's mock, as the CRI calls that make them.
using CriCall = std::pair<Op, PodUid>;
using CriCalls = std::vector<CriCall>;
CriCalls get_pods() {
  return {{Op::kListPodSandbox, kNoPod}, {Op::kListContainers, kNoPod}};
}
CriCalls get_pod(PodUid uid) {
  return {{Op::kListPodSandbox, uid}, {Op::kListContainers, uid}};
}
// GetPodStatus of a pod with one container and no sandbox.
CriCalls get_pod_status(PodUid uid) {
  return {{Op::kListPodSandbox, uid}, {Op::kListContainers, uid}, {Op::kContainerStatus, uid}};
}
CriCalls then(CriCalls a, const CriCalls& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
// The calls served since the last clear, then cleared.
CriCalls take_calls(PlegHarness& h) {
  CriCalls out;
  for (const auto& c : h.runtime().calls()) out.emplace_back(c.op, c.pod);
  h.runtime().clear_calls();
  return out;
}

bool blocked(const PlegHarness& h, Sub s) {
  return !h.newer_than(s).result.has_value();
}

HarnessOptions on_demand(const std::string& version) {
  HarnessOptions o;
  o.version = version;
  o.on_demand_relist = true;
  // TestWorkerLoop's RelistDuration{RelistPeriod: 2 * time.Second}.
  o.relist_period = Duration::seconds(2);
  return o;
}

class StepOnDemand : public ::testing::TestWithParam<std::string> {};

// --- TestReinspect ----------------------------------------------------------------------

struct ReinspectCase {
  const char* name;
  bool request_reinspect;
  bool already_reinspect;
  bool update_cache_error;
  bool pod_deleted;
  bool expect_update_cache;
  bool expect_reinspect;  // in podsToReinspect after the relist
  bool expect_event;
  bool expect_status;
};

// Upstream's seven cases, in its order.
const ReinspectCase kReinspectCases[] = {
    {"RequestReinspect a pod not previously listed, success", true, false, false, false, true,
     false, true, true},
    {"RequestReinspect a pod not previously listed, failure", true, false, true, false, true, true,
     false, true},
    {"RequestReinspect of a pod already listed for reinspection, success", true, true, false, false,
     true, false, true, true},
    {"RequestReinspect of a pod already listed for reinspection, failure", true, true, true, false,
     true, true, false, true},
    {"Don't request reinspection", false, false, false, false, false, false, false, false},
    {"Don't request reinspection, but already listed for reinspection, success", false, true, false,
     false, true, false, true, true},
    {"Don't request reinspection, but already listed for reinspection, failure", false, true, true,
     false, true, true, false, true},
    {"Pod deleted, should clear reinspect", false, true, false, true, true, false, true, false},
};

// Upstream's pod has no containers. A pod the CRI lists has at least one object, so the
// listed pod has one READY sandbox, recorded as both old and current (no events, as
// upstream's). The deleted pod is upstream's empty one: it disappears without events.
TEST_P(StepOnDemand, Reinspect) {
  for (const ReinspectCase& tc : kReinspectCases) {
    SCOPED_TRACE(tc.name);
    HarnessOptions o;
    o.version = GetParam();
    PlegHarness h(o);
    if (tc.already_reinspect || tc.request_reinspect) h.pleg().request_reinspect(kPod);

    kubelet::Pod recorded;
    recorded.id = kPod;
    if (!tc.pod_deleted) recorded.sandboxes = {{kInfra, kubelet::KState::kRunning}};
    h.pleg().set_pod_record_for_test(kPod, recorded, recorded);
    if (tc.pod_deleted) {
      h.runtime().set_pods({});
    } else {
      h.runtime().set_pods({pod(kPod, {}, {sandbox(kInfra, kReady)})});
    }
    if (tc.update_cache_error) h.runtime().fail_inspection(kPod, cri::Code::kUnavailable);

    h.relist();

    // The mock expects GetPods once, and GetPodStatus only when the cache is updated of a
    // listed pod (updateCache(nil) calls nothing).
    EXPECT_EQ(h.runtime().count_calls(Op::kListPodSandbox, kNoPod), 1u);
    EXPECT_EQ(h.runtime().inspections(kPod), tc.expect_update_cache && !tc.pod_deleted ? 1u : 0u);
    EXPECT_EQ(h.pleg().pods_to_reinspect(), tc.expect_reinspect ? 1u : 0u);
    Events events = h.drain_events();
    if (tc.expect_event) {
      EXPECT_FALSE(events.empty()) << "Expected events to be emitted";
      bool has_pod_sync = std::any_of(events.begin(), events.end(), [](const Event& e) {
        return e.id == kPod && e.type == kPodSync;
      });
      EXPECT_TRUE(has_pod_sync) << "Expected PodSync event for pod";
    } else {
      EXPECT_TRUE(events.empty()) << "Expected no events to be emitted";
    }
    const kubelet::PodCache::Entry* e = h.cache_entry(kPod);
    if (tc.expect_status) {
      // Upstream: {ID, TimeStamp} and no error, or a nil status with the error.
      ASSERT_NE(e, nullptr);
      EXPECT_EQ(e->has_error, tc.update_cache_error);
      if (!tc.update_cache_error) {
        EXPECT_EQ(e->status.id, kPod);
      }
    } else if (tc.pod_deleted) {
      EXPECT_EQ(e, nullptr);  // Get then returns the empty status with the id
    }
  }
}

// --- TestWorkerLoop -----------------------------------------------------------------------

// PodStatus has no timestamp off the Evented path: the cache entry's modification time
// (the write's timestamp) stands in for upstream's status TimeStamp.
TEST_P(StepOnDemand, WorkerLoop) {
  PlegHarness h(on_demand(GetParam()));
  h.runtime().set_pods(
      {pod(kPod1, {container(c1, kRunning)}), pod(kPod2, {container(c2, kRunning)})});

  const core::Time start = h.now();
  h.arm_global_relist_timer(Duration::seconds(2));

  // pod1 and pod2 requests should initially be blocked.
  Sub p1 = h.get_newer_than(kPod1, start);
  EXPECT_TRUE(blocked(h, p1));
  Sub p2 = h.get_newer_than(kPod2, start);
  EXPECT_TRUE(blocked(h, p2));

  // Single-pod relist (no reinspect).
  h.request_relist(kPod1);
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kPodRelist);
  EXPECT_EQ(take_calls(h), then(get_pod(kPod1), get_pod_status(kPod1)));
  ASSERT_FALSE(blocked(h, p1));  // pod1 is now unblocked
  const kubelet::PodCache::Entry p1_status = *h.newer_than(p1).result;
  EXPECT_EQ(p1_status.status.id, kPod1);
  EXPECT_EQ(p1_status.modified, h.now());
  EXPECT_TRUE(blocked(h, p2));  // pod2 is still blocked

  Sub p1_new = h.get_newer_than(kPod1, start + Duration::seconds(2));
  EXPECT_TRUE(blocked(h, p1_new));

  // Both a global relist and a pod2 relist due: the global relist gets priority.
  h.request_relist(kPod2);
  h.advance(Duration::seconds(2));
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);
  EXPECT_EQ(take_calls(h), then(get_pods(), get_pod_status(kPod2)));
  // The global relist unblocked p2 and p1_new.
  ASSERT_FALSE(blocked(h, p2));
  EXPECT_EQ(h.newer_than(p2).result->status.id, kPod2);
  ASSERT_FALSE(blocked(h, p1_new));
  EXPECT_EQ(h.newer_than(p1_new).result->modified, p1_status.modified);  // unchanged
  EXPECT_EQ(h.newer_than(p1_new).result->status.container_statuses.size(),
            p1_status.status.container_statuses.size());

  // The pod2 request was made before the global relist: drained without a relist.
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kStaleRequestSkipped);
  EXPECT_TRUE(take_calls(h).empty());

  // Reinspection.
  Sub p1_reinspect = h.get_newer_than(kPod1, h.now());
  EXPECT_TRUE(blocked(h, p1_reinspect));
  h.request_reinspect(kPod1);
  h.request_relist(kPod1);
  h.advance(Duration::seconds(2));
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);
  EXPECT_EQ(take_calls(h), then(get_pods(), get_pod_status(kPod1)));
  ASSERT_FALSE(blocked(h, p1_reinspect));
  EXPECT_EQ(h.newer_than(p1_reinspect).result->status.id, kPod1);
  EXPECT_EQ(h.newer_than(p1_reinspect).result->modified, h.now());  // updated

  // The pod1 request was made before that global relist: drained without a relist.
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kStaleRequestSkipped);
  EXPECT_TRUE(take_calls(h).empty());
}

// --- Each behaviour on its own ------------------------------------------------------------

// getRelistTime() is set only by a GetPods that succeeded: a request made after the last
// successful global relist is served even if a later global relist failed.
TEST_P(StepOnDemand, RequestAfterAFailedGlobalRelistIsServed) {
  PlegHarness h(on_demand(GetParam()));
  h.runtime().set_pods({pod(kPod1, {container(c1, kRunning)})});
  h.arm_global_relist_timer(Duration{});
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);  // t = 0, succeeds
  h.drain_events();
  h.advance(Duration::seconds(1));
  h.request_relist(kPod1);  // t = 1 s
  h.advance(Duration::seconds(1));
  h.runtime().fail_list(Op::kListPodSandbox, cri::Code::kUnavailable, 1);
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);  // t = 2 s, fails
  ASSERT_TRUE(h.pleg().relist_time().has_value());
  EXPECT_EQ(*h.pleg().relist_time(), core::Time{});
  h.runtime().clear_calls();
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kPodRelist);
  EXPECT_EQ(take_calls(h), get_pod(kPod1));  // unchanged: no inspection
}

// A due global relist goes before a queued request, whatever the queue holds.
TEST_P(StepOnDemand, GlobalRelistBeforeQueuedRequests) {
  PlegHarness h(on_demand(GetParam()));
  h.runtime().set_pods({pod(kPod1, {container(c1, kRunning)})});
  h.request_relist(kPod1);
  h.request_relist(kPod2);
  h.arm_global_relist_timer(Duration{});
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);
  EXPECT_EQ(h.pleg().relist_requests_queued(), 2u);
  // Made at the relist's own start time, not after it: both stale.
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kStaleRequestSkipped);
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kStaleRequestSkipped);
  EXPECT_EQ(h.pleg().pod_relists(), 0u);
}

// relistPod's SetObservedTime: a pod relisted unchanged releases a waiter for a newer
// status with the entry it had, and later GetNewerThan calls up to that time return at once.
TEST_P(StepOnDemand, ObservedTimeReleasesAWaiter) {
  PlegHarness h(on_demand(GetParam()));
  h.runtime().set_pods({pod(kPod1, {container(c1, kRunning)})});
  h.request_relist(kPod1);
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kPodRelist);  // cached at t = 0
  h.advance(Duration::seconds(1));
  Sub waiter = h.get_newer_than(kPod1, h.now());
  EXPECT_TRUE(blocked(h, waiter));
  h.request_relist(kPod1);
  h.runtime().clear_calls();
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kPodRelist);
  EXPECT_EQ(take_calls(h), get_pod(kPod1));  // no events: no inspection, no write
  ASSERT_FALSE(blocked(h, waiter));
  EXPECT_EQ(h.newer_than(waiter).result->modified, core::Time{});
  EXPECT_EQ(h.cache_entry(kPod1)->observed, h.now());
  Sub earlier = h.get_newer_than(kPod1, h.now() - Duration::milliseconds(500));
  EXPECT_FALSE(blocked(h, earlier));
  Sub later = h.get_newer_than(kPod1, h.now());
  EXPECT_TRUE(blocked(h, later));
}

// RequestReinspect then a per-pod relist: the unchanged pod is inspected and gets PodSync.
TEST_P(StepOnDemand, ReinspectRequestInspectsOnAPodRelist) {
  PlegHarness h(on_demand(GetParam()));
  h.runtime().set_pods({pod(kPod1, {container(c1, kRunning)})});
  h.request_relist(kPod1);
  h.worker_loop_iteration();
  EXPECT_EQ(h.drain_events(), (Events{{kPod1, kStarted, c1}}));
  h.advance(Duration::seconds(1));
  h.request_reinspect(kPod1);
  h.request_relist(kPod1);
  h.runtime().clear_calls();
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kPodRelist);
  EXPECT_EQ(take_calls(h), then(get_pod(kPod1), get_pod_status(kPod1)));
  EXPECT_EQ(h.drain_events(), (Events{{kPod1, kPodSync, 0}}));
  EXPECT_EQ(h.cache_entry(kPod1)->modified, h.now());
  EXPECT_EQ(h.pleg().pods_to_reinspect(), 0u);
}

// With nothing queued, the iteration waits for the timer: the clock moves to it.
TEST_P(StepOnDemand, WaitsForTheTimer) {
  PlegHarness h(on_demand(GetParam()));
  EXPECT_THROW(h.worker_loop_iteration(), std::logic_error);  // would block forever
  h.arm_global_relist_timer(Duration::seconds(5));
  EXPECT_EQ(h.worker_loop_iteration(), LoopStep::kGlobalRelist);
  EXPECT_EQ(h.now(), core::Time{} + Duration::seconds(5));
  // Reset to the relist period (2 s) after Relist() returned.
  ASSERT_TRUE(h.pleg().global_relist_timer().has_value());
  EXPECT_EQ(*h.pleg().global_relist_timer(), core::Time{} + Duration::seconds(7));
}

INSTANTIATE_TEST_SUITE_P(Releases, StepOnDemand, ::testing::Values("1.36", "1.37"), release_name);

// The gate and RequestReinspect exist from 1.36; the gate is off by default in 1.36 and
// locked on from 1.37.
TEST(StepOnDemandGate, PerRelease) {
  HarnessOptions o;
  o.version = "1.35";
  o.on_demand_relist = true;
  EXPECT_THROW(PlegHarness{o}, std::invalid_argument);
  o.version = "1.37";
  o.on_demand_relist = false;
  EXPECT_THROW(PlegHarness{o}, std::invalid_argument);

  HarnessOptions old;
  old.version = "1.35";
  PlegHarness h135(old);
  EXPECT_THROW(h135.request_reinspect(kPod), std::logic_error);

  HarnessOptions beta;
  beta.version = "1.36";
  PlegHarness on136(beta);  // beta, on by default as released
  on136.request_relist(kPod);
  EXPECT_EQ(on136.pleg().relist_requests_queued(), 1u);
  beta.on_demand_relist = false;
  PlegHarness h136(beta);
  h136.request_relist(kPod);  // gate off: RequestRelist does nothing
  EXPECT_EQ(h136.pleg().relist_requests_queued(), 0u);
  EXPECT_THROW(h136.worker_loop_iteration(), std::logic_error);

  HarnessOptions locked;
  locked.version = "1.37";
  PlegHarness h137(locked);
  h137.request_relist(kPod);
  EXPECT_EQ(h137.pleg().relist_requests_queued(), 1u);
}

}  // namespace
}  // namespace plegsim::step::testing
