// The simulated runtime's fault plan: which calls hang, slow down or fail, and when
// (per-call hang, slowdown and error faults; stall windows per operation; runtime
// restart windows). CallEngine asks it as a call starts service; the event stream and
// the restart timers read the same faults.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/faults.h"
#include "models/operation.h"
#include "sim/core/rng.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

// The target of a call, for fault matching: pod (-1: none) and app-container slot.
struct CallTarget {
  PodUid pod = -1;
  int slot = -1;
};

// What the plan does to one call as it starts service.
struct CallFaults {
  bool hang = false;        // never completes; only the client's deadline frees it
  bool holds_slot = false;  // a hung call: whether it keeps its slot
  double factor = 1.0;      // slowdowns, multiplied
  bool injected_error = false;
};

class FaultPlan {
 public:
  // Error draws come from the "cri.faults" stream of `seed`.
  FaultPlan(const std::vector<models::Fault>& faults, std::uint64_t seed);

  const std::vector<models::Fault>& faults() const { return faults_; }
  // No call-time fault, stall or restart window can touch `op`: the latency model alone.
  bool plain(models::Op op) const { return plain_op_[static_cast<int>(op)]; }
  // Within a runtime-restart window.
  bool restarting(Time t) const;
  // The faults active at `now` that match the call, in the plan's order, up to the
  // first hang (an error fault draws once per match).
  CallFaults at_start(models::Op op, CallTarget target, Time now);
  // Service of `work` started at `now`, pushed past the operation's stall windows.
  Time completion(models::Op op, Time now, Duration work) const {
    return models::advance_past_stalls(stalls_by_op_[static_cast<int>(op)], now, work);
  }

 private:
  static bool matches(const models::Fault& f, models::Op op, CallTarget target);

  std::vector<models::Fault> faults_;
  core::RngStream rng_;
  std::array<std::vector<models::Fault>, models::kOpCount> stalls_by_op_;
  std::array<bool, models::kOpCount> plain_op_{};
};

}  // namespace plegsim::cri
