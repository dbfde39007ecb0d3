// plegsim validate compares a kubelet's scrape with a simulated node. Scrapes here are
// written by plegsim's own PrometheusSink (what `plegsim run --metrics` writes) from a
// known scenario, so the right answer is known:
//
// - Self-consistency, 1.20 histograms, warm-up 0, one replication with the scrape's
//   seed: the simulated samples are the very observations the histograms counted, so
//   every bucket's cumulative fraction and every calls-per-relist ratio must agree
//   exactly, and the means to rounding (the sink sums seconds as doubles; 1e-9).
// - Self-consistency, 1.13 summaries, one replication with the scrape's seed: the
//   summary's quantiles come from log-linear bins (~0.8 % wide) over its sliding window
//   (5 age buckets of 2 min); a scrape at 20 min is taken as the oldest bucket rotates
//   out, so the window holds exactly the last 8 minutes, and a 12 min warm-up gives the
//   simulation the same relists and calls. What remains is the bins: quantiles within
//   1.5 %, the interval's p50 within 0.5 % (the bar). The scrape's means and
//   counters cover the whole run, its first relist (every pod inspected) included:
//   means within 5 % (a relist mean over ~480 relists, one in ten with an inspection
//   at ~4x the list time, has a standard error of ~4 %, and the two windows share 8 of
//   20 minutes), calls per relist of the lists within 2 % (periodic callers).
// - Pooled over 4 seeds (other draws of the same node): relist p50 within 5 % (the
//   standard error of a p50 over ~600 relists at the relist's spread is ~1.5 %),
//   interval p50 within 0.5 %.
// - Metamorphic: doubling ListContainers' base (noise median 1, same draws) doubles its
//   p50: +100 % within 8 % (bins and window as above); ListPodSandbox is untouched
//   (within 3 %); the relist, which waits for both lists, gets slower: its p50 error is
//   positive and at least a third of ListContainers' 7 ms share of a ~12 ms relist.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/prom_reader.h"
#include "sim/fit/scrape_delta.h"
#include "sim/record/prometheus_sink.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"
#include "sim/validate/validate.h"

