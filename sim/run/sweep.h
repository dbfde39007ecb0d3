// Sweeps: a scenario x the cartesian product of axes x replications, run on a pool of
// threads. Results do not depend on the thread count or on which thread ran what:
// each run is independent and its seed is a function of (scenario seed, replication).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/stats.h"
#include "sim/record/summary.h"
#include "sim/scenario/scenario.h"

namespace plegsim::run {

// One swept key and its values, as --set would take them: "node.pods" {"50", "110"}.
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;
};

// The most values one axis, and the most points one sweep, may have.
inline constexpr std::size_t kMaxAxisValues = 100000;
inline constexpr std::size_t kMaxSweepPoints = 100000;

// The values of one axis (docs/output.md, "Sweeps"); std::invalid_argument on bad text:
//   "50,110,250"        a list (split on commas outside brackets and braces)
//   "100..1000:100"     from..to:step, inclusive, ascending, step > 0; a unit suffix
//                       ("1/h..5/h:1/h", "10m..30m:10m") must be the same on all three
//   "log:10..10000:12"  12 log-spaced values from 10 to 10000; rounded to integers (and
//                       repeats dropped) when both ends are written as integers
std::vector<std::string> axis_values(const std::string& text);

// Parses "node.pods=50,110,250" (or a range, as axis_values).
SweepAxis parse_axis(const std::string& text);

// Axes and their lock-step groups: the axes of one `zip` group take their i-th values
// together (equal lengths), and groups and the other axes combine as a cartesian product.
struct SweepAxes {
  std::vector<SweepAxis> axes;
  std::vector<std::vector<std::string>> zip;  // axis paths
};

// Parses --zip "node.pods,workload.crashRate".
std::vector<std::string> parse_zip(const std::string& text);

// The scenario's `sweep:` axes; a bad value is a ScenarioError at the key it was written.
SweepAxes axes_from_scenario(const scenario::SweepSpec& spec);

// The scenario's axes with the command line's over them: a command-line axis on a path
// the scenario sweeps replaces the scenario's (in its place); zip groups add up.
SweepAxes merge_axes(SweepAxes file, const SweepAxes& cli);

// Checks `a`: no path twice, zip groups name at least two axes that exist, each in one
// group, of equal lengths, and at most kMaxSweepPoints points. std::invalid_argument.
void check_axes(const SweepAxes& a);

struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::string> overrides;  // "path=value", one per axis
  scenario::Scenario scenario;
};

// The cartesian product of the zip groups and the other axes, the one holding the first
// axis varying slowest (then by each one's first axis). Each point's scenario is the
// base YAML with `base_overrides` then the point's own applied (ScenarioError on bad
// values or an unknown key, before anything runs). check_axes first.
std::vector<SweepPoint> expand_sweep(const scenario::Scenario& base,
                                     const std::vector<std::string>& base_overrides,
                                     const SweepAxes& axes);
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
  // Called after each finished run with (runs finished, runs in all), one call at a time
  // (for a progress line); may be empty.
  std::function<void(std::size_t, std::size_t)> on_run_done = nullptr;
  // Runs before this index, in (point, replication) order, are not run (`--resume`: a
  // file holds them already); they stay done = false. on_run_done counts the others.
  std::size_t first_run = 0;
  // Called with each finished run and its index, one call at a time; may be empty.
  std::function<void(const SweepRun&, std::size_t)> on_run = nullptr;
};

// Replication `replication` of `point`: its seed (replication_seed), the run, its
// summary. Every way of running a sweep's runs (run_sweep, run_batch) runs them so.
SweepRun run_point(const SweepPoint& point, std::uint64_t replication, bool allow_large);

// Runs every point `replications` times; ordered by (point, replication).
std::vector<SweepRun> run_sweep(const std::vector<SweepPoint>& points, std::uint64_t replications,
                                const SweepOptions& options);

// Mean and 95% confidence half-width (Student t, sim/core/stats.h) of one summary field
// over runs; n counts the runs where the field had a value.
using Estimate = core::MeanInterval;
Estimate estimate(const std::vector<double>& values);

}  // namespace plegsim::run
