// generic_test.go's TestCacheWithEventedPLEG (1.26+) through the step API: a cache entry
// pre-seeded at startTime, the EventedPLEG gate on and in use, UpdateCache called alone
// with its result. Upstream tells the entries apart by RestartCount, which plegsim does
// not model; the seeded entry's container is "created" and the runtime's "running".
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

constexpr PodUid kPod = 0;
constexpr cri::ContainerId s0 = 10;

struct Case {
  const char* name;
  std::optional<Duration> timestamp_from_start;  // the status' TimeStamp; none: zero
  bool updated;
};

TEST(StepUpdateCache, CacheWithEventedPLEG) {
  const Case cases[] = {
      {"PodStatus has a newer timestamp", Duration::seconds(10), true},
      {"PodStatus has an older timestamp", Duration::seconds(-10), false},
      {"PodStatus has no timestamp", std::nullopt, true},
  };
  for (const Case& tc : cases) {
    HarnessOptions o;
    o.version = "1.28";
    o.evented_gate = true;
    PlegHarness h(o);
    h.pleg().set_evented_in_use(true);  // eventedPLEGUsage = true
    h.advance(Duration::minutes(1));
    const Time start = h.now();

    kubelet::PodStatus initial;
    initial.id = kPod;
    initial.container_statuses.push_back(
        cri::ContainerView{c0, kPod, kCreated, false, Time{}, 0, 0});
    h.cache().set(kPod, initial, false, start, /*refuse_older=*/true);

    ScriptedPod p = pod(kPod, {container(c0, kRunning)}, {sandbox(s0, kReady)});
    if (tc.timestamp_from_start) p.status_timestamp = start + *tc.timestamp_from_start;
    h.runtime().set_pods({p});

    auto r = h.update_cache(kPod);
    EXPECT_TRUE(r.ok) << tc.name;
    EXPECT_EQ(r.updated, tc.updated) << tc.name;
    const auto* e = h.cache_entry(kPod);
    ASSERT_NE(e, nullptr) << tc.name;
    EXPECT_FALSE(e->has_error) << tc.name;
    ASSERT_EQ(e->status.container_statuses.size(), 1u) << tc.name;
    EXPECT_EQ(e->status.container_statuses[0].state, tc.updated ? kRunning : kCreated) << tc.name;
  }
}

// Without the gate the cache takes every write, whatever the timestamps.
TEST(StepUpdateCache, WithoutTheGateEveryWriteLands) {
  PlegHarness h;
  h.advance(Duration::minutes(1));
  kubelet::PodStatus initial;
  initial.id = kPod;
  h.cache().set(kPod, initial, false, h.now() + Duration::seconds(30));
  h.runtime().set_pods({pod(kPod, {container(c0, kRunning)}, {sandbox(s0, kReady)})});
  auto r = h.update_cache(kPod);
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.updated);
  EXPECT_EQ(h.cache_entry(kPod)->status.container_statuses.size(), 1u);
}

}  // namespace
}  // namespace plegsim::step::testing
