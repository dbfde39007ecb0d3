// The simulated runtime's configuration, read by its call engine (slots, latency,
// deadline, faults) and by its operations' event stream.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/fault_stream.h"
#include "models/faults.h"
#include "models/latency.h"
#include "models/operation.h"
#include "sim/cri/types.h"

namespace plegsim::cri {

struct SimRuntimeConfig {
  int concurrency = 4;
  std::array<models::OpLatency, models::kOpCount> latency{};
  // The kubelet's runtimeRequestTimeout: each call's deadline is its start + this.
  Duration request_timeout = Duration::minutes(2);
  std::vector<models::Fault> faults;  // hang, stall, slowdown and errors are used here
  // faults[i]'s place in the order faults match (empty: i), and windows drawn as the
  // run goes (a regime's, random faults'), which match in that order too.
  std::vector<std::uint64_t> fault_keys;
  std::shared_ptr<const models::FaultStreamSpec> fault_stream;
  std::uint64_t seed = 1;
};

}  // namespace plegsim::cri
