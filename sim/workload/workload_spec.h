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
  Rate crash_rate{0.5};  // per app container
  Rate pod_create_rate{};
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
};

}  // namespace plegsim::workload
