// Sweep files (sim/run/sweep_hdf5.h): the runs and points tables read back equal the
// SweepTable they were written from, cell for cell (a missing value is NaN, a numeric
// axis float64, a text axis a string), with the sweep's attributes; and the journal
// (sim/run/sweep_journal.h) reads back every value exactly.
#include "sim/run/sweep_hdf5.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "sim/run/sweep_journal.h"

namespace plegsim::run {
namespace {

namespace fs = std::filesystem;

// Two points (40 pods at 1/h, 400 at 2/h) x 3 replications; 400 trips in 2 runs, whose
// first_unhealthy_at_seconds are the only ones with a value.
SweepTable table() {
  SweepTable t;
  t.axes = {"node.pods", "workload.crashRate"};
  t.axis_values = {{"40", "1/h"}, {"400", "2/h"}};
  t.fields = {"node_not_ready_share", "first_unhealthy_at_seconds"};
  t.replications = 3;
  auto schema = resolve_fields(t.fields);
  for (std::size_t p = 0; p < 2; ++p) {
    std::vector<RunValues> runs;
    for (std::uint64_t r = 0; r < 3; ++r) {
      RunValues v;
      v.point = p;
      v.replication = r;
      v.seed = 0xfedcba9876543210ull + r;  // above 2^53: must not pass through a double
      bool trip = p == 1 && r > 0;
      v.values = {0.1 * static_cast<double>(p + 1) / static_cast<double>(r + 3),
                  trip ? std::optional(1234.5 + static_cast<double>(r)) : std::nullopt};
      v.tripped = {trip, trip};
      runs.push_back(v);
    }
    t.points.push_back(point_row(p, runs, schema));
    t.runs.insert(t.runs.end(), runs.begin(), runs.end());
  }
  return t;
}

const SweepFileColumn& col(const std::vector<SweepFileColumn>& cols, const std::string& name) {
  for (const auto& c : cols) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no column " << name;
  static const SweepFileColumn none;
  return none;
}

// Bitwise equality, NaN for a missing value.
void expect_value(const SweepFileColumn& c, std::size_t row, std::optional<double> want) {
  ASSERT_EQ(c.kind, SweepCell::Kind::kValue) << c.name;
  ASSERT_LT(row, c.values.size()) << c.name;
  if (!want) {
    EXPECT_TRUE(std::isnan(c.values[row])) << c.name << " row " << row;
  } else {
    EXPECT_EQ(c.values[row], *want) << c.name << " row " << row;
  }
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("plegsim_sweep_hdf5_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

TEST(SweepHdf5, TablesEqualTheSweepTable) {
  TempDir d;
  const SweepTable t = table();
  const std::string path = (d.path / "sweep.h5").string();
  write_sweep_hdf5(path, t, {.scenario_name = "node", .seed = 7, .fingerprint = "00ff"});
  ASSERT_TRUE(is_sweep_hdf5(path));
  SweepFile f = read_sweep_hdf5(path);

  EXPECT_EQ(f.scenario_name, "node");
  EXPECT_EQ(f.seed, 7u);
  EXPECT_EQ(f.fingerprint, "00ff");
  EXPECT_EQ(f.replications, 3u);
  EXPECT_EQ(f.axes, t.axes);
  EXPECT_EQ(f.axis_kinds, (std::vector<std::string>{"numeric", "text"}));
  EXPECT_EQ(f.fields, t.fields);
  EXPECT_FALSE(f.plegsim_version.empty());

  // runs: point, axes, replication, seed, fields — the CSV's columns, in its order.
  std::vector<std::string> names;
  for (const auto& c : f.runs) names.push_back(c.name);
  EXPECT_EQ(names, sweep_columns(t, true));
  ASSERT_EQ(f.run_rows, t.runs.size());
  for (std::size_t i = 0; i < t.runs.size(); ++i) {
    const RunValues& r = t.runs[i];
    EXPECT_EQ(col(f.runs, "point").counts[i], r.point);
    expect_value(col(f.runs, "node.pods"), i, std::stod(t.axis_values[r.point][0]));
    EXPECT_EQ(col(f.runs, "workload.crashRate").texts.at(i), t.axis_values[r.point][1]);
    EXPECT_EQ(col(f.runs, "replication").counts[i], r.replication);
    EXPECT_EQ(col(f.runs, "seed").counts[i], r.seed);
    for (std::size_t k = 0; k < t.fields.size(); ++k) {
      expect_value(col(f.runs, t.fields[k]), i, r.values[k]);
    }
  }

  // points: per field mean / ci95 / n, then the trip shares with their Wilson ends.
  names.clear();
  for (const auto& c : f.points) names.push_back(c.name);
  EXPECT_EQ(names, sweep_columns(t, false));
  ASSERT_EQ(f.point_rows, t.points.size());
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    const PointRow& p = t.points[i];
    EXPECT_EQ(col(f.points, "point").counts[i], p.point);
    EXPECT_EQ(col(f.points, "replications").counts[i], p.replications);
    EXPECT_EQ(col(f.points, "runs_not_ready").counts[i], p.trips[1].k);
    for (std::size_t k = 0; k < t.fields.size(); ++k) {
      const auto& e = p.means[k];
      const std::string& name = t.fields[k];
      expect_value(col(f.points, name + "_mean"), i, e.n ? std::optional(e.mean) : std::nullopt);
      expect_value(col(f.points, name + "_ci95"), i,
                   e.n > 1 ? std::optional(e.half_width) : std::nullopt);
      EXPECT_EQ(col(f.points, name + "_n").counts[i], e.n);
    }
    for (std::size_t k = 0; k < kTripFields.size(); ++k) {
      const std::string name(kTripFields[k]);
      expect_value(col(f.points, name + "_p_gt0"), i, p.trips[k].share);
      expect_value(col(f.points, name + "_p_gt0_lo95"), i, p.trips[k].lower);
      expect_value(col(f.points, name + "_p_gt0_hi95"), i, p.trips[k].upper);
    }
  }
  // The 400-pod point: first_unhealthy_at_seconds over its 2 tripped runs only.
  EXPECT_EQ(col(f.points, "first_unhealthy_at_seconds_n").counts[1], 2u);
  EXPECT_TRUE(std::isnan(col(f.points, "first_unhealthy_at_seconds_mean").values[0]));
}

TEST(SweepHdf5, EmptyTablesAndNoTempFileLeft) {
  TempDir d;
  SweepTable t = table();
  t.runs.clear();
  t.points.clear();
  const std::string path = (d.path / "empty.h5").string();
  write_sweep_hdf5(path, t, {});
  SweepFile f = read_sweep_hdf5(path);
  EXPECT_EQ(f.run_rows, 0u);
  EXPECT_EQ(f.point_rows, 0u);
  EXPECT_EQ(f.runs.size(), sweep_columns(t, true).size());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++files;
  EXPECT_EQ(files, 1u);  // no temporary file beside it
}

TEST(SweepHdf5, ARunFileOrTextIsNotASweepFile) {
  TempDir d;
  const std::string path = (d.path / "x.csv").string();
  std::ofstream(path) << "point,node.pods\n";
  EXPECT_FALSE(is_sweep_hdf5(path));
  EXPECT_THROW(read_sweep_hdf5(path), SweepFileError);
}

TEST(SweepJournal, RowsReadBackExactly) {
  TempDir d;
  const SweepTable t = table();
  const std::string header = journal_header("0123456789abcdef", t.fields);
  const std::string path = (d.path / "j").string();
  std::vector<RunValues> rows = t.runs;
  rows[0].values[0] = std::numeric_limits<double>::denorm_min();
  rows[1].values[0] = 1.0 / 3.0;
  {
    std::ofstream out(path, std::ios::binary);
    out << header;
    for (const auto& r : rows) out << journal_row(r);
  }
  auto back = read_journal(path, header, rows.size(), t.fields.size());
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].point, rows[i].point);
    EXPECT_EQ(back[i].replication, rows[i].replication);
    EXPECT_EQ(back[i].seed, rows[i].seed);
    EXPECT_EQ(back[i].values, rows[i].values) << "row " << i;
    EXPECT_EQ(back[i].tripped, rows[i].tripped) << "row " << i;
  }
  EXPECT_THROW(read_journal(path, header, rows.size() + 1, t.fields.size()), std::invalid_argument);
}

TEST(SweepJournal, FingerprintTellsSweepsApart) {
  std::vector<SweepAxis> axes = {parse_axis("node.pods=10,20")};
  std::vector<SweepPoint> none;
  auto a = sweep_fingerprint(axes, none, 3, {"relists"});
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, sweep_fingerprint(axes, none, 3, {"relists"}));
  EXPECT_NE(a, sweep_fingerprint(axes, none, 4, {"relists"}));
  EXPECT_NE(a, sweep_fingerprint(axes, none, 3, {"relists", "events_discarded"}));
  EXPECT_NE(a, sweep_fingerprint({parse_axis("node.cpus=10,20")}, none, 3, {"relists"}));
}

}  // namespace
}  // namespace plegsim::run
