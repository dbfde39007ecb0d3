// A simulated node-day per iteration at 110, 250 and 1000 pods, 0.5 crashes per hour
// per container, the default scenario's latencies and background callers. Reports
// simulated seconds per wall second and kernel events per second; the relist mode
// (incremental vs the full-diff reference) is the second argument, background callers
// on or off the third, slowness episodes (the docs/scenario.md regime and random faults)
// on or off the fourth.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace {

void BM_NodeDay(benchmark::State& state) {
  const auto pods = state.range(0);
  const bool incremental = state.range(1) != 0;
  const bool background = state.range(2) != 0;
  std::vector<std::string> overrides{
      "duration=24h", "warmup=0s", "node.pods=" + std::to_string(pods), "workload.crashRate=0.5/h"};
  if (!background) overrides.emplace_back("runtime.background=[]");
  if (state.range(3) != 0) {
    overrides.emplace_back(
        "runtime.regime={states: {"
        "normal: {dwell: {mean: 8h}, next: {degraded: 0.9, stalled: 0.1}}, "
        "degraded: {dwell: {mean: 2m}, factor: 4, ops: {ListContainers: 8}, next: {normal: 1}}, "
        "stalled: {dwell: {median: 400ms, noise: {lognormal: {sigma: 1}}}, stall: true, "
        "next: {normal: 1}}}}");
    overrides.emplace_back(
        "faults=[{kind: hang, op: ContainerStatus, random: {rate: 1/d, for: {mean: 10m}, "
        "target: container}}, {kind: errors, probability: 0.5, random: {rate: 2/d, for: "
        "{median: 30s, noise: {lognormal: {sigma: 1}}}, target: op}}]");
  }
  auto sc = plegsim::scenario::load_default_scenario(overrides);
  std::uint64_t events = 0;
  double simulated = 0;
  for (auto _ : state) {
    plegsim::run::BuildOptions o;
    o.incremental_relist = incremental;
    plegsim::run::Simulation sim(sc, o);
    sim.run();
    events += sim.kernel().events_processed();
    simulated += sim.summary().simulated_seconds;
    benchmark::DoNotOptimize(sim.summary().relists);
  }
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_NodeDay)
    ->ArgNames({"pods", "incremental", "background", "episodes"})
    ->Args({110, 1, 1, 0})
    ->Args({250, 1, 1, 0})
    ->Args({1000, 1, 1, 0})
    ->Args({110, 1, 0, 0})
    ->Args({250, 1, 0, 0})
    ->Args({1000, 1, 0, 0})
    ->Args({110, 0, 1, 0})
    ->Args({1000, 0, 1, 0})
    ->Args({110, 1, 0, 1})
    ->Args({110, 1, 1, 1})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
