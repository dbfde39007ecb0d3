// Sweeps: a scenario x the cartesian product of axes x replications, run on a pool of
// threads. Results do not depend on the thread count or on which thread ran what:
// each run is independent and its seed is a function of (scenario seed, replication).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/record/summary.h"
#include "sim/scenario/scenario.h"

namespace plegsim::run {

// One swept key and its values, as --set would take them: "node.pods" {"50", "110"}.
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;
};

// Parses "node.pods=50,110,250" (values split on commas outside brackets and braces).
SweepAxis parse_axis(const std::string& text);

struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::string> overrides;  // "path=value", one per axis
  scenario::Scenario scenario;
};

// The cartesian product, the first axis varying slowest. Each point's scenario is the
// base YAML with `base_overrides` then the point's own applied (ScenarioError on bad
// values, before anything runs).
std::vector<SweepPoint> expand_sweep(const scenario::Scenario& base,
                                     const std::vector<std::string>& base_overrides,
                                     const std::vector<SweepAxis>& axes);

// Replication r of every point runs with the same seed — common random numbers, so
// differences between points are not differences between random draws.
std::uint64_t replication_seed(std::uint64_t scenario_seed, std::uint64_t replication);

struct SweepRun {
  std::size_t point = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;
  bool done = false;  // false: the sweep was stopped before this run started
  record::Summary summary;
};

struct SweepOptions {
  unsigned threads = 1;
  bool allow_large = false;  // BuildOptions::allow_large for every run
  // Set (by a signal handler, say) to stop: no run starts after it is seen, runs under
  // way finish. Runs start in (point, replication) order, so the finished ones are a
  // prefix of the result.
  const std::atomic<bool>* stop = nullptr;
};

// Runs every point `replications` times; ordered by (point, replication).
std::vector<SweepRun> run_sweep(const std::vector<SweepPoint>& points, std::uint64_t replications,
                                const SweepOptions& options);

// Mean and 95% confidence half-width (Student t) of one summary field over runs.
struct Estimate {
  double mean = 0;
  double half_width = 0;  // 0 with fewer than two values
  std::size_t n = 0;      // runs where the field had a value
};
Estimate estimate(const std::vector<double>& values);

}  // namespace plegsim::run
