// The runtime's slowness regime: a semi-Markov process over named states (normal,
// degraded, stalled, ...). Each state lasts a drawn dwell, slows the calls that start in
// it by a factor (per operation if given) or stalls the runtime, then jumps to another
// state with the given probabilities. Sampled once per run into ordinary fault windows
// (slowdown and stall), which the simulated runtime's FaultPlan enacts.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "models/dwell.h"
#include "models/faults.h"
#include "models/operation.h"
#include "sim/core/rng.h"

namespace plegsim::models {

struct RegimeState {
  std::string name;
  Dwell dwell;
  double factor = 1.0;                       // service time x factor, every operation
  std::vector<std::pair<Op, double>> ops;    // per-operation factors replacing `factor`
  bool stall = false;                        // the runtime serves nothing in the state
  std::vector<std::pair<int, double>> next;  // (state index, weight); weights > 0

  // The factor a call of `op` starting in the state takes.
  double factor_for(Op op) const;
  bool operator==(const RegimeState&) const = default;
};

struct Regime {
  std::vector<RegimeState> states;  // empty: no regime
  int initial = 0;

  bool enabled() const { return !states.empty(); }
  bool operator==(const Regime&) const = default;
};

// One stay in a state: [from, until).
struct RegimeSpan {
  int state = 0;
  core::Time from{};
  core::Time until{};
};

// Draws the state path over [0, horizon) one stay at a time, the last stay cut at the
// horizon: the same draws, in the same order, however far ahead it is asked for.
class RegimeSampler {
 public:
  RegimeSampler(const Regime& r, core::Duration horizon, core::RngStream rng);
  bool done() const { return done_; }
  // Where the next stay starts (when not done).
  core::Time next_from() const { return t_; }
  RegimeSpan next();
  const core::RngStream& rng() const { return rng_; }

 private:
  const Regime* r_;
  core::Time end_;
  core::RngStream rng_;
  core::Time t_{};
  int state_ = 0;
  bool done_ = false;
};

// The state path over [0, horizon), the last stay cut at the horizon. Stops after
// max_spans + 1 stays (the caller reports too many).
std::vector<RegimeSpan> sample_regime_path(const Regime& r, core::Duration horizon,
                                           core::RngStream& rng, std::size_t max_spans);
// Appends the windows that enact one stay (as append_regime_windows does).
void append_span_windows(const Regime& r, const RegimeSpan& span, std::vector<Fault>& out);
// Appends the windows that enact `path`: a stall window per stalled stay, and per stay
// with a factor other than 1 one slowdown window (or one per operation when the state
// gives per-operation factors).
void append_regime_windows(const Regime& r, const std::vector<RegimeSpan>& path,
                           std::vector<Fault>& out);
// The embedded jump chain's stationary vector pi (pi = pi P, sum 1), and the long-run
// share of time in each state, pi_i x mean dwell_i normalised: the semi-Markov result.
// An irreducible chain is assumed (a single state has share 1).
std::vector<double> jump_chain_stationary(const Regime& r);
std::vector<double> stationary_time_shares(const Regime& r);

}  // namespace plegsim::models
