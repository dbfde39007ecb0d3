// podRecords: setCurrent / update semantics, for materialised and lazy listings.
#include "sim/kubelet/pod_records.h"

#include <gtest/gtest.h>

#include "sim/cri/store.h"
#include "sim/kubelet/events.h"

namespace plegsim::kubelet {
namespace {

using cri::ContainerState;

PodListing materialised(const cri::Store& s) {
  cri::SandboxList sl{s.list_sandboxes(std::nullopt)};
  cri::ContainerList cl{s.list_containers(std::nullopt)};
  return PodListing::materialised(sl, cl);
}

// A listing over the store's change log (the change feed's reads).
PodListing lazy(cri::Store& s, std::uint64_t sandbox_gen) {
  return PodListing::lazy(s, {sandbox_gen, s.sandbox_count(), {}},
                          {s.generation(), s.container_count(), {}});
}

TEST(PodRecords, UpdateMovesCurrentToOldAndDropsVanishedPods) {
  cri::Store s;
  PodUid a = s.new_pod();
  s.add_sandbox(a, core::Time{});
  auto c = s.add_container(a, 0, core::Time{});
  s.set_container_state(c, ContainerState::kRunning);

  PodRecords r;
  auto uids = r.set_current(materialised(s));
  EXPECT_EQ(uids, std::vector<PodUid>{a});
  ASSERT_NE(r.get_current(a), nullptr);
  EXPECT_EQ(r.get_old(a), nullptr);
  r.update(a);
  ASSERT_NE(r.get_old(a), nullptr);
  EXPECT_EQ(r.get_old(a)->containers.at(0).state, KState::kRunning);

  // The pod disappears: current becomes nil; update deletes the record.
  s.remove_container(c);
  s.remove_sandbox(s.sandboxes_of(a).at(0).id);
  r.set_current(materialised(s));
  EXPECT_EQ(r.get_current(a), nullptr);
  EXPECT_NE(r.get_old(a), nullptr);
  r.update(a);
  EXPECT_EQ(r.get(a), nullptr);
  EXPECT_EQ(r.size(), 0u);
}

TEST(PodRecords, WithoutUpdateTheOldStateIsKeptAndTheDiffRecurs) {
  cri::Store s;
  PodUid a = s.new_pod();
  s.add_sandbox(a, core::Time{});
  auto c = s.add_container(a, 0, core::Time{});
  s.set_container_state(c, ContainerState::kRunning);
  for (bool use_lazy : {false, true}) {
    PodRecords r;
    // A lazy first listing has no baseline: every pod is a candidate.
    r.set_current(use_lazy ? lazy(s, s.generation()) : materialised(s));
    r.update(a);
    s.set_container_state(c, ContainerState::kExited);
    auto l1 = use_lazy ? lazy(s, s.generation()) : materialised(s);
    auto u1 = r.set_current(l1);
    EXPECT_EQ(u1, std::vector<PodUid>{a});
    EXPECT_EQ(compute_pod_events(r.get_old(a), r.get_current(a)).size(), 1u);
    // Inspection failed: no update. Nothing changes in the runtime, yet the pod is
    // diffed again with the same result.
    auto l2 = use_lazy ? lazy(s, s.generation()) : materialised(s);
    auto u2 = r.set_current(l2);
    EXPECT_EQ(u2, std::vector<PodUid>{a}) << (use_lazy ? "lazy" : "materialised");
    EXPECT_EQ(compute_pod_events(r.get_old(a), r.get_current(a)).size(), 1u);
    r.update(a);
    auto u3 = r.set_current(use_lazy ? lazy(s, s.generation()) : materialised(s));
    EXPECT_TRUE(compute_pod_events(r.get_old(a), r.get_current(a)).empty());
    if (use_lazy) {
      EXPECT_TRUE(u3.empty());
    }
    s.set_container_state(c, ContainerState::kRunning);
  }
}

TEST(PodListing, LazySandboxesAreSeenAsOfTheirOwnListGeneration) {
  // ListPodSandbox returned at generation g; a sandbox then changed before
  // ListContainers returned. The lazy listing must show the sandbox as it was at g.
  cri::Store s;
  PodUid a = s.new_pod();
  auto sb = s.add_sandbox(a, core::Time{});
  std::uint64_t g = s.generation();
  s.set_sandbox_state(sb, cri::SandboxState::kNotReady);
  PodUid b = s.new_pod();
  s.add_sandbox(b, core::Time{});  // created after the sandbox list: not listed
  auto l = lazy(s, g);
  auto pa = l.pod(a);
  ASSERT_TRUE(pa.has_value());
  EXPECT_EQ(pa->sandboxes.at(0).state, KState::kRunning);
  EXPECT_FALSE(l.pod(b).has_value());
}

}  // namespace
}  // namespace plegsim::kubelet
