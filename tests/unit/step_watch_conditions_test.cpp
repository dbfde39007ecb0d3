// generic_test.go's TestWatchConditions (#128518, 1.32 - 1.35) through the step API, every
// case, plus what upstream's test leaves implicit: the ConditionMet event, an inspection
// on every relist while a condition waits, and no watch conditions outside era E.
// Container names are slots here (plegsim names containers by slot).
#include <map>
#include <set>

#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

using kubelet::VersionedWatchCondition;
using kubelet::WatchCondition;

constexpr PodUid kRunningPod = 1, kRunning2 = 2, kTerminating = 3, kReinspect = 4, kTerminated = 5,
                 kNonExistent = 6;
constexpr cri::ContainerId s = 10, c = 11, cExited = 12, cRunning = 13;
// Container names (slots).
constexpr int kNameC = 1, kNameExited = 2, kNameRunning = 3, kNameDne = 4;

ScriptedContainer named(cri::ContainerId id, cri::ContainerState st, int slot) {
  ScriptedContainer sc = container(id, st);
  sc.slot = slot;
  return sc;
}

std::vector<ScriptedPod> listed_pods() {
  return {
      pod(kRunningPod, {named(c, kRunning, kNameC)}, {sandbox(s, kReady)}),
      pod(kRunning2,
          {named(cExited, kExited, kNameExited), named(cRunning, kRunning, kNameRunning)},
          {sandbox(s, kReady)}),
      pod(kTerminating, {}, {sandbox(s, kNotReady)}),
      pod(kReinspect, {}, {sandbox(s, kReady)}),
  };
}

std::vector<ScriptedPod> initial_pods() {
  auto v = listed_pods();
  v.push_back(pod(kTerminated, {}, {sandbox(s, kNotReady)}));
  return v;
}

struct Case {
  std::string name;
  PodUid pod_uid;
  std::map<std::string, WatchCondition> conditions;
  bool increment_initial_version = false;
  bool expect_evaluated = false;
  bool expect_removed = false;
  std::map<std::string, std::uint32_t> expect_versions;  // key -> version
};

class StepWatchConditions : public ::testing::TestWithParam<std::string> {};

TEST_P(StepWatchConditions, WatchConditions) {
  PlegHarness* pleg = nullptr;
  const WatchCondition always_complete = [](const kubelet::PodStatus&) { return true; };
  const WatchCondition never_complete = [](const kubelet::PodStatus&) { return false; };
  // updatingCond always completes, but updates the condition first.
  WatchCondition updating_cond = [&](const kubelet::PodStatus&) {
    pleg->set_watch_condition(kRunningPod, "updating", updating_cond);
    return true;
  };
  // resettingCond decrements the version before it completes.
  const WatchCondition resetting_cond = [&](const kubelet::PodStatus&) {
    pleg->pleg().watch_conditions().set_version_for_test(kRunningPod, "resetting", 0);
    return true;
  };
  // A RunningContainerWatchCondition asserting the container it is handed.
  auto container_cond = [](int expected_name, bool complete) {
    return kubelet::running_container_watch_condition(
        expected_name, [expected_name, complete](const cri::ContainerView& status) {
          EXPECT_EQ(status.slot, expected_name) << "unexpected container name";
          return complete;
        });
  };

  const std::vector<Case> cases = {
      {"no watch conditions", kRunningPod, {}, false, false, false, {}},
      {"running pod with conditions",
       kRunningPod,
       {{"completing", always_complete}, {"watching", never_complete}, {"updating", updating_cond}},
       false,
       true,
       false,
       {{"watching", 0}, {"updating", 1}}},
      {"conditions with incremented versions",
       kRunningPod,
       {{"completing", always_complete}, {"watching", never_complete}, {"updating", updating_cond}},
       true,
       true,
       false,
       {{"watching", 1}, {"updating", 2}}},
      {"completed watch condition with older version",
       kRunningPod,
       {{"resetting", resetting_cond}},
       true,
       true,
       false,
       {{"resetting", 0}}},
      {"non-existent pod", kNonExistent, {{"watching", never_complete}}, false, false, true, {}},
      {"terminated pod", kTerminated, {{"watching", never_complete}}, false, false, true, {}},
      {"reinspecting pod",
       kReinspect,
       {{"watching", never_complete}},
       false,
       true,
       false,
       {{"watching", 0}}},
      {"single container conditions",
       kRunningPod,
       {{"completing", container_cond(kNameC, true)}, {"watching", container_cond(kNameC, false)}},
       false,
       true,
       false,
       {{"watching", 0}}},
      {"multi-container conditions",
       kRunning2,
       {{"completing:exited", container_cond(kNameExited, true)},
        {"watching:exited", container_cond(kNameExited, false)},
        {"completing:running", container_cond(kNameRunning, true)},
        {"watching:running", container_cond(kNameRunning, false)},
        {"completing:dne", container_cond(kNameDne, true)},
        {"watching:dne", container_cond(kNameDne, false)}},
       false,
       true,
       false,
       {{"watching:running", 0}}},
  };

  for (const Case& tc : cases) {
    SCOPED_TRACE(tc.name);
    HarnessOptions o;
    o.version = GetParam();
    o.channel_capacity = 100;
    PlegHarness h(o);
    pleg = &h;

    // Setup initial pod records.
    h.runtime().set_pods(initial_pods());
    h.relist();
    h.pleg().set_pod_to_reinspect_for_test(kReinspect, std::nullopt);
    // Remove the "terminated" pod.
    h.runtime().set_pods(listed_pods());

    std::vector<std::string> evaluated;
    for (const auto& [key, condition] : tc.conditions) {
      WatchCondition wrapped = [&, key = key, condition = condition](const kubelet::PodStatus& st) {
        EXPECT_EQ(st.id, tc.pod_uid) << "podUID";
        if (!tc.expect_evaluated) {
          ADD_FAILURE() << "conditions should not be evaluated";
        } else {
          evaluated.push_back(key);
        }
        return condition(st);
      };
      h.set_watch_condition(tc.pod_uid, key, wrapped);
      // Set the watch condition a second time to increment the version.
      if (tc.increment_initial_version) h.set_watch_condition(tc.pod_uid, key, wrapped);
    }
    h.relist();

    if (tc.expect_evaluated) {
      EXPECT_EQ(evaluated.size(), tc.conditions.size()) << "all conditions should be evaluated";
    }
    const auto* actual = h.pleg().watch_conditions().find(tc.pod_uid);
    if (tc.expect_removed) {
      EXPECT_EQ(actual, nullptr) << "Pod should be removed from watch conditions";
      continue;
    }
    const std::size_t n = actual == nullptr ? 0 : actual->size();
    EXPECT_EQ(n, tc.expect_versions.size()) << "expected number of conditions";
    for (const auto& [key, version] : tc.expect_versions) {
      ASSERT_NE(actual, nullptr);
      auto it = actual->find(key);
      if (it == actual->end()) {
        ADD_FAILURE() << "missing condition " << key;
        continue;
      }
      EXPECT_EQ(it->second.key, key);
      EXPECT_EQ(it->second.version, version);
    }
  }
}

