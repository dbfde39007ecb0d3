// Start-up, relative rates, rate schedules and roll-outs (issue 11, item 7), each
// against what it should do analytically or by construction.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

std::string node_yaml(int pods, std::uint64_t seed, const std::string& workload) {
  return "name: wl\nduration: 12h\nwarmup: 0s\nseed: " + std::to_string(seed) +
         "\nnode: {pods: " + std::to_string(pods) +
         ", containersPerPod: 2}\nworkload: " + workload + "\n";
}

// A relative delete rate of r/h with no creates: each pod is deleted at rate r, so
// E[live(t)] = N exp(-r t). 40 replications of N = 100, r = 50 %/h, t = 2 h: the mean
// is 36.79 with a standard error of sqrt(100 p (1-p) / 40) = 0.76; allow 4 (5.2 SE).
TEST(WorkloadSchedules, RelativeDeleteRateDecaysExponentially) {
  double sum = 0;
  const int reps = 40;
  for (int seed = 1; seed <= reps; ++seed) {
    SimRun r(
        node_yaml(100, static_cast<std::uint64_t>(seed), "{crashRate: 0/h, podDeleteRate: 50%/h}"));
    r.run_until(Duration::hours(2));
    sum += static_cast<double>(r.sim->churn().live_pods());
  }
  EXPECT_NEAR(sum / reps, 100 * std::exp(-1.0), 4.0);
}

// crashRate 0 until 1 h, then 1/h per container: no crash before 1 h, and about
// 1/h x 40 containers x 2 h = 80 after (less the ~0.3 % of time a crashed container
// spends in its 10 s back-off). 10 replications: standard error sqrt(80/10) = 2.8.
TEST(WorkloadSchedules, ScheduleSwitchesTheCrashRateAtItsBoundary) {
  double sum = 0;
  const int reps = 10;
  for (int seed = 1; seed <= reps; ++seed) {
    SimRun r(node_yaml(20, static_cast<std::uint64_t>(seed),
                       "{crashRate: 0/h, schedule: [{from: 1h, crashRate: 1/h}]}"));
    r.run_until(Duration::hours(1));
    EXPECT_EQ(r.sim->churn().crashes(), 0u);
    r.run_until(Duration::hours(3));
    sum += static_cast<double>(r.sim->churn().crashes());
  }
  EXPECT_NEAR(sum / reps, 80.0, 10.0);
}

// A later entry keeps what it does not give, and a relative create rate follows the
// pod count: 10 %/h on 50 pods from 1 h, nothing before.
TEST(WorkloadSchedules, ScheduleEntriesKeepUnsetRates) {
  SimRun r(node_yaml(50, 3,
                     "{crashRate: 0/h, schedule: [{from: 0s, podCreateRate: 0/h},"
                     " {from: 1h, podCreateRate: 10%/h}, {from: 2h, crashRate: 0/h}]}"));
  const auto& sched = r.scenario.workload.schedule;
  ASSERT_EQ(sched.size(), 3u);
  EXPECT_TRUE(sched[2].pod_create_rate.relative);
  EXPECT_EQ(sched[2].pod_create_rate.per_hour, 10.0);
  r.run_until(Duration::hours(1));
  EXPECT_EQ(r.sim->churn().pods_created(), 0u);
  r.run_until(Duration::hours(5));
  EXPECT_GT(r.sim->churn().pods_created(), 0u);
}

// Roll-outs of 20 % of 50 pods every hour with surge 25 %: 10 pods replaced per round
// (surge ceil(2.5) = 3, maxUnavailable floor(2.5) = 2), never more than 53 pods, and
// the node back at 50.
TEST(WorkloadSchedules, RolloutReplacesTheFractionWithinSurge) {
  SimRun r(node_yaml(50, 5, "{crashRate: 0/h, rollout: {every: 1h, fraction: 20%, surge: 25%}}"));
  r.run_until(Duration::minutes(210));
  const auto& c = r.sim->churn();
  EXPECT_EQ(c.rollouts(), 3u);
  EXPECT_EQ(c.pods_created(), 30u);
  EXPECT_EQ(c.pods_deleted(), 30u);
  EXPECT_EQ(c.live_pods(), 50u);
  EXPECT_LE(c.rollout_peak_pods(), 53u);
  EXPECT_GT(c.rollout_peak_pods(), 50u);  // the surge was used
}

// surge 0: delete first (maxUnavailable 2 of the 10), never above the 50 pods.
TEST(WorkloadSchedules, RolloutWithoutSurgeNeverExceedsTheCount) {
  SimRun r(node_yaml(50, 5,
                     "{crashRate: 0/h, rollout: {every: 30m, fraction: 20%, surge: 0,"
                     " maxUnavailable: 2, startAfter: 10m}}"));
  r.run_until(Duration::minutes(60));
  const auto& c = r.sim->churn();
  EXPECT_EQ(c.rollouts(), 2u);  // 10m and 40m
  EXPECT_EQ(c.pods_created(), 20u);
  EXPECT_LE(c.rollout_peak_pods(), 50u);
  EXPECT_EQ(c.live_pods(), 50u);
}

// Start-up: exactly N pods created through the lifecycle calls, their creations
// begun inside the window, in addition to the pods there before the kubelet.
TEST(WorkloadSchedules, StartupCreatesNPodsInsideTheWindow) {
  SimRun r(node_yaml(5, 1, "{crashRate: 0/h, startup: {pods: 30, over: 10m}}"));
  r.run_until(Duration::minutes(30));
  const auto& c = r.sim->churn();
  ASSERT_EQ(c.startup_times().size(), 30u);
  for (Time t : c.startup_times()) {
    EXPECT_GE(t, Time{});
    EXPECT_LT(t, Time{} + Duration::minutes(10));
  }
  EXPECT_GT(c.startup_times().back(), Time{} + Duration::minutes(9));  // spread, not bunched
  EXPECT_EQ(c.pods_created(), 30u);
  EXPECT_EQ(c.live_pods(), 35u);
}

TEST(WorkloadSchedules, StartupOverZeroIsAMassCreate) {
  SimRun r(node_yaml(5, 1, "{crashRate: 0/h, startup: {pods: 30, over: 0s}}"));
  r.run_until(Duration::minutes(10));
  const auto& c = r.sim->churn();
  ASSERT_EQ(c.startup_times().size(), 30u);
  for (Time t : c.startup_times()) EXPECT_EQ(t, Time{});
  EXPECT_EQ(c.live_pods(), 35u);
}

}  // namespace
}  // namespace plegsim::testing
