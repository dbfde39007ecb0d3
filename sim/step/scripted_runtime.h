// A container runtime whose answers are written by a test, like the kubelet's
// containertest.FakeRuntime / MockRuntime: the pods and containers every list returns,
// what one pod's inspection returns instead, and per-call errors and latencies. Calls
// complete in zero simulated time unless a latency is scripted. It offers no
// change feed, so the PLEG materialises every list and diffs every pod as the kubelet does.
//
// Container and sandbox ids may repeat across pods (the kubelet's tests call a container
// "c1" in two pods): PodSandboxStatus / ContainerStatus resolve an id in the pod whose
// filtered list was called last, which is the pod GetPodStatus is inspecting.
//
// Single-threaded, like the kernel it runs on.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/operation.h"
#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"

namespace plegsim::step {

using core::Duration;
using core::Time;
using cri::ContainerId;
using cri::PodUid;

// A target for calls that name no pod (unfiltered lists, Status, Version).
inline constexpr PodUid kNoPod = -1;

struct ScriptedContainer {
  ContainerId id = 0;
  cri::ContainerState state = cri::ContainerState::kRunning;
  Time created{};
  int slot = 0;
  int exit_code = 0;
};

struct ScriptedSandbox {
  ContainerId id = 0;
  cri::SandboxState state = cri::SandboxState::kReady;
  Time created{};  // GetPodStatus orders sandboxes newest first by this
  // PodSandboxStatus's network status: the pod's IPs (GetPodStatus reads the newest
  // sandbox's when it is READY).
  std::vector<std::string> ips;
};

// One pod as the runtime reports it: its app containers and its sandboxes.
struct ScriptedPod {
  PodUid uid = 0;
  std::vector<ScriptedContainer> containers;
  std::vector<ScriptedSandbox> sandboxes;
  // The timestamp the newest sandbox's status reports with its containers (the
  // Evented-PLEG path, 1.26+ gate on). None: the status carries no containers and the
  // kubelet lists them itself.
  std::optional<Time> status_timestamp{};
};

inline ScriptedContainer container(ContainerId id, cri::ContainerState state) {
  return ScriptedContainer{id, state, Time{}, 0, 0};
}
inline ScriptedSandbox sandbox(ContainerId id, cri::SandboxState state) {
  return ScriptedSandbox{id, state, Time{}, {}};
}

// What matching calls do. The most recently added matching rule applies; a call no
// rule matches takes its operation's default latency and succeeds.
struct CallRule {
  std::optional<models::Op> op;  // any operation when empty
  std::optional<PodUid> pod;     // any target when empty; kNoPod: calls naming no pod
  Duration latency{};
  cri::Code code = cri::Code::kOk;
  int times = -1;  // how many matching calls it still applies to; -1: forever
};

// One call as the runtime served it.
struct CallRecord {
  models::Op op;
  PodUid pod;  // kNoPod for unfiltered lists and node-level calls
  Time start;
  Time end;
  cri::Code code;
};

class ScriptedRuntime final : public cri::Runtime {
 public:
  explicit ScriptedRuntime(core::Kernel& k) : k_(k) {}

  // --- What the runtime lists -------------------------------------------------------
  // Replaces every pod (AllPodList = ...).
  void set_pods(std::vector<ScriptedPod> pods);
  // Adds or replaces one pod.
  void set_pod(ScriptedPod pod);
  void remove_pod(PodUid uid);
  const std::map<PodUid, ScriptedPod>& pods() const { return pods_; }

  // What inspecting `uid` (GetPodStatus) sees instead of the listed pod, e.g. a status
  // without a container that the listing shows. Cleared by clear_inspection.
  void set_inspection(ScriptedPod view);
  void clear_inspection(PodUid uid);

  // --- How calls behave -------------------------------------------------------------
  void add_rule(CallRule rule) { rules_.push_back(rule); }
  void clear_rules() { rules_.clear(); }
  // The latency of calls of `op` that no rule matches.
  void set_latency(models::Op op, Duration d) { default_latency_[static_cast<int>(op)] = d; }
  // GetPods fails: the unfiltered `op` (ListPodSandbox or ListContainers) returns `code`.
  void fail_list(models::Op op, cri::Code code, int times = -1);
  // GetPodStatus(uid) fails: its `op` call (ListPodSandbox by default, the first one
  // an inspection makes) returns `code`.
  void fail_inspection(PodUid uid, cri::Code code, int times = -1,
                       models::Op op = models::Op::kListPodSandbox);

