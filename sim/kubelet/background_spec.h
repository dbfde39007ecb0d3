// A background caller as a scenario writes it (`runtime.background`); sim/run builds
// a BackgroundCaller (background.h) from each periodic or per-pod one.
#pragma once

#include "models/operation.h"
#include "sim/core/time.h"

namespace plegsim::kubelet {

using core::Duration;

// Another kubelet caller that shares the runtime with the PLEG: periodic (the runtime
// cache, stats), periodic per pod (exec probes), or one call per PLEG event the sync
// loop handles (pod workers).
struct BackgroundCallerSpec {
  enum class Trigger { kPeriodic, kPerPod, kOnEvent };
  models::Op op = models::Op::kListPodSandbox;
  Duration every = Duration::seconds(1);
  Trigger trigger = Trigger::kPeriodic;
};

}  // namespace plegsim::kubelet
