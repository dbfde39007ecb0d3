// Sweeps in batches: runs split into batches, run in any order on any number of
// threads, give the table one run_sweep gives; a limit search handing its batches to
// an external runner gives the result of the search that runs them itself.
#include "sim/run/sweep_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "sim/limit/limit.h"
#include "sim/run/sweep_csv.h"
#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

constexpr std::uint64_t kReps = 3;

struct Fixture {
  std::vector<SweepAxis> axes = {parse_axis("node.pods=40,400")};
  std::vector<std::string> fields = {"node_not_ready_share", "pleg_unhealthy_transitions",
                                     "first_unhealthy_at_seconds", "relists"};
  std::vector<SweepPoint> points;
  SweepTable whole;
  Fixture() {
    // Noisy sandbox lists (sweep_table_test.cpp): 400 pods trip in some runs only, so
    // the table has values, empty values and trip shares strictly between 0 and 1.
    points = expand_sweep(
        scenario::load_default_scenario(),
        {"duration=30m", "warmup=1m", "runtime.latency.ListPodSandbox.perReturned=50ms",
         "runtime.latency.ListPodSandbox.noise={lognormal: {sigma: 0.8}}"},
        axes);
    whole = sweep_table(axes, points, run_sweep(points, kReps, {.threads = 2}), kReps, fields);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// Every run of the fixture's sweep, last first.
std::vector<RunId> all_ids_reversed() {
  std::vector<RunId> ids;
  for (std::size_t p = 0; p < fixture().points.size(); ++p) {
    for (std::uint64_t r = 0; r < kReps; ++r) ids.push_back({p, r});
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

TEST(SweepBatch, TableFromBatchesIsTheTableOfOneSweep) {
  const auto& f = fixture();
  auto schema = resolve_fields(f.fields);
  auto ids = all_ids_reversed();
  // Three batches of different sizes on different thread counts, gathered out of order.
  std::vector<RunValues> values;
  std::vector<std::pair<std::size_t, std::size_t>> batches = {{4, 6}, {0, 1}, {1, 4}};
  unsigned threads = 1;
  for (auto [from, to] : batches) {
    std::vector<RunId> batch(ids.begin() + static_cast<std::ptrdiff_t>(from),
                             ids.begin() + static_cast<std::ptrdiff_t>(to));
    auto got = run_batch(f.points, batch, schema, threads++, false);
    ASSERT_EQ(got.size(), batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(got[i].point, batch[i].point);
      EXPECT_EQ(got[i].replication, batch[i].replication);
    }
    values.insert(values.end(), got.begin(), got.end());
  }
  auto t = sweep_table_from_values(f.axes, f.points, values, kReps, f.fields);
  ASSERT_EQ(t.runs.size(), f.whole.runs.size());
  EXPECT_TRUE(t.runs == f.whole.runs);
  EXPECT_EQ(sweep_csv(t, true), sweep_csv(f.whole, true));
  EXPECT_EQ(sweep_csv(t, false), sweep_csv(f.whole, false));
  // The fixture is not trivial: 400 pods tripped in some runs and not in all.
  ASSERT_EQ(f.whole.points.size(), 2u);
  EXPECT_GT(f.whole.points[1].trips[0].k, 0u);
}

TEST(SweepBatch, MissingRunsLeaveTheirPointOutAndDuplicatesAreRefused) {
  const auto& f = fixture();
  std::vector<RunValues> some(f.whole.runs.begin(), f.whole.runs.end() - 1);
  auto t = sweep_table_from_values(f.axes, f.points, some, kReps, f.fields);
  EXPECT_EQ(t.runs.size(), 2 * kReps - 1);
  ASSERT_EQ(t.points.size(), 1u);
  EXPECT_EQ(t.points[0].point, 0u);
  some.push_back(some.front());
  EXPECT_THROW(sweep_table_from_values(f.axes, f.points, some, kReps, f.fields),
               std::invalid_argument);
  EXPECT_THROW(run_batch(f.points, {{2, 0}}, resolve_fields(f.fields), 1, false),
               std::out_of_range);
}

TEST(SweepBatch, LimitWithAnExternalRunnerIsTheLimitRunHere) {
  auto base = scenario::load_default_scenario();
  std::vector<std::string> set = {"duration=20m", "warmup=1m",
                                  "runtime.latency.ListPodSandbox.perReturned=50ms",
                                  "runtime.latency.ListPodSandbox.noise={lognormal: {sigma: 0.8}}"};
  auto axis = limit::parse_limit_axis("node.pods=40..400");
  auto crit = limit::parse_criterion("P(pleg_unhealthy_transitions > 0) < 0.5");
  limit::LimitOptions o;
  o.max_reps = 16;
  o.threads = 2;
  o.width = 40;
  auto here = limit::limit_search(base, set, axis, crit, o);
  // The runner gets the search's overrides then axis=value, and runs each replication
  // as a batch of its own, last first.
  std::size_t calls = 0;
  o.run_batch = [&](const std::vector<std::string>& overrides, std::uint64_t from,
                    std::uint64_t to) {
    ++calls;
    EXPECT_EQ(overrides.size(), set.size() + 1);
    EXPECT_EQ(overrides.back().rfind("node.pods=", 0), 0u);
    auto points = expand_sweep(base, overrides, std::vector<SweepAxis>{});
    std::vector<std::optional<double>> out(to - from);
    for (std::uint64_t r = to; r-- > from;) {
      auto v = run_batch(points, {{0, r}}, resolve_fields({crit.field}), 1, false);
      out[r - from] = v[0].values[0];
    }
    return out;
  };
  auto external = limit::limit_search(base, set, axis, crit, o);
  EXPECT_GT(calls, 2u);
  EXPECT_EQ(limit::limit_json(external, 0), limit::limit_json(here, 0));
  EXPECT_EQ(here.censored, limit::Censored::kNone);
  // A runner returning the wrong number of values is an error, not a quiet result.
  o.run_batch = [](const std::vector<std::string>&, std::uint64_t, std::uint64_t) {
    return std::vector<std::optional<double>>{};
  };
  EXPECT_THROW(limit::limit_search(base, set, axis, crit, o), std::runtime_error);
}

}  // namespace
}  // namespace plegsim::run
