// pkg/kubelet/pleg/evented_test.go (1.26+) through the step API's EventedHarness, at
// one release of each era with the EventedPLEG gate (D 1.28, E 1.33, F 1.36). The
// tests' newTestEventedPLEG is a PLEG never started, with a 100-event channel; so is
// the harness's.
#include "sim/step/evented_harness.h"
#include "tests/unit/prom_compare.h"
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

std::vector<std::string> evented_releases() {
  return {"1.28", "1.33", "1.36"};
}

class StepEvented : public ::testing::TestWithParam<std::string> {
 protected:
  EventedHarnessOptions opts() const {
    EventedHarnessOptions o;
    o.version = GetParam();
    return o;
  }
};

// TestHealthyEventedPLEG: healthy with 5 of 100 events buffered; unhealthy, with an
// error, once the channel holds 100.
TEST_P(StepEvented, HealthyEventedPLEG) {
  EventedHarness h(opts());
  // createTestPodsStatusesAndEvents(100): pod i's container i started.
  Events events;
  for (int i = 0; i < 100; ++i) events.push_back({i, kStarted, static_cast<cri::ContainerId>(i)});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(h.push_event(events[i]));
  auto r = h.healthy();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.message, "");
  for (int i = 5; i < 100; ++i) ASSERT_TRUE(h.push_event(events[i]));
  r = h.healthy();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "EventedPLEG: pleg event channel capacity is full with 100 events");
}

// The status newTestEventedPLEG's tests build: one sandbox and one container, both
// with the pod's id (the sandbox as the runtime lists it among the containers).
kubelet::PodStatus sandbox_status(PodUid uid, cri::ContainerState state) {
  const cri::ContainerId id = 100 + static_cast<cri::ContainerId>(uid);
  kubelet::PodStatus s;
  s.id = uid;
  s.sandbox_statuses.push_back(cri::SandboxView{id, uid, kReady, Time{}, {}});
  s.container_statuses.push_back(cri::ContainerView{id, uid, state, false, Time{}, 0, 0});
  return s;
}

// TestUpdateRunningPodMetric: five pods whose sandbox runs move kubelet_running_pods
// to 5; two of them exiting move it to 3. Upstream's expected text, compared as
// testutil.GatherAndCompare compares it (HELP included).
TEST_P(StepEvented, UpdateRunningPodMetric) {
  EventedHarness h(opts());
  for (PodUid i = 0; i < 5; ++i) {
    auto s = sandbox_status(i, kRunning);
    h.update_running_pod_metric(s);
    h.advance(Duration::milliseconds(1));  // time.Now() moves on
    ASSERT_TRUE(h.cache_set(i, s, h.now()));
  }
  h.generic().cache().update_time(h.now());
  EXPECT_EQ(gathered(h.metric_family("kubelet_running_pods")), gathered(R"(
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 5
)"));

  for (PodUid i = 0; i < 2; ++i) {
    auto s = sandbox_status(i, kExited);
    h.update_running_pod_metric(s);
    h.advance(Duration::milliseconds(1));
    ASSERT_TRUE(h.cache_set(i, s, h.now()));
  }
  h.generic().cache().update_time(h.now());
  EXPECT_EQ(gathered(h.metric_family("kubelet_running_pods")), gathered(R"(
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 3
)"));
}

// TestEventedPLEG_getPodIPs: the four cases, each over the same cache, the old status
// set at Go's zero time before each.
TEST_P(StepEvented, GetPodIPs) {
  using Ips = std::vector<std::string>;
  struct Case {
    const char* name;
    kubelet::PodStatus status;
    Ips old_ips;
    Ips expected;
  };
  constexpr PodUid kPid = 62212;
  const cri::SandboxView ready2{2, kPid, kReady, Time{} + Duration::seconds(1), {}};
  const cri::SandboxView not_ready2{2, kPid, kNotReady, Time{} + Duration::seconds(1), {}};
  const cri::SandboxView not_ready1{1, kPid, kNotReady, Time{}, {}};
  const Ips old = {"192.168.0.10", "192.168.0.1"};

  std::vector<Case> cases;
  {
    kubelet::PodStatus s;
    s.ips = {"10.0.0.10", "10.23.0.1"};
    cases.push_back({"status ips is not empty", s, old, {"10.0.0.10", "10.23.0.1"}});
  }
  {
    kubelet::PodStatus s;
    s.sandbox_statuses = {ready2, not_ready1};
    cases.push_back(
        {"status ips is empty and SandboxStatuses has PodSandboxState_SANDBOX_READY state",
         s,
         old,
         {}});
  }
  cases.push_back({"status and cache ips are empty", kubelet::PodStatus{}, {}, {}});
  {
    kubelet::PodStatus s;
    s.sandbox_statuses = {not_ready2, not_ready1};
    cases.push_back({"sandbox state is no PodSandboxState_SANDBOX_READY", s, old, old});
  }

  EventedHarness h(opts());
  for (const Case& tc : cases) {
    kubelet::PodStatus old_status;
    old_status.ips = tc.old_ips;
    ASSERT_TRUE(h.cache_set(kPid, old_status, Time{})) << tc.name;
    EXPECT_EQ(h.get_pod_ips(kPid, tc.status), tc.expected) << tc.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Releases, StepEvented, ::testing::ValuesIn(evented_releases()),
                         release_name);

}  // namespace
}  // namespace plegsim::step::testing
