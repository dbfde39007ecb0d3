// Helpers for fidelity tests: a quiet node with constant latencies whose timing can be
// worked out by hand, and a run that keeps every observation.
#pragma once

#include <memory>
#include <string>

#include "sim/record/memory_sink.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::testing {

using core::Duration;
using core::Time;

inline Duration ms(std::int64_t v) {
  return Duration::milliseconds(v);
}
inline Duration sec(std::int64_t v) {
  return Duration::seconds(v);
}

// `pods` pods of 2 app containers, no churn, no background callers, constant
// latencies: ListPodSandbox 10 ms, ListContainers 15 ms, PodSandboxStatus 4 ms,
// ContainerStatus 8 ms, Status 2 ms (none depend on the number of items).
inline std::string quiet_yaml(int pods, const std::string& version = "1.11") {
  return "name: quiet\nduration: 30m\nwarmup: 0s\nseed: 7\n"
         "kubelet: {version: \"" +
         version +
         "\"}\n"
         "node: {pods: " +
         std::to_string(pods) +
         ", containersPerPod: 2}\n"
         "workload: {crashRate: 0/h}\n"
         "runtime:\n"
         "  concurrency: 4\n"
         "  latency:\n"
         "    ListPodSandbox: {base: 10ms}\n"
         "    ListContainers: {base: 15ms}\n"
         "    PodSandboxStatus: {base: 4ms}\n"
         "    ContainerStatus: {base: 8ms}\n"
         "    Status: {base: 2ms}\n";
}

// The quiet node's GetPodStatus: ListPodSandbox + 1 PodSandboxStatus + ListContainers
// + 2 ContainerStatus.
inline Duration quiet_inspection() {
  return ms(10 + 4 + 15 + 8 + 8);
}

// Start times of a quiet node's relists (no changes after the first): the first at 0
// inspects every pod (25 ms + pods x 45 ms), the rest take 25 ms each, 1 s apart.
inline std::vector<Time> quiet_relist_starts(Duration until, int pods = 5) {
  std::vector<Time> s{Time{}};
  Time t = Time{} + ms(25) + quiet_inspection() * pods + sec(1);
  while (t < Time{} + until) {
    s.push_back(t);
    t = t + ms(25) + sec(1);
  }
  return s;
}

struct SimRun {
  scenario::Scenario scenario;
  std::unique_ptr<run::Simulation> sim;
  record::MemorySink sink;

  SimRun(const std::string& yaml, const std::vector<std::string>& overrides = {},
         run::BuildOptions opts = {})
      : scenario(scenario::load_scenario_text(yaml, "<test>", overrides)),
        sim(std::make_unique<run::Simulation>(scenario, opts)) {
    sim->add_sink(&sink);
  }
  void run() { sim->run(); }
  void run_until(Duration d) { sim->run_until(Time{} + d); }
  const record::Summary& summary() const { return sim->summary(); }
};

}  // namespace plegsim::testing
