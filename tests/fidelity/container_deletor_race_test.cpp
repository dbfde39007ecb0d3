// The kubelet's two removers after a restart (pod_container_deletor.go and the container
// GC, kuberuntime_gc.go): the first relist reports every exited container of the
// previous boot as ContainerDied; each event sends the slot's exited containers beyond
// the one kept to the deletor, while the GC's first pass removes the same ones. Every
// removal is ContainerStatus then RemoveContainer, so the loser of a race fails at one
// or the other; each container is removed once.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

constexpr auto kContainerStatus = static_cast<std::size_t>(models::Op::kContainerStatus);
constexpr auto kRemoveContainer = static_cast<std::size_t>(models::Op::kRemoveContainer);

// An M3-like start: 9 pods of 1 container, 23 exited containers of a previous boot
// (5 slots with 3, 4 with 2): 14 beyond the one kept per slot.
std::string restart_yaml(const std::string& version) {
  return "name: restart\nduration: 2m\nwarmup: 0s\nseed: 3\n"
         "kubelet: {version: \"" +
         version +
         "\"}\n"
         "node: {pods: 9, containersPerPod: 1}\n"
         "workload: {crashRate: 0/h, startup: {pods: 0, exited: 23}}\n"
         "runtime:\n"
         "  concurrency: 4\n"
         "  latency:\n"
         "    ListPodSandbox: {base: 10ms}\n"
         "    ListContainers: {base: 15ms}\n"
         "    PodSandboxStatus: {base: 4ms}\n"
         "    ContainerStatus: {base: 8ms}\n"
         "    RemoveContainer: {base: 20ms}\n"
         "    Status: {base: 2ms}\n";
}

std::size_t exited_left(SimRun& r) {
  std::size_t n = 0;
  for (cri::PodUid p = 0; p < r.sim->store().pod_uid_count(); ++p) {
    for (const auto& c : r.sim->store().containers_of(p)) {
      n += c.state == cri::ContainerState::kExited ? 1 : 0;
    }
  }
  return n;
}

TEST(ContainerDeletorRace, AfterARestartTheDeletorAndTheGcRaceAndEachRemovesOnce) {
  SimRun r(restart_yaml("1.13"));
  r.run();
  const auto* d = r.sim->kubelet().container_deletor();
  ASSERT_NE(d, nullptr);
  EXPECT_GT(d->requested(), 0u);
  EXPECT_EQ(d->dropped(), 0u);    // fewer than 50 requests queued at once
  EXPECT_EQ(exited_left(r), 9u);  // the newest of each slot, once each
  const auto& s = r.summary();
  // 14 containers removed, by one remover or the other; every other attempt failed.
  EXPECT_EQ(s.cri_calls[kRemoveContainer] - s.cri_errors[kRemoveContainer], 14u);
  EXPECT_EQ(d->removed() + r.sim->churn().containers_removed_by_gc(), 14u);
  EXPECT_EQ(d->failed(), d->requested() - d->removed());
  // Every attempt but the 14 that removed lost a race somewhere: at its ContainerStatus
  // (NotFound) or at RemoveContainer, both counted as errors.
  EXPECT_GT(s.cri_errors[kContainerStatus], 0u);
}

TEST(ContainerDeletorRace, Release13HasOnlyTheGc) {
  SimRun r(restart_yaml("1.3"));
  r.run();
  EXPECT_EQ(r.sim->kubelet().container_deletor(), nullptr);
  EXPECT_EQ(exited_left(r), 9u);
  const auto& s = r.summary();
  EXPECT_EQ(s.cri_calls[kRemoveContainer], 14u);
  EXPECT_EQ(s.cri_errors[kRemoveContainer], 0u);
}

}  // namespace
}  // namespace plegsim::testing
