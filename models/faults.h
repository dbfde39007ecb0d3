// Fault schedules as data: what goes wrong, to which calls, and when. The simulated
// runtime (sim/cri) and the kubelet's sync loop enact them.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "models/dwell.h"
#include "models/operation.h"
#include "models/rate.h"
#include "sim/core/time.h"

namespace plegsim::models {

using core::Time;

enum class FaultKind {
  kHang,            // matching calls that start in the window never complete
  kStall,           // the runtime serves nothing during the window; work resumes after
  kSlowdown,        // service time x factor for calls that start in the window
  kErrors,          // matching calls fail with probability p (Unavailable)
  kConsumerStall,   // the kubelet sync loop's event handler is blocked for the window
  kRuntimeRestart,  // the runtime restarts: in-flight calls fail at `from`, calls fail
                    // until `until`; state survives, hung calls are released
  kKubeletRestart,  // the kubelet restarts at `from`: PLEG, cache and sync loop start over
};

std::string_view fault_kind_name(FaultKind k);
std::optional<FaultKind> fault_kind_from_name(std::string_view name);

// What a random fault's arrival picks at random: nothing (the whole node), a pod, a
// container (pod and app-container slot) or an operation.
enum class FaultTarget { kNode, kPod, kContainer, kOp };

std::string_view fault_target_name(FaultTarget t);
std::optional<FaultTarget> fault_target_from_name(std::string_view name);

// A fault that comes as Poisson arrivals instead of a fixed window: each arrival opens
// a window lasting a `length` draw, on a target drawn uniformly at random.
struct RandomFault {
  Rate rate;  // arrivals per hour (absolute)
  Dwell length;
  FaultTarget target = FaultTarget::kNode;
  std::vector<Op> ops;  // target op: the candidates; every operation when empty

  bool operator==(const RandomFault& o) const {
    return rate.per_hour == o.rate.per_hour && rate.relative == o.rate.relative &&
           length == o.length && target == o.target && ops == o.ops;
  }
};

struct Fault {
  FaultKind kind = FaultKind::kHang;
  std::optional<Op> op;          // every operation when empty
  std::optional<int> pod;        // pod index (pod-0007 is 7); every pod when empty
  std::optional<int> container;  // app container index within the pod; any when empty
  Time from{0};
  Time until = Time::never();
  double factor = 1.0;       // slowdown multiplier
  double probability = 0.0;  // errors: chance that a matching call fails
  bool holds_slot = false;   // hang: the hung call keeps its runtime server slot
  // A scenario's random fault (from/until unused): sim/run expands it into windows,
  // which carry none. Shared so that copying a window stays cheap.
  std::shared_ptr<const RandomFault> random;

  bool active_at(Time t) const { return t >= from && t < until; }
};

// A stall window [from, until): just the times, for the runtime's per-call lookups.
struct StallWindow {
  Time from{};
  Time until{};
};

// Service needed `work` long that starts at `start` ends when `work` has been done
// outside every stall window. Windows must be sorted by `from` and not overlap.
Time advance_past_stalls(const std::vector<StallWindow>& stalls, Time start, core::Duration work);

}  // namespace plegsim::models
