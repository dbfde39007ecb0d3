// GetPodStatus when a container or sandbox is removed between the pod's list call and
// its status call (the status call answers NotFound), per release:
//  - ContainerStatus NotFound: getPodContainerStatuses returned the error up to 1.23
//    (1.21.x, 1.22.0-7, 1.23.0-4), skips the container from #107670 (1.24.0; backports
//    1.22.8, 1.23.5).
//  - PodSandboxStatus NotFound: GetPodStatus returned the error up to 1.23.13, skips the
//    sandbox from #108325 (1.24.0; backport 1.23.14).
#include <gtest/gtest.h>

#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"
#include "sim/kubelet/profile.h"
#include "sim/kubelet/runtime_manager.h"

namespace plegsim::kubelet {
namespace {

using core::Duration;
using core::Time;

Duration ms(std::int64_t v) {
  return Duration::milliseconds(v);
}

// Every call takes 0 except the status call under test (10 ms); the object is removed
// from the store 5 ms into it, and the store is read when the call returns.
struct Rig {
  core::Kernel k;
  cri::Store store;
  cri::SimRuntime rt;
  Profile profile;
  RuntimeManager rm;
  cri::Result<PodStatus> got;

  static cri::SimRuntimeConfig config(models::Op slow) {
    cri::SimRuntimeConfig c;
    c.latency[static_cast<int>(slow)].base = ms(10);
    return c;
  }
  Rig(const std::string& version, models::Op slow)
      : rt(k, store, config(slow)), profile(*profile_for_version(version)), rm(rt, profile) {}

  void status_of(PodUid uid, std::function<void()> remove) {
    k.spawn([](Rig& r, PodUid u) -> core::Task<void> { r.got = co_await r.rm.get_pod_status(u); }(
                                     *this, uid));
    k.run_until(Time{} + ms(5));
    remove();
    k.run_until(Time{} + Duration::seconds(1));
  }
};

struct Case {
  const char* version;
  bool skips;
};

TEST(GetPodStatusNotFound, ContainerRemovedDuringItsStatusCall) {
  for (Case c : {Case{"1.13", false}, Case{"1.21.14", false}, Case{"1.22.7", false},
                 Case{"1.22.8", true}, Case{"1.23", false}, Case{"1.23.4", false},
                 Case{"1.23.5", true}, Case{"1.24", true}, Case{"1.33", true}}) {
    SCOPED_TRACE(c.version);
    Rig r(c.version, models::Op::kContainerStatus);
    PodUid uid = r.store.new_pod();
    r.store.add_sandbox(uid, Time{});
    cri::ContainerId gone = r.store.add_container(uid, 0, Time{});
    r.store.set_container_state(gone, cri::ContainerState::kExited);
    r.status_of(uid, [&] { r.store.remove_container(gone); });
    if (c.skips) {
      ASSERT_TRUE(r.got.ok());
      EXPECT_TRUE(r.got.value.container_statuses.empty());
      EXPECT_EQ(r.got.value.sandbox_statuses.size(), 1u);
    } else {
      ASSERT_FALSE(r.got.ok());
      EXPECT_EQ(r.got.status.code, cri::Code::kNotFound);
    }
  }
}

TEST(GetPodStatusNotFound, OnlyTheRemovedContainerIsSkipped) {
  Rig r("1.24", models::Op::kContainerStatus);
  PodUid uid = r.store.new_pod();
  r.store.add_sandbox(uid, Time{});
  cri::ContainerId gone = r.store.add_container(uid, 0, Time{});
  cri::ContainerId kept = r.store.add_container(uid, 1, Time{});
  r.status_of(uid, [&] { r.store.remove_container(gone); });
  ASSERT_TRUE(r.got.ok());
  ASSERT_EQ(r.got.value.container_statuses.size(), 1u);
  EXPECT_EQ(r.got.value.container_statuses[0].id, kept);
}

TEST(GetPodStatusNotFound, SandboxRemovedDuringItsStatusCall) {
  for (Case c : {Case{"1.13", false}, Case{"1.23.5", false}, Case{"1.23.13", false},
                 Case{"1.23.14", true}, Case{"1.24", true}, Case{"1.30", true}}) {
    SCOPED_TRACE(c.version);
    Rig r(c.version, models::Op::kPodSandboxStatus);
    PodUid uid = r.store.new_pod();
    cri::ContainerId sb = r.store.add_sandbox(uid, Time{});
    r.status_of(uid, [&] { r.store.remove_sandbox(sb); });
    if (c.skips) {
      ASSERT_TRUE(r.got.ok());
      EXPECT_TRUE(r.got.value.sandbox_statuses.empty());
      EXPECT_FALSE(r.got.value.has_ip);  // no newest sandbox answered
    } else {
      ASSERT_FALSE(r.got.ok());
      EXPECT_EQ(r.got.status.code, cri::Code::kNotFound);
    }
  }
}

TEST(ProfileVersion, PatchReleasesParse) {
  auto p = profile_for_version("v1.23.14");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->minor, 23);
  EXPECT_EQ(p->patch, 14);
  EXPECT_EQ(profile_for_version("1.13")->patch, 0);
  EXPECT_EQ(profile_for_version("1.23.x")->patch, 0);  // accepted as before, no patch
  EXPECT_FALSE(profile_for_version("1.23x"));
}

}  // namespace
}  // namespace plegsim::kubelet
