// runtime.regime and random faults in the loader: what they read as, their errors
// (file:line:column and key), and the to_yaml round trip.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace plegsim::scenario {
namespace {

using core::Duration;
using models::Dwell;
using models::FaultKind;
using models::FaultTarget;
using models::Op;

const char* kRegime =
    "runtime:\n"
    "  regime:\n"
    "    initial: normal\n"
    "    states:\n"
    "      normal:   {dwell: {mean: 8h}, next: {degraded: 0.9, stalled: 0.1}}\n"
    "      degraded: {dwell: {mean: 2m}, factor: 4, ops: {ListContainers: 8}, next: {normal: 1}}\n"
    "      stalled:  {dwell: {median: 400ms, noise: {lognormal: {sigma: 1}}}, stall: true, next: "
    "{normal: 1}}\n";

const char* kRandom =
    "faults:\n"
    "  - kind: hang\n"
    "    random: {rate: 1/d, for: {mean: 10m}, target: container}\n"
    "    op: ContainerStatus\n"
    "  - kind: errors\n"
    "    random: {rate: 2/d, for: {median: 30s, noise: {lognormal: {sigma: 1}}}, target: op}\n"
    "    probability: 0.5\n"
    "  - {kind: slowdown, factor: 3, random: {rate: 1/h, for: 5m, target: op, ops: "
    "[ListPodSandbox, "
    "ListContainers]}}\n"
    "  - {kind: stall, random: {rate: 0.5/h, for: {mean: 1s}, target: node}}\n"
    "  - {kind: hang, from: 1m, pod: 3}\n";

TEST(ScenarioEpisodes, RegimeReads) {
  Scenario s = load_scenario_text(kRegime, "x.yaml");
  const auto& r = s.runtime.regime;
  ASSERT_EQ(r.states.size(), 3u);
  EXPECT_EQ(r.initial, 0);
  EXPECT_EQ(r.states[0].name, "normal");
  EXPECT_EQ(r.states[0].dwell.kind, Dwell::Kind::kExponential);
  EXPECT_EQ(r.states[0].dwell.scale, Duration::hours(8));
  ASSERT_EQ(r.states[0].next.size(), 2u);
  EXPECT_EQ(r.states[0].next[1], (std::pair<int, double>{2, 0.1}));
  EXPECT_EQ(r.states[1].factor, 4.0);
  EXPECT_EQ(r.states[1].factor_for(Op::kListContainers), 8.0);
  EXPECT_EQ(r.states[1].factor_for(Op::kListPodSandbox), 4.0);
  EXPECT_TRUE(r.states[2].stall);
  EXPECT_EQ(r.states[2].dwell.kind, Dwell::Kind::kNoise);
  EXPECT_EQ(r.states[2].dwell.noise.sigma, 1.0);
  EXPECT_FALSE(load_scenario_text("{}", "empty.yaml").runtime.regime.enabled());
}

TEST(ScenarioEpisodes, RandomFaultsRead) {
  Scenario s = load_scenario_text(kRandom, "x.yaml");
  ASSERT_EQ(s.faults.size(), 5u);
  ASSERT_TRUE(s.faults[0].random);
  EXPECT_EQ(s.faults[0].random->target, FaultTarget::kContainer);
  EXPECT_EQ(s.faults[0].random->rate.per_hour, 1.0 / 24.0);
  EXPECT_EQ(s.faults[0].op, Op::kContainerStatus);
  EXPECT_EQ(s.faults[1].probability, 0.5);
  EXPECT_EQ(s.faults[2].random->ops, (std::vector<Op>{Op::kListPodSandbox, Op::kListContainers}));
  EXPECT_EQ(s.faults[2].random->length.kind, Dwell::Kind::kNoise);
  EXPECT_EQ(s.faults[2].random->length.scale, Duration::minutes(5));
  EXPECT_EQ(s.faults[3].kind, FaultKind::kStall);
  EXPECT_FALSE(s.faults[4].random);
}

void expect_same_episodes(const Scenario& a, const Scenario& b) {
  EXPECT_TRUE(a.runtime.regime == b.runtime.regime);
  ASSERT_EQ(a.faults.size(), b.faults.size());
  for (std::size_t i = 0; i < a.faults.size(); ++i) {
    SCOPED_TRACE(i);
    const auto &x = a.faults[i], &y = b.faults[i];
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.op, y.op);
    EXPECT_EQ(x.pod, y.pod);
    EXPECT_EQ(x.container, y.container);
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.until, y.until);
    EXPECT_EQ(x.factor, y.factor);
    EXPECT_EQ(x.probability, y.probability);
    ASSERT_EQ(x.random == nullptr, y.random == nullptr);
    if (x.random) {
      EXPECT_TRUE(*x.random == *y.random);
    }
  }
}

TEST(ScenarioEpisodes, RoundTrip) {
  Scenario s = load_scenario_text(std::string(kRegime) + kRandom, "x.yaml");
  std::string yaml = to_yaml(s);
  SCOPED_TRACE(yaml);
  expect_same_episodes(load_scenario_text(yaml, "emitted"), s);
  // A non-default initial state and a lone state survive too.
  Scenario t = load_scenario_text(
      "runtime: {regime: {initial: b, states: {a: {dwell: 1s, next: {b: 2}}, b: {dwell: {mean: "
      "1s}, next: {a: 1}}}}}\n",
      "x.yaml");
  EXPECT_EQ(t.runtime.regime.initial, 1);
  expect_same_episodes(load_scenario_text(to_yaml(t), "emitted"), t);
  Scenario u =
      load_scenario_text("runtime: {regime: {states: {slow: {dwell: 1h, factor: 2}}}}\n", "x.yaml");
  expect_same_episodes(load_scenario_text(to_yaml(u), "emitted"), u);
  // Without them nothing new is emitted.
  EXPECT_EQ(to_yaml(load_scenario_text("{}", "empty.yaml")).find("regime"), std::string::npos);
}

