// Run files: run -> HDF5 -> read back gives the in-memory summary and tables; a
// replayed MemorySink writes the same file; nothing appears at the final name unless
// committed; bad files are reported clearly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/record/atomic_file.h"
#include "sim/record/hdf5_reader.h"
#include "sim/record/hdf5_sink.h"
#include "sim/record/replay.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("plegsim_record_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
  }
};

record::RunMetadata metadata_of(const SimRun& r) {
  record::RunMetadata m;
  m.scenario_name = r.scenario.name;
  m.scenario_source = r.scenario.source_path;
  m.scenario_yaml = r.scenario.source_yaml;
  m.resolved_yaml = scenario::to_yaml(r.scenario);
  m.seed = r.sim->seed();
  m.kubelet_version = r.sim->profile().version;
  m.kubelet_minor = r.sim->profile().minor;
  m.warmup = r.scenario.warmup;
  m.relist_threshold = r.sim->profile().relist_threshold;
  return m;
}

void expect_same_relists(const std::vector<record::RelistFinished>& a,
                         const std::vector<record::RelistFinished>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].start, b[i].start) << i;
    ASSERT_EQ(a[i].end, b[i].end) << i;
    ASSERT_EQ(a[i].get_pods, b[i].get_pods) << i;
    ASSERT_EQ(a[i].interval, b[i].interval) << i;
    ASSERT_EQ(a[i].ok, b[i].ok) << i;
    ASSERT_EQ(a[i].pods_inspected, b[i].pods_inspected) << i;
    ASSERT_EQ(a[i].events_sent, b[i].events_sent) << i;
    ASSERT_EQ(a[i].running_pods, b[i].running_pods) << i;
    ASSERT_EQ(a[i].containers_by_state, b[i].containers_by_state) << i;
  }
}

// A node that trips: one hung pod in era B (flapping), with churn so every table fills.
const std::vector<std::string> kFlapping = {
    "duration=40m", "warmup=1m", "workload.crashRate=6/h",
    "faults=[{kind: hang, op: ContainerStatus, pod: 2, from: 5m}]"};

TEST(RecordHdf5, RoundTripGivesTheInMemorySummaryAndTables) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  SimRun r(quiet_yaml(20), kFlapping);
  record::Hdf5Sink h5(path, metadata_of(r), {true, true});
  r.sim->add_sink(&h5);
  r.run();
  EXPECT_FALSE(fs::exists(path)) << "nothing at the final name before commit";
  h5.commit(r.summary());
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(dir.entries(), 1u) << "no temporary file left";

  record::RunFile f = record::read_run_file(path);
  EXPECT_EQ(record::to_json(f.summary), record::to_json(r.summary()));
  EXPECT_GT(r.summary().pleg_unhealthy_transitions, 0u) << "the scenario should trip";
  EXPECT_GT(r.summary().event_detection_seconds.count, 0u);
  EXPECT_EQ(f.seed, r.sim->seed());
  EXPECT_EQ(f.scenario_yaml, r.scenario.source_yaml);
  EXPECT_EQ(f.scenario_resolved_yaml, scenario::to_yaml(r.scenario));
  EXPECT_EQ(f.table_rows.at("calls"), r.sink.cri_calls.size());
  EXPECT_EQ(f.table_rows.at("events"), r.sink.delivered.size() + r.sink.dropped.size());
  expect_same_relists(record::read_relists(path), r.sink.relists);

  auto health = record::read_health(path);
  ASSERT_EQ(health.size(), r.sink.health.size());
  for (std::size_t i = 0; i < health.size(); ++i) {
    EXPECT_EQ(health[i].at, r.sink.health[i].at);
    EXPECT_EQ(health[i].healthy, r.sink.health[i].healthy);
    EXPECT_EQ(health[i].message, r.sink.health[i].message);
  }
  auto ready = record::read_node_ready(path);
  ASSERT_EQ(ready.size(), r.sink.node_ready.size());
  for (std::size_t i = 0; i < ready.size(); ++i) {
    EXPECT_EQ(ready[i].message, r.sink.node_ready[i].message);
  }
}

TEST(RecordHdf5, AReplayedMemorySinkWritesTheSameTablesAndSummary) {
  TempDir dir;
  SimRun r(quiet_yaml(20), kFlapping);
  record::Hdf5Sink live(dir.file("live.h5"), metadata_of(r), {true, true});
  r.sim->add_sink(&live);
  r.run();
  live.commit(r.summary());
  record::write_hdf5(dir.file("replayed.h5"), r.sink, r.sim->kernel().now(), metadata_of(r),
                     r.summary());
  auto a = record::read_run_file(dir.file("live.h5"));
  auto b = record::read_run_file(dir.file("replayed.h5"));
  EXPECT_EQ(record::to_json(a.summary), record::to_json(b.summary));
  EXPECT_EQ(a.table_rows, b.table_rows);
  EXPECT_EQ(a.end_ns, b.end_ns);
  expect_same_relists(record::read_relists(dir.file("replayed.h5")), r.sink.relists);
}

TEST(RecordHdf5, AnUncommittedSinkLeavesNoFileAtAll) {
  TempDir dir;
  {
    SimRun r(quiet_yaml(3), {"duration=2m"});
    record::Hdf5Sink h5(dir.file("run.h5"), metadata_of(r));
    r.sim->add_sink(&h5);
    r.run_until(sec(60));
    EXPECT_EQ(dir.entries(), 1u);  // the temporary file
    EXPECT_FALSE(fs::exists(dir.file("run.h5")));
  }
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(RecordHdf5, ReadingReportsMissingForeignAndUnfinishedFiles) {
  TempDir dir;
  auto message = [](const std::string& path) {
    try {
      record::read_run_file(path);
    } catch (const record::RunFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(dir.file("missing.h5")), dir.file("missing.h5") + ": no such file");
  std::ofstream(dir.file("text.h5")) << "not hdf5\n";
  EXPECT_EQ(message(dir.file("text.h5")), dir.file("text.h5") + ": not an HDF5 file");
  // A file left by a run that never committed: no summary.
  {
    SimRun r(quiet_yaml(3), {"duration=2m"});
    record::Hdf5Sink h5(dir.file("x.h5"), metadata_of(r));
    r.sim->add_sink(&h5);
    r.run();
    for (const auto& e : fs::directory_iterator(dir.path)) {
      if (e.path().filename().string().rfind("x.h5.tmp-", 0) == 0) {
        fs::copy_file(e.path(), dir.file("copy.h5"));
      }
    }
  }
  EXPECT_NE(message(dir.file("copy.h5")).find(dir.file("copy.h5") + ": "), std::string::npos);
  EXPECT_NE(message(dir.file("copy.h5")), "no error");
}

TEST(RecordHdf5, AnUnwritableDirectoryIsAnOutputErrorNamingThePath) {
  SimRun r(quiet_yaml(1));
  EXPECT_THROW(record::Hdf5Sink("/nonexistent-dir/run.h5", metadata_of(r)), record::OutputError);
}

}  // namespace
}  // namespace plegsim::testing
