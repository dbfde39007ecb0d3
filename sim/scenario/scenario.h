// A scenario as plain data: what the user wrote, with every default filled in.
// No behaviour here; sim/scenario/build turns it into a running Simulation.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/faults.h"
#include "models/latency.h"
#include "models/operation.h"
#include "models/rate.h"
#include "sim/core/time.h"

namespace plegsim::scenario {

using core::Duration;
using models::Rate;

struct KubeletSpec {
  std::string version = "1.11";
  std::map<std::string, bool> feature_gates;
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
};

struct NodeSpec {
  int pods = 110;
  int containers_per_pod = 2;  // app containers; every pod also has one sandbox
};

struct WorkloadSpec {
  Rate crash_rate{0.5};  // per app container
  Rate pod_create_rate{};
  Rate pod_delete_rate{};
  Duration backoff_initial = Duration::seconds(10);  // CrashLoopBackOff
  Duration backoff_max = Duration::minutes(5);
  Duration backoff_reset = Duration::minutes(10);  // running this long resets the back-off
  int max_dead_per_container = 1;                  // container GC keeps this many dead
  Duration gc_period = Duration::minutes(1);
  // Bursts: at `at`, `pods` pods are deleted at once (a drained node, a deleted
  // namespace), all their pod workers calling the runtime concurrently.
  struct MassDelete {
    Duration at{};
    int pods = 0;
  };
  std::vector<MassDelete> mass_deletes;
};

// Another kubelet caller that shares the runtime with the PLEG: periodic (the runtime
// cache, stats), periodic per pod (exec probes), or one call per PLEG event the sync
// loop handles (pod workers).
struct BackgroundCaller {
  enum class Trigger { kPeriodic, kPerPod, kOnEvent };
  models::Op op = models::Op::kListPodSandbox;
  Duration every = Duration::seconds(1);
  Trigger trigger = Trigger::kPeriodic;
};

struct RuntimeSpec {
  int concurrency = 4;
  std::array<models::OpLatency, models::kOpCount> latency{};
  std::vector<BackgroundCaller> background;
};

// One expectation on a summary field: min <= value <= max (either may be absent).
struct Expectation {
  std::string field;  // summary JSON name, e.g. node_not_ready_transitions
  std::optional<double> min;
  std::optional<double> max;
  int line = 0;  // where it was written, for messages
};

struct Scenario {
  std::string name = "default";
  Duration duration = Duration::hours(1);
  Duration warmup = Duration::minutes(5);  // excluded from summary statistics
  std::uint64_t seed = 1;
  KubeletSpec kubelet;
  NodeSpec node;
  WorkloadSpec workload;
  RuntimeSpec runtime;
  std::vector<models::Fault> faults;
  std::vector<Expectation> expect;
  std::string source_path;  // "<built-in default>" or the file name
  std::string source_yaml;  // the text as given
};

// Latencies of the order a real 1.1x node shows, used for operations a scenario omits.
std::array<models::OpLatency, models::kOpCount> default_latencies();

}  // namespace plegsim::scenario
