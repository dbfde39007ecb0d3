// Sweep axes: ranges, log ranges, lock-step (zip) groups, the scenario's `sweep:` axes,
// and every refusal (issue 13, item 3).
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run/sweep.h"
#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

using Values = std::vector<std::string>;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(SweepAxes, RangesAreInclusiveWithIntegerOrDecimalSteps) {
  EXPECT_EQ(axis_values("100..500:100"), (Values{"100", "200", "300", "400", "500"}));
  // The end need not lie on the grid: values up to it.
  EXPECT_EQ(axis_values("10..35:10"), (Values{"10", "20", "30"}));
  EXPECT_EQ(axis_values("7..7:1"), (Values{"7"}));
  // Decimal steps print with the places written, without float noise (0.1 + 0.2).
  EXPECT_EQ(axis_values("0.1..0.5:0.1"), (Values{"0.1", "0.2", "0.3", "0.4", "0.5"}));
  EXPECT_EQ(axis_values("0..1:0.25"), (Values{"0", "0.25", "0.5", "0.75", "1"}));
  EXPECT_EQ(axis_values(" 1..3:1 "), (Values{"1", "2", "3"}));
}

TEST(SweepAxes, RangesCarryAUnitWrittenOnEveryPart) {
  EXPECT_EQ(axis_values("1/h..5/h:2/h"), (Values{"1/h", "3/h", "5/h"}));
  EXPECT_EQ(axis_values("10m..30m:10m"), (Values{"10m", "20m", "30m"}));
  EXPECT_NE(error_of([] { axis_values("30s..2m:30s"); }).find("same unit"), std::string::npos);
}

TEST(SweepAxes, LogRangesAreRoundedForIntegerEnds) {
  EXPECT_EQ(axis_values("log:10..10000:4"), (Values{"10", "100", "1000", "10000"}));
  // 10 * 1000^(i/11), rounded.
  EXPECT_EQ(axis_values("log:10..10000:12"), (Values{"10", "19", "35", "66", "123", "231", "433",
                                                     "811", "1520", "2848", "5337", "10000"}));
  // 4^(i/4) rounds to 1, 1, 2, 3, 4: a repeated value is kept once.
  EXPECT_EQ(axis_values("log:1..4:5"), (Values{"1", "2", "3", "4"}));
  // Decimal ends: six significant digits; units as for ranges.
  EXPECT_EQ(axis_values("log:0.5..50.0:3"), (Values{"0.5", "5", "50"}));
  EXPECT_EQ(axis_values("log:1/h..100/h:3"), (Values{"1/h", "10/h", "100/h"}));
}

TEST(SweepAxes, ListsAreAsBefore) {
  EXPECT_EQ(axis_values("50,110,250"), (Values{"50", "110", "250"}));
  EXPECT_EQ(axis_values("[{kind: stall, from: 1m, for: 10s}],[]").size(), 2u);
}

TEST(SweepAxes, BadRangesAreErrors) {
  for (const char* bad : {"500..100:100", "1..5:0", "1..5:-1", "1..5", "..5:1", "1..:1", "a..5:1",
                          "1..5:x", "0..1000000:1", "log:0..10:3", "log:10..1:3", "log:1..10:1",
                          "log:1..10:x", "log:1..10:100001", "1,,2"}) {
    EXPECT_THROW(axis_values(bad), std::invalid_argument) << bad;
  }
  EXPECT_NE(error_of([] { axis_values("1..5:0"); }).find("step must be above 0"),
            std::string::npos);
  EXPECT_NE(error_of([] { axis_values("500..100:100"); }).find("below the start"),
            std::string::npos);
  EXPECT_NE(error_of([] { axis_values("0..1000000:1"); }).find("limit is 100000"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_axis("node.pods=9..1:1"); }).find("--axis node.pods"),
            std::string::npos);
}

TEST(SweepAxes, DuplicateAxesAndBadZipsAreErrors) {
  SweepAxes twice{{parse_axis("node.pods=1,2"), parse_axis("node.pods=3")}, {}};
  EXPECT_NE(error_of([&] { check_axes(twice); }).find("node.pods is given twice"),
            std::string::npos);
  SweepAxes a{{parse_axis("node.pods=10,20,30"), parse_axis("workload.crashRate=1/h,2/h")}, {}};
  a.zip = {{"node.pods", "workload.crashRate"}};
  EXPECT_NE(error_of([&] { check_axes(a); }).find("differ in length"), std::string::npos);
  a.zip = {{"node.pods", "seed"}};
  EXPECT_NE(error_of([&] { check_axes(a); }).find("zip names seed, which is not an axis"),
            std::string::npos);
  a.zip = {{"node.pods"}};
  EXPECT_NE(error_of([&] { check_axes(a); }).find("two or more"), std::string::npos);
  SweepAxes big{{parse_axis("node.pods=1..1000:1"), parse_axis("seed=1..101:1")}, {}};
  EXPECT_NE(error_of([&] { check_axes(big); }).find("101000 points; the limit is 100000"),
            std::string::npos);
  EXPECT_EQ(parse_zip("a, b"), (Values{"a", "b"}));
  EXPECT_THROW(parse_zip("a,,b"), std::invalid_argument);
}

