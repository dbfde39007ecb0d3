// The result of GetPods: every listed pod, either materialised (the reference, as the
// kubelet builds it) or lazy over a runtime's change log (cri::ChangeFeed, when the
// runtime offers one), where only pods that changed since a previous listing are ever
// built. Both give the same pods.
#pragma once

#include <optional>
#include <vector>

#include "sim/cri/change_feed.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/pod.h"

namespace plegsim::kubelet {

class PodListing {
 public:
  // Groups materialised CRI lists into pods by the pod-UID label, sorted by UID.
  static PodListing materialised(const cri::SandboxList& sandboxes,
                                 const cri::ContainerList& containers);
  // A lazy listing: sandboxes as of `sandboxes.generation`, containers as of
  // `containers.generation`, which must be the log's present generation.
  static PodListing lazy(cri::ChangeLog& log, const cri::ListedGeneration& sandboxes,
                         const cri::ListedGeneration& containers);

  bool is_lazy() const { return log_ != nullptr; }
  std::size_t sandbox_count() const { return sandbox_count_; }
  std::size_t container_count() const { return container_count_; }
  // updateRunningPodAndContainerMetrics: pods with a running sandbox, and containers
  // (not sandboxes) per kubecontainer state.
  std::size_t running_pods() const { return running_pods_; }
  // len(pods): every pod listed, whatever its sandboxes' and containers' states.
  std::size_t listed_pods() const { return listed_pods_; }
  const std::array<std::size_t, 4>& containers_by_state() const { return by_state_; }

  // Materialised only: the pods.
  const std::vector<Pod>& pods() const { return pods_; }

  // Lazy only: UIDs of pods that may differ from the listing at generations
  // (prev_sandbox_gen, prev_container_gen), ascending; every UID when `prev` is empty.
  std::vector<PodUid> changed_since(std::optional<std::uint64_t> prev_sandbox_gen) const;
  // Lazy only: the pod as listed, or nullopt when it has no sandbox or container.
  std::optional<Pod> pod(PodUid uid) const;
  std::uint64_t sandbox_generation() const { return sandbox_gen_; }
  std::uint64_t container_generation() const { return container_gen_; }
  // Lazy only, once the records took this listing as their baseline: the log may drop
  // what came before it.
  void release_history();

 private:
  std::vector<Pod> pods_;
  cri::ChangeLog* log_ = nullptr;
  std::uint64_t sandbox_gen_ = 0;
  std::uint64_t container_gen_ = 0;
  std::size_t sandbox_count_ = 0;
  std::size_t container_count_ = 0;
  std::size_t running_pods_ = 0;
  std::size_t listed_pods_ = 0;
  std::array<std::size_t, 4> by_state_{};
};

}  // namespace plegsim::kubelet
