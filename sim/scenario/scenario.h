// A scenario as plain data: what the user wrote, with every default filled in.
// No behaviour here: sim/run builds a Simulation from it. Each component's part is
// that component's spec (kubelet::KubeletSpec, workload::WorkloadSpec, ...).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/faults.h"
#include "models/latency.h"
#include "models/operation.h"
#include "models/rate.h"
#include "models/regime.h"
#include "sim/core/time.h"
#include "sim/kubelet/background_spec.h"
#include "sim/kubelet/kubelet_spec.h"
#include "sim/workload/workload_spec.h"

namespace plegsim::scenario {

using core::Duration;
using models::Rate;

struct NodeSpec {
  int pods = 110;
  int containers_per_pod = 2;  // app containers; every pod also has one sandbox
};

struct RuntimeSpec {
  // The profile its values start from (scenarios/profiles/), or empty: plegsim's
  // hand-set defaults (default_latencies(), concurrency 4, no callers, no regime).
  std::string profile;
  int concurrency = 4;
  std::array<models::OpLatency, models::kOpCount> latency{};
  std::vector<kubelet::BackgroundCallerSpec> background;
  models::Regime regime;  // slowness episodes; none when it has no states
};

// One expectation on a summary field: min <= value <= max (either may be absent).
struct Expectation {
  std::string field;  // summary JSON name, e.g. node_not_ready_transitions
  std::optional<double> min;
  std::optional<double> max;
  int line = 0;  // where it was written, for messages
};

// A KubeletConfiguration file a scenario was read with (`kubelet.config` or
// `--kubelet-config`; docs/scenario.md, "From a real KubeletConfiguration").
struct KubeletConfigFile {
  std::string path;
  std::vector<std::string> applied;  // its fields plegsim models: "maxPods", ...
  std::vector<std::string> ignored;  // the others, as written: "cgroupDriver", ...
};

// Where a key was written, for errors reported after loading (the `sweep:` axes).
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string key;
};

// `sweep:`: axes, lock-step groups and replications for `plegsim sweep` (docs/output.md,
// "Sweeps"). Read and checked for form by every load; only `plegsim sweep` uses it.
struct SweepSpec {
  struct Axis {
    std::string path;
    std::string values;  // "100..1000:100", "log:10..10000:12" or "a,b,c" as --axis takes
    SourceLocation at;
  };
  std::vector<Axis> axes;  // in the order written
  std::vector<std::vector<std::string>> zip;
  std::vector<SourceLocation> zip_at;  // one per zip group
  std::uint64_t replications = 0;      // 0: not given
};

struct Scenario {
  std::string name = "default";
  Duration duration = Duration::hours(1);
  Duration warmup = Duration::minutes(5);  // excluded from summary statistics
  std::uint64_t seed = 1;
  kubelet::KubeletSpec kubelet;
  NodeSpec node;
  workload::WorkloadSpec workload;
  RuntimeSpec runtime;
  std::vector<models::Fault> faults;  // fixed windows and random faults (`random` set)
  std::vector<Expectation> expect;
  SweepSpec sweep;
  std::string source_path;  // "<built-in default>" or the file name
  // The text as given; with includes or overlays, the merged tree (every file inlined,
  // before --set), which loads alone to the same scenario.
  std::string source_yaml;
  // The KubeletConfiguration files read, in the order read; their applied values are in
  // `kubelet` (and in source_yaml), so a reload of source_yaml has none.
  std::vector<KubeletConfigFile> kubelet_configs;
};

// Latencies of the order a real 1.1x node shows, used for operations a scenario omits.
std::array<models::OpLatency, models::kOpCount> default_latencies();

}  // namespace plegsim::scenario
