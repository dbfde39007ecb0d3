// plegsim compare's library (sim/regress/compare_runs.h): sweep CSVs with replications
// matched by their axis values, Welch's interval on each difference, the aggregate CSV's
// spread recovered from its half-width, and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/regress/compare_runs.h"
#include "sim/regress/stats.h"
#include "sim/run/sweep.h"

namespace plegsim::testing {
namespace {

namespace fs = std::filesystem;
using regress::CompareInputError;

std::string write(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("plegsim_compare_" + name);
  std::ofstream(p) << text;
  return p.string();
}

// Point 0 (pods 100): the same distribution in A and B; point 1 (pods 200): B is 1 higher.
const std::vector<double> kA100{1.0, 1.1, 0.9, 1.05, 0.95}, kB100{1.02, 0.98, 1.1, 0.9, 1.0};
const std::vector<double> kA200{2.0, 2.1, 1.9, 2.05, 1.95}, kB200{3.0, 3.1, 2.9, 3.05, 2.95};

std::string raw_csv(const std::vector<double>& p100, const std::vector<double>& p200,
                    const std::string& extra_field = "") {
  std::string out = "point,node.pods,replication,seed,node_not_ready_share" +
                    (extra_field.empty() ? "" : "," + extra_field) + "\n";
  auto rows = [&](int point, int pods, const std::vector<double>& v) {
    for (std::size_t r = 0; r < v.size(); ++r) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%d,%d,%zu,%zu,%.17g", point, pods, r, 100 + r, v[r]);
      out += buf + std::string(extra_field.empty() ? "" : ",7") + "\n";
    }
  };
  rows(0, 100, p100);
  rows(1, 200, p200);
  return out;
}

std::string means_csv(const std::vector<double>& p100, const std::vector<double>& p200) {
  std::string out =
      "point,node.pods,replications,runs_not_ready,node_not_ready_share_mean,"
      "node_not_ready_share_ci95,node_not_ready_share_n\n";
  auto row = [&](int point, const char* pods, const std::vector<double>& v) {
    auto e = run::estimate(v);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%d,%s,%zu,0,%.6g,%.6g,%zu\n", point, pods, v.size(), e.mean,
                  e.half_width, e.n);
    out += buf;
  };
  row(0, "100.0", p100);  // "100.0" matches "100": axis values match as numbers
  row(1, "200", p200);
  return out;
}

const regress::FieldComparison& field(const regress::Comparison& c, std::size_t point,
                                      const std::string& name) {
  for (const auto& f : c.points.at(point).fields) {
    if (f.field == name) return f;
  }
  throw std::runtime_error("no field " + name);
}

TEST(Compare, ReplicatedSweepsFindTheDifferingPointOnly) {
  auto a = regress::read_compare_input(write("a.csv", raw_csv(kA100, kA200)));
  auto b = regress::read_compare_input(write("b.csv", raw_csv(kB100, kB200)));
  EXPECT_EQ(a.kind, regress::CompareInputKind::kSweepRaw);
  EXPECT_EQ(a.max_replications, 5u);
  auto c = regress::compare_inputs(a, b, 0.05);
  ASSERT_EQ(c.points.size(), 2u);
  const auto& same = field(c, 0, "node_not_ready_share");
  const auto& moved = field(c, 1, "node_not_ready_share");
  ASSERT_TRUE(same.significant && moved.significant);
  EXPECT_FALSE(*same.significant);
  EXPECT_TRUE(*moved.significant);
  EXPECT_LT(*same.low, 0);
  EXPECT_GT(*same.high, 0);
  EXPECT_GT(*moved.low, 0);
  EXPECT_NEAR(*moved.difference, 1.0, 1e-12);
  // The p-value is plegsim regress's Welch test's.
  EXPECT_NEAR(*same.p, regress::welch_t_p(kA100, kB100), 1e-9);
  EXPECT_NEAR(*moved.p, regress::welch_t_p(kA200, kB200), 1e-9);
  // The interval's half-width is t(1 - alpha/2, Welch df) standard errors, so it
  // excludes 0 exactly when p < alpha; a wider level widens it.
  auto c99 = regress::compare_inputs(a, b, 0.01);
  EXPECT_GT(*field(c99, 0, "node_not_ready_share").high, *same.high);
}

