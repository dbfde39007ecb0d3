// Sweep tables: aggregates recomputed from the runs, trip shares with Wilson intervals,
// partial sweeps keep only complete points, and the CSV renders the table's numbers.
#include "sim/run/sweep_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "sim/run/sweep_csv.h"
#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

struct Fixture {
  std::vector<SweepAxis> axes = {parse_axis("node.pods=40,400")};
  std::vector<SweepPoint> points;
  std::vector<SweepRun> runs;
  std::vector<std::string> fields = {"node_not_ready_share", "pleg_unhealthy_transitions",
                                     "first_unhealthy_at_seconds"};
  Fixture() {
    // Sandbox lists costing 50 ms per sandbox returned (lognormal noise, sigma 0.8): 400
    // pods trip in some runs and not in others (2 of 6); 40 never do.
    points = expand_sweep(
        scenario::load_default_scenario(),
        {"duration=30m", "warmup=1m", "runtime.latency.ListPodSandbox.perReturned=50ms",
         "runtime.latency.ListPodSandbox.noise={lognormal: {sigma: 0.8}}"},
        axes);
    runs = run_sweep(points, 6, {.threads = 2});
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

TEST(SweepTable, PointsAggregateTheirRuns) {
  const auto& f = fixture();
  auto t = sweep_table(f.axes, f.points, f.runs, 6, f.fields);
  ASSERT_EQ(t.runs.size(), 12u);
  ASSERT_EQ(t.points.size(), 2u);
  EXPECT_EQ(t.axis_values[1], std::vector<std::string>{"400"});
  for (const auto& p : t.points) {
    EXPECT_EQ(p.replications, 6u);
    for (std::size_t field = 0; field < t.fields.size(); ++field) {
      std::vector<double> v;
      for (const auto& r : t.runs) {
        if (r.point == p.point && r.values[field]) v.push_back(*r.values[field]);
      }
      auto e = estimate(v);
      EXPECT_EQ(p.means[field].n, e.n);
      EXPECT_EQ(p.means[field].mean, e.mean);
      EXPECT_EQ(p.means[field].half_width, e.half_width);
    }
    for (std::size_t trip = 0; trip < kTripFields.size(); ++trip) {
      std::size_t k = 0;
      for (const auto& r : t.runs) {
        if (r.point != p.point) continue;
        auto v = record::numeric_value(*record::find_summary_field(kTripFields[trip]),
                                       f.runs[r.point * 6 + r.replication].summary);
        k += v.value_or(0) > 0;
      }
      EXPECT_EQ(p.trips[trip].k, k);
      EXPECT_EQ(p.trips[trip].n, 6u);
      auto w = core::wilson_interval(k, 6);
      EXPECT_EQ(p.trips[trip].lower, w.lower);
      EXPECT_EQ(p.trips[trip].upper, w.upper);
    }
  }
  // first_unhealthy_at_seconds has a value only in runs that tripped.
  const auto& hi = t.points[1];
  EXPECT_EQ(hi.means[2].n, hi.trips[0].k);
  // Neither all nor none tripped at 400 pods: the shares are not trivially 0 or 1.
  EXPECT_GT(hi.trips[0].k, 0u);
  EXPECT_LT(hi.trips[0].k, 6u);
  EXPECT_EQ(t.points[0].trips[0].k, 0u);
}

TEST(SweepTable, AnInterruptedSweepKeepsCompletePointsAndFinishedRuns) {
  const auto& f = fixture();
  auto partial = f.runs;
  for (std::size_t i = 8; i < partial.size(); ++i) partial[i].done = false;
  auto t = sweep_table(f.axes, f.points, partial, 6, f.fields);
  EXPECT_EQ(t.runs.size(), 8u);
  ASSERT_EQ(t.points.size(), 1u);
  EXPECT_EQ(t.points[0].point, 0u);
}

TEST(SweepTable, CsvRendersTheTable) {
  const auto& f = fixture();
  auto t = sweep_table(f.axes, f.points, f.runs, 6, f.fields);
  std::string agg = sweep_csv(t, false);
  std::istringstream in(agg);
  std::string header, row0, row1;
  std::getline(in, header);
  std::getline(in, row0);
  std::getline(in, row1);
  EXPECT_EQ(header,
            "point,node.pods,replications,runs_not_ready,node_not_ready_share_mean,"
            "node_not_ready_share_ci95,node_not_ready_share_n,pleg_unhealthy_transitions_mean,"
            "pleg_unhealthy_transitions_ci95,pleg_unhealthy_transitions_n,"
            "first_unhealthy_at_seconds_mean,first_unhealthy_at_seconds_ci95,"
            "first_unhealthy_at_seconds_n,pleg_unhealthy_transitions_p_gt0,"
            "pleg_unhealthy_transitions_p_gt0_lo95,pleg_unhealthy_transitions_p_gt0_hi95,"
            "node_not_ready_transitions_p_gt0,node_not_ready_transitions_p_gt0_lo95,"
            "node_not_ready_transitions_p_gt0_hi95");
  EXPECT_EQ(row1.rfind("1,400,6," + std::to_string(t.points[1].trips[1].k) + ",", 0), 0u) << row1;
  std::string raw = sweep_csv(t, true);
  EXPECT_EQ(std::count(raw.begin(), raw.end(), '\n'), 13);
  EXPECT_EQ(run_csv_row(t, t.runs[7]).rfind(run_csv_prefix(t, 1, 1, t.runs[7].seed), 0), 0u);
}

TEST(SweepTable, UnknownFieldListsTheValidOnes) {
  try {
    resolve_fields({"no_such_field"});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("node_not_ready_share"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace plegsim::run
