// Scenario loader errors: each names the file, 1-based line and column, the dotted key,
// what was wrong and what would be valid.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace plegsim::scenario {
namespace {

ScenarioError error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_text(yaml, "x.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return ScenarioError("", 0, 0, "", "");
}

struct Case {
  const char* yaml;
  int line;
  int column;
  const char* key;
  const char* says;  // a part of the message
};

void check(const Case& c, const std::vector<std::string>& overrides = {}) {
  ScenarioError e = error_of(c.yaml, overrides);
  SCOPED_TRACE(std::string(c.yaml) + "\n=> " + e.what());
  EXPECT_EQ(e.file, overrides.empty() ? "x.yaml" : "--set");
  EXPECT_EQ(e.line, c.line);
  EXPECT_EQ(e.column, c.column);
  EXPECT_EQ(e.key, c.key);
  EXPECT_NE(e.message.find(c.says), std::string::npos);
}

TEST(ScenarioErrors, WhatReadsFileLineColumnKeyMessage) {
  ScenarioError e = error_of("name: x\nnode:\n  pods: abc\n");
  EXPECT_STREQ(e.what(), "x.yaml:3:9: node.pods: must be an integer in [1, 100000] (got \"abc\")");
}

TEST(ScenarioErrors, UnknownKeys) {
  check({"name: x\nnode:\n  podz: 3\n", 3, 3, "node.podz", "did you mean \"pods\""});
  check({"nodes: {pods: 3}\n", 1, 1, "nodes", "valid keys here: name, duration"});
  check({"kubelet: {relistperiod: 1s}\n", 1, 11, "kubelet.relistperiod", "relistPeriod"});
  check({"runtime:\n  latency:\n    Version: {bse: 1ms}\n", 3, 15, "runtime.latency.Version.bse",
         "unknown key"});
  check({"faults:\n  - {kind: hang, podd: 1}\n", 2, 18, "faults[0].podd", "unknown key"});
  check({"node: {pods: 1, pods: 2}\n", 1, 17, "node.pods", "duplicate key"});
}

TEST(ScenarioErrors, WrongTypes) {
  check({"node: [1, 2]\n", 1, 7, "node", "must be a map"});
  check({"name: {a: 1}\n", 1, 7, "name", "must be a string (got a map)"});
  check({"duration: 90\n", 1, 11, "duration", "missing unit"});
  check({"seed: 1.5\n", 1, 7, "seed", "must be an integer >= 0"});
  check({"kubelet:\n  featureGates: {EventedPLEG: yes}\n", 2, 31,
         "kubelet.featureGates.EventedPLEG", "must be true or false"});
  check(
      {"kubelet: {featureGates: [EventedPLEG]}\n", 1, 25, "kubelet.featureGates", "must be a map"});
  check({"workload:\n  crashRate: 5\n", 2, 14, "workload.crashRate", "missing /unit"});
  check({"faults: {kind: hang}\n", 1, 9, "faults", "must be a list"});
  check({"expect:\n  relists: lots\n", 2, 12, "expect.relists", "must be a number"});
  check({"node:\n  pods:\n", 2, 3, "node.pods", "(got nothing)"});
}

TEST(ScenarioErrors, OutOfRange) {
  check({"node: {pods: 0}\n", 1, 14, "node.pods", "[1, 100000]"});
  check({"node: {pods: 100001}\n", 1, 14, "node.pods", "[1, 100000]"});
  check({"node: {containersPerPod: 0}\n", 1, 26, "node.containersPerPod", "[1, 100]"});
  check({"runtime: {concurrency: 0}\n", 1, 24, "runtime.concurrency", "integer in [1,"});
  check({"duration: 0s\n", 1, 11, "duration", "duration > 0"});
  check({"duration: -1s\n", 1, 11, "duration", "negative"});
  check({"duration: 10m\nwarmup: 10m\n", 2, 9, "warmup", "shorter than duration (10m0s)"});
  check({"duration: 2m\n", 1, 11, "duration", "longer than warmup (5m0s)"});
  check({"seed: -1\n", 1, 7, "seed", "integer >= 0"});
  check({"kubelet: {eventChannelCapacity: 0}\n", 1, 33, "kubelet.eventChannelCapacity", ">= 1"});
  check({"kubelet: {relistPeriod: 0s}\n", 1, 25, "kubelet.relistPeriod", "> 0"});
  check({"kubelet: {version: eleven}\n", 1, 20, "kubelet.version", "such as \"1.11\""});
  check({"workload: {backoffInitial: 1m, backoffMax: 30s}\n", 1, 44, "workload.backoffMax",
         ">= backoffInitial (1m0s)"});
  check({"workload: {maxDeadPerContainer: -1}\n", 1, 33, "workload.maxDeadPerContainer", ">= 0"});
}

TEST(ScenarioErrors, RuntimeOpsAndNoise) {
  check({"runtime:\n  latency:\n    ListPods: {base: 1ms}\n", 3, 5, "runtime.latency.ListPods",
         "ListPodSandbox, CreateContainer"});
  check({"runtime:\n  latency:\n    listPodSandbox: {base: 1ms}\n", 3, 5,
         "runtime.latency.listPodSandbox", "must be \"ListPodSandbox\""});
  check({"runtime:\n  background:\n    - {op: Relist, every: 1s}\n", 3, 12,
         "runtime.background[0].op", "a CRI operation"});
  check({"runtime:\n  background:\n    - {op: Version, every: 0s}\n", 3, 28,
         "runtime.background[0].every", "> 0"});
  check({"runtime:\n  latency:\n    Version: {noise: wobbly}\n", 3, 22,
         "runtime.latency.Version.noise", "{lognormal: {sigma: S}}"});
  check({"runtime:\n  latency:\n    Version: {noise: {lognormal: {sigma: -1}}}\n", 3, 42,
         "runtime.latency.Version.noise.lognormal.sigma", "in [0, 5]"});
  check({"runtime:\n  latency:\n    Version: {noise: {gamma: {shape: 0}}}\n", 3, 38,
         "runtime.latency.Version.noise.gamma.shape", "in (0, 1e+06]"});
  check({"runtime:\n  latency:\n    Version: {noise: {empirical: {quantiles: [1, 0.5]}}}\n", 3, 50,
         "runtime.latency.Version.noise.empirical.quantiles[1]", "ascend"});
  check({"runtime:\n  latency:\n    Version: {noise: {empirical: {quantiles: [0, 1]}}}\n", 3, 47,
         "runtime.latency.Version.noise.empirical.quantiles[0]", "in (0, 1e+06]"});
  check({"runtime:\n  latency:\n    Version: {noise: {empirical: {quantiles: [1]}}}\n", 3, 46,
         "runtime.latency.Version.noise.empirical.quantiles", "at least 2"});
  check({"runtime:\n  latency:\n    Version: {noise: {gamma: {shape: 1}, lognormal: {sigma: 1}}}\n",
         3, 22, "runtime.latency.Version.noise", "exactly one"});
  check({"runtime:\n  latency:\n    Version: {noise: {weibull: {shape: 0}}}\n", 3, 40,
         "runtime.latency.Version.noise.weibull.shape", "in (0, 1e+06]"});
  check({"runtime:\n  latency:\n    Version: {noise: {weibull: {}}}\n", 3, 32,
         "runtime.latency.Version.noise.weibull.shape", "required"});
  const std::string mix = "runtime:\n  latency:\n    Version: {noise: {mixture: {";
  check({(mix + "body: constant, tail: constant, tailProbability: 1.5}}}\n").c_str(), 3, 82,
         "runtime.latency.Version.noise.mixture.tailProbability", "in [0, 1]"});
  check({(mix + "body: constant, tail: constant, tailProbability: -0.1}}}\n").c_str(), 3, 82,
         "runtime.latency.Version.noise.mixture.tailProbability", "in [0, 1]"});
  check({(mix + "body: constant, tail: constant, tailProbability: 0.1, tailFactor: 0}}}\n").c_str(),
         3, 99, "runtime.latency.Version.noise.mixture.tailFactor", "in (0, 1e+06]"});
  check({(mix + "body: constant, tail: {mixture: {body: constant, tail: constant, "
                "tailProbability: 0.1}}, tailProbability: 0.1}}}\n")
             .c_str(),
         3, 56, "runtime.latency.Version.noise.mixture.tail.mixture", "cannot be mixtures"});
  check({(mix + "body: constant, tail: constant, tailProbability: 0.1, slow: 3}}}\n").c_str(), 3,
         87, "runtime.latency.Version.noise.mixture.slow", "tailFactor"});
  check({(mix + "body: constant, tailProbability: 0.1}}}\n").c_str(), 3, 32,
         "runtime.latency.Version.noise.mixture.tail", "required"});
}

TEST(ScenarioErrors, Faults) {
  check({"faults:\n  - {kind: boom}\n", 2, 12, "faults[0].kind", "hang, stall, slowdown"});
  check({"faults:\n  - {from: 1m}\n", 2, 5, "faults[0].kind", "required"});
  check({"faults:\n  - {kind: hang, factor: 2}\n", 2, 18, "faults[0].factor",
         "does not apply to kind hang"});
  check({"faults:\n  - {kind: stall, op: ListPodSandbox}\n", 2, 19, "faults[0].op",
         "does not apply to kind stall"});
  check({"faults:\n  - {kind: errors, probability: 0.5, holdsSlot: true}\n", 2, 38,
         "faults[0].holdsSlot", "does not apply"});
  check({"faults:\n  - {kind: stall, for: 1m, until: 4m}\n", 2, 19, "faults[0].for", "not both"});
  check({"faults:\n  - {kind: hang, from: 5m, until: 1m}\n", 2, 35, "faults[0].until",
         "after from (5m0s)"});
  check({"faults:\n  - {kind: slowdown}\n", 2, 5, "faults[0].factor", "required"});
  check({"faults:\n  - {kind: slowdown, factor: 0}\n", 2, 30, "faults[0].factor", "in (0, 1e+06]"});
  // Issue 16: values that aborted or hung the run are refused where they are written.
  check({"faults:\n  - {kind: slowdown, factor: 1e308}\n", 2, 30, "faults[0].factor",
         "in (0, 1e+06]"});
  check({"runtime:\n  latency:\n    ListPodSandbox: {base: 1h, perItem: 2562047h}\n", 3, 41,
         "runtime.latency.ListPodSandbox.perItem", "at most 87600h0m0s"});
  check({"kubelet:\n  relistThreshold: 2562047h47m16.854775807s\n", 2, 20,
         "kubelet.relistThreshold", "ten years"});
  check({"workload:\n  crashRate: 1e308/h\n", 2, 14, "workload.crashRate", "at most 3600/h"});
  check({"workload:\n  podCreateRate: 1e308/s\n", 2, 18, "workload.podCreateRate", "too large"});
  check(
      {"workload:\n  podDeleteRate: 101/s\n", 2, 18, "workload.podDeleteRate", "at most 360000/h"});
  check({"faults:\n  - {kind: errors, probability: 1.5}\n", 2, 33, "faults[0].probability",
         "[0, 1]"});
  check({"faults:\n  - {kind: hang, op: Nope}\n", 2, 22, "faults[0].op", "a CRI operation"});
  check({"faults:\n  - {kind: hang, pod: -1}\n", 2, 23, "faults[0].pod", ">= 0"});
  check({"faults:\n  - {kind: hang, container: 2}\n", 2, 29, "faults[0].container",
         "below node.containersPerPod (2)"});
  check(
      {"faults:\n  - {kind: stall, from: 1m, for: 2m}\n  - {kind: hang}\n"
       "  - {kind: stall, from: 2m, until: 5m}\n",
       4, 5, "faults[2]", "overlaps faults[0]'s [1m0s, 3m0s)"});
}

TEST(ScenarioErrors, Expect) {
  check({"expect:\n  nodeNotReady: 3\n", 2, 3, "expect.nodeNotReady", "nodeNotReadyTransitions"});
  check({"expect:\n  relists: {min: 10, max: 2}\n", 2, 27, "expect.relists.max", ">= min (10)"});
  check({"expect:\n  relists: {}\n", 2, 12, "expect.relists", "min, max or both"});
  check({"expect:\n  relists: {mean: 3}\n", 2, 13, "expect.relists.mean", "unknown key"});
  check({"expect:\n  relists: 1\n  Relists: 2\n", 3, 3, "expect.Relists", "given twice"});
}

TEST(ScenarioErrors, WorkloadSchedules) {
  check({"workload:\n  schedule:\n    - {from: 6h, crashRate: 1/h}\n    - {from: 1h}\n", 4, 14,
         "workload.schedule[1].from", "increasing order of from"});
  check({"workload: {podCreateRate: 20%%/h}\n", 1, 27, "workload.podCreateRate", "not a number"});
  check({"workload: {podDeleteRate: 200000%/h}\n", 1, 27, "workload.podDeleteRate",
         "at most 100000%/h"});
  check({"workload: {crashRate: 5%/h}\n", 1, 23, "workload.crashRate", "absolute rate"});
  check({"workload: {rollout: {every: 1h, fraction: 120%}}\n", 1, 43, "workload.rollout.fraction",
         "a percentage in (0%, 100%]"});
  check({"workload: {rollout: {every: 1h, fraction: 20}}\n", 1, 43, "workload.rollout.fraction",
         "a percentage"});
  check({"workload: {rollout: {every: 1h}}\n", 1, 21, "workload.rollout.fraction", "required"});
  check({"workload: {rollout: {every: 1h, fraction: 5%, surj: 1}}\n", 1, 47,
         "workload.rollout.surj", "did you mean \"surge\""});
  check(
      {"workload: {startup: {pods: 3, ovr: 1m}}\n", 1, 31, "workload.startup.ovr", "unknown key"});
}

TEST(ScenarioErrors, YamlSyntax) {
  check({"node: [1, 2\nname: x\n", 2, 5, "", "invalid YAML"});
  check({"a: 1\n  b: 2\n", 2, 4, "", "invalid YAML"});
  check({"name: x\n---\nname: y\n", 3, 1, "", "one YAML document"});
  check({"just text\n", 1, 1, "", "must be a map"});
}

TEST(ScenarioErrors, Overrides) {
  check({"", 0, 0, "node.pods", "must be an integer"}, {"node.pods=abc"});
  check({"", 0, 0, "node.podz", "unknown key"}, {"node.podz=3"});
  check({"", 0, 0, "node.pods", "expected path=value"}, {"node.pods"});
  check({"", 0, 0, "node..pods", "dotted key path"}, {"node..pods=3"});
  check({"", 0, 0, "", "dotted key path"}, {"=3"});
  check({"", 0, 0, "faults[x]", "list indices"}, {"faults[x]=1"});
  check({"", 0, 0, "faults[1]", "use an index up to 0"}, {"faults[1].kind=hang"});
  check({"", 0, 0, "faults", "not valid YAML"}, {"faults=[{kind: stall"});
  check({"node: 3\n", 0, 0, "node.pods", "node is not a map"}, {"node.pods=3"});
  check({"", 0, 0, "foo", "unknown key"}, {"foo.bar=1"});
  check({"", 0, 0, "faults[0].factor", "does not apply"}, {"faults=[{kind: hang, factor: 2}]"});
  check({"faults:\n  - {kind: hang}\n", 0, 0, "faults[0].factor", "does not apply"},
        {"faults[0].factor=3"});
}

TEST(ScenarioErrors, ErrorsInTheFileStillCiteTheFileWhenOverridesAreGiven) {
  ScenarioError e = error_of("node:\n  podz: 3\n", {"node.pods=4"});
  EXPECT_EQ(e.file, "x.yaml");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.key, "node.podz");
}

TEST(ScenarioErrors, UnreadableFile) {
  try {
    load_scenario_file("/nonexistent/dir/s.yaml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file, "/nonexistent/dir/s.yaml");
    EXPECT_EQ(e.line, 0);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/s.yaml: cannot open"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace plegsim::scenario
