// GetPodStatus (kuberuntime_manager.go, spec "GetPodStatus"): one ListPodSandbox(uid),
// PodSandboxStatus per sandbox newest first, ListContainers(uid), ContainerStatus per
// container; the pod IP only from the newest sandbox and only when it is READY.
#include "sim/kubelet/runtime_manager.h"

#include <gtest/gtest.h>

#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"

namespace plegsim::kubelet {
namespace {

using core::Duration;
using core::Time;

struct Rig {
  core::Kernel k;
  cri::Store store;
  cri::SimRuntime rt{k, store, cri::SimRuntimeConfig{}};
  Profile profile;
  RuntimeManager rm{rt, profile};
  cri::Result<PodStatus> got;
  void status_of(PodUid uid) {
    k.spawn([](Rig& r, PodUid u) -> core::Task<void> { r.got = co_await r.rm.get_pod_status(u); }(
                                     *this, uid));
    k.run_until(k.now() + Duration::seconds(1));
  }
};

TEST(GetPodStatus, SandboxesNewestFirstAndTheIpFromTheNewestReadyOne) {
  for (bool newest_ready : {true, false}) {
    Rig r;
    // Three sandboxes of one pod, created at 0, 10 and 20 ms; only one is READY.
    PodUid uid = r.store.new_pod();
    cri::ContainerId old_sb = r.store.add_sandbox(uid, Time{});
    cri::ContainerId mid_sb = r.store.add_sandbox(uid, Time{} + Duration::milliseconds(10));
    cri::ContainerId new_sb = r.store.add_sandbox(uid, Time{} + Duration::milliseconds(20));
    r.store.set_sandbox_state(old_sb, cri::SandboxState::kNotReady);
    r.store.set_sandbox_state(
        mid_sb, newest_ready ? cri::SandboxState::kNotReady : cri::SandboxState::kReady);
    r.store.set_sandbox_state(
        new_sb, newest_ready ? cri::SandboxState::kReady : cri::SandboxState::kNotReady);
    r.store.add_container(uid, 0, Time{});
    r.status_of(uid);
    ASSERT_TRUE(r.got.ok());
    ASSERT_EQ(r.got.value.sandbox_statuses.size(), 3u);
    EXPECT_EQ(r.got.value.sandbox_statuses[0].id, new_sb);
    EXPECT_EQ(r.got.value.sandbox_statuses[1].id, mid_sb);
    EXPECT_EQ(r.got.value.sandbox_statuses[2].id, old_sb);
    // A READY older sandbox does not give the pod an IP.
    EXPECT_EQ(r.got.value.has_ip, newest_ready);
    EXPECT_EQ(r.got.value.container_statuses.size(), 1u);
  }
}

TEST(GetPodStatus, OneSandbox) {
  Rig r;
  PodUid uid = r.store.new_pod();
  cri::ContainerId sb = r.store.add_sandbox(uid, Time{});
  r.status_of(uid);
  ASSERT_TRUE(r.got.ok());
  ASSERT_EQ(r.got.value.sandbox_statuses.size(), 1u);
  EXPECT_EQ(r.got.value.sandbox_statuses[0].id, sb);
  EXPECT_TRUE(r.got.value.has_ip);
  EXPECT_TRUE(r.got.value.container_statuses.empty());
}

}  // namespace
}  // namespace plegsim::kubelet
