// The statistics of `plegsim regress` against closed forms and hand-worked values, and
// the golden format's round trip and errors.
#include "sim/regress/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "sim/core/stats.h"
#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"
#include "sim/regress/golden.h"
#include "sim/regress/replicate.h"

namespace plegsim::regress {
namespace {

TEST(RegressStats, WelchMatchesAHandWorkedExample) {
  // a: mean 2, var 2.5/... worked in full: t = -3 / sqrt(2.5/5 + 10/5) = -1.897,
  // nu = 6.25 / (0.25/4 + 4/4) = 5.882.
  std::vector<double> a = {0, 1, 2, 3, 4};
  std::vector<double> b = {1, 3, 5, 7, 9};
  double t = -3 / std::sqrt(0.5 + 2.0);
  double nu = 6.25 / (0.0625 + 1.0);
  EXPECT_NEAR(welch_t_p(a, b), 2 * core::student_t_cdf(t, nu), 1e-12);
  EXPECT_NEAR(welch_t_p(a, b), 0.1077, 5e-4);
  EXPECT_EQ(welch_t_p(a, a), 1.0);
  EXPECT_EQ(welch_t_p({1, 1, 1}, {1, 1}), 1.0);  // no spread, equal means
  EXPECT_EQ(welch_t_p({1, 1, 1}, {2, 2}), 0.0);  // no spread, different means
  EXPECT_EQ(welch_t_p({1}, {5, 6}), 1.0);        // too few values
}

TEST(RegressStats, MannWhitneySeparatesAndTies) {
  std::vector<double> low, high;
  for (int i = 0; i < 20; ++i) {
    low.push_back(i);
    high.push_back(100 + i);
  }
  // Complete separation, n = 20 + 20: z = (200 - 0.5) / sqrt(400 * 41 / 12).
  double z = 199.5 / std::sqrt(400.0 * 41 / 12);
  EXPECT_NEAR(mann_whitney_p(low, high), 2 * core::normal_cdf(-z), 1e-12);
  EXPECT_LT(mann_whitney_p(low, high), 1e-6);
  EXPECT_EQ(mann_whitney_p(low, low), 1.0);
  EXPECT_EQ(mann_whitney_p({3, 3, 3}, {3, 3}), 1.0);  // all tied
}

TEST(RegressStats, HolmStepsDown) {
  auto adj = holm_adjust({0.01, 0.04, 0.03, 0.005});
  // Sorted 0.005 x4 = 0.02, 0.01 x3 = 0.03, 0.03 x2 = 0.06, 0.04 x1 -> max 0.06.
  ASSERT_EQ(adj.size(), 4u);
  EXPECT_NEAR(adj[0], 0.03, 1e-15);
  EXPECT_NEAR(adj[1], 0.06, 1e-15);
  EXPECT_NEAR(adj[2], 0.06, 1e-15);
  EXPECT_NEAR(adj[3], 0.02, 1e-15);
  EXPECT_EQ(holm_adjust({0.9, 0.8})[0], 1.0);
}

TEST(RegressStatistics, NamedByTheSummarySchemaOldNamesStillRead) {
  record::Summary s;
  s.relist_duration_seconds.p50 = 0.0125;
  s.relist_interval_seconds.p50 = 1.0125;
  s.node_not_ready_share = 0.25;
  for (const auto& [name, v] : statistics(s)) {
    if (name.rfind("cri_calls.", 0) == 0) continue;
    EXPECT_NE(record::find_summary_field(name), nullptr) << name << " is not a summary field";
  }
  EXPECT_EQ(statistic(s, "relist_duration_seconds.p50"), 0.0125);
  EXPECT_EQ(statistic(s, "relist_duration_p50"), 0.0125);  // a golden blessed before
  EXPECT_EQ(statistic(s, "relist_interval_p50"), 1.0125);
  EXPECT_EQ(statistic(s, "node_not_ready_share"), 0.25);
  EXPECT_TRUE(std::isnan(statistic(s, "no_such_statistic")));
}

TEST(RegressGolden, RoundTripsBitIdentical) {
  Golden g;
  g.path = "dir/x.golden";
  g.scenario = "../scenarios/x.yaml";
  g.overrides = {"duration=30m", "runtime.profile=cri-o"};
  g.first_seed = 7;
  g.replications = 2;
  g.blessed_by = "plegsim 0.1.0 (rev abc)";
  g.scenario_hash = "fnv1a64:0123456789abcdef";
  g.columns = {"relist_duration_p50", "cri_calls.ListContainers"};
  g.values = {{0.1 + 0.2, 1887}, {1.0 / 3, 0}};
  Golden back = parse_golden(to_text(g), g.path);
  EXPECT_EQ(back.scenario, g.scenario);
  EXPECT_EQ(back.overrides, g.overrides);
  EXPECT_EQ(back.first_seed, 7u);
  EXPECT_EQ(back.replications, 2u);
  EXPECT_EQ(back.blessed_by, g.blessed_by);
  EXPECT_EQ(back.scenario_hash, g.scenario_hash);
  EXPECT_EQ(back.columns, g.columns);
  EXPECT_EQ(back.values, g.values);  // exact, not near
  EXPECT_EQ(back.scenario_path(), "scenarios/x.yaml");
  EXPECT_EQ(back.column("cri_calls.ListContainers"), (std::vector<double>{1887, 0}));
  EXPECT_TRUE(back.column("nope").empty());
}

TEST(RegressGolden, ErrorsNameTheLine) {
  auto error_of = [](const std::string& text) {
    try {
      parse_golden(text, "g.golden");
    } catch (const GoldenError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "plegsim-golden: 1\nscenario: s.yaml\nseeds: 1-2\nseed,a\n";
  EXPECT_EQ(error_of(head + "1,0.5\n2,x\n"), "g.golden:6: bad number \"x\"");
  EXPECT_EQ(error_of(head + "1,0.5\n3,1\n"), "g.golden:6: expected seed 2 (seeds in order)");
  EXPECT_EQ(error_of(head + "1,0.5,7\n"), "g.golden:5: expected 2 values, got 3");
  EXPECT_NE(error_of(head + "1,0.5\n").find("the table has 1"), std::string::npos);
  EXPECT_NE(error_of("scenario: s.yaml\n").find("not a plegsim golden"), std::string::npos);
  EXPECT_EQ(error_of("plegsim-golden: 2\n"), "g.golden:1: unknown golden format version \"2\"");
  EXPECT_EQ(error_of("plegsim-golden: 1\nwhat: 1\n"), "g.golden:2: unknown key \"what\"");
}

}  // namespace
}  // namespace plegsim::regress
