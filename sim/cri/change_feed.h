// An optional capability of a runtime whose state carries a generation counter and a
// change log (the simulated runtime; a recorded one could offer it too). A reader that
// kept the previous listing can then ask "which pods changed since generation g" and
// build only those, instead of materialising every pod of every list. A runtime
// without it returns nullptr from Runtime::change_feed(), and the kubelet lists as
// the kubelet does. Both must give the same pods: tests/fidelity/plain_runtime_test.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/cri/reply.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

// An unfiltered list answered by reference: the runtime's state as of `generation`,
// with the counts the kubelet's gauges take from a listing.
struct ListedGeneration {
  std::uint64_t generation = 0;
  std::size_t count = 0;  // objects the list holds
  // Container lists: containers per ContainerState. Sandbox lists: pods with a READY
  // sandbox (by_state[0]).
  std::array<std::size_t, 4> by_state{};
  // Container lists: pods with at least one sandbox or container at this generation.
  std::size_t pods = 0;
};

// The runtime's state read by generation. REQUIRES of every generation argument: not
// older than what release_upto released, not newer than generation().
class ChangeLog {
 public:
  virtual ~ChangeLog() = default;
  virtual std::uint64_t generation() const = 0;
  // Every pod UID ever allocated is below this.
  virtual PodUid pod_uid_count() const = 0;
  // Appends the UIDs of pods changed with after < generation <= upto, oldest change
  // first (repeats included). Throws std::logic_error when `after` was released.
  virtual void changed_since(std::uint64_t after, std::uint64_t upto,
                             std::vector<PodUid>& out) const = 0;
  // The pod's containers now, and its sandboxes as they were at `generation`
  // (ascending id).
  virtual const std::vector<ContainerView>& containers_of(PodUid pod) const = 0;
  virtual std::vector<SandboxView> sandboxes_at(PodUid pod, std::uint64_t generation) const = 0;
  // The reader will never ask about generations up to `generation` again: the log may
  // drop them. (One reader: the kubelet's relist.)
  virtual void release_upto(std::uint64_t generation) = 0;
};

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // ListPodSandbox / ListContainers, unfiltered: the same calls at the same cost, the
  // answer given as the generation the runtime's state had when the call returned.
  virtual Reply<Result<ListedGeneration>> list_pod_sandbox_generation() = 0;
  virtual Reply<Result<ListedGeneration>> list_containers_generation() = 0;
  virtual ChangeLog& change_log() = 0;
};

}  // namespace plegsim::cri
