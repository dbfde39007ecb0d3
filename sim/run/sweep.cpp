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
        r.point = i / replications;
        r.replication = i % replications;
        const scenario::Scenario& sc = points[r.point].scenario;
        r.seed = replication_seed(sc.seed, r.replication);
        BuildOptions o;
        o.seed = r.seed;
        o.allow_large = options.allow_large;
        Simulation sim(sc, o);
        sim.run();
        r.summary = sim.summary();
        r.done = true;
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
