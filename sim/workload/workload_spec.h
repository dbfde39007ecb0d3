// The workload as a scenario writes it (its `workload:` section): the rates and
// back-off Churn plays against the runtime.
#pragma once

#include <vector>

#include "models/rate.h"
#include "sim/core/time.h"

namespace plegsim::workload {

using core::Duration;
using models::Rate;

struct WorkloadSpec {
  Rate crash_rate{0.5};    // per app container
  Rate pod_create_rate{};  // absolute, or relative (per live pod) when .relative
  Rate pod_delete_rate{};
  Duration backoff_initial = Duration::seconds(10);  // CrashLoopBackOff
  Duration backoff_max = Duration::minutes(5);
  Duration backoff_reset = Duration::minutes(10);  // running this long resets the back-off
  int max_dead_per_container = 1;                  // container GC keeps this many dead
  Duration gc_period = Duration::minutes(1);
  // Bursts: at `at`, `pods` pods are deleted at once (a drained node, a deleted
  // namespace), all their pod workers calling the runtime concurrently.
  struct MassDelete {
    Duration at{};
    int pods = 0;
  };
  std::vector<MassDelete> mass_deletes;
  // Start-up: `pods` pods created through the lifecycle calls, evenly spread over
  // [0, over) after the kubelet starts (all at once when over is 0), in addition to
  // the node's pods present before it started.
  //
  // `exited`: exited containers from before the kubelet started (earlier attempts, a
  // previous boot), dealt round-robin over the node's pods and their container slots.
  // Container GC runs as soon as the kubelet starts (StartGarbageCollection's
  // wait.Until calls GarbageCollect at once, then every gcPeriod) and removes, one
  // call after another, those beyond maxDeadPerContainer per slot. The first relist,
  // inspecting every pod meanwhile, races with it: a container removed between its
  // pod's ListContainers and its ContainerStatus answers NotFound (M3 in
  // ../shared/data/realworld.md).
  struct Startup {
    int pods = 0;
    Duration over{};
    int exited = 0;
    // NOTREADY sandboxes of a previous boot, dealt round-robin over the node's pods;
    // the pod's running sandbox stays its newest. Kept: plegsim has no sandbox GC, and
    // upstream's keeps a sandbox while it holds a dead container (M3: 14 sandboxes
    // stopped, none removed, in the 23 minutes after a restart).
    int exited_sandboxes = 0;
  };
  Startup startup;
  // Piecewise-constant rates: from `from` on, these rates apply (each entry holds all
  // three, the ones its YAML left out filled from the entry before, or from the
  // top-level keys). Strictly increasing `from`.
  struct Phase {
    Duration from{};
    Rate crash_rate{};
    Rate pod_create_rate{};
    Rate pod_delete_rate{};
  };
  std::vector<Phase> schedule;
  // Roll-outs: from `start_after`, every `every`, replace `fraction` of the live pods
  // the way a Deployment's RollingUpdate does: at most `surge` pods above the count at
  // the start, at most `max_unavailable` below it. Surge and unavailability are either
  // absolute pod counts or, when *_percent, percentages of the pods replaced (surge
  // rounded up, unavailability down, as the deployment controller does).
  struct Rollout {
    Duration every{};       // 0: no roll-outs
    double fraction = 0.0;  // percent of the live pods, in (0, 100]
    double surge = 25.0;
    bool surge_percent = true;
    double max_unavailable = 25.0;
    bool max_unavailable_percent = true;
    Duration start_after{};  // the first roll-out (the loader defaults it to `every`)
  };
  Rollout rollout;
  // Whether any of start-up, relative rates, schedule or roll-outs is in use: the churn
  // then redraws its wait whenever the pod count or the rates change.
  bool dynamic() const {
    return startup.pods > 0 || !schedule.empty() || rollout.every.ns > 0 ||
           pod_create_rate.relative || pod_delete_rate.relative;
  }
};

}  // namespace plegsim::workload
