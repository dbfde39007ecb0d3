// The latency entry's cost keys (issue 11): perReturned, perItem (its alias),
// perScanned, locked; `concurrency: unlimited`; their errors, and the to_yaml round trip.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/scenario.h"

namespace plegsim::scenario {
namespace {

using core::Duration;
using models::Op;

const models::OpLatency& lat(const Scenario& s, Op op) {
  return s.runtime.latency[static_cast<int>(op)];
}

Scenario load(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(yaml, "x.yaml", overrides);
}

ScenarioError error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    load(yaml, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return ScenarioError("", 0, 0, "", "");
}

TEST(ScenarioCost, PerReturnedPerScannedLocked) {
  Scenario s = load(
      "runtime:\n  latency:\n"
      "    ListContainers: {base: 3ms, perReturned: 60us, perScanned: 2us, locked: 0.6}\n");
  const auto& l = lat(s, Op::kListContainers);
  EXPECT_EQ(l.base, Duration::milliseconds(3));
  EXPECT_EQ(l.per_item, Duration::microseconds(60));
  EXPECT_EQ(l.per_scanned, Duration::microseconds(2));
  EXPECT_DOUBLE_EQ(l.locked, 0.6);
  // Unset, they are 0, as every key of an entry that replaces the default.
  Scenario t = load("runtime:\n  latency:\n    ListContainers: {base: 3ms}\n");
  EXPECT_EQ(lat(t, Op::kListContainers).per_scanned, Duration{});
  EXPECT_EQ(lat(t, Op::kListContainers).locked, 0.0);
}

TEST(ScenarioCost, PerItemIsAnAliasOfPerReturned) {
  Scenario a = load("runtime:\n  latency:\n    ListPodSandbox: {base: 5ms, perItem: 100us}\n");
  Scenario b = load("runtime:\n  latency:\n    ListPodSandbox: {base: 5ms, perReturned: 100us}\n");
  EXPECT_EQ(lat(a, Op::kListPodSandbox).per_item, Duration::microseconds(100));
  EXPECT_EQ(lat(a, Op::kListPodSandbox).per_item, lat(b, Op::kListPodSandbox).per_item);
  EXPECT_EQ(lat(a, Op::kListPodSandbox).per_scanned, Duration{});
  // And by --set.
  Scenario c = load("", {"runtime.latency.ListPodSandbox={base: 5ms, perReturned: 100us}"});
  EXPECT_EQ(lat(c, Op::kListPodSandbox).per_item, Duration::microseconds(100));
}

TEST(ScenarioCost, ConcurrencyUnlimited) {
  EXPECT_EQ(load("runtime: {concurrency: unlimited}\n").runtime.concurrency, 100000);
  EXPECT_EQ(load("", {"runtime.concurrency=unlimited"}).runtime.concurrency, 100000);
  EXPECT_EQ(load("runtime: {concurrency: 7}\n").runtime.concurrency, 7);
}

struct Case {
  const char* yaml;
  int line;
  int column;
  const char* key;
  const char* says;
};

void check(const Case& c) {
  ScenarioError e = error_of(c.yaml);
  SCOPED_TRACE(std::string(c.yaml) + "\n=> " + e.what());
  EXPECT_EQ(e.file, "x.yaml");
  EXPECT_EQ(e.line, c.line);
  EXPECT_EQ(e.column, c.column);
  EXPECT_EQ(e.key, c.key);
  EXPECT_NE(e.message.find(c.says), std::string::npos);
}

TEST(ScenarioCost, Errors) {
  check({"runtime:\n  latency:\n    ListContainers: {perReturned: 1us, perItem: 2us}\n", 3, 40,
         "runtime.latency.ListContainers.perItem", "not both"});
  check({"runtime:\n  latency:\n    ListContainers: {locked: 1.5}\n", 3, 30,
         "runtime.latency.ListContainers.locked", "in [0, 1]"});
  check({"runtime:\n  latency:\n    ListContainers: {locked: -0.1}\n", 3, 30,
         "runtime.latency.ListContainers.locked", "in [0, 1]"});
  check({"runtime:\n  latency:\n    ListContainers: {perScanned: -1us}\n", 3, 34,
         "runtime.latency.ListContainers.perScanned", "negative"});
  check({"runtime:\n  latency:\n    ListContainers: {perScanned: 87601h}\n", 3, 34,
         "runtime.latency.ListContainers.perScanned", "at most 87600h0m0s"});
  check({"runtime:\n  latency:\n    ListContainers: {perReturned: 87601h}\n", 3, 35,
         "runtime.latency.ListContainers.perReturned", "at most 87600h0m0s"});
  check({"runtime:\n  latency:\n    ListContainers: {perScaned: 1us}\n", 3, 22,
         "runtime.latency.ListContainers.perScaned", "perScanned"});
  check({"runtime: {concurrency: lots}\n", 1, 24, "runtime.concurrency", "or unlimited"});
  check({"runtime: {concurrency: 100001}\n", 1, 24, "runtime.concurrency", "[1, 100000]"});
}

TEST(ScenarioCost, RoundTripsThroughToYaml) {
  Scenario s = load(
      "runtime:\n  concurrency: unlimited\n  latency:\n"
      "    ListContainers: {base: 3ms, perReturned: 60us, perScanned: 1.5us, locked: 0.6}\n"
      "    ListPodSandbox: {base: 5ms, perItem: 100us, perScanned: 3ns, locked: 1}\n"
      "    ContainerStatus: {base: 8ms, locked: 0.333333333333}\n");
  std::string yaml = to_yaml(s);
  SCOPED_TRACE(yaml);
  Scenario t = load_scenario_text(yaml, "emitted");
  EXPECT_EQ(t.runtime.concurrency, 100000);
  for (int i = 0; i < models::kOpCount; ++i) {
    SCOPED_TRACE(models::kOpNames[i].cri);
    EXPECT_EQ(s.runtime.latency[i].base, t.runtime.latency[i].base);
    EXPECT_EQ(s.runtime.latency[i].per_item, t.runtime.latency[i].per_item);
    EXPECT_EQ(s.runtime.latency[i].per_scanned, t.runtime.latency[i].per_scanned);
    EXPECT_EQ(s.runtime.latency[i].locked, t.runtime.latency[i].locked);
  }
  EXPECT_NE(yaml.find("perReturned"), std::string::npos);
  EXPECT_NE(yaml.find("perScanned"), std::string::npos);
  EXPECT_NE(yaml.find("locked"), std::string::npos);
  // locked only when used (and always over a profile, which may set it).
  std::string plain = to_yaml(load_scenario_text("{}", "empty.yaml"));
  EXPECT_EQ(plain.find("locked"), std::string::npos);
}

TEST(ScenarioCost, LifecycleDefaultsFollowTheRealworldRows) {
  // sim/scenario/defaults.cpp: RunPodSandbox R8 + R6; containers R7 (create R9);
  // StopPodSandbox and RemovePodSandbox assumptions. No default scans or locks.
  const auto d = default_latencies();
  auto base = [&d](Op op) { return d[static_cast<int>(op)].base; };
  EXPECT_EQ(base(Op::kRunPodSandbox), Duration::milliseconds(1800));
  EXPECT_EQ(base(Op::kStopPodSandbox), Duration::milliseconds(220));
  EXPECT_EQ(base(Op::kRemovePodSandbox), Duration::milliseconds(380));
  EXPECT_EQ(base(Op::kCreateContainer), Duration::milliseconds(360));
  EXPECT_EQ(base(Op::kStartContainer), Duration::milliseconds(170));
  EXPECT_EQ(base(Op::kStopContainer), Duration::milliseconds(120));
  EXPECT_EQ(base(Op::kRemoveContainer), Duration::milliseconds(380));
  for (int i = 0; i < models::kOpCount; ++i) {
    SCOPED_TRACE(models::kOpNames[i].cri);
    EXPECT_EQ(d[i].per_scanned, Duration{});
    EXPECT_EQ(d[i].locked, 0.0);
    if (i != static_cast<int>(Op::kRunPodSandbox)) {
      EXPECT_LT(d[i].base, base(Op::kRunPodSandbox));  // still the slowest call
    }
  }
}

}  // namespace
}  // namespace plegsim::scenario