namespace plegsim::validate {
namespace {

std::string node_yaml(const std::string& version, const std::string& duration,
                      const std::string& warmup, const std::string& list_containers_base = "7ms") {
  return "name: validate-test\nduration: " + duration + "\nwarmup: " + warmup +
         "\nseed: 5\nkubelet: {version: \"" + version +
         "\"}\n"
         "node: {pods: 10, containersPerPod: 2}\n"
         "workload: {crashRate: 6/h}\n"
         "runtime:\n  profile: none\n  concurrency: unlimited\n  latency:\n"
         "    ListPodSandbox: {base: 4ms, noise: {lognormal: {sigma: 0.3}}}\n"
         "    ListContainers: {base: " +
         list_containers_base +
         ", noise: {lognormal: {sigma: 0.5}}}\n"
         "  background:\n"
         "    - {op: ListPodSandbox, every: 2s}\n"
         "    - {op: ListContainers, every: 4s}\n";
}

scenario::Scenario load(const std::string& yaml) {
  return scenario::load_scenario_text(yaml, "<validate-test>");
}

// The scrape `plegsim run --metrics` writes for the scenario at its own seed.
fit::KubeletScrape scrape_of(const scenario::Scenario& s, const std::string& name) {
  run::Simulation sim(s);
  record::PrometheusSink prom(sim.profile().minor);
  sim.add_sink(&prom);
  sim.run();
  return fit::extract(fit::parse_scrape(prom.text(), name));
}

const Row& row(const Validation& v, const std::string& metric, const std::string& op, Statistic st,
               double at = 0) {
  for (const Row& r : v.comparison.rows)
    if (r.metric == metric && r.operation == op && r.statistic == st && r.at == at) return r;
  throw std::runtime_error("no row " + metric + " " + op);
}

double err(const Row& r) {
  EXPECT_TRUE(r.error().has_value()) << r.metric << " " << r.operation << " " << r.label();
  return r.error().value_or(NAN);
}

TEST(ValidateSamples, NearestRankQuantileInclusiveBucketsAndMean) {
  std::vector<std::int64_t> s = {1'000'000, 2'000'000, 3'000'000, 4'000'000};
  EXPECT_DOUBLE_EQ(quantile_seconds(s, 0.5), 0.002);   // rank ceil(2) = 2
  EXPECT_DOUBLE_EQ(quantile_seconds(s, 0.51), 0.003);  // rank ceil(2.04) = 3
  EXPECT_DOUBLE_EQ(quantile_seconds(s, 0.99), 0.004);
  EXPECT_DOUBLE_EQ(fraction_at_or_below(s, 0.002), 0.5);  // le is inclusive
  EXPECT_DOUBLE_EQ(fraction_at_or_below(s, 0.0019), 0.25);
  EXPECT_DOUBLE_EQ(fraction_at_or_below(s, 0.0005), 0.0);
  EXPECT_DOUBLE_EQ(mean_seconds(s), 0.0025);
}

TEST(Validate, HistogramScrapeOfTheSameRunAgreesExactly) {
  auto s = load(node_yaml("1.20", "20m", "0s"));
  auto scrape = scrape_of(s, "h120.prom");
  ASSERT_TRUE(scrape.relist && scrape.relist->histogram);
  Validation v = validate(s, scrape, {.replications = 1});
  int buckets = 0, per_relist = 0;
  for (const Row& r : v.comparison.rows) {
    ASSERT_TRUE(r.simulated) << r.metric << " " << r.operation << " " << r.label();
    if (r.statistic == Statistic::kBucket) {
      ++buckets;
      EXPECT_EQ(*r.error(), 0.0) << r.metric << " " << r.operation << " " << r.label();
    } else if (r.statistic == Statistic::kPerRelist) {
      ++per_relist;
      EXPECT_EQ(*r.simulated, r.observed) << r.operation;
    } else {
      EXPECT_NEAR(*r.error(), 0, 1e-9) << r.metric << " " << r.operation << " " << r.label();
    }
  }
  EXPECT_GE(buckets, 2 * 11);  // relist duration and interval at every finite bound at least
  EXPECT_GE(per_relist, 2);
  EXPECT_EQ(v.comparison.simulated_relists, v.comparison.observed_relists);
  EXPECT_FALSE(v.comparison.observed_summary);
}

// Two scrapes of one kubelet (the same seed run to 10 and to 20 minutes: a run is a
// prefix of a longer one) differ by what happened between them, which is what a 10 min
// warm-up leaves the simulation: the same observations, so the same fractions exactly.
TEST(Validate, DifferenceOfTwoScrapesIsWhatFollowsTheWarmup) {
  auto earlier = scrape_of(load(node_yaml("1.20", "10m", "0s")), "at10m.prom");
  auto later = scrape_of(load(node_yaml("1.20", "20m", "0s")), "at20m.prom");
  auto s = load(node_yaml("1.20", "20m", "10m"));
  Validation v = validate(s, fit::scrape_difference(earlier, later), {.replications = 1});
  EXPECT_TRUE(v.comparison.observed_difference);
  EXPECT_EQ(v.comparison.simulated_relists, v.comparison.observed_relists);
  int buckets = 0;
  for (const Row& r : v.comparison.rows) {
    ASSERT_TRUE(r.simulated) << r.metric << " " << r.operation << " " << r.label();
    if (r.statistic == Statistic::kBucket) {
      ++buckets;
      EXPECT_EQ(*r.error(), 0.0) << r.metric << " " << r.operation << " " << r.label();
    } else {
      EXPECT_NEAR(*r.error(), 0, 1e-9) << r.metric << " " << r.operation << " " << r.label();
    }
  }
  EXPECT_GE(buckets, 2 * 11);
  EXPECT_NE(format_table(v).find("between the two scrapes"), std::string::npos);
}

TEST(Validate, SummaryScrapeOfTheSameRunAgreesWithinItsWindow) {
  auto s = load(node_yaml("1.13", "20m", "12m"));
  auto scrape = scrape_of(s, "s113.prom");
  ASSERT_TRUE(scrape.relist && !scrape.relist->histogram);
  Validation v = validate(s, scrape, {.replications = 1});
  EXPECT_TRUE(v.comparison.observed_summary);
  for (double q : {0.5, 0.9, 0.99}) {
    EXPECT_NEAR(err(row(v, "relist_duration", "", Statistic::kQuantile, q)), 0, 0.015) << q;
    EXPECT_NEAR(err(row(v, "relist_interval", "", Statistic::kQuantile, q)), 0, 0.015) << q;
  }
  EXPECT_NEAR(err(row(v, "relist_interval", "", Statistic::kQuantile, 0.5)), 0, 0.005);
  EXPECT_NEAR(err(row(v, "relist_duration", "", Statistic::kMean)), 0, 0.05);
  for (const char* op : {"list_podsandbox", "list_containers"}) {
    for (double q : {0.5, 0.9, 0.99})
      EXPECT_NEAR(err(row(v, "operation_latency", op, Statistic::kQuantile, q)), 0, 0.015) << op;
    EXPECT_NEAR(err(row(v, "operation_latency", op, Statistic::kMean)), 0, 0.05) << op;
    EXPECT_NEAR(err(row(v, "calls_per_relist", op, Statistic::kPerRelist)), 0, 0.02) << op;
  }
}

TEST(Validate, PooledReplicationsOfTheNodeAgreeWithItsScrape) {
  auto s = load(node_yaml("1.13", "20m", "10m"));
  auto scrape = scrape_of(s, "s113.prom");
  Validation v = validate(s, scrape, {.replications = 4, .threads = 2});
  EXPECT_EQ(v.replications, 4u);
  EXPECT_NEAR(err(row(v, "relist_duration", "", Statistic::kQuantile, 0.5)), 0, 0.05);
  EXPECT_NEAR(err(row(v, "relist_interval", "", Statistic::kQuantile, 0.5)), 0, 0.005);
}

TEST(Validate, ResultDoesNotDependOnThreads) {
  auto s = load(node_yaml("1.20", "12m", "2m"));
  auto scrape = scrape_of(s, "h120.prom");
  Validation one = validate(s, scrape, {.replications = 3, .threads = 1});
  Validation three = validate(s, scrape, {.replications = 3, .threads = 3});
  EXPECT_EQ(format_json(one), format_json(three));
  // And the replications are distinct draws: a second seed changes the pool.
  Validation other = validate(s, scrape, {.replications = 3, .seed = 99, .threads = 1});
  EXPECT_NE(format_json(one), format_json(other));
}

TEST(Validate, DoubledListContainersShowsAsPlus100Percent) {
  auto scrape = scrape_of(load(node_yaml("1.13", "20m", "10m", "7ms")), "base.prom");
  auto doubled = load(node_yaml("1.13", "20m", "10m", "14ms"));
  Validation v = validate(doubled, scrape, {.replications = 1});
  EXPECT_NEAR(err(row(v, "operation_latency", "list_containers", Statistic::kQuantile, 0.5)), 1.0,
              0.08);
  EXPECT_NEAR(err(row(v, "operation_latency", "list_podsandbox", Statistic::kQuantile, 0.5)), 0,
              0.03);
  double relist = err(row(v, "relist_duration", "", Statistic::kQuantile, 0.5));
  EXPECT_GT(relist, 0.2);
  // --check at the default tolerance catches it.
  EXPECT_FALSE(relist_duration_misses(v, 0.2).empty());
}

TEST(Validate, OperationsPlegsimDoesNotSimulateAreListedNotCompared) {
  const std::string text =
      "kubelet_pleg_relist_latency_microseconds{quantile=\"0.5\"} 12000\n"
      "kubelet_pleg_relist_latency_microseconds_sum 1.2e6\n"
      "kubelet_pleg_relist_latency_microseconds_count 100\n"
      "kubelet_runtime_operations{operation_type=\"image_status\"} 25\n"
      "kubelet_runtime_operations{operation_type=\"list_podsandbox\"} 200\n"
      "kubelet_runtime_operations_latency_microseconds{operation_type=\"image_status\","
      "quantile=\"0.5\"} 1379\n"
      "kubelet_runtime_operations_latency_microseconds{operation_type=\"list_podsandbox\","
      "quantile=\"0.5\"} 4000\n"
      "kubelet_runtime_operations_latency_microseconds{operation_type=\"exec_sync\","
      "quantile=\"0.5\"} NaN\n";
  auto scrape = fit::extract(fit::parse_scrape(text, "small.prom"));
  Validation v = validate(load(node_yaml("1.13", "3m", "1m")), scrape, {.replications = 1});
  ASSERT_EQ(v.comparison.not_simulated, std::vector<std::string>{"image_status"});
  for (const Row& r : v.comparison.rows) EXPECT_NE(r.operation, "image_status");
  // exec_sync is simulated but its only quantile was NaN (dropped): no latency row.
  for (const Row& r : v.comparison.rows) EXPECT_NE(r.operation, "exec_sync");
  EXPECT_DOUBLE_EQ(row(v, "calls_per_relist", "list_podsandbox", Statistic::kPerRelist).observed,
                   2.0);
  EXPECT_NE(format_table(v).find("not simulated by plegsim (skipped): image_status"),
            std::string::npos);
}

TEST(Validate, JsonAndTableCarryTheSameRows) {
  auto s = load(node_yaml("1.13", "14m", "4m"));
  auto scrape = scrape_of(s, "s113.prom");
  Validation v = validate(s, scrape, {.replications = 2});
  YAML::Node j = YAML::Load(format_json(v));  // JSON is YAML
  EXPECT_EQ(j["replications"].as<int>(), 2);
  EXPECT_EQ(j["scenario"].as<std::string>(), "<validate-test>");
  const auto& rows = v.comparison.rows;
  ASSERT_EQ(j["metrics"].size(), rows.size());
  const std::string table = format_table(v);
  std::size_t at = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    YAML::Node m = j["metrics"][i];
    EXPECT_EQ(m["metric"].as<std::string>(), r.metric);
    EXPECT_EQ(m["observed"].as<double>(), r.observed);
    ASSERT_TRUE(r.simulated);
    EXPECT_EQ(m["simulated"].as<double>(), *r.simulated);
    EXPECT_EQ(m["relative_error"].as<double>(), *r.error());
    if (r.statistic == Statistic::kQuantile) {
      EXPECT_EQ(m["quantile"].as<double>(), r.at);
    }
    // The table prints the row, in the same order, with the same values to 6 digits.
    char line[128];
    std::snprintf(line, sizeof line, "%.6g", *r.simulated);
    std::size_t found = table.find(r.label(), at);
    ASSERT_NE(found, std::string::npos) << r.label();
    std::size_t eol = table.find('\n', found);
    EXPECT_NE(table.substr(found, eol - found).find(line), std::string::npos) << r.label();
    at = eol;
  }
}

TEST(Validate, RelistMissesUseTheTolerance) {
  Validation v;
  v.comparison.rows = {
      {"relist_duration", "", Statistic::kQuantile, 0.5, 0.010, 0.0119},
      {"relist_duration", "", Statistic::kQuantile, 0.99, 0.030, 0.040},
      {"relist_duration", "", Statistic::kMean, 0, 0.010, 0.100},  // means are not checked
      {"relist_duration", "", Statistic::kBucket, 0.01, 0.5, 0.75},
      {"operation_latency", "list_podsandbox", Statistic::kQuantile, 0.5, 0.004, 0.008},
  };
  auto misses = relist_duration_misses(v, 0.2);
  ASSERT_EQ(misses.size(), 2u);
  EXPECT_EQ(misses[0]->at, 0.99);  // +33 %
  EXPECT_EQ(misses[1]->at, 0.01);  // +0.25 absolute
  EXPECT_TRUE(relist_duration_misses(v, 0.34).empty());
}

TEST(Validate, NothingAfterWarmupIsRefused) {
  auto s = load(node_yaml("1.13", "5m", "1m"));
  s.duration = s.warmup;  // a Scenario built in code (the loader refuses it in YAML)
  fit::KubeletScrape scrape;
  EXPECT_THROW(validate(s, scrape, {.replications = 1}), ValidateError);
}

}  // namespace
}  // namespace plegsim::validate
