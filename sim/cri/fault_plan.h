// The simulated runtime's fault plan: which calls hang, slow down or fail, and when
// (per-call hang, slowdown and error faults; stall windows per operation; runtime
// restart windows). CallEngine asks it as a call starts service; the event stream and
// the restart timers read the same faults.
//
// A regime's and random faults' windows may come from a models::FaultStream, drawn a
// span of simulated time ahead of the calls (kChunk) and dropped once no call can
// reach them any more: memory stays bounded however long the run.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/fault_stream.h"
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
  // How far ahead of the calls a stream's windows are drawn.
  static constexpr Duration kChunk = Duration::hours(1);

  // Error draws come from the "cri.faults" stream of `seed`. `keys[i]` is faults[i]'s
  // place in the matching order (empty: i); `stream`, when given, adds its windows as
  // time advances.
  FaultPlan(const std::vector<models::Fault>& faults, std::uint64_t seed,
            const std::vector<std::uint64_t>& keys = {},
            std::shared_ptr<const models::FaultStreamSpec> stream = nullptr);

  // The windows given up front (a stream's are not kept).
  const std::vector<models::Fault>& faults() const { return faults_; }
  // No call-time fault, stall or restart window can touch `op`: the latency model alone.
  bool plain(models::Op op) const { return plain_op_[static_cast<int>(op)]; }
  // Within a runtime-restart window.
  bool restarting(Time t) const;
  // The faults active at `now` that match the call, in the plan's order, up to the
  // first hang (an error fault draws once per match). Calls start in nondecreasing
  // time, so only the windows open at `now` are looked at (an earlier `now` than the
  // last one starts the scan over: windows from a stream are not replayed).
  CallFaults at_start(models::Op op, CallTarget target, Time now) {
    if (now >= next_change_ || now < last_) advance(now);
    return open_faults(op, target, now);
  }
  // Service of `work` started at `now`, pushed past the operation's stall windows
  // (drawing the stream further when the walk reaches its end). `now` never goes back.
  Time completion(models::Op op, Time now, Duration work);
  // A call of `op` starting at `now` meets no restart, no open window that could match
  // it and no stall: it is the latency model alone if it completes by `*until` (the
  // next stall window's start, or how far the windows are drawn). `now` never goes back.
  bool clear(models::Op op, Time now, Time* until) {
    const int i = static_cast<int>(op);
    if (now < clear_valid_[i]) [[likely]] {
      *until = clear_until_[i];
      return true;
    }
    return clear_slow(op, now, until);
  }

 private:
  struct StallList {
    std::vector<models::StallWindow> w;  // sorted, merged
    std::size_t cur = 0;                 // clear(): the first not over by its last `now`
  };
  static bool matches(const models::Fault& f, models::Op op, CallTarget target);
  // Opens the per-call windows that started by `now` and drops those over by then.
  void advance(Time now);
  CallFaults open_faults(models::Op op, CallTarget target, Time now);
  bool clear_slow(models::Op op, Time now, Time* until);
  // Adds windows sorted by `from`, none before any already added.
  void add(const std::vector<models::KeyedFault>& sorted);
  // Draws the next kChunk of windows, first dropping what no call at `now` or later
  // can reach.
  void draw_chunk(Time now);
  void drop_before(Time now);

  std::vector<models::Fault> faults_;
  // Per-call (hang, slowdown, errors) windows by `from`; the first not yet opened; the
  // open ones in key order; and the earliest time that changes the open set (a window
  // opening or closing, or the end of the drawn windows).
  std::vector<models::KeyedFault> pending_;
  std::size_t next_ = 0;
  std::vector<models::KeyedFault> open_;
  Time next_change_{};
  Time last_{};
  std::vector<models::Fault> restarts_;
  core::RngStream rng_;
  // Sorted, merged stall windows: [0] those for every operation, then one list per
  // operation that has stalls of its own; each operation's index into them.
  std::vector<StallList> stall_lists_;
  std::array<std::uint8_t, models::kOpCount> stall_list_of_{};
  std::array<bool, models::kOpCount> plain_op_{};
  // clear()'s answer per operation, good for every `now` before clear_valid_ (the
  // open set and the stalls ahead do not change until then).
  std::array<Time, models::kOpCount> clear_valid_{};
  std::array<Time, models::kOpCount> clear_until_{};
  // With a stream: windows from `horizon_` on are not drawn yet (never: all are); the
  // up-front windows still to add, by `from`.
  std::optional<models::FaultStream> stream_;
  Time horizon_ = Time::never();
  std::vector<models::KeyedFault> later_;
  std::size_t later_next_ = 0;
  std::vector<models::KeyedFault> chunk_;
};

}  // namespace plegsim::cri
