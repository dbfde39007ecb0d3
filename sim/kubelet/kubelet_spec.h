// The kubelet as a scenario writes it (its `kubelet:` section): a release, feature
// gates and overrides of the release's values. sim/run resolves it into a KubeletConfig.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"
#include "sim/kubelet/relist_compute.h"

namespace plegsim::kubelet {

using core::Duration;

// The feature gates the engine reads (sim/run/simulation.cpp, by these names); any other
// gate is accepted and has no effect.
inline constexpr std::string_view kGateEventedPleg = "EventedPLEG";
inline constexpr std::string_view kGatePlegOnDemandRelist = "PLEGOnDemandRelist";
inline constexpr std::array<std::string_view, 2> kModeledFeatureGates{kGateEventedPleg,
                                                                      kGatePlegOnDemandRelist};

struct KubeletSpec {
  std::string version = "1.11";
  std::map<std::string, bool> feature_gates;
  // maxPods: admission refuses pods beyond it. Unset: not checked (a scenario's node.pods
  // says what the node was admitted to run); a KubeletConfiguration always sets it (110
  // when it leaves it out, as the kubelet does).
  std::optional<int> max_pods;
  // Unset: the release's value (1s / 3m generic, 300s / 10m with EventedPLEG).
  std::optional<Duration> relist_period;
  std::optional<Duration> relist_threshold;
  Duration runtime_request_timeout = Duration::minutes(2);
  Duration node_status_update_frequency = Duration::seconds(10);
  int event_channel_capacity = 1000;
  // Simulated time the sync loop spends handling one PLEG event (not a kubelet setting).
  Duration event_handling_time{};
  // What-if, no kubelet has it: concurrent GetPodStatus calls in relist's per-pod loop
  // (proposed upstream in #95816 and #139827). 1 = the kubelet's serial loop.
  int inspection_parallelism = 1;
  // Evented PLEG: how often the cache's global timestamp is refreshed
  // (globalCacheUpdatePeriod; 1 s or 2 s upstream depending on the commit).
  Duration evented_cache_update_period = Duration::seconds(1);
  // Not a kubelet setting: the relist's own work as simulated time (relistCompute).
  RelistCompute relist_compute;
};

}  // namespace plegsim::kubelet
