// Latencies for operations a scenario does not list under runtime.latency.
#include "sim/scenario/scenario.h"

namespace plegsim::scenario {
namespace {

using core::Duration;
using models::Op;

// The spread a real node shows: the 1.13 scrape in shared/data has p99/p50 ~3.2 for
// list_podsandbox, which is what a lognormal with sigma 0.5 gives.
constexpr double kSigma = 0.5;

models::OpLatency lat(Duration base, Duration per_item = {}) {
  models::OpLatency l;
  l.base = base;
  l.per_item = per_item;
  l.noise.kind = models::Noise::Kind::kLognormal;
  l.noise.sigma = kSigma;
  return l;
}

}  // namespace

std::array<models::OpLatency, models::kOpCount> default_latencies() {
  using D = Duration;
  std::array<models::OpLatency, models::kOpCount> a{};
  auto set = [&a](Op op, models::OpLatency l) { a[static_cast<int>(op)] = l; };
  // A version handshake: a local gRPC round trip and nothing else.
  set(Op::kVersion, lat(D::milliseconds(1)));
  // Runtime status checks the network plugin too, so a little more than a round trip.
  set(Op::kStatus, lat(D::microseconds(1500)));
  // Lifecycle operations (realworld.md, ../shared/data, section 1d rows R6-R9). Medians
  // from means or p50s as the rows give them; the noise is the default lognormal.
  // Creates the pause container and its network namespace and runs CNI: the slowest
  // call. R8: CNI set-up ~1.5 s was "the long pole" of RunPodSandbox; plus ~0.3 s for
  // the pause container itself (R6: a whole `nerdctl run` of busybox, mean 0.34 s; R7:
  // CRI create + start 0.78 + 0.17 s on a 2018 beta, 0.19 + 0.04 s on containerd).
  set(Op::kRunPodSandbox, lat(D::milliseconds(1800)));
  // Tears down networking (CNI DEL) and stops the pause container. Assumption: no row
  // measures it; a container stop (R7: 0.12 s) plus ~0.1 s of CNI DEL, far below R8's
  // set-up (a slow teardown, P17, is a fault, not the default).
  set(Op::kStopPodSandbox, lat(D::milliseconds(220)));
  // Deletes the stopped pause container, the sandbox's state and directories.
  // Assumption: no row; as a container delete (R7: CRI delete 0.38 s).
  set(Op::kRemovePodSandbox, lat(D::milliseconds(380)));
  // One sandbox's state plus a network-namespace IP lookup (~6 ms, as default.yaml).
  set(Op::kPodSandboxStatus, lat(D::milliseconds(6)));
  // Fixed cost plus a per-sandbox cost: ~16 ms at 110 pods, the scale of a real scrape.
  set(Op::kListPodSandbox, lat(D::milliseconds(5), D::microseconds(100)));
  // Writes the container's config and prepares its snapshot. R9: create_container p50
  // 364 ms (docker, 2016; 413 ms on 1.1); R7: CRI create mean 0.78 s (2018 beta),
  // containerd direct 0.19 s; R6: a whole `nerdctl run` mean 0.34 s.
  set(Op::kCreateContainer, lat(D::milliseconds(360)));
  // Forks the shim and runc start; the process's own start-up is not included.
  // R7: CRI start 0.17 s (containerd direct 0.04 s).
  set(Op::kStartContainer, lat(D::milliseconds(170)));
  // The runtime's side of a stop when the process exits promptly on SIGTERM.
  // R7: CRI stop 0.12 s (containerd direct 0.08 s).
  set(Op::kStopContainer, lat(D::milliseconds(120)));
  // Removes the container's snapshot and state. R7: CRI delete 0.38 s (containerd
  // direct 0.08 s).
  set(Op::kRemoveContainer, lat(D::milliseconds(380)));
  // Cheaper per item than sandboxes (no network lookup): ~16 ms at 220 containers.
  set(Op::kListContainers, lat(D::milliseconds(3), D::microseconds(60)));
  // One container's state, mounts and log path: the PLEG's per-pod inspection cost.
  set(Op::kContainerStatus, lat(D::milliseconds(8)));
  // A short command in the container (a probe): runc exec dominates.
  set(Op::kExecSync, lat(D::milliseconds(75)));
  // Reads cgroup stats for every container: grows with the node.
  set(Op::kListContainerStats, lat(D::milliseconds(10), D::microseconds(50)));
  // Opening the event stream (Evented PLEG): a round trip.
  set(Op::kGetContainerEvents, lat(D::milliseconds(1)));
  return a;
}

}  // namespace plegsim::scenario