TEST(SweepAxes, ZippedAxesMoveTogetherAndCrossTheOthers) {
  scenario::Scenario base = scenario::load_default_scenario();
  SweepAxes a{{parse_axis("node.pods=10,20,30"), parse_axis("seed=7,8"),
               parse_axis("workload.crashRate=1/h,2/h,3/h")},
              {{"node.pods", "workload.crashRate"}}};
  auto points = expand_sweep(base, {"duration=10m"}, a);
  ASSERT_EQ(points.size(), 6u);
  // The group holding the first axis varies slowest.
  std::vector<Values> got;
  for (const auto& p : points) got.push_back(p.overrides);
  EXPECT_EQ(got, (std::vector<Values>{
                     {"node.pods=10", "seed=7", "workload.crashRate=1/h"},
                     {"node.pods=10", "seed=8", "workload.crashRate=1/h"},
                     {"node.pods=20", "seed=7", "workload.crashRate=2/h"},
                     {"node.pods=20", "seed=8", "workload.crashRate=2/h"},
                     {"node.pods=30", "seed=7", "workload.crashRate=3/h"},
                     {"node.pods=30", "seed=8", "workload.crashRate=3/h"},
                 }));
  EXPECT_EQ(points[5].scenario.node.pods, 30);
  EXPECT_DOUBLE_EQ(points[5].scenario.workload.crash_rate.per_hour, 3.0);
}

TEST(SweepAxes, AnUnknownKeyFailsBeforeAnythingRunsNamingTheValidKeys) {
  scenario::Scenario base = scenario::load_default_scenario();
  std::string e = error_of([&] { expand_sweep(base, {}, {parse_axis("nodes.pods=1,2")}); });
  EXPECT_NE(e.find("nodes"), std::string::npos) << e;
  EXPECT_NE(e.find("valid keys here: name, duration"), std::string::npos) << e;
  e = error_of([&] { expand_sweep(base, {}, {parse_axis("node.podz=1,2")}); });
  EXPECT_NE(e.find("did you mean \"pods\""), std::string::npos) << e;
}

const char* kSweepScenario = R"(name: swept
duration: 10m
node: {pods: 20}
sweep:
  axes:
    node.pods: "10..30:10"
    workload.crashRate: [1/h, 2/h, 3/h]
    seed: "log:1..100:3"
  zip: [[node.pods, workload.crashRate]]
  replications: 3
)";

TEST(SweepAxes, TheScenarioCarriesItsAxesAndARunIgnoresThem) {
  scenario::Scenario s = scenario::load_scenario_text(kSweepScenario, "swept.yaml");
  EXPECT_EQ(s.node.pods, 20);  // a run: the scenario's own values
  EXPECT_EQ(s.sweep.replications, 3u);
  SweepAxes a = axes_from_scenario(s.sweep);
  ASSERT_EQ(a.axes.size(), 3u);
  EXPECT_EQ(a.axes[0].values, (Values{"10", "20", "30"}));
  EXPECT_EQ(a.axes[1].values, (Values{"1/h", "2/h", "3/h"}));
  EXPECT_EQ(a.axes[2].values, (Values{"1", "10", "100"}));
  EXPECT_EQ(a.zip, (std::vector<Values>{{"node.pods", "workload.crashRate"}}));
  EXPECT_EQ(expand_sweep(s, {}, a).size(), 9u);

  // The command line's axis on a path the file sweeps replaces it, in its place.
  SweepAxes m = merge_axes(a, {{parse_axis("node.pods=5,6,7"), parse_axis("warmup=1m,2m")}, {}});
  ASSERT_EQ(m.axes.size(), 4u);
  EXPECT_EQ(m.axes[0].values, (Values{"5", "6", "7"}));
  EXPECT_EQ(m.axes[3].path, "warmup");
  EXPECT_EQ(expand_sweep(s, {}, m).size(), 18u);
}

TEST(SweepAxes, TheScenariosBadAxesAreLocated) {
  std::string yaml = "duration: 10m\nsweep:\n  axes:\n    node.pods: \"30..10:10\"\n";
  scenario::Scenario s = scenario::load_scenario_text(yaml, "bad.yaml");
  std::string e = error_of([&] { axes_from_scenario(s.sweep); });
  EXPECT_NE(e.find("bad.yaml:4:16: sweep.axes.node.pods:"), std::string::npos) << e;
  EXPECT_NE(e.find("below the start"), std::string::npos) << e;

  std::string zip = "duration: 10m\nsweep:\n  axes: {node.pods: [1, 2]}\n  zip: [[node.pods, x]]\n";
  e = error_of([&] { axes_from_scenario(scenario::load_scenario_text(zip, "z.yaml").sweep); });
  EXPECT_NE(e.find("z.yaml:4:9: sweep: zip names x"), std::string::npos) << e;

  // Form errors are the loader's, for a run too.
  EXPECT_THROW(scenario::load_scenario_text("sweep: {axes: {node.pods: {a: 1}}}\n", "f.yaml"),
               scenario::ScenarioError);
  EXPECT_THROW(scenario::load_scenario_text("sweep: {replications: 0}\n", "f.yaml"),
               scenario::ScenarioError);
  EXPECT_THROW(scenario::load_scenario_text("sweep: {axis: {}}\n", "f.yaml"),
               scenario::ScenarioError);
}

}  // namespace
}  // namespace plegsim::run
