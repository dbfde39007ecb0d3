// Sweep throughput: runs per wall second on 1 and 2 threads (the aim: at least
// 1.8x on 2 cores). Each iteration is one `plegsim sweep` of the README's capacity
// question, shortened: the 1.27 churn incident at 250 and 500 pods, 1 crash per hour per
// container and 20 % of pods rolled every hour, 8 replications of 6 h each (16 runs).
// Wall time (UseRealTime), since the runs go on a thread pool; `tests/bench/bench`
// prints the scaling.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/run/sweep.h"
#include "sim/scenario/loader.h"

namespace {

constexpr std::uint64_t kReplications = 8;

void BM_Sweep(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  auto base = plegsim::scenario::load_scenario(PLEGSIM_SOURCE_DIR
                                               "/scenarios/incidents/churn-generic-1.27.yaml",
                                               plegsim::scenario::LoadInputs{});
  std::vector<std::string> set = {"duration=6h", "workload.crashRate=1/h",
                                  "workload.rollout={every: 1h, fraction: 20%}"};
  auto points =
      plegsim::run::expand_sweep(base, set, {plegsim::run::parse_axis("node.pods=250,500")});
  std::size_t runs = 0;
  for (auto _ : state) {
    plegsim::run::SweepOptions o;
    o.threads = threads;
    auto r = plegsim::run::run_sweep(points, kReplications, o);
    runs += r.size();
    benchmark::DoNotOptimize(r.back().summary.relists);
  }
  state.counters["runs_per_s"] =
      benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Sweep)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(
    benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
