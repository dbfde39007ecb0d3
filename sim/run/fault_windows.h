// The simulated runtime's fault windows for one run: the scenario's fixed windows, each
// random fault's arrivals and the regime's episodes, all as ordinary models::Fault
// windows (docs/architecture.md, "Calls, deadlines, faults").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "models/fault_stream.h"
#include "models/faults.h"
#include "sim/scenario/scenario.h"

namespace plegsim::run {

// The most windows random faults expanded up front may add to one run: ~90 bytes
// each, held twice while the runtime is built.
inline constexpr std::size_t kMaxGeneratedWindows = 1'000'000;
// The most windows a regime or a random fault drawn as the run goes may make per
// simulated hour (the FaultPlan's chunk), estimated from its rate or mean dwells.
inline constexpr double kMaxWindowsPerHour = 1'000'000;

// Fixed windows as written; a random fault replaced, in place, by its windows over
// [0, duration) (stream "cri.random_faults"); then the regime's (stream "cri.regime").
// Without random faults or a regime, exactly s.faults. Throws BuildError past
// kMaxGeneratedWindows. (The up-front expansion: runtime_faults draws the same
// windows as the run goes.)
std::vector<models::Fault> runtime_fault_windows(const scenario::Scenario& s, std::uint64_t seed);

// The runtime's faults as its FaultPlan takes them: the windows given up front (fixed
// ones; random faults that the event stream or the restart timers read, expanded), their
// keys in runtime_fault_windows' order, and the rest (the regime, random slowdowns,
// stalls, and hangs and errors on calls) as a stream drawn as the run goes. Throws
// BuildError for a regime or random fault that would make more than
// kMaxWindowsPerHour windows per simulated hour.
struct RuntimeFaults {
  std::vector<models::Fault> windows;
  std::vector<std::uint64_t> keys;
  std::shared_ptr<const models::FaultStreamSpec> stream;  // null: nothing drawn later
};
RuntimeFaults runtime_faults(const scenario::Scenario& s, std::uint64_t seed);

// The run's fault time for the summary: each window [from, min(until, duration)) of the
// scenario's `faults:` (fixed ones and random faults' arrivals; not the regime's
// episodes, not a kubeletRestart, which is an instant), in no order and possibly
// overlapping. nullopt when the random faults make more than kMaxGeneratedWindows.
std::optional<std::vector<std::pair<core::Time, core::Time>>> fault_spans(
    const scenario::Scenario& s, std::uint64_t seed);

}  // namespace plegsim::run
