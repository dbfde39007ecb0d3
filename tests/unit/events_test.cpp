// generic.go's transition table, cell by cell, and the event order of a pod.
#include "sim/kubelet/events.h"

#include <gtest/gtest.h>

#include <optional>

namespace plegsim::kubelet {
namespace {

using E = EventType;
using S = PlegState;

std::vector<EventType> types(S from, S to) {
  std::vector<PodLifecycleEvent> out;
  generate_events(7, 42, from, to, out);
  std::vector<EventType> t;
  for (const auto& e : out) {
    EXPECT_EQ(e.id, 7);
    EXPECT_EQ(e.data, 42u);
    t.push_back(e.type);
  }
  return t;
}

struct Cell {
  S from, to;
  std::vector<EventType> events;
};

TEST(TransitionTable, AllSixteenCells) {
  const std::vector<Cell> table = {
      {S::kNonExistent, S::kRunning, {E::kContainerStarted}},
      {S::kNonExistent, S::kExited, {E::kContainerDied}},
      {S::kNonExistent, S::kUnknown, {E::kContainerChanged}},
      {S::kNonExistent, S::kNonExistent, {}},
      {S::kRunning, S::kRunning, {}},
      {S::kRunning, S::kExited, {E::kContainerDied}},
      {S::kRunning, S::kUnknown, {E::kContainerChanged}},
      {S::kRunning, S::kNonExistent, {E::kContainerDied, E::kContainerRemoved}},
      {S::kExited, S::kRunning, {E::kContainerStarted}},
      {S::kExited, S::kExited, {}},
      {S::kExited, S::kUnknown, {E::kContainerChanged}},
      {S::kExited, S::kNonExistent, {E::kContainerRemoved}},
      {S::kUnknown, S::kRunning, {E::kContainerStarted}},
      {S::kUnknown, S::kExited, {E::kContainerDied}},
      {S::kUnknown, S::kUnknown, {}},
      {S::kUnknown, S::kNonExistent, {E::kContainerDied, E::kContainerRemoved}},
  };
  ASSERT_EQ(table.size(), 16u);
  for (const auto& c : table) {
    EXPECT_EQ(types(c.from, c.to), c.events) << to_string(c.from) << " -> " << to_string(c.to);
  }
}

TEST(TransitionTable, CreatedIsReportedAsUnknown) {
  EXPECT_EQ(convert_state(KState::kCreated), S::kUnknown);
  EXPECT_EQ(convert_state(KState::kRunning), S::kRunning);
  EXPECT_EQ(convert_state(KState::kExited), S::kExited);
  EXPECT_EQ(convert_state(KState::kUnknown), S::kUnknown);
}

Pod pod(PodUid id, std::vector<KContainer> containers, std::vector<KContainer> sandboxes) {
  return Pod{id, std::move(containers), std::move(sandboxes)};
}

TEST(ComputeEvents, OrderIsOldContainersOldSandboxesNewContainersNewSandboxes) {
  Pod old_pod = pod(1, {{10, KState::kRunning}, {11, KState::kRunning}}, {{1, KState::kRunning}});
  // 10 died, 11 removed, sandbox 1 exited, new container 12 running, new sandbox 2 ready.
  Pod new_pod = pod(1, {{10, KState::kExited}, {12, KState::kRunning}},
                    {{1, KState::kExited}, {2, KState::kRunning}});
  auto ids = get_containers_from_pods(&old_pod, &new_pod);
  EXPECT_EQ(ids, (std::vector<ContainerId>{10, 11, 1, 12, 2}));
  auto ev = compute_pod_events(&old_pod, &new_pod);
  std::vector<PodLifecycleEvent> want = {
      {1, E::kContainerDied, 10}, {1, E::kContainerDied, 11},    {1, E::kContainerRemoved, 11},
      {1, E::kContainerDied, 1},  {1, E::kContainerStarted, 12}, {1, E::kContainerStarted, 2},
  };
  EXPECT_EQ(ev, want);
}

TEST(ComputeEvents, ContainersAreLookedUpBeforeSandboxes) {
  // The same ID under containers and sandboxes: the container's state wins.
  Pod p = pod(3, {{5, KState::kExited}}, {{5, KState::kRunning}});
  EXPECT_EQ(get_container_state(&p, 5), S::kExited);
  EXPECT_EQ(get_container_state(nullptr, 5), S::kNonExistent);
}

TEST(ComputeEvents, VanishedPodDiesAndIsRemovedWithTheOldPodsUid) {
  Pod old_pod = pod(9, {{20, KState::kRunning}}, {{19, KState::kRunning}});
  auto ev = compute_pod_events(&old_pod, nullptr);
  std::vector<PodLifecycleEvent> want = {{9, E::kContainerDied, 20},
                                         {9, E::kContainerRemoved, 20},
                                         {9, E::kContainerDied, 19},
                                         {9, E::kContainerRemoved, 19}};
  EXPECT_EQ(ev, want);
}

// compute_pod_events walks the pods without building getContainersFromPods' list; it
// must make the kubelet's calls in the kubelet's order: computeEvents for each ID of
// getContainersFromPods. Random pod pairs from a small ID pool (IDs shared between old
// and current, repeated within a pod, under containers and sandboxes), nil pods, and
// every state.
TEST(ComputeEvents, MatchesComputeEventsOverGetContainersFromPods) {
  std::uint64_t rng = 7;
  auto draw = [&rng](std::uint64_t n) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng >> 33) % n;
  };
  auto random_list = [&] {
    std::vector<KContainer> cs(draw(5));
    for (auto& c : cs) c = {1 + draw(7), static_cast<KState>(draw(4))};
    return cs;
  };
  int with_events = 0;
  for (int n = 0; n < 20000; ++n) {
    std::optional<Pod> old_pod, new_pod;
    if (draw(8) != 0) old_pod = pod(4, random_list(), random_list());
    if (draw(8) != 0)
      new_pod = draw(10) == 0 && old_pod ? *old_pod : pod(4, random_list(), random_list());
    const Pod* o = old_pod ? &*old_pod : nullptr;
    const Pod* c = new_pod ? &*new_pod : nullptr;
    std::vector<PodLifecycleEvent> want;
    if (o != nullptr || c != nullptr) {
      for (ContainerId cid : get_containers_from_pods(o, c)) compute_events(o, c, cid, want);
    }
    ASSERT_EQ(compute_pod_events(o, c), want) << "pair " << n;
    with_events += !want.empty();
  }
  EXPECT_GT(with_events, 10000);
}

}  // namespace
}  // namespace plegsim::kubelet