struct Case {
  std::string yaml;
  int line;
  int column;
  const char* key;
  const char* says;
};

void check(const Case& c) {
  try {
    load_scenario_text(c.yaml, "x.yaml");
    ADD_FAILURE() << "no error for:\n" << c.yaml;
  } catch (const ScenarioError& e) {
    SCOPED_TRACE(c.yaml + "\n=> " + e.what());
    EXPECT_EQ(e.file, "x.yaml");
    EXPECT_EQ(e.line, c.line);
    EXPECT_EQ(e.column, c.column);
    EXPECT_EQ(e.key, c.key);
    EXPECT_NE(e.message.find(c.says), std::string::npos);
  }
}

TEST(ScenarioEpisodes, RegimeErrors) {
  const std::string r = "runtime:\n  regime:\n";
  check({r + "    states: {}\n", 3, 13, "runtime.regime.states", "at least one state"});
  check({r + "    initial: a\n", 3, 5, "runtime.regime.states", "required"});
  check({r + "    initial: c\n    states: {a: {dwell: 1s, next: {b: 1}}, b: {dwell: 1s, next: "
             "{a: 1}}}\n",
         3, 14, "runtime.regime.initial", "a state of runtime.regime.states (a, b)"});
  check({r + "    states: {a: {dwell: 1s, next: {x: 1}}, b: {dwell: 1s, next: {a: 1}}}\n", 3, 36,
         "runtime.regime.states.a.next.x", "a state of runtime.regime.states"});
  check({r + "    states: {a: {dwell: 1s, next: {b: 0}}, b: {dwell: 1s, next: {a: 1}}}\n", 3, 39,
         "runtime.regime.states.a.next.b", "a number > 0"});
  check({r + "    states: {a: {dwell: 1s, next: {b: -1}}, b: {dwell: 1s, next: {a: 1}}}\n", 3, 39,
         "runtime.regime.states.a.next.b", "a number > 0"});
  check({r + "    states: {a: {dwell: 1s, next: {a: 1, b: 1}}, b: {dwell: 1s, next: {a: 1}}}\n", 3,
         36, "runtime.regime.states.a.next.a", "cannot list itself"});
  check({r + "    states: {a: {factor: 2, next: {b: 1}}, b: {dwell: 1s, next: {a: 1}}}\n", 3, 17,
         "runtime.regime.states.a.dwell", "required"});
  check({r + "    states: {a: {dwell: 1s, next: {b: 1}}, b: {dwell: 1s}}\n", 3, 47,
         "runtime.regime.states.b.next", "required when the regime has more than one state"});
  check({r + "    states: {a: {dwell: {mean: 1s, median: 1s}}}\n", 3, 25,
         "runtime.regime.states.a.dwell", "not both"});
  check({r + "    states: {a: {dwell: {mean: 0s}}}\n", 3, 32, "runtime.regime.states.a.dwell.mean",
         "> 0"});
  check({r + "    states: {a: {dwell: 1s, factor: 0}}\n", 3, 37, "runtime.regime.states.a.factor",
         "(0, 1e+06]"});
}

TEST(ScenarioEpisodes, RandomFaultErrors) {
  const std::string f = "faults:\n  - ";
  check({f + "{kind: hang, random: {rate: 1/h, for: 1m, target: container}, pod: 200}\n", 2, 55,
         "faults[0].random.target", "nothing to draw from"});
  check({f + "{kind: hang, random: {rate: 1/h, for: 1m, target: op, ops: []}}\n", 2, 64,
         "faults[0].random.ops", "empty"});
  check({f + "{kind: hang, random: {rate: 0/h, for: 1m, target: pod}}\n", 2, 33,
         "faults[0].random.rate", "above 0"});
  check({f + "{kind: hang, random: {rate: -1/h, for: 1m, target: pod}}\n", 2, 33,
         "faults[0].random.rate", ""});
  check({f + "{kind: hang, random: {rate: 1/h, for: 1m, target: pod}, from: 1m}\n", 2, 61,
         "faults[0].from", "not both"});
  check({f + "{kind: hang, for: 2m, random: {rate: 1/h, for: 1m, target: pod}}\n", 2, 18,
         "faults[0].for", "not both"});
  check({f + "{kind: hang, random: {rate: 1/h, target: pod}}\n", 2, 26, "faults[0].random.for",
         "required"});
  check({f + "{kind: hang, random: {rate: 1/h, for: 1m, target: rack}}\n", 2, 55,
         "faults[0].random.target", "node, pod, container or op"});
  check({f + "{kind: stall, random: {rate: 1/h, for: 1m, target: pod}}\n", 2, 56,
         "faults[0].random.target", "node or op"});
  check({f + "{kind: runtimeRestart, random: {rate: 1/h, for: 1m, target: node}}\n", 2, 28,
         "faults[0].random", "hang, stall, slowdown and errors"});
  check({f + "{kind: hang, op: Status, random: {rate: 1/h, for: 1m, target: op}}\n", 2, 18,
         "faults[0].op", "random.ops"});
  check({f + "{kind: hang, random: {rate: 1/h, for: 1m, target: pod, ops: [Status]}}\n", 2, 60,
         "faults[0].random.ops", "target: op only"});
  check({f + "{kind: hang, factor: 2, random: {rate: 1/h, for: 1m, target: pod}}\n", 2, 18,
         "faults[0].factor", "does not apply"});
  check({f + "{kind: slowdown, random: {rate: 1/h, for: 1m, target: pod}}\n", 2, 5,
         "faults[0].factor", "required"});
}

}  // namespace
}  // namespace plegsim::scenario
