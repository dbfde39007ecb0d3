// What a run will need in memory, known before it is built: the simulated node's pods
// and containers dominate (the runtime's store, the kubelet's records and cache), and
// every other structure is small or streamed. Measured on the release build
// (`/usr/bin/time -f %M`, 6-minute runs): 17 MiB at 1,000 x 1 containers, 31 MiB at
// 10,000 x 1, 108 MiB at 10,000 x 10, 478 MiB at 50,000 x 10 - about 0.9 KiB per live
// container and 1.5 KiB per pod over a 16 MiB base. The estimate doubles those for
// headroom (three times per container, for churn: 5,000 x 4 at 20 crashes/h peaks at
// 117 MiB) and counts the exited containers the workload may keep.
#pragma once

#include <cstdint>

#include "sim/scenario/scenario.h"

namespace plegsim::run {

// The memory a run may use before Simulation refuses to build it without
// BuildOptions::allow_large (`--allow-large`, `allow_large=True`).
inline constexpr std::uint64_t kMemoryBudgetBytes = std::uint64_t{4} << 30;

// An upper estimate of the run's peak resident memory, in bytes.
std::uint64_t estimated_peak_bytes(const scenario::Scenario& s);

// Throws BuildError when the estimate exceeds kMemoryBudgetBytes.
void check_memory(const scenario::Scenario& s);

}  // namespace plegsim::run