  // --- What happened ----------------------------------------------------------------
  const std::vector<CallRecord>& calls() const { return calls_; }
  void clear_calls() { calls_.clear(); }
  // Calls of `op` (any op when empty) targeting `pod` (any when empty).
  std::size_t count_calls(std::optional<models::Op> op,
                          std::optional<PodUid> pod = std::nullopt) const;
  // GetPodStatus calls for `uid` (each inspection starts with ListPodSandbox(uid)).
  std::size_t inspections(PodUid uid) const {
    return count_calls(models::Op::kListPodSandbox, uid);
  }
  // The earliest time a call in flight completes; nullopt when none is.
  std::optional<Time> next_completion() const;
  void set_call_observer(cri::CallObserver* o) { observer_ = o; }

  // --- cri::Runtime -----------------------------------------------------------------
  cri::Reply<cri::Result<cri::SandboxList>> list_pod_sandbox(cri::ListFilter filter) override;
  cri::Reply<cri::Result<cri::ContainerList>> list_containers(cri::ListFilter filter) override;
  cri::Reply<cri::Result<cri::SandboxView>> pod_sandbox_status(ContainerId id) override;
  cri::Reply<cri::Result<cri::ContainerView>> container_status(ContainerId id) override;
  cri::Reply<cri::Result<cri::SandboxStatusWithContainers>> pod_sandbox_status_with_containers(
      ContainerId id) override;
  cri::Reply<cri::Status> status() override;
  cri::Reply<cri::Result<ContainerId>> run_pod_sandbox(PodUid pod) override;
  cri::Reply<cri::Status> stop_pod_sandbox(ContainerId id) override;
  cri::Reply<cri::Status> remove_pod_sandbox(ContainerId id) override;
  cri::Reply<cri::Result<ContainerId>> create_container(PodUid pod, int slot) override;
  cri::Reply<cri::Status> start_container(ContainerId id) override;
  cri::Reply<cri::Status> stop_container(ContainerId id) override;
  cri::Reply<cri::Status> remove_container(ContainerId id) override;
  cri::Reply<cri::Status> invoke(models::Op op) override;

 private:
  struct Outcome {
    Duration latency;
    cri::Code code;
  };
  // Serves one call: applies the matching rule's latency and code, then records it.
  core::Task<cri::Status> serve(models::Op op, PodUid pod);
  Outcome outcome(models::Op op, PodUid pod);
  // The pod as filtered calls for `uid` see it (the inspection view, else the listing).
  const ScriptedPod* view(PodUid uid) const;
  // The listed objects (`ScriptedPod::sandboxes` or `::containers`) of one pod or all.
  template <class View, class Member>
  std::vector<View> collect(const cri::ListFilter& filter, Member member) const;
  // The pod holding sandbox / container `id`, preferring the pod inspected last.
  PodUid sandbox_owner(ContainerId id) const;
  PodUid container_owner(ContainerId id) const;
  ScriptedSandbox* find_sandbox(ContainerId id);
  // Start/StopContainer: one call, then the container's new state (NotFound if gone).
  core::Task<cri::Status> set_container_state(models::Op op, ContainerId id,
                                              cri::ContainerState state);
  ScriptedContainer* find_container(ContainerId id);

  core::Kernel& k_;
  std::map<PodUid, ScriptedPod> pods_;
  std::map<PodUid, ScriptedPod> inspection_;
  std::vector<CallRule> rules_;
  std::array<Duration, models::kOpCount> default_latency_{};
  std::vector<CallRecord> calls_;
  std::multiset<Time> in_flight_;               // completion times of calls being served
  PodUid inspected_sandboxes_ = kNoPod;         // pod of the last filtered ListPodSandbox
  PodUid inspected_containers_ = kNoPod;        // pod of the last filtered ListContainers
  ContainerId next_id_ = ContainerId{1} << 40;  // ids the lifecycle calls create
  cri::CallObserver* observer_ = nullptr;
};

}  // namespace plegsim::step
