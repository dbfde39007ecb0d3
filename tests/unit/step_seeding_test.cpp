// State upstream's tests write into the PLEG directly, through the step API's hooks:
// pre-seeded pod records and podsToReinspect. A seeded record must be diffed, inspected
// and updated as one a relist made.
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

constexpr PodUid kPod = 7;

kubelet::Pod kube_pod(std::vector<kubelet::KContainer> containers) {
  kubelet::Pod p;
  p.id = kPod;
  p.containers = std::move(containers);
  return p;
}

class StepSeeding : public ::testing::TestWithParam<std::string> {};

TEST_P(StepSeeding, SeededRecordIsDiffedLikeARelistedOne) {
  HarnessOptions o;
  o.version = GetParam();
  PlegHarness h(o);
  h.pleg().set_pod_record_for_test(
      kPod, kube_pod({{c1, kubelet::KState::kRunning}, {c2, kubelet::KState::kExited}}),
      std::nullopt);
  EXPECT_EQ(h.pleg().pod_records().size(), 1u);

  h.runtime().set_pods({pod(kPod, {container(c1, kExited)})});
  h.relist();
  EXPECT_EQ(sorted(h.drain_events()),
            sorted(Events{{kPod, kubelet::EventType::kContainerDied, c1},
                          {kPod, kubelet::EventType::kContainerRemoved, c2}}));
  const auto* r = h.pleg().pod_records().get(kPod);
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->old.has_value());
  EXPECT_EQ(r->old->containers, (std::vector<kubelet::KContainer>{{c1, kubelet::KState::kExited}}));
  // Nothing changed since: the next relist is quiet.
  h.relist();
  EXPECT_TRUE(h.drain_events().empty());
}

TEST_P(StepSeeding, RemovingASeededRecord) {
  HarnessOptions o;
  o.version = GetParam();
  PlegHarness h(o);
  h.pleg().set_pod_record_for_test(kPod, kube_pod({{c1, kubelet::KState::kRunning}}), std::nullopt);
  h.pleg().set_pod_record_for_test(kPod, std::nullopt, std::nullopt);
  EXPECT_EQ(h.pleg().pod_records().size(), 0u);
  EXPECT_EQ(h.pleg().pod_records().get(kPod), nullptr);
  h.relist();
  EXPECT_TRUE(h.drain_events().empty());
}

// A pod put in podsToReinspect is inspected by the next relist though nothing changed.
TEST_P(StepSeeding, PodToReinspectIsInspected) {
  HarnessOptions o;
  o.version = GetParam();
  PlegHarness h(o);
  h.runtime().set_pods({pod(kPod, {container(c1, kRunning)})});
  h.relist();
  h.drain_events();
  const std::size_t before = h.runtime().inspections(kPod);
  h.pleg().set_pod_to_reinspect_for_test(kPod, kube_pod({{c1, kubelet::KState::kRunning}}));
  h.relist();
  EXPECT_EQ(h.runtime().inspections(kPod), before + 1);
  EXPECT_EQ(h.pleg().pods_to_reinspect(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Eras, StepSeeding,
                         ::testing::Values("1.11", "1.14", "1.28", "1.33", "1.36"), release_name);

}  // namespace
}  // namespace plegsim::step::testing
