// The simulated runtime's fault windows for one run: the scenario's fixed windows, each
// random fault's arrivals and the regime's episodes, all as ordinary models::Fault
// windows (docs/architecture.md, "Calls, deadlines, faults").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/faults.h"
#include "sim/scenario/scenario.h"

namespace plegsim::run {

// The most windows random faults and a regime may add to one run: ~90 bytes each,
// held twice while the runtime is built.
inline constexpr std::size_t kMaxGeneratedWindows = 1'000'000;

// Fixed windows as written; a random fault replaced, in place, by its windows over
// [0, duration) (stream "cri.random_faults"); then the regime's (stream "cri.regime").
// Without random faults or a regime, exactly s.faults. Throws BuildError past
// kMaxGeneratedWindows.
std::vector<models::Fault> runtime_fault_windows(const scenario::Scenario& s, std::uint64_t seed);

}  // namespace plegsim::run
