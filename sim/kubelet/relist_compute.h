// The kubelet's own work in a relist, as simulated time: converting the listing into
// pods and podRecords (setCurrent), computeEvents over every pod record, and turning
// each GetPodStatus answer into a PodStatus (updateCache). Not a kubelet setting: a
// cost the lead calibrates against real relists (issue #11 item 2; M2/M3 relist p50
// exceeds the sum of its list calls' p50 by 0.1-5 ms). All zero by default: no time
// passes and no kernel event is added.
#pragma once

#include <cstdint>

#include "models/latency.h"
#include "sim/core/rng.h"
#include "sim/core/time.h"

namespace plegsim::kubelet {

using core::Duration;

struct RelistCompute {
  Duration base{};           // per relist (Relist(), not relistPod)
  Duration per_pod{};        // per pod record computeEvents compares
  Duration per_container{};  // per container record (sandboxes included) in the listing
  Duration per_event{};      // per event computeEvents generates
  Duration per_status{};     // per GetPodStatus answer updateCache converts
  models::Noise noise;       // one multiplier per charge

  bool zero() const {
    return base.ns == 0 && per_pod.ns == 0 && per_container.ns == 0 && per_event.ns == 0 &&
           per_status.ns == 0;
  }
  bool operator==(const RelistCompute&) const = default;

  // The median of one charge: `fixed` plus the per-item costs times their counts.
  Duration median(Duration fixed, std::int64_t pods, std::int64_t containers,
                  std::int64_t events) const {
    return fixed + per_pod * pods + per_container * containers + per_event * events;
  }
  // A median scaled by one noise draw (a zero median draws nothing).
  Duration sample(Duration med, core::RngStream& rng) const {
    if (med.ns == 0) return med;
    return models::scale_median(med, models::sample_noise(noise, rng));
  }
};

}  // namespace plegsim::kubelet