TEST(Compare, AggregateCsvRecoversTheSpreadFromItsHalfWidth) {
  auto raw_a = regress::read_compare_input(write("ra.csv", raw_csv(kA100, kA200)));
  auto raw_b = regress::read_compare_input(write("rb.csv", raw_csv(kB100, kB200)));
  auto mean_a = regress::read_compare_input(write("ma.csv", means_csv(kA100, kA200)));
  auto mean_b = regress::read_compare_input(write("mb.csv", means_csv(kB100, kB200)));
  EXPECT_EQ(mean_a.kind, regress::CompareInputKind::kSweepMeans);
  auto raw = regress::compare_inputs(raw_a, raw_b, 0.05);
  auto means = regress::compare_inputs(mean_a, mean_b, 0.05);
  for (std::size_t p = 0; p < 2; ++p) {
    const auto& r = field(raw, p, "node_not_ready_share");
    const auto& m = field(means, p, "node_not_ready_share");
    // %.6g in the CSV: agreement to ~1e-3 relative.
    EXPECT_NEAR(*m.low, *r.low, 2e-3 * std::fabs(*r.high - *r.low));
    EXPECT_NEAR(*m.high, *r.high, 2e-3 * std::fabs(*r.high - *r.low));
    EXPECT_EQ(*m.significant, *r.significant);
  }
}

TEST(Compare, AFieldOnlyInOneFileIsListedNotCompared) {
  auto a = regress::read_compare_input(write("fa.csv", raw_csv(kA100, kA200, "relists")));
  auto b = regress::read_compare_input(write("fb.csv", raw_csv(kB100, kB200)));
  auto c = regress::compare_inputs(a, b, 0.05);
  EXPECT_EQ(c.fields_only_in_a, std::vector<std::string>{"relists"});
  EXPECT_EQ(c.points[0].fields.size(), 1u);
  std::string text = regress::compare_text(a, b, c);
  EXPECT_NE(text.find("fields only in A (not compared): relists"), std::string::npos) << text;
}

TEST(Compare, DifferentAxesAreRefusedNamingBoth) {
  auto a = regress::read_compare_input(write("xa.csv", raw_csv(kA100, kA200)));
  std::string other = raw_csv(kB100, kB200);
  other.replace(other.find("node.pods"), 9, "workload.churn");
  auto b = regress::read_compare_input(write("xb.csv", other));
  try {
    regress::compare_inputs(a, b, 0.05);
    FAIL() << "different axes were accepted";
  } catch (const CompareInputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("different axes"), std::string::npos) << m;
    EXPECT_NE(m.find("[node.pods]"), std::string::npos) << m;
    EXPECT_NE(m.find("[workload.churn]"), std::string::npos) << m;
  }
}

TEST(Compare, UnreadableInputsNameTheFileAndCell) {
  auto expect_error = [](const std::string& path, const std::string& part) {
    try {
      regress::read_compare_input(path);
      FAIL() << path << " was read";
    } catch (const CompareInputError& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  expect_error("/nonexistent/a.h5", "/nonexistent/a.h5: cannot open");
  auto junk = write("junk.csv", "hello,world\n1,2\n");
  expect_error(junk, junk + ":1:1: not a run file (HDF5) or a sweep CSV");
  std::string bad = raw_csv(kA100, kA200);
  bad.replace(bad.find("0,100,0,100,") + 12, 1, "x");
  auto badf = write("bad.csv", bad);
  expect_error(badf, badf + ":2:13: node_not_ready_share: not a number");
}

}  // namespace
}  // namespace plegsim::testing
