// The runtime's state: pod sandboxes and containers, with a generation counter and a
// change log so a reader can ask "which pods changed since generation g" in time
// proportional to the answer, and see a sandbox list as it stood at an earlier
// generation. Single-threaded.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sim/cri/change_feed.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

class StoreObserver;

// The log is the store's to keep and its one incremental reader's to release
// (ChangeLog::release_upto): what the reader has released, it never asks about again.
class Store final : public ChangeLog {
 public:
  // One mutation: enough to undo it (old state, creation time) and to know its pod.
  struct Change {
    std::uint64_t gen;
    PodUid pod;
    bool sandbox;       // a sandbox (else a container)
    bool existed;       // the object existed before (false: it was created)
    bool exists_after;  // the object exists after (false: it was removed)
    std::uint8_t old_state;
    ContainerId id;
    Time created;
  };

  // Allocates a new pod UID (no objects yet).
  PodUid new_pod();
  ContainerId add_sandbox(PodUid pod, Time now);
  bool set_sandbox_state(ContainerId id, SandboxState s);
  bool remove_sandbox(ContainerId id);
  // A new container in the created state.
  ContainerId add_container(PodUid pod, int slot, Time now);
  bool set_container_state(ContainerId id, ContainerState s, int exit_code = 0);
  bool remove_container(ContainerId id);

  // Observers are told of every mutation, in the order they were added.
  void add_observer(StoreObserver* o) { observers_.push_back(o); }
  void remove_observer(StoreObserver* o);

  std::uint64_t generation() const override { return gen_; }
  // Containers (not sandboxes) per ContainerState, and pods with a READY sandbox: the
  // kubelet's running-container and running-pod gauges, kept up to date per mutation.
  const std::array<std::size_t, 4>& containers_by_state() const { return by_state_; }
  std::size_t pods_with_ready_sandbox() const { return ready_pods_; }
  // Pods with at least one sandbox or container: the pods GetPods lists.
  std::size_t listed_pods() const { return listed_pods_; }
  std::size_t sandbox_count() const { return sandbox_count_; }
  std::size_t container_count() const { return container_count_; }
  // Number of pod UIDs ever allocated (valid UIDs are 0 .. pod_uid_count()-1).
  PodUid pod_uid_count() const override { return static_cast<PodUid>(pods_.size()); }

  const std::vector<SandboxView>& sandboxes_of(PodUid pod) const { return pods_[pod].sandboxes; }
  const std::vector<ContainerView>& containers_of(PodUid pod) const override {
    return pods_[pod].containers;
  }
  const SandboxView* find_sandbox(ContainerId id) const;
  const ContainerView* find_container(ContainerId id) const;

  // All objects (pod by pod, oldest first) or one pod's.
  std::vector<SandboxView> list_sandboxes(std::optional<PodUid> pod) const;
  std::vector<ContainerView> list_containers(std::optional<PodUid> pod) const;

  // ChangeLog: the change log read by generation, and released by its reader.
  void changed_since(std::uint64_t after, std::uint64_t upto,
                     std::vector<PodUid>& out) const override;
  std::vector<SandboxView> sandboxes_at(PodUid pod, std::uint64_t generation) const override;
  void release_upto(std::uint64_t generation) override;
  // The oldest generation whose successors are all still logged.
  std::uint64_t log_horizon() const { return horizon_; }
  std::size_t log_size() const { return log_.size(); }

 private:
  struct PodObjects {
    std::vector<SandboxView> sandboxes;
    std::vector<ContainerView> containers;
  };
  std::deque<Change>::const_iterator first_change_after(std::uint64_t gen) const;
  ContainerId next_id(PodUid pod);
  void log(const Change& c) { log_.push_back(c); }
  void notify(std::uint8_t new_state);
  void count_ready(PodUid pod, int delta);
  void count_object(PodUid pod, int delta);

  std::vector<PodObjects> pods_;
  std::vector<PodUid> owner_;  // by id; -1 once removed
  std::deque<Change> log_;
  std::uint64_t gen_ = 0;
  std::uint64_t horizon_ = 0;
  std::size_t sandbox_count_ = 0;
  std::size_t container_count_ = 0;
  std::array<std::size_t, 4> by_state_{};
  std::vector<int> ready_sandboxes_;  // by pod
  std::size_t ready_pods_ = 0;
  std::vector<int> objects_;  // sandboxes + containers, by pod
  std::size_t listed_pods_ = 0;
  std::vector<StoreObserver*> observers_;
};

// Told about every mutation as it happens (detection latency, the CRI event stream).
class StoreObserver {
 public:
  virtual ~StoreObserver() = default;
  // `c` is the logged change; `new_state` the object's state after it (a
  // ContainerState, or a SandboxState for sandboxes; meaningless when removed).
  virtual void on_store_change(const Store::Change& c, std::uint8_t new_state) = 0;
};

}  // namespace plegsim::cri
