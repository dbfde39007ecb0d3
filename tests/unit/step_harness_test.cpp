// The step API itself: the scripted runtime's calls, latencies and errors, and how the
// harness moves the clock around a relist.
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

using models::Op;

Duration ms(std::int64_t v) {
  return Duration::milliseconds(v);
}

TEST(StepHarness, UnknownReleaseIsRejected) {
  HarnessOptions o;
  o.version = "2.0";
  EXPECT_THROW(PlegHarness h(o), std::invalid_argument);
}

// GetPods then one GetPodStatus per changed pod, in the kubelet's call order, each call
// taking its scripted latency: the relist's duration is their sum.
TEST(StepHarness, RelistWaitsOutScriptedLatencies) {
  PlegHarness h;
  h.runtime().set_latency(Op::kListPodSandbox, ms(10));
  h.runtime().set_latency(Op::kListContainers, ms(15));
  h.runtime().set_latency(Op::kPodSandboxStatus, ms(4));
  h.runtime().set_latency(Op::kContainerStatus, ms(8));
  h.runtime().set_pods(
      {pod(1, {container(c1, kRunning), container(c2, kRunning)}, {sandbox(c3, kReady)})});
  auto r = h.relist();
  ASSERT_TRUE(r.completed);
  // 10 + 15 listing, then 10 + 4 + 15 + 8 + 8 inspecting.
  EXPECT_EQ(r.elapsed, ms(70));
  EXPECT_EQ(h.now(), core::Time{} + ms(70));
  EXPECT_EQ(h.last_relist()->get_pods, ms(25));
  std::vector<std::pair<Op, PodUid>> calls;
  for (const auto& c : h.runtime().calls()) calls.emplace_back(c.op, c.pod);
  EXPECT_EQ(calls, (std::vector<std::pair<Op, PodUid>>{{Op::kListPodSandbox, kNoPod},
                                                       {Op::kListContainers, kNoPod},
                                                       {Op::kListPodSandbox, 1},
                                                       {Op::kPodSandboxStatus, 1},
                                                       {Op::kListContainers, 1},
                                                       {Op::kContainerStatus, 1},
                                                       {Op::kContainerStatus, 1}}));
  // The recorder saw the same calls.
  EXPECT_EQ(h.sink().cri_calls.size(), 7u);
  // The cached status carries both containers and the READY sandbox's IP.
  ASSERT_NE(h.cache_entry(1), nullptr);
  EXPECT_EQ(h.cache_entry(1)->status.container_statuses.size(), 2u);
  EXPECT_TRUE(h.cache_entry(1)->status.has_ip);
  EXPECT_EQ(h.cache_entry(1)->modified, core::Time{} + ms(25));
}

// A call hung until the client deadline: stop the relist midway, watch health trip
// while it is stuck, then let it finish.
TEST(StepHarness, RelistCanBeStoppedMidwayAndResumed) {
  HarnessOptions o;
  o.version = "1.11";
  PlegHarness h(o);
  h.runtime().set_pods({pod(2, {container(c1, kRunning)})});
  h.runtime().add_rule(
      CallRule{Op::kContainerStatus, 2, Duration::minutes(2), cri::Code::kDeadlineExceeded, -1});
  h.relist();  // 2 min: the first inspection times out
  EXPECT_EQ(h.now(), core::Time{} + Duration::minutes(2));
  h.runtime().set_pods({pod(2, {container(c1, kExited)})});
  // The next relist inspects the pod twice (era B): 4 min. Stop after 3.5 min.
  auto r = h.relist(Duration::seconds(210));
  EXPECT_FALSE(r.completed);
  EXPECT_FALSE(r.blocked_on_send);
  EXPECT_EQ(r.elapsed, Duration::seconds(210));
  EXPECT_FALSE(h.healthy().ok);
  EXPECT_EQ(h.sink().health.back().at, r.started + Duration::minutes(3) + Duration{1});
  EXPECT_THROW(h.relist(), std::logic_error);
  r = h.resume();
  EXPECT_TRUE(r.completed);
  EXPECT_EQ(r.elapsed, Duration::minutes(4));
  EXPECT_EQ(h.last_relist()->pods_inspected, 2);
  EXPECT_EQ(h.last_relist()->inspection_errors, 2);
}

