// The runtime's generated fault windows, drawn as simulated time advances: a regime's
// stays and random faults' arrivals, produced a span of simulated time at a time
// instead of once over the whole run. The same windows, drawn in the same order from
// the same streams, as expanding them up front (sim/run/fault_windows.h); each carries
// a key giving its place in that up-front order (the FaultPlan's matching order).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/faults.h"
#include "models/random_faults.h"
#include "models/regime.h"
#include "sim/core/rng.h"

namespace plegsim::models {

// A window and its place in the plan: (scenario fault position << 40) | the window's
// index among those that fault (or the regime, after every fault) makes.
struct KeyedFault {
  std::uint64_t key = 0;
  Fault fault;
};
inline constexpr int kFaultKeyShift = 40;
inline std::uint64_t fault_key(std::uint64_t position, std::uint64_t index) {
  return (position << kFaultKeyShift) | index;
}

// What to draw: immutable, shared by every copy of a runtime's configuration.
struct FaultStreamSpec {
  struct Random {
    std::uint32_t position = 0;  // in the scenario's faults
    Fault fault;                 // with `random`
    core::RngStream rng;         // "cri.random_faults" where this fault's draws begin
  };
  std::vector<Random> random;
  std::optional<Regime> regime;
  std::uint32_t regime_position = 0;  // after every scenario fault
  std::uint64_t seed = 1;             // the regime draws from "cri.regime" of it
  NodeShape node;
  core::Duration horizon{};  // the run's length: nothing is drawn from it on
};

class FaultStream {
 public:
  explicit FaultStream(std::shared_ptr<const FaultStreamSpec> spec);
  // Appends, key order within each source, every window not yet given whose `from` is
  // before `until`.
  void generate(core::Time until, std::vector<KeyedFault>& out);
  // Nothing more to draw.
  bool done() const;

 private:
  struct Source {
    std::uint64_t position = 0;
    std::uint64_t index = 0;
    std::optional<RandomArrivals> arrivals;
  };
  std::shared_ptr<const FaultStreamSpec> spec_;
  std::vector<Source> random_;
  std::optional<RegimeSampler> regime_;
  std::uint64_t regime_index_ = 0;
  std::vector<Fault> scratch_;
};

}  // namespace plegsim::models
