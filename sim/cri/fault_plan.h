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
  // first hang (an error fault draws once per match). Calls start in nondecreasing
  // time, so only the windows open at `now` are looked at (an earlier `now` than the
  // last one starts the scan over).
  CallFaults at_start(models::Op op, CallTarget target, Time now) {
    if (now >= next_change_ || now < last_) advance(now);
    return open_faults(op, target, now);
  }
  // Service of `work` started at `now`, pushed past the operation's stall windows.
  Time completion(models::Op op, Time now, Duration work) const {
    return models::advance_past_stalls(stall_lists_[stall_list_of_[static_cast<int>(op)]], now,
                                       work);
  }

 private:
  static bool matches(const models::Fault& f, models::Op op, CallTarget target);
  // Opens the per-call windows that started by `now` and drops those over by then.
  void advance(Time now);
  CallFaults open_faults(models::Op op, CallTarget target, Time now);

  std::vector<models::Fault> faults_;
  // Per-call (hang, slowdown, errors) windows: indices into faults_ by (from, index);
  // the first by_from_[next_] not yet opened; the open ones in faults_ order; and the
  // earliest time that changes the open set (a window opening or closing).
  std::vector<std::uint32_t> by_from_;
  std::size_t next_ = 0;
  std::vector<std::uint32_t> open_;
  Time next_change_{};
  Time last_{};
  std::vector<models::Fault> restarts_;
  core::RngStream rng_;
  // Sorted, merged stall windows: [0] those for every operation, then one list per
  // operation that has stalls of its own; each operation's index into them.
  std::vector<std::vector<models::StallWindow>> stall_lists_;
  std::array<std::uint8_t, models::kOpCount> stall_list_of_{};
  std::array<bool, models::kOpCount> plain_op_{};
};

}  // namespace plegsim::cri
