#include "sim/validate/validate.h"

#include <algorithm>
#include <cmath>

#include "sim/core/parallel.h"
#include "sim/core/time.h"
#include "sim/run/simulation.h"
#include "sim/run/sweep.h"

namespace plegsim::validate {

Samples simulate(const scenario::Scenario& s, const Options& o) {
  if (s.duration <= s.warmup)
    throw ValidateError(s.source_path + ": duration " + core::format_duration(s.duration) +
                        " leaves nothing after the warm-up of " + core::format_duration(s.warmup) +
                        " (set a longer --duration)");
  const std::uint64_t n = o.replications;
  const std::uint64_t first = o.seed.value_or(s.seed);
  std::vector<Samples> runs(n);
  core::parallel_for(
      0, n, static_cast<unsigned>(std::min<std::uint64_t>(o.threads, n)), [&](std::uint64_t r) {
        run::Simulation sim(
            s, {.seed = run::replication_seed(first, r), .allow_large = o.allow_large});
        SampleSink sink(core::Time{} + s.warmup);
        sim.add_sink(&sink);
        sim.run();
        runs[r] = sink.take();
      });
  Samples all;
  for (auto& r : runs) {
    all.append(r);
    r = Samples{};  // one replication's samples at a time besides the pool
  }
  all.sort();
  return all;
}

Validation validate(const scenario::Scenario& s, const fit::KubeletScrape& observed,
                    const Options& o) {
  Validation v;
  v.scrape = observed.source;
  v.scenario_source = s.source_path;
  v.scenario_name = s.name;
  v.replications = o.replications;
  v.seed = o.seed.value_or(s.seed);
  v.duration_seconds = s.duration.seconds_f();
  v.warmup_seconds = s.warmup.seconds_f();
  v.comparison = compare(observed, simulate(s, o));
  return v;
}

std::vector<const Row*> relist_duration_misses(const Validation& v, double tolerance) {
  std::vector<const Row*> out;
  for (const Row& r : v.comparison.rows) {
    if (r.metric != "relist_duration") continue;
    if (r.statistic != Statistic::kQuantile && r.statistic != Statistic::kBucket) continue;
    auto e = r.error();
    if (!e || std::abs(*e) > tolerance) out.push_back(&r);
  }
  return out;
}

}  // namespace plegsim::validate
