// Pod IPs through the step API: pkg/kubelet/pleg/generic_test.go's TestRelistIPChange,
// per era, and the getPodIPs rule around it. Upstream's mock runtime returns a status
// with IPs and no sandbox; through the CRI an IP comes only from a READY sandbox, so the
// inspection view here adds one (the listing, as upstream's, shows only the container).
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

using Ips = std::vector<std::string>;
constexpr cri::ContainerId s0 = 10, s1 = 11;

// The IPs cached for `uid`, and no error.
Ips cached_ips(const PlegHarness& h, PodUid uid) {
  const auto* e = h.cache_entry(uid);
  EXPECT_NE(e, nullptr);
  if (e == nullptr) return {};
  EXPECT_FALSE(e->has_error);
  return e->status.ips;
}

HarnessOptions release(const std::string& version) {
  HarnessOptions o;
  o.version = version;
  return o;
}

ScriptedSandbox ready_sandbox(cri::ContainerId id, Ips ips) {
  ScriptedSandbox s = sandbox(id, kReady);
  s.ips = std::move(ips);
  return s;
}

// TestRelistIPChange: a pod exits and its status loses its IPs; from 1.9 (#47806) the
// cache keeps the old ones, before it the cache holds none.
class StepIpChange : public ::testing::TestWithParam<std::string> {};

TEST_P(StepIpChange, RelistIPChange) {
  const bool preserved = kubelet::profile_for_version(GetParam())->preserve_pod_ips;
  for (const Ips& ips : {Ips{"192.168.1.5"}, Ips{"192.168.1.5/24", "2000::"}}) {
    PlegHarness h(release(GetParam()));
    constexpr PodUid id = 0;
    h.runtime().set_pods({pod(id, {container(c0, kRunning)})});
    h.runtime().set_inspection(pod(id, {container(c0, kRunning)}, {ready_sandbox(s0, ips)}));
    h.relist();
    EXPECT_EQ(cached_ips(h, id), ips);
    EXPECT_EQ(h.drain_events(), (Events{{id, kStarted, c0}}));

    // Clear the IP address and mark the container terminated.
    h.runtime().set_pods({pod(id, {container(c0, kExited)})});
    h.runtime().clear_inspection(id);
    h.relist();
    ASSERT_NE(h.cache_entry(id), nullptr);
    ASSERT_EQ(h.cache_entry(id)->status.container_statuses.size(), 1u);
    EXPECT_EQ(h.cache_entry(id)->status.container_statuses[0].state, kExited);
    EXPECT_EQ(cached_ips(h, id), preserved ? ips : Ips{}) << GetParam();
    EXPECT_EQ(h.drain_events(), (Events{{id, kDied, c0}}));
  }
}

// getPodIPs keeps the old IPs only when no sandbox of the new status is READY: a READY
// sandbox without IPs (networking not set up yet, or torn down first, #82276) stands.
TEST_P(StepIpChange, AReadySandboxWithoutIPsKeepsNone) {
  PlegHarness h(release(GetParam()));
  constexpr PodUid id = 7;
  h.runtime().set_pods({pod(id, {container(c0, kRunning)}, {ready_sandbox(s0, {"10.0.0.7"})})});
  h.relist();
  EXPECT_EQ(cached_ips(h, id), Ips{"10.0.0.7"});
  h.drain_events();

  // A newer READY sandbox without IPs; the old one stopped.
  ScriptedSandbox old = sandbox(s0, kNotReady);
  ScriptedSandbox fresh = sandbox(s1, kReady);
  fresh.created = Time{} + Duration::seconds(1);
  h.runtime().set_pods({pod(id, {container(c0, kRunning)}, {old, fresh})});
  h.relist();
  EXPECT_EQ(cached_ips(h, id), Ips{});
}

// A status whose sandboxes all stopped keeps the cached IPs (1.9+); a cached error has
// none to keep.
TEST_P(StepIpChange, AnErrorInTheCacheHasNoIPsToKeep) {
  const bool preserved = kubelet::profile_for_version(GetParam())->preserve_pod_ips;
  PlegHarness h(release(GetParam()));
  constexpr PodUid id = 3;
  h.runtime().set_pods({pod(id, {container(c0, kRunning)}, {ready_sandbox(s0, {"10.0.0.3"})})});
  h.relist();
  h.runtime().set_pods({pod(id, {container(c0, kExited)}, {sandbox(s0, kNotReady)})});
  h.relist();
  EXPECT_EQ(cached_ips(h, id), preserved ? Ips{"10.0.0.3"} : Ips{});

  // The next inspection fails (the error is cached), then one succeeds: no IPs left.
  h.runtime().fail_inspection(id, cri::Code::kUnavailable, 1);
  h.runtime().set_pods(
      {pod(id, {container(c0, kExited), container(c1, kExited)}, {sandbox(s0, kNotReady)})});
  h.relist();
  ASSERT_NE(h.cache_entry(id), nullptr);
  EXPECT_TRUE(h.cache_entry(id)->has_error);
  h.relist();
  EXPECT_EQ(cached_ips(h, id), Ips{});
}

// 1.8 is the last release without getPodIP; the rest span the eras after it.
INSTANTIATE_TEST_SUITE_P(Releases, StepIpChange,
                         ::testing::Values("1.8", "1.9", "1.14", "1.28", "1.33", "1.36"),
                         release_name);

}  // namespace
}  // namespace plegsim::step::testing
