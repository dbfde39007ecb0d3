// The pods on the node and what happens to them: initial pods, container crashes with
// CrashLoopBackOff restarts, pod creation and deletion, and dead-container GC. Crashes
// change the runtime store directly (a process dies); everything else goes through
// CRI calls, so it contends with the PLEG for the runtime.
//
// Crashes, creations and deletions are competing Poisson processes drawn exactly
// (Gillespie): after each event the next one is drawn from the total rate of the
// state now; a crash picks a uniform app-container slot and is thinned away unless
// that slot's container is running, so each running container crashes at its rate.
//
// With start-up, relative rates, a rate schedule or roll-outs (WorkloadSpec::dynamic)
// the rates change between the loop's events too: pods become live when their
// creation finishes, roll-outs delete pods, the schedule moves on. The loop then
// redraws its wait at every such change (memoryless, so still exact); without them
// it runs exactly as before.
#pragma once

#include <deque>
#include <set>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/core/rng.h"
#include "sim/cri/runtime.h"
#include "sim/cri/store.h"
#include "sim/workload/timed_wait.h"
#include "sim/workload/workload_spec.h"

namespace plegsim::workload {

using core::Duration;
using core::Time;
using cri::ContainerId;
using cri::PodUid;

class Churn {
 public:
  Churn(core::Kernel& k, cri::Store& store, cri::Runtime& rt, const WorkloadSpec& spec,
        int containers_per_pod, std::uint64_t seed);

  // Puts `pods` running pods into the store at the current time, without CRI calls
  // (they were there before the kubelet started), and start-up's exited containers.
  void create_initial_pods(int pods);
  // Starts the churn and GC processes.
  void start();

  std::uint64_t crashes() const { return crashes_; }
  std::uint64_t restarts() const { return restarts_; }
  std::uint64_t pods_created() const { return pods_created_; }
  std::uint64_t pods_deleted() const { return pods_deleted_; }
  std::uint64_t containers_removed_by_gc() const { return gc_removed_; }
  std::size_t live_pods() const { return live_.size(); }
  std::uint64_t rollouts() const { return rollouts_; }
  // The most pods (live or being created) any roll-out had at once, over all rounds.
  std::size_t rollout_peak_pods() const { return rollout_peak_; }
  // When each start-up pod's creation began.
  const std::vector<Time>& startup_times() const { return startup_times_; }

 private:
  struct Slot {
    ContainerId current = 0;
    bool running = false;
    Time started{};
    int backoff_level = 0;         // CrashLoopBackOff doublings so far
    std::deque<ContainerId> dead;  // exited containers, oldest first
  };
  struct PodState {
    ContainerId sandbox = 0;
    std::vector<Slot> slots;
    bool live = false;
    std::size_t live_index = 0;
  };

  core::Task<void> churn_loop();
  core::Task<void> dynamic_churn_loop();
  // The event a draw u in [0, total) picks: a crash, a creation or a deletion.
  void fire(double u, double crash, double create);
  core::Task<void> mass_delete(Duration at, int pods);
  core::Task<void> startup(int pods, Duration over);
  core::Task<void> rollout_loop();
  core::Task<void> rollout_round();
  core::Task<void> rollout_create();
  // Container GC every gc_period; the first pass at once when `now` (start-up's
  // exited containers), else after one period.
  core::Task<void> gc_loop(bool now);
  core::Task<void> restart(PodUid uid, int slot, Duration delay);
  core::Task<void> create_pod();
  core::Task<void> delete_pod(PodUid uid);
  void crash_random_slot();
  void add_live(PodUid uid);
  void remove_live(PodUid uid);
  PodState& state(PodUid uid);
  double exp_draw(double rate);

  core::Kernel& k_;
  cri::Store& store_;
  cri::Runtime& rt_;
  WorkloadSpec spec_;
  int containers_per_pod_;
  core::RngStream rng_;
  std::vector<PodState> pods_;               // by UID
  std::vector<PodUid> live_;                 // pods that can crash or be deleted
  std::set<std::pair<PodUid, int>> gc_due_;  // slots holding more dead than allowed
  std::uint64_t crashes_ = 0, restarts_ = 0, pods_created_ = 0, pods_deleted_ = 0, gc_removed_ = 0;
  bool dynamic_ = false;
  TimedWait churn_wake_;    // the dynamic churn loop's wait
  TimedWait rollout_wake_;  // a roll-out waiting for its pods to start
  std::int64_t rollout_creating_ = 0;
  std::uint64_t rollouts_ = 0;
  std::size_t rollout_peak_ = 0;
  std::vector<Time> startup_times_;
};

}  // namespace plegsim::workload