// The event upstream's test does not read: one ConditionMet however many conditions are
// met, none while they wait; the pod is inspected on every relist until then.
TEST_P(StepWatchConditions, OneConditionMetEventAndAnInspectionPerRelist) {
  HarnessOptions o;
  o.version = GetParam();
  PlegHarness h(o);
  h.runtime().set_pods(listed_pods());
  h.relist();
  h.drain_events();

  bool met = false;
  h.set_watch_condition(kRunningPod, "a", [&](const kubelet::PodStatus&) { return met; });
  h.set_watch_condition(kRunningPod, "b", [&](const kubelet::PodStatus&) { return met; });
  const std::size_t before = h.runtime().inspections(kRunningPod);
  h.relist();
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kRunningPod), before + 2);
  EXPECT_TRUE(h.drain_events().empty());

  met = true;
  h.relist();
  EXPECT_EQ(h.drain_events(), (Events{{kRunningPod, kubelet::EventType::kConditionMet, 0}}));
  const auto* left = h.pleg().watch_conditions().find(kRunningPod);
  ASSERT_NE(left, nullptr);  // the pod's map stays until the pod leaves the records
  EXPECT_TRUE(left->empty());

  // Met and cleared: the pod is left alone again.
  const std::size_t after = h.runtime().inspections(kRunningPod);
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kRunningPod), after);
  EXPECT_TRUE(h.drain_events().empty());
}

// A failed inspection evaluates nothing: the pod goes to podsToReinspect, the condition
// waits.
TEST_P(StepWatchConditions, FailedInspectionEvaluatesNothing) {
  HarnessOptions o;
  o.version = GetParam();
  PlegHarness h(o);
  h.runtime().set_pods(listed_pods());
  h.relist();
  int calls = 0;
  h.set_watch_condition(kRunningPod, "a", [&](const kubelet::PodStatus&) {
    ++calls;
    return true;
  });
  h.runtime().fail_inspection(kRunningPod, cri::Code::kUnavailable, 1);
  h.relist();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(h.pleg().pods_to_reinspect(), 1u);
  h.drain_events();
  h.relist();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(h.drain_events(), (Events{{kRunningPod, kubelet::EventType::kConditionMet, 0}}));
}

INSTANTIATE_TEST_SUITE_P(EraE, StepWatchConditions, ::testing::Values("1.32", "1.33", "1.35"),
                         release_name);

// SetPodWatchCondition is 1.32 - 1.35 only: #128518 added it, #137363 (1.36) replaced it.
TEST(StepWatchConditionsReleases, OnlyEraEHasThem) {
  for (const char* v : {"1.6", "1.11", "1.14", "1.28", "1.31", "1.36", "1.37"}) {
    HarnessOptions o;
    o.version = v;
    PlegHarness h(o);
    EXPECT_THROW(h.set_watch_condition(1, "k", [](const kubelet::PodStatus&) { return true; }),
                 std::logic_error)
        << v;
  }
  for (const char* v : {"1.32", "1.35"}) {
    HarnessOptions o;
    o.version = v;
    PlegHarness h(o);
    EXPECT_NO_THROW(h.set_watch_condition(1, "k", [](const kubelet::PodStatus&) { return true; }))
        << v;
  }
}

}  // namespace
}  // namespace plegsim::step::testing
