// Fault windows drawn as the run goes (models::FaultStream, FaultPlan's chunks) against
// the same windows expanded up front (run::runtime_fault_windows, the oracle): a regime
// and random faults of every kind give the very same relists and calls, over days.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "fixtures.h"
#include "same_run.h"
#include "sim/cri/fault_plan.h"
#include "sim/cri/sim_runtime_config.h"
#include "sim/run/fault_windows.h"

namespace plegsim::testing {
namespace {

const char* kRegimeAndFaults =
    "duration: 48h\n"
    "warmup: 0s\n"
    "node: {pods: 30, containersPerPod: 2}\n"
    "workload: {crashRate: 0.5/h}\n"
    "runtime:\n"
    "  concurrency: 4\n"
    "  latency:\n"
    "    ListPodSandbox:   {base: 5ms, perItem: 100us, noise: {lognormal: {sigma: 0.5}}}\n"
    "    ListContainers:   {base: 3ms, perItem: 60us, noise: {lognormal: {sigma: 0.5}}}\n"
    "    PodSandboxStatus: {base: 6ms, noise: {lognormal: {sigma: 0.5}}}\n"
    "    ContainerStatus:  {base: 8ms, noise: {lognormal: {sigma: 0.5}}}\n"
    "  regime:\n"
    "    initial: normal\n"
    "    states:\n"
    "      normal: {dwell: {mean: 1996ms}, next: {hiccup: 0.99, stalled: 0.005, slow: "
    "0.005}}\n"
    "      hiccup: {dwell: {median: 30ms, noise: {lognormal: {sigma: 0.3}}}, stall: true, "
    "next: {normal: 1}}\n"
    "      stalled: {dwell: {median: 100ms, noise: {lognormal: {sigma: 1.2}}}, stall: true, "
    "next: {normal: 1}}\n"
    "      slow: {dwell: {mean: 2m}, factor: 3, ops: {ListContainers: 6}, next: {normal: 1}}\n"
    "faults:\n"
    "  - {kind: hang, op: ContainerStatus, random: {rate: 1/h, for: {mean: 10m}, target: "
    "container}}\n"
    "  - {kind: errors, probability: 0.5, random: {rate: 2/h, for: {median: 30s, noise: "
    "{lognormal: {sigma: 1}}}, target: op}}\n"
    "  - {kind: stall, random: {rate: 1/h, for: 2s, target: node}}\n"
    "  - {kind: slowdown, factor: 3, op: ListContainers, from: 2h, until: 3h}\n"
    "  - {kind: slowdown, factor: 2, random: {rate: 3/h, for: {mean: 1m}, target: pod}}\n"
    "  - {kind: stall, from: 5h, for: 30s}\n"
    "  - {kind: errors, probability: 0.3, op: ListContainers, random: {rate: 2/h, for: 20s, "
    "target: node}}\n"
    "  - {kind: runtimeRestart, from: 7h, for: 5s}\n"
    "  - {kind: hang, op: GetContainerEvents, random: {rate: 0.5/h, for: 10s, target: node}}\n"
    "  - {kind: stall, random: {rate: 1/h, for: {mean: 3s}, target: op, ops: "
    "[ListContainers, ContainerStatus]}}\n";

struct Pair {
  std::unique_ptr<run::Simulation> lazy, eager;
  record::MemorySink lazy_sink, eager_sink;
};

// The same scenario twice: as written (drawn as it goes), and with every window
// expanded up front as fixed faults and no regime.
void run_both(const std::string& yaml, Pair& p) {
  auto s = scenario::load_scenario_text(yaml, "<test>");
  auto fixed = s;
  fixed.faults = run::runtime_fault_windows(s, s.seed);
  fixed.runtime.regime = models::Regime{};
  p.lazy = std::make_unique<run::Simulation>(s);
  p.eager = std::make_unique<run::Simulation>(fixed);
  p.lazy->add_sink(&p.lazy_sink);
  p.eager->add_sink(&p.eager_sink);
  p.lazy->run();
  p.eager->run();
}

// The eager run writes the regime's episodes as fixed `faults:` windows, which count as
// fault time; the lazy run's regime does not (docs/output.md §1, "Fault time"). Every
// other field must agree.
std::string without_fault_time(const record::Summary& s) {
  return std::regex_replace(json_without_wall(s),
                            std::regex("\"(fault_seconds|node_not_ready_share_(in|outside)_"
                                       "faults)\": [^,}]*"),
                            "");
}

TEST(LazyFaults, SameRunAsWindowsExpandedUpFront) {
  Pair p;
  run_both(kRegimeAndFaults, p);
  EXPECT_GT(p.lazy_sink.relists.size(), 100000u);
  EXPECT_GT(p.lazy_sink.cri_calls.size(), 100000u);
  expect_same_observations(p.lazy_sink, p.eager_sink);
  EXPECT_EQ(without_fault_time(p.lazy->summary()), without_fault_time(p.eager->summary()));
}

TEST(LazyFaults, SameRunWithARegimeAlone) {
  std::string yaml = kRegimeAndFaults;
  yaml = yaml.substr(0, yaml.find("faults:\n"));
  Pair p;
  run_both(yaml, p);
  expect_same_observations(p.lazy_sink, p.eager_sink);
  EXPECT_EQ(without_fault_time(p.lazy->summary()), without_fault_time(p.eager->summary()));
}

TEST(LazyFaults, RefusesARegimeThatWouldFloodTheRun) {
  auto s = scenario::load_scenario_text(
      "runtime:\n"
      "  regime:\n"
      "    initial: a\n"
      "    states:\n"
      "      a: {dwell: {mean: 1us}, stall: true, next: {b: 1}}\n"
      "      b: {dwell: {mean: 1us}, next: {a: 1}}\n",
      "<test>");
  try {
    run::runtime_faults(s, 1);
    FAIL() << "no BuildError";
  } catch (const run::BuildError& e) {
    EXPECT_NE(std::string(e.what()).find("runtime.regime"), std::string::npos) << e.what();
  }
}

TEST(LazyFaults, LongRunsNeedNoWindowCap) {
  // 60 days of the calibrated hiccup regime: ~2.6 M windows, past the up-front cap.
  auto s = scenario::load_scenario_text(
      "duration: 1440h\n"
      "runtime:\n"
      "  regime:\n"
      "    initial: normal\n"
      "    states:\n"
      "      normal: {dwell: {mean: 1996ms}, next: {hiccup: 0.99792, stalled: 0.00208}}\n"
      "      hiccup: {dwell: {median: 30ms, noise: {lognormal: {sigma: 0.3}}}, stall: true, "
      "next: {normal: 1}}\n"
      "      stalled: {dwell: {median: 100ms, noise: {lognormal: {sigma: 1.2}}}, stall: true, "
      "next: {normal: 1}}\n",
      "<test>");
  EXPECT_THROW(run::runtime_fault_windows(s, 1), run::BuildError);
  auto f = run::runtime_faults(s, 1);
  EXPECT_TRUE(f.windows.empty());
  ASSERT_NE(f.stream, nullptr);
  cri::SimRuntimeConfig cfg;
  cfg.fault_stream = f.stream;
  cri::FaultPlan plan(cfg.faults, 1, cfg.fault_keys, cfg.fault_stream);
  // Walking the plan through the run: each hour drawn once, the walk always exact.
  Time t{};
  const Time end = Time{} + s.duration;
  std::size_t stalled = 0;
  while (t < end) {
    Time done = plan.completion(models::Op::kListPodSandbox, t, Duration::seconds(1));
    ASSERT_GE(done, t + Duration::seconds(1));
    if (done > t + Duration::seconds(1)) ++stalled;
    t = t + Duration::seconds(97);
  }
  EXPECT_GT(stalled, 100u);
}

}  // namespace
}  // namespace plegsim::testing
