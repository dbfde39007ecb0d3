#include "sim/run/sweep.h"

#include <cmath>
#include <mutex>
#include <stdexcept>

#include "sim/core/parallel.h"
#include "sim/core/rng.h"
#include "sim/core/stats.h"
#include "sim/run/simulation.h"

namespace plegsim::run {

std::uint64_t replication_seed(std::uint64_t scenario_seed, std::uint64_t replication) {
  return replication == 0
             ? scenario_seed
             : core::derive_seed(scenario_seed, "replication-" + std::to_string(replication));
}

SweepRun run_point(const SweepPoint& point, std::uint64_t replication, bool allow_large) {
  SweepRun r;
  r.point = point.index;
  r.replication = replication;
  r.seed = replication_seed(point.scenario.seed, replication);
  BuildOptions o;
  o.seed = r.seed;
  o.allow_large = allow_large;
  Simulation sim(point.scenario, o);
  sim.run();
  r.summary = sim.summary();
  r.done = true;
  return r;
}

std::vector<SweepRun> run_sweep(const std::vector<SweepPoint>& points, std::uint64_t replications,
                                const SweepOptions& options) {
  std::vector<SweepRun> runs(points.size() * replications);
  const std::size_t first = std::min(options.first_run, runs.size());
  std::mutex progress_mu;
  std::size_t finished = 0;  // under progress_mu
  core::parallel_for(
      first, runs.size(), std::max(1u, options.threads),
      [&](std::uint64_t i) {
        SweepRun& r = runs[i];
        r = run_point(points[i / replications], i % replications, options.allow_large);
        std::lock_guard<std::mutex> lock(progress_mu);
        if (options.on_run) options.on_run(r, i);
        if (options.on_run_done) options.on_run_done(++finished, runs.size() - first);
      },
      options.stop);
  return runs;
}

Estimate estimate(const std::vector<double>& values) {
  return core::mean_interval(values, 0.95);
}

}  // namespace plegsim::run
