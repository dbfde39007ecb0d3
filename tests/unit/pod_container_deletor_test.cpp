// The pod container deletor (pkg/kubelet/pod_container_deletor.go) and the kubelet's
// removeContainer (kuberuntime_container.go: ContainerStatus in removeContainerLog,
// then RemoveContainer), on a simulated runtime with constant latencies:
// ContainerStatus 8 ms, RemoveContainer 10 ms.
#include "sim/kubelet/pod_container_deletor.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/cri/remove_container.h"
#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"
#include "sim/kubelet/kubelet.h"
#include "sim/kubelet/profile.h"

namespace plegsim::kubelet {
namespace {

using core::Duration;
using models::Op;

Time at_ms(std::int64_t v) {
  return Time{} + Duration::milliseconds(v);
}

struct Call {
  Op op;
  Time start, end;
  cri::Code code;
  bool operator==(const Call&) const = default;
};

// What the caller got: an OK report followed by an answered error is the error.
struct Calls : cri::CallObserver {
  std::vector<Call> seen;
  void on_call_finished(Op op, Time start, Time end, cri::Status st) override {
    seen.push_back({op, start, end, st.code});
  }
  void on_call_answered(Op op, Time end, cri::Status st) override {
    ASSERT_FALSE(seen.empty());
    ASSERT_EQ(seen.back().op, op);
    ASSERT_EQ(seen.back().end, end);
    seen.back().code = st.code;
  }
  int count(Op op, cri::Code code) const {
    int n = 0;
    for (const auto& c : seen) n += (c.op == op && c.code == code) ? 1 : 0;
    return n;
  }
};

cri::SimRuntimeConfig config() {
  cri::SimRuntimeConfig cfg;
  cfg.concurrency = 4;
  cfg.latency[static_cast<int>(Op::kContainerStatus)].base = Duration::milliseconds(8);
  cfg.latency[static_cast<int>(Op::kRemoveContainer)].base = Duration::milliseconds(10);
  return cfg;
}

// One pod: slot 0 with `dead0` exited containers created 1 ms apart, slot 1 with one.
struct Rig {
  core::Kernel k;
  cri::Store store;
  cri::SimRuntime rt;
  Calls calls;
  PodUid pod = 0;
  std::vector<ContainerId> slot0;  // oldest first
  ContainerId slot1 = 0;
  explicit Rig(int dead0) : rt(k, store, config()) {
    rt.set_call_observer(&calls);
    pod = store.new_pod();
    store.add_sandbox(pod, Time{});
    for (int i = 0; i < dead0; ++i) {
      ContainerId id = store.add_container(pod, 0, at_ms(i));
      store.set_container_state(id, cri::ContainerState::kExited, 1);
      slot0.push_back(id);
    }
    slot1 = store.add_container(pod, 1, Time{});
    store.set_container_state(slot1, cri::ContainerState::kExited, 1);
  }
  // The kubelet's cached status of the pod (as the relist stored it).
  PodStatus status() const {
    PodStatus s;
    s.id = pod;
    s.container_statuses = store.containers_of(pod);
    return s;
  }
};

core::Task<void> remove_at(core::Kernel& k, cri::Runtime& rt, Time at, ContainerId id,
                           std::vector<cri::Code>& out) {
  co_await k.sleep_until(at);
  cri::Status st = co_await cri::remove_container_and_log(rt, id);
  out.push_back(st.code);
}

TEST(PodContainerDeletor, RemovesTheOldestBeyondContainersToKeepViaStatusThenRemove) {
  Rig r(3);
  PodContainerDeletor d(r.k, r.rt, /*containers_to_keep=*/1);
  d.start();
  r.k.run_until(at_ms(0));
  // ContainerDied for the newest dead container of slot 0.
  d.delete_containers_in_pod(r.slot0[2], r.status());
  r.k.run_until(at_ms(1000));
  // Newest first beyond the one kept: slot0[1], then slot0[0], one at a time.
  EXPECT_EQ(r.calls.seen,
            (std::vector<Call>{{Op::kContainerStatus, at_ms(0), at_ms(8), cri::Code::kOk},
                               {Op::kRemoveContainer, at_ms(8), at_ms(18), cri::Code::kOk},
                               {Op::kContainerStatus, at_ms(18), at_ms(26), cri::Code::kOk},
                               {Op::kRemoveContainer, at_ms(26), at_ms(36), cri::Code::kOk}}));
  EXPECT_EQ(r.store.find_container(r.slot0[0]), nullptr);
  EXPECT_EQ(r.store.find_container(r.slot0[1]), nullptr);
  EXPECT_NE(r.store.find_container(r.slot0[2]), nullptr);  // kept: the newest
  EXPECT_NE(r.store.find_container(r.slot1), nullptr);     // another name
  EXPECT_EQ(d.requested(), 2u);
  EXPECT_EQ(d.removed(), 2u);
  EXPECT_EQ(d.failed(), 0u);
}

TEST(PodContainerDeletor, NothingWhenWithinKeepOrTheContainerIsNotInTheStatus) {
  Rig r(2);
  PodContainerDeletor d(r.k, r.rt, /*containers_to_keep=*/2);
  d.start();
  d.delete_containers_in_pod(r.slot0[1], r.status());  // 2 dead, 2 kept
  PodContainerDeletor d1(r.k, r.rt, 1);
  d1.start();
  d1.delete_containers_in_pod(9999, r.status());  // "not found in pod's containers"
  r.k.run_until(at_ms(1000));
  EXPECT_TRUE(r.calls.seen.empty());
  EXPECT_EQ(d.requested() + d1.requested(), 0u);
}

TEST(PodContainerDeletor, ARemovalAfterAnotherFailsAtItsContainerStatus) {
  // The deletor removes slot0[0] over [0, 18] ms; the GC's removal of the same
  // container starts at 20 ms: its ContainerStatus answers NotFound and it stops
  // there, with no second RemoveContainer.
  Rig r(2);
  PodContainerDeletor d(r.k, r.rt, 1);
  d.start();
  d.delete_containers_in_pod(r.slot0[1], r.status());
  std::vector<cri::Code> gc;
  r.k.spawn(remove_at(r.k, r.rt, at_ms(20), r.slot0[0], gc));
  r.k.run_until(at_ms(1000));
  EXPECT_EQ(gc, std::vector<cri::Code>{cri::Code::kNotFound});
  EXPECT_EQ(r.calls.count(Op::kContainerStatus, cri::Code::kNotFound), 1);
  EXPECT_EQ(r.calls.count(Op::kRemoveContainer, cri::Code::kOk), 1);
  EXPECT_EQ(r.calls.count(Op::kRemoveContainer, cri::Code::kNotFound), 0);
  EXPECT_EQ(d.removed(), 1u);
}

TEST(PodContainerDeletor, TwoRemoversPastTheirStatusCheckFailOneRemoveContainer) {
  // Both start at 0: both ContainerStatus calls find it (8 ms), both RemoveContainer
  // calls run [8, 18]; the one returning second finds it gone (dockershim: "No such
  // container"), as M3's failed remove_container calls.
  Rig r(2);
  PodContainerDeletor d(r.k, r.rt, 1);
  d.start();
  std::vector<cri::Code> gc;
  r.k.spawn(remove_at(r.k, r.rt, at_ms(0), r.slot0[0], gc));
  d.delete_containers_in_pod(r.slot0[1], r.status());
  r.k.run_until(at_ms(1000));
  EXPECT_EQ(r.calls.count(Op::kContainerStatus, cri::Code::kOk), 2);
  EXPECT_EQ(r.calls.count(Op::kRemoveContainer, cri::Code::kOk), 1);
  EXPECT_EQ(r.calls.count(Op::kRemoveContainer, cri::Code::kNotFound), 1);
  EXPECT_EQ(r.store.find_container(r.slot0[0]), nullptr);
  EXPECT_EQ(d.removed() + d.failed(), 1u);
}

TEST(PodContainerDeletor, AFullBufferDropsRequests) {
  // Buffer of 2: the idle worker takes the first request at once, two wait, the rest
  // are dropped (select/default in deleteContainersInPod).
  Rig r(6);
  PodContainerDeletor d(r.k, r.rt, 1, /*buffer=*/2);
  d.start();
  r.k.run_until(at_ms(0));
  d.delete_containers_in_pod(r.slot0[5], r.status());
  EXPECT_EQ(d.requested(), 5u);
  EXPECT_EQ(d.dropped(), 2u);
  r.k.run_until(at_ms(1000));
  EXPECT_EQ(d.removed(), 3u);
  // The newest three beyond the kept one were sent; the two oldest were dropped.
  EXPECT_NE(r.store.find_container(r.slot0[0]), nullptr);
  EXPECT_NE(r.store.find_container(r.slot0[1]), nullptr);
  EXPECT_EQ(r.store.find_container(r.slot0[4]), nullptr);
  EXPECT_EQ(kContainerDeletorBufferLimit, 50u);
}

TEST(PodContainerDeletor, ExistsFrom14On) {
  EXPECT_FALSE(has_pod_container_deletor(*profile_for_version("1.2")));
  EXPECT_FALSE(has_pod_container_deletor(*profile_for_version("1.3")));
  EXPECT_TRUE(has_pod_container_deletor(*profile_for_version("1.4")));
  EXPECT_TRUE(has_pod_container_deletor(*profile_for_version("1.13")));
  EXPECT_TRUE(has_pod_container_deletor(*profile_for_version("1.37")));
}

}  // namespace
}  // namespace plegsim::kubelet
