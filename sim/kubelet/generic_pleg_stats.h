// GenericPleg's per-relist tally, shared by the files that implement GenericPleg
// (generic_pleg.cpp, generic_pleg_on_demand.cpp).
#pragma once

#include <cstdint>

#include "sim/kubelet/generic_pleg.h"

namespace plegsim::kubelet {

// What one relist did, for its RelistFinished observation.
struct GenericPleg::Stats {
  RelistFinished obs;
  // What computeEvents compares (for the compute cost): pod records, and container
  // records (sandboxes included) in the listing.
  std::int64_t records = 0;
  std::int64_t container_records = 0;
};

}  // namespace plegsim::kubelet
