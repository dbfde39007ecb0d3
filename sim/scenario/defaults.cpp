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
  // Creates the pause container, its network namespace and runs CNI: the slowest call.
  set(Op::kRunPodSandbox, lat(D::milliseconds(500)));
  // Tears down networking (CNI DEL) and stops the pause container.
  set(Op::kStopPodSandbox, lat(D::milliseconds(50)));
  // Deletes the stopped sandbox's state and directories.
  set(Op::kRemovePodSandbox, lat(D::milliseconds(20)));
  // One sandbox's state plus a network-namespace IP lookup (~6 ms, as default.yaml).
  set(Op::kPodSandboxStatus, lat(D::milliseconds(6)));
  // Fixed cost plus a per-sandbox cost: ~16 ms at 110 pods, the scale of a real scrape.
  set(Op::kListPodSandbox, lat(D::milliseconds(5), D::microseconds(100)));
  // Writes the container's config and snapshot: tens of ms on a local disk.
  set(Op::kCreateContainer, lat(D::milliseconds(50)));
  // Forks the shim and runc start; the process's own start-up is not included.
  set(Op::kStartContainer, lat(D::milliseconds(100)));
  // The runtime's side of a stop when the process exits promptly on SIGTERM.
  set(Op::kStopContainer, lat(D::milliseconds(100)));
  // Removes the container's snapshot and state.
  set(Op::kRemoveContainer, lat(D::milliseconds(20)));
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