// advance() completes a pending relist whose call falls due.
TEST(StepHarness, AdvanceRunsAPendingRelist) {
  PlegHarness h;
  h.runtime().set_latency(Op::kListContainers, Duration::seconds(5));
  auto r = h.relist(Duration::seconds(1));
  EXPECT_FALSE(r.completed);
  h.advance(Duration::seconds(10));
  EXPECT_FALSE(h.relist_pending());
  EXPECT_EQ(h.last_relist()->end, core::Time{} + Duration::seconds(5));
}

// Rules: the newest match wins, `times` runs out, unmatched calls succeed.
TEST(StepHarness, RulesApplyNewestFirstAndRunOut) {
  PlegHarness h;
  h.runtime().set_pods({pod(5, {container(c1, kRunning)})});
  h.runtime().fail_list(Op::kListPodSandbox, cri::Code::kUnavailable, 2);
  h.runtime().add_rule(CallRule{Op::kListPodSandbox, kNoPod, ms(1), cri::Code::kOk, 1});
  h.relist();  // the newer rule: 1 ms, OK
  EXPECT_TRUE(h.last_relist()->ok);
  h.relist();
  h.relist();  // the failing rule, twice
  EXPECT_FALSE(h.last_relist()->ok);
  EXPECT_EQ(h.runtime().count_calls(Op::kListContainers, kNoPod), 1u);
  h.relist();  // no rule left
  EXPECT_TRUE(h.last_relist()->ok);
  EXPECT_EQ(h.runtime().count_calls(Op::kListPodSandbox, kNoPod), 4u);
}

// The inspection may see something else than the listing (MockRuntime's GetPodStatus).
TEST(StepHarness, InspectionViewOverridesTheListing) {
  PlegHarness h;
  h.runtime().set_pods({pod(1, {container(c1, kRunning), container(c2, kCreated)})});
  h.runtime().set_inspection(pod(1, {container(c1, kRunning)}));
  h.relist();
  ASSERT_NE(h.cache_entry(1), nullptr);
  ASSERT_EQ(h.cache_entry(1)->status.container_statuses.size(), 1u);
  EXPECT_EQ(h.cache_entry(1)->status.container_statuses[0].id, c1);
  // A created container is listed as unknown: ContainerChanged, never sent.
  EXPECT_EQ(h.drain_events(), (Events{{1, kStarted, c1}}));
}

// Ids repeat across pods in the kubelet's tests; each inspection reads its own pod's.
TEST(StepHarness, RepeatedIdsResolveInTheInspectedPod) {
  PlegHarness h;
  h.runtime().set_pods({pod(1, {container(c1, kRunning)}), pod(2, {container(c1, kExited)})});
  h.relist();
  ASSERT_NE(h.cache_entry(2), nullptr);
  EXPECT_EQ(h.cache_entry(2)->status.container_statuses.at(0).state, kExited);
  EXPECT_EQ(h.cache_entry(1)->status.container_statuses.at(0).state, kRunning);
}

// The lifecycle calls edit what the runtime lists.
TEST(StepHarness, LifecycleCallsEditTheListing) {
  PlegHarness h;
  ContainerId sb = 0, c = 0;
  auto drive = [&]() -> core::Task<void> {
    sb = (co_await h.runtime().run_pod_sandbox(9)).value;
    c = (co_await h.runtime().create_container(9, 0)).value;
    co_await h.runtime().start_container(c);
  };
  h.kernel().spawn(drive());
  h.advance(Duration{});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()), sorted({{9, kStarted, sb}, {9, kStarted, c}}));
  auto stop = [&]() -> core::Task<void> {
    co_await h.runtime().stop_container(c);
    co_await h.runtime().remove_container(c);
    co_await h.runtime().stop_pod_sandbox(sb);
  };
  h.kernel().spawn(stop());
  h.advance(Duration{});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()), sorted({{9, kDied, sb}, {9, kDied, c}, {9, kRemoved, c}}));
}

}  // namespace
}  // namespace plegsim::step::testing
