#include "sim/run/sweep.h"

#include <cmath>
#include <mutex>
#include <stdexcept>

#include "sim/core/parallel.h"
#include "sim/core/rng.h"
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

namespace {
// Two-sided 95% Student t quantiles for 1..30 degrees of freedom.
constexpr double kT95[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                           2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                           2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
}  // namespace

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  double sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  std::size_t df = e.n - 1;
  double t = df <= 30 ? kT95[df - 1] : 1.96;
  e.half_width = t * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

}  // namespace plegsim::run
