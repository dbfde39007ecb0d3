// The cost model per CRI call (issue 11): median = base + perReturned x returned +
// perScanned x scanned. A full list returns what it scans; a list filtered by pod
// returns the pod's objects but scans the whole store, then filters (realworld.md R1,
// R10, R12); status calls count nothing. With constant noise each call's service time
// is its median exactly, so completion times are checked against the formula.
#include <gtest/gtest.h>

#include <vector>

#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"

namespace plegsim::cri {
namespace {

using core::Duration;
using core::Time;
using models::Op;

Duration us(std::int64_t v) {
  return Duration::microseconds(v);
}

// A node of `pods` pods, each with one sandbox and `containers` containers, and pod 0
// with `first_pod_containers` instead.
struct Node {
  core::Kernel k;
  Store store;
  std::unique_ptr<SimRuntime> rt;
  std::vector<ContainerId> sandboxes;
  std::vector<ContainerId> containers;
  Node(const SimRuntimeConfig& cfg, int pods, int containers_per_pod, int first_pod_containers) {
    for (int p = 0; p < pods; ++p) {
      PodUid pod = store.new_pod();
      sandboxes.push_back(store.add_sandbox(pod, Time{}));
      int n = p == 0 ? first_pod_containers : containers_per_pod;
      for (int c = 0; c < n; ++c) containers.push_back(store.add_container(pod, c, Time{}));
    }
    rt = std::make_unique<SimRuntime>(k, store, cfg);
  }
};

// How long one call takes, alone on the runtime, made at t = 0.
template <class MakeCall>
Duration time_one(Node& n, MakeCall make) {
  Time done = Time::never();
  auto body = [](Node& node, MakeCall mk, Time& out) -> core::Task<void> {
    auto r = co_await mk(*node.rt);
    EXPECT_TRUE(r.status.ok());
    out = node.k.now();
  };
  n.k.spawn(body(n, make, done));
  n.k.run_until(Time{} + Duration::hours(1));
  return done - Time{};
}

SimRuntimeConfig costs(Duration base, Duration per_returned, Duration per_scanned) {
  SimRuntimeConfig cfg;
  for (Op op :
       {Op::kListContainers, Op::kListPodSandbox, Op::kContainerStatus, Op::kPodSandboxStatus}) {
    auto& l = cfg.latency[static_cast<int>(op)];
    l.base = base;
    l.per_item = per_returned;
    l.per_scanned = per_scanned;
  }
  return cfg;
}

Duration filtered_containers(Node& n, PodUid pod) {
  return time_one(n, [pod](SimRuntime& rt) { return rt.list_containers(ListFilter{pod}); });
}
Duration filtered_sandboxes(Node& n, PodUid pod) {
  return time_one(n, [pod](SimRuntime& rt) { return rt.list_pod_sandbox(ListFilter{pod}); });
}
Duration all_containers(Node& n) {
  return time_one(n, [](SimRuntime& rt) { return rt.list_containers(ListFilter{}); });
}

TEST(CallCost, FilteredListCostsReturnedPlusTheWholeStoreScanned) {
  // 10 pods of 2 containers, pod 0 with 3: ListContainers(pod 0) returns 3 and scans 21.
  SimRuntimeConfig cfg = costs(Duration::milliseconds(3), us(60), us(7));
  Node n(cfg, 10, 2, 3);
  EXPECT_EQ(filtered_containers(n, 0), Duration::milliseconds(3) + us(60) * 3 + us(7) * 21);
  Node n2(cfg, 10, 2, 3);
  EXPECT_EQ(filtered_containers(n2, 4), Duration::milliseconds(3) + us(60) * 2 + us(7) * 21);
  // ListPodSandbox(pod 4): returns its one sandbox, scans all 10.
  Node n3(cfg, 10, 2, 3);
  EXPECT_EQ(filtered_sandboxes(n3, 4), Duration::milliseconds(3) + us(60) * 1 + us(7) * 10);
}

TEST(CallCost, FullListReturnsWhatItScansAndStatusCallsCountNothing) {
  SimRuntimeConfig cfg = costs(Duration::milliseconds(3), us(60), us(7));
  Node n(cfg, 10, 2, 3);
  EXPECT_EQ(all_containers(n), Duration::milliseconds(3) + (us(60) + us(7)) * 21);
  // Status calls count nothing: a keyed lookup costs its base alone.
  SimRuntimeConfig status_cfg = costs(Duration::milliseconds(8), us(60), us(7));
  Node n1(status_cfg, 40, 2, 2);
  ContainerId c = n1.containers[5];
  EXPECT_EQ(time_one(n1, [c](SimRuntime& rt) { return rt.container_status(c); }),
            Duration::milliseconds(8));
  Node n2(status_cfg, 40, 2, 2);
  ContainerId s = n2.sandboxes[5];
  EXPECT_EQ(time_one(n2, [s](SimRuntime& rt) { return rt.pod_sandbox_status(s); }),
            Duration::milliseconds(8));
}

TEST(CallCost, OtherPodsRaiseAFilteredListByPerScannedPerContainer) {
  // The same pod, on nodes with more and more other pods: each extra container in the
  // store adds exactly perScanned, however few the call returns.
  SimRuntimeConfig cfg = costs(Duration::milliseconds(3), us(60), us(7));
  Duration before{};
  for (int pods : {1, 5, 50, 250}) {
    Node n(cfg, pods, 2, 2);
    Duration d = filtered_containers(n, 0);
    EXPECT_EQ(d, Duration::milliseconds(3) + us(60) * 2 + us(7) * (2 * pods)) << pods;
    if (pods > 1) {
      EXPECT_GT(d, before);
    }
    before = d;
  }
  Node small(cfg, 10, 2, 2), large(cfg, 11, 2, 2);
  EXPECT_EQ(filtered_containers(large, 0) - filtered_containers(small, 0), us(7) * 2);
  {
    // Without perScanned, today's model: a filtered list costs only what it returns.
    SimRuntimeConfig returned_only = costs(Duration::milliseconds(3), us(60), Duration{});
    Node few(returned_only, 10, 2, 2), many(returned_only, 200, 2, 2);
    Duration on_few = filtered_containers(few, 0);
    EXPECT_EQ(on_few, Duration::milliseconds(3) + us(60) * 2);
    EXPECT_EQ(filtered_containers(many, 0), on_few);
  }
}

TEST(CallCost, TheGeneralPathCountsTheSame) {
  // With a fault plan that touches the operation (an error window that never draws),
  // calls take the general path: the same costs.
  SimRuntimeConfig cfg = costs(Duration::milliseconds(3), us(60), us(7));
  models::Fault f;
  f.kind = models::FaultKind::kErrors;
  f.op = Op::kListContainers;
  f.probability = 0.0;
  cfg.faults.push_back(f);
  Node n(cfg, 10, 2, 3);
  EXPECT_EQ(filtered_containers(n, 0), Duration::milliseconds(3) + us(60) * 3 + us(7) * 21);
}

TEST(CallCost, MedianFormula) {
  models::OpLatency l;
  l.base = Duration::milliseconds(1);
  l.per_item = us(10);
  l.per_scanned = us(1);
  EXPECT_EQ(l.median(3, 100), Duration::milliseconds(1) + us(30) + us(100));
  EXPECT_EQ(l.median(0, 0), Duration::milliseconds(1));
  core::RngStream rng(1, "t");
  EXPECT_EQ(models::sample_latency(l, 3, 100, rng), l.median(3, 100));
  // The three-argument form is a full list: returned = scanned.
  EXPECT_EQ(models::sample_latency(l, 7, rng), l.median(7, 7));
  // Saturates instead of overflowing.
  l.per_scanned = Duration::max();
  EXPECT_EQ(l.median(1, 2), Duration::max());
  // The per-call lookup is a shift (models/latency.h).
  EXPECT_EQ(sizeof(models::OpLatency), 128u);
}

}  // namespace
}  // namespace plegsim::cri
