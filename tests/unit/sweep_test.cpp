// Sweeps: expansion order, seeds, statistics, and results independent of threads.
#include "sim/run/sweep.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <regex>
#include <thread>

#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

std::string without_wall(const record::Summary& s) {
  return std::regex_replace(record::to_json(s), std::regex("\"wall_seconds\": [^,}]*"), "");
}

TEST(Sweep, AxesExpandAsACartesianProductFirstAxisSlowest) {
  scenario::Scenario base = scenario::load_default_scenario();
  auto points =
      expand_sweep(base, {"duration=10m"},
                   {parse_axis("node.pods=10,20"), parse_axis("workload.crashRate=1/h,2/h,3/h")});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].overrides,
            (std::vector<std::string>{"node.pods=10", "workload.crashRate=1/h"}));
  EXPECT_EQ(points[5].overrides,
            (std::vector<std::string>{"node.pods=20", "workload.crashRate=3/h"}));
  EXPECT_EQ(points[4].scenario.node.pods, 20);
  EXPECT_DOUBLE_EQ(points[4].scenario.workload.crash_rate.per_hour, 2.0);
  EXPECT_EQ(points[4].scenario.duration, core::Duration::minutes(10));
}

TEST(Sweep, AxisValuesSplitOutsideBrackets) {
  auto a = parse_axis("faults=[{kind: stall, from: 1m, for: 10s}],[]");
  ASSERT_EQ(a.values.size(), 2u);
  EXPECT_EQ(a.values[0], "[{kind: stall, from: 1m, for: 10s}]");
  EXPECT_THROW(parse_axis("node.pods"), std::invalid_argument);
  EXPECT_THROW(parse_axis("node.pods=1,,2"), std::invalid_argument);
}

TEST(Sweep, BadValuesFailBeforeAnythingRuns) {
  scenario::Scenario base = scenario::load_default_scenario();
  EXPECT_THROW(expand_sweep(base, {}, {parse_axis("node.pods=10,abc")}), scenario::ScenarioError);
}

TEST(Sweep, ResultsDoNotDependOnTheThreadCount) {
  scenario::Scenario base = scenario::load_default_scenario();
  auto points =
      expand_sweep(base, {"duration=20m", "warmup=1m"},
                   {parse_axis("node.pods=20,40"), parse_axis("workload.crashRate=6/h,30/h")});
  auto one = run_sweep(points, 3, {.threads = 1});
  auto two = run_sweep(points, 3, {.threads = 2});
  ASSERT_EQ(one.size(), 12u);
  ASSERT_EQ(two.size(), 12u);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].point, two[i].point);
    EXPECT_EQ(one[i].seed, two[i].seed);
    EXPECT_EQ(without_wall(one[i].summary), without_wall(two[i].summary)) << i;
  }
  // Replications differ; replication r has the same seed at every point.
  EXPECT_NE(without_wall(one[0].summary), without_wall(one[1].summary));
  EXPECT_EQ(one[0].seed, base.seed);
  EXPECT_EQ(one[1].seed, one[4].seed);
}

// Issue 16: SIGINT threw every completed run away. A stop request ends the sweep
// early: no run starts after it is seen, and the finished runs are a prefix in (point,
// replication) order, each the same as in an uninterrupted sweep.
TEST(Sweep, AStopRequestKeepsAPrefixOfFinishedRuns) {
  scenario::Scenario base = scenario::load_default_scenario();
  auto points =
      expand_sweep(base, {"duration=20m", "warmup=1m"}, {parse_axis("node.pods=20,40,60,80")});
  std::atomic<bool> stop{true};
  auto none = run_sweep(points, 2, {.threads = 2, .stop = &stop});
  for (const auto& r : none) EXPECT_FALSE(r.done);

  auto full = run_sweep(points, 2, {.threads = 1});
  stop = false;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    stop = true;
  });
  auto part = run_sweep(points, 2, {.threads = 2, .stop = &stop});
  stopper.join();
  std::size_t done = 0;
  while (done < part.size() && part[done].done) ++done;
  for (std::size_t i = done; i < part.size(); ++i) EXPECT_FALSE(part[i].done) << i;
  for (std::size_t i = 0; i < done; ++i) {
    EXPECT_EQ(without_wall(part[i].summary), without_wall(full[i].summary)) << i;
  }
}

TEST(Sweep, EstimateIsTheMeanWithAStudentTInterval) {
  // {1, 2, 3}: mean 2, sample sd 1, t(0.975, 2) = 4.302653: half-width t / sqrt(3).
  auto e = estimate({1, 2, 3});
  EXPECT_DOUBLE_EQ(e.mean, 2.0);
  EXPECT_NEAR(e.half_width, 4.302653 / std::sqrt(3.0), 1e-6);
  EXPECT_EQ(e.n, 3u);
  auto single = estimate({5});
  EXPECT_EQ(single.half_width, 0.0);
  EXPECT_EQ(estimate({}).n, 0u);
}

}  // namespace
}  // namespace plegsim::run
