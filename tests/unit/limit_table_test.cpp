// plegsim limit --by: one search per combination of the other axes, against limits known
// by construction, in sweep order, and its refusals.
#include "sim/limit/table.h"

#include <cmath>

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace plegsim::limit {
namespace {

// As limit_test.cpp's node: relist = 20 ms + perReturned x pods exactly (no profile, no
// noise, no churn, one container per pod).
scenario::Scenario node() {
  return scenario::load_scenario_text(
      "name: limit-by\nduration: 12m\nwarmup: 5m\nseed: 7\n"
      "kubelet: {version: \"1.27\"}\n"
      "node: {pods: 10, containersPerPod: 1}\n"
      "workload: {crashRate: 0/h, podCreateRate: 0/h, podDeleteRate: 0/h}\n"
      "runtime:\n  profile: none\n  latency:\n"
      "    ListPodSandbox: {base: 10ms}\n"
      "    ListContainers: {base: 10ms, perReturned: 1ms}\n",
      "limit-by.yaml");
}

const char* kPerReturned = "runtime.latency.ListContainers.perReturned";

TEST(LimitBy, EachRowIsTheLimitKnownByConstruction) {
  // mean relist < 0.2005 s holds while 20 ms + per x pods < 200.5 ms: the largest pod
  // count is floor(180.5 ms / per) — 180, 90, 45 and 36 for 1, 2, 4 and 5 ms.
  LimitOptions o;
  o.threads = 2;
  std::vector<run::SweepAxis> by = {
      run::parse_axis(std::string(kPerReturned) + "=1ms,2ms,4ms,5ms")};
  auto rows = limit_by(node(), {}, by, parse_limit_axis("node.pods=10..500"),
                       parse_criterion("relist_duration_seconds.mean < 0.2005"), o);
  ASSERT_EQ(rows.size(), 4u);
  const double per_ms[] = {1, 2, 4, 5};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i].result;
    ASSERT_EQ(r.censored, Censored::kNone);
    double expected = std::floor(180.5 / per_ms[i]);
    EXPECT_EQ(*r.pass, expected) << rows[i].by[0];
    EXPECT_EQ(*r.fail, expected + 1) << rows[i].by[0];
  }
  EXPECT_EQ(rows[1].by, std::vector<std::string>{std::string(kPerReturned) + "=2ms"});
  // The same search alone, with the row's value as a --set, gives the same result.
  auto alone = limit_search(node(), {std::string(kPerReturned) + "=4ms"},
                            parse_limit_axis("node.pods=10..500"),
                            parse_criterion("relist_duration_seconds.mean < 0.2005"), o);
  EXPECT_EQ(limit_json(alone, 0), limit_json(rows[2].result, 0));
  std::string text = limit_table_text(by, rows);
  // The 4 ms row: its value, limit and interval on one line.
  auto line =
      text.substr(text.find("\n4ms"), text.find('\n', text.find("\n4ms") + 1) - text.find("\n4ms"));
  EXPECT_NE(line.find(" 45 "), std::string::npos) << text;
  EXPECT_NE(line.find("[45, 46)"), std::string::npos) << text;
  EXPECT_NE(text.find("runs: " + std::to_string(rows[0].result.runs + rows[1].result.runs +
                                                rows[2].result.runs + rows[3].result.runs)),
            std::string::npos)
      << text;
}

TEST(LimitBy, CombinationsInSweepOrderWithCensoringShown) {
  // Two --by axes: the first varies slowest. At 5 ms and a 100-pod floor no value passes
  // (censored below); at 1 ms with a 150-pod ceiling every value passes (above).
  std::vector<run::SweepAxis> by = {run::parse_axis(std::string(kPerReturned) + "=1ms,5ms"),
                                    run::parse_axis("seed=7,8")};
  auto rows = limit_by(node(), {}, by, parse_limit_axis("node.pods=100..150"),
                       parse_criterion("relist_duration_seconds.mean < 0.2005"), {});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].by[1], "seed=7");
  EXPECT_EQ(rows[1].by[1], "seed=8");
  EXPECT_EQ(rows[2].by[0], std::string(kPerReturned) + "=5ms");
  EXPECT_EQ(rows[0].result.censored, Censored::kAbove);
  EXPECT_EQ(rows[3].result.censored, Censored::kBelow);
  std::string text = limit_table_text(by, rows);
  EXPECT_NE(text.find(">= 150"), std::string::npos) << text;
  EXPECT_NE(text.find("< 100"), std::string::npos) << text;
  std::string json = limit_table_json(by, rows, 1.5);
  EXPECT_NE(json.find("\"by\": [\"" + std::string(kPerReturned) + "\", \"seed\"]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("{\"by\": {\"" + std::string(kPerReturned) + "\": \"5ms\", \"seed\": \"8\"}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"censored\": \"below\""), std::string::npos);
}

TEST(LimitBy, RefusesTheSearchedAxisAndBadValuesBeforeRunning) {
  auto axis = parse_limit_axis("node.pods=10..500");
  auto crit = parse_criterion("relist_duration_seconds.mean < 0.2005");
  EXPECT_THROW(limit_by(node(), {}, {run::parse_axis("node.pods=10,20")}, axis, crit, {}),
               LimitError);
  // A value the scenario refuses is a ScenarioError from the expansion, before any run.
  EXPECT_THROW(limit_by(node(), {}, {run::parse_axis("kubelet.version=1.27,1.99")}, axis, crit, {}),
               scenario::ScenarioError);
}

}  // namespace
}  // namespace plegsim::limit
