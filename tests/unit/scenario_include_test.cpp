// `include:` and overlays (docs/scenario.md, "Including files"): a fitted runtime
// fragment merges under a node's keys per key, as under a profile; nesting, relative
// paths, list order, the bounds, errors located in the file that holds the key, the
// resolved YAML and the run all behave as if the files were one.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "sim/record/summary.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::scenario {
namespace {

namespace fs = std::filesystem;
using core::Duration;
using models::Op;

// tests/data/include/: node.yaml includes fitted-runtime.yaml (what `plegsim fit` wrote
// for the 1.13 minikube scrape, tests/data/kubelet-1.13-minikube.prom).
std::string data(const std::string& name) {
  return std::string(PLEGSIM_SOURCE_DIR) + "/tests/data/include/" + name;
}

const models::OpLatency& lat(const Scenario& s, Op op) {
  return s.runtime.latency[static_cast<int>(op)];
}

// BackgroundCallerSpec has no operator==.
bool same_callers(const Scenario& a, const Scenario& b) {
  const auto& x = a.runtime.background;
  const auto& y = b.runtime.background;
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].op != y[i].op || x[i].every != y[i].every || x[i].trigger != y[i].trigger) {
      return false;
    }
  }
  return true;
}

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("plegsim_include_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
};

template <class F>
ScenarioError error_of(F&& load) {
  try {
    load();
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return ScenarioError("", 0, 0, "", "");
}

bool says(const ScenarioError& e, const std::string& part) {
  return e.message.find(part) != std::string::npos;
}

TEST(ScenarioInclude, AFittedFragmentMergesPerKeyUnderTheNode) {
  Scenario fitted = load_scenario_file(data("fitted-runtime.yaml"));
  Scenario profile = load_scenario_text("runtime: {profile: dockershim}\n", "p.yaml");
  Scenario s = load_scenario_file(data("node.yaml"));
  EXPECT_EQ(s.name, "minikube-node");
  EXPECT_EQ(s.node.pods, 30);
  EXPECT_EQ(s.runtime.profile, "dockershim");
  // ListPodSandbox: the fitted base and noise, the node's perReturned.
  EXPECT_EQ(lat(s, Op::kListPodSandbox).base, lat(fitted, Op::kListPodSandbox).base);
  EXPECT_EQ(lat(s, Op::kListPodSandbox).noise, lat(fitted, Op::kListPodSandbox).noise);
  EXPECT_EQ(lat(s, Op::kListPodSandbox).per_item, Duration::microseconds(50));
  EXPECT_EQ(lat(fitted, Op::kListPodSandbox).per_item, Duration{});
  // ContainerStatus: the fitted base (mean only) over the profile's noise, as the fit
  // intends ("the profile's noise is kept").
  EXPECT_EQ(lat(s, Op::kContainerStatus).base, Duration::microseconds(18594));
  EXPECT_EQ(lat(s, Op::kContainerStatus).noise, lat(profile, Op::kContainerStatus).noise);
  EXPECT_NE(lat(s, Op::kContainerStatus).base, lat(profile, Op::kContainerStatus).base);
  // Everything else of the runtime is the fragment's.
  EXPECT_TRUE(same_callers(s, fitted));
  ASSERT_EQ(s.runtime.background.size(), 2u);
  EXPECT_EQ(s.runtime.background[0].every, Duration::nanoseconds(1'168'459'800));
  for (Op op : {Op::kListContainers, Op::kStatus, Op::kVersion, Op::kExecSync}) {
    EXPECT_EQ(lat(s, op), lat(fitted, op));
  }
  EXPECT_EQ(s.kubelet.relist_compute, fitted.kubelet.relist_compute);
}

TEST(ScenarioInclude, TheIncludingFileWinsSectionsMergeKeyByKey) {
  TempDir dir;
  dir.write("base.yaml",
            "name: base\nduration: 2h\n"
            "kubelet: {relistPeriod: 2s, featureGates: {A: true, B: false}}\n"
            "node: {pods: 10, containersPerPod: 3}\n"
            "runtime:\n  concurrency: 7\n  latency:\n"
            "    ListContainers: {base: 3ms, perReturned: 10us, noise: {lognormal: {sigma: 0.5}}}\n"
            "    Status: {base: 1ms}\n"
            "faults: [{kind: stall, from: 1m, for: 1m}, {kind: stall, from: 5m, for: 1m}]\n"
            "expect: {relists: {min: 1}, podsInspected: {min: 2}}\n");
  std::string top = dir.write("top.yaml",
                              "include: base.yaml\nname: top\n"
                              "kubelet: {featureGates: {B: true}}\n"
                              "node: {pods: 20}\n"
                              "runtime:\n  latency:\n"
                              "    ListContainers: {perItem: 20us, noise: {gamma: {shape: 2}}}\n"
                              "faults: [{kind: stall, from: 10m, for: 2m}]\n"
                              "expect: {relists: {max: 9}}\n");
  Scenario s = load_scenario_file(top);
  EXPECT_EQ(s.name, "top");                   // a scalar: the including file's
  EXPECT_EQ(s.duration, Duration::hours(2));  // only in the included file
  EXPECT_EQ(s.kubelet.relist_period, Duration::seconds(2));
  EXPECT_EQ(s.kubelet.feature_gates, (std::map<std::string, bool>{{"A", true}, {"B", true}}));
  EXPECT_EQ(s.node.pods, 20);
  EXPECT_EQ(s.node.containers_per_pod, 3);
  EXPECT_EQ(s.runtime.concurrency, 7);
  const models::OpLatency& lc = lat(s, Op::kListContainers);
  EXPECT_EQ(lc.base, Duration::milliseconds(3));          // per key within an entry
  EXPECT_EQ(lc.per_item, Duration::microseconds(20));     // perItem replaces perReturned
  EXPECT_EQ(lc.noise.kind, models::Noise::Kind::kGamma);  // a noise replaces whole
  EXPECT_EQ(lat(s, Op::kStatus).base, Duration::milliseconds(1));
  ASSERT_EQ(s.faults.size(), 1u);  // a list replaces whole
  ASSERT_EQ(s.expect.size(), 2u);  // expect merges by field
  for (const Expectation& x : s.expect) {
    if (x.field == "relists") {
      EXPECT_FALSE(x.min.has_value());  // a field's bounds replace whole
    }
  }
}

TEST(ScenarioInclude, AnEmptySectionTakesTheIncludedOneWhole) {
  TempDir dir;
  dir.write("inc.yaml", "runtime: {concurrency: 7}\n");
  // `runtime:` with nothing under it reads as an empty map: the included one fills it.
  Scenario s = load_scenario_file(dir.write("top.yaml", "include: inc.yaml\nruntime:\n"));
  EXPECT_EQ(s.runtime.concurrency, 7);
}

TEST(ScenarioInclude, ListedFilesApplyInOrderUnderTheFileItself) {
  TempDir dir;
  dir.write("a.yaml", "name: a\nseed: 5\nnode: {pods: 11}\n");
  dir.write("b.yaml", "name: b\nnode: {pods: 12}\n");
  Scenario s = load_scenario_file(dir.write("top.yaml", "include: [a.yaml, b.yaml]\nseed: 9\n"));
  EXPECT_EQ(s.name, "b");
  EXPECT_EQ(s.node.pods, 12);
  EXPECT_EQ(s.seed, 9u);
  Scenario r = load_scenario_file(dir.write("rev.yaml", "include: [b.yaml, a.yaml]\n"));
  EXPECT_EQ(r.name, "a");
  EXPECT_EQ(r.seed, 5u);
}

TEST(ScenarioInclude, NestedIncludesResolveFromEachFilesDirectory) {
  // nodes/worker.yaml includes ../node.yaml, which includes fitted-runtime.yaml from
  // its own directory (tests/data/include/), not from nodes/ nor the current one.
  Scenario s = load_scenario_file(data("nodes/worker.yaml"));
  Scenario node = load_scenario_file(data("node.yaml"));
  EXPECT_EQ(s.name, "worker");
  EXPECT_EQ(s.node.pods, 40);
  EXPECT_EQ(s.duration, Duration::minutes(10));
  EXPECT_EQ(s.runtime.latency, node.runtime.latency);
  EXPECT_EQ(lat(s, Op::kListPodSandbox).per_item, Duration::microseconds(50));
}

TEST(ScenarioInclude, ACycleIsAnErrorAtTheIncludeThatClosesIt) {
  ScenarioError e = error_of([] { load_scenario_file(data("cycle-a.yaml")); });
  EXPECT_EQ(fs::path(e.file).filename(), "cycle-b.yaml");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 10);
  EXPECT_EQ(e.key, "include");
  EXPECT_TRUE(says(e, "an include cycle")) << e.what();
  EXPECT_TRUE(says(e, "cycle-a.yaml -> ")) << e.what();
}

TEST(ScenarioInclude, IncludesNestAtMostEightDeep) {
  TempDir dir;
  // f0 includes f1 ... includes fN: fN is N deep.
  auto chain = [&dir](int n) {
    for (int i = 0; i < n; ++i) {
      dir.write("f" + std::to_string(i) + ".yaml",
                "include: f" + std::to_string(i + 1) + ".yaml\nseed: " + std::to_string(i) + "\n");
    }
    dir.write("f" + std::to_string(n) + ".yaml", "name: deepest\n");
    return (dir.path / "f0.yaml").string();
  };
  Scenario s = load_scenario_file(chain(8));
  EXPECT_EQ(s.name, "deepest");
  EXPECT_EQ(s.seed, 0u);
  fs::remove_all(dir.path);
  ScenarioError e = error_of([&] { load_scenario_file(chain(9)); });
  EXPECT_EQ(fs::path(e.file).filename(), "f8.yaml");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.key, "include");
  EXPECT_TRUE(says(e, "more than 8 deep")) << e.what();
}

TEST(ScenarioInclude, OneLoadReadsAtMost64Files) {
  TempDir dir;
  dir.write("leaf.yaml", "seed: 3\n");
  auto top = [&dir](int n) {
    std::string yaml = "include:\n";
    for (int i = 0; i < n; ++i) yaml += "  - leaf.yaml\n";  // the same file again is no cycle
    return dir.write("top" + std::to_string(n) + ".yaml", yaml);
  };
  EXPECT_EQ(load_scenario_file(top(63)).seed, 3u);  // 64 files with the top one
  ScenarioError e = error_of([&] { load_scenario_file(top(64)); });
  EXPECT_EQ(e.key, "include[63]");
  EXPECT_EQ(e.line, 65);
  EXPECT_TRUE(says(e, "the limit is 64 files")) << e.what();
}

TEST(ScenarioInclude, AMissingFileIsAnErrorAtItsEntry) {
  ScenarioError e = error_of([] { load_scenario_file(data("missing.yaml")); });
  EXPECT_EQ(e.file, data("missing.yaml"));
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.key, "include[1]");
  EXPECT_TRUE(says(e, "no-such-runtime.yaml\": cannot open scenario file: No such file"))
      << e.what();
}

TEST(ScenarioInclude, EntriesArePaths) {
  TempDir dir;
  std::string list = dir.write("list.yaml", "name: x\ninclude: [a.yaml, {b: 1}]\n");
  ScenarioError e = error_of([&] { load_scenario_file(list); });
  EXPECT_EQ(e.key, "include[1]");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 19);
  EXPECT_TRUE(says(e, "must be a file path")) << e.what();
  std::string map = dir.write("map.yaml", "include: {a: b}\n");
  e = error_of([&] { load_scenario_file(map); });
  EXPECT_EQ(e.key, "include");
  EXPECT_TRUE(says(e, "a file path or a list of file paths")) << e.what();
  std::string dirpath = dir.write("dir.yaml", "include: .\n");
  e = error_of([&] { load_scenario_file(dirpath); });
  EXPECT_EQ(e.key, "include");
  EXPECT_TRUE(says(e, "is a directory")) << e.what();
}

TEST(ScenarioInclude, AnErrorInAnIncludedFileNamesThatFile) {
  ScenarioError e = error_of([] { load_scenario_file(data("includes-bad-key.yaml")); });
  EXPECT_EQ(e.file, data("bad-key.yaml"));
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.key, "runtime.concurency");
  EXPECT_TRUE(says(e, "did you mean \"concurrency\"")) << e.what();

  // Inside a latency entry both files give, each key is located where it was written.
  TempDir dir;
  std::string inc = dir.write("inc.yaml", "runtime:\n  latency:\n    Status: {base: 1ms}\n");
  std::string top =
      dir.write("top.yaml", "include: inc.yaml\nruntime:\n  latency:\n    Status: {locked: 2}\n");
  e = error_of([&] { load_scenario_file(top); });
  EXPECT_EQ(e.file, top);
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.key, "runtime.latency.Status.locked");
  dir.write("inc.yaml", "runtime:\n  latency:\n    Status: {base: abc}\n");
  dir.write("top.yaml", "include: inc.yaml\nruntime:\n  latency:\n    Status: {locked: 0.5}\n");
  e = error_of([&] { load_scenario_file(top); });
  EXPECT_EQ(e.file, inc);
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 20);
  EXPECT_EQ(e.key, "runtime.latency.Status.base");
  // Syntax errors too.
  dir.write("inc.yaml", "node: {pods: [\n");
  e = error_of([&] { load_scenario_file(top); });
  EXPECT_EQ(e.file, inc);
  EXPECT_TRUE(says(e, "invalid YAML")) << e.what();
}

TEST(ScenarioInclude, TextAndSetCannotInclude) {
  ScenarioError e = error_of([] { load_scenario_text("name: t\ninclude: a.yaml\n", "t.yaml"); });
  EXPECT_EQ(e.file, "t.yaml");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 10);
  EXPECT_EQ(e.key, "include");
  EXPECT_TRUE(says(e, "no directory to include from")) << e.what();
  e = error_of([] { load_scenario_file(data("node.yaml"), {"include=other.yaml"}); });
  EXPECT_EQ(e.file, "--set");
  EXPECT_EQ(e.key, "include");
  // A misspelt include is an unknown key with a suggestion.
  e = error_of([] { load_scenario_text("inclde: a.yaml\n", "t.yaml"); });
  EXPECT_TRUE(says(e, "did you mean \"include\"")) << e.what();
}

TEST(ScenarioInclude, OverlaysWinOverTheFile) {
  TempDir dir;
  std::string over =
      dir.write("over.yaml",
                "name: validated\nruntime:\n  latency:\n    ListPodSandbox: {perReturned: 80us}\n");
  Scenario s = load_scenario_file_with_overlays(data("node.yaml"), {over}, {"node.pods=33"});
  Scenario node = load_scenario_file(data("node.yaml"));
  EXPECT_EQ(s.name, "validated");
  EXPECT_EQ(s.source_path, data("node.yaml"));
  EXPECT_EQ(s.node.pods, 33);  // overrides last
  EXPECT_EQ(lat(s, Op::kListPodSandbox).per_item, Duration::microseconds(80));
  EXPECT_EQ(lat(s, Op::kListPodSandbox).base, lat(node, Op::kListPodSandbox).base);

  // fit --validate's shape: a node of its own runtime, the fitted fragment over it.
  std::string plain = dir.write("plain.yaml",
                                "name: plain\nnode: {pods: 25}\nruntime:\n  profile: containerd\n"
                                "  latency:\n    ListPodSandbox: {perReturned: 40us}\n");
  Scenario v = load_scenario_file_with_overlays(plain, {data("fitted-runtime.yaml")});
  Scenario fitted = load_scenario_file(data("fitted-runtime.yaml"));
  EXPECT_EQ(v.name, "plain");
  EXPECT_EQ(v.node.pods, 25);
  EXPECT_EQ(v.runtime.profile, "dockershim");
  EXPECT_EQ(lat(v, Op::kListPodSandbox).per_item, Duration{});  // the fragment's 0s wins
  EXPECT_EQ(lat(v, Op::kStatus), lat(fitted, Op::kStatus));
  EXPECT_TRUE(same_callers(v, fitted));

  Scenario d = load_scenario_text_with_overlays(default_scenario_yaml(), "<built-in default>",
                                                {data("fitted-runtime.yaml")});
  EXPECT_EQ(d.runtime.latency, fitted.runtime.latency);
  EXPECT_EQ(d.name, load_default_scenario().name);

  std::string bad = dir.write("bad.yaml", "node: {podz: 3}\n");
  ScenarioError e = error_of([&] { load_scenario_file_with_overlays(plain, {bad}); });
  EXPECT_EQ(e.file, bad);
  EXPECT_EQ(e.key, "node.podz");
  e = error_of(
      [&] { load_scenario_file_with_overlays(plain, {dir.path.string() + "/none.yaml"}); });
  EXPECT_EQ(e.file, dir.path.string() + "/none.yaml");
}

TEST(ScenarioInclude, TheResolvedScenarioHasNoIncludeAndRoundTrips) {
  Scenario s = load_scenario_file(data("nodes/worker.yaml"));
  std::string y = to_yaml(s);
  EXPECT_EQ(y.find("\ninclude:"), std::string::npos);
  EXPECT_EQ(to_yaml(load_scenario_text(y, s.source_path)), y);  // the header names the source
  // source_yaml is the merged text: it loads alone (a sweep reloads it with overrides).
  EXPECT_EQ(s.source_yaml.find("include:"), std::string::npos);
  EXPECT_EQ(to_yaml(load_scenario_text(s.source_yaml, s.source_path)), y);
  Scenario more = load_scenario_text(s.source_yaml, s.source_path, {"node.pods=41"});
  EXPECT_EQ(more.node.pods, 41);
  // A file without includes keeps its text as given.
  std::string own = data("fitted-runtime.yaml");
  std::ifstream in(own);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(load_scenario_file(own).source_yaml, text);
}

std::string summary_json(const Scenario& s) {
  run::Simulation sim(s);
  sim.run();
  record::Summary sum = sim.summary();
  sum.wall_seconds = 0;  // the one field that varies between identical runs
  return record::to_json(sum);
}

TEST(ScenarioInclude, ARunIsBitIdenticalToTheInlinedScenario) {
  // node.yaml written as one file: the fitted fragment with the node's keys in place.
  std::ifstream in(data("fitted-runtime.yaml"));
  std::string fitted((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t line = fitted.find("ListPodSandbox: {base: ");
  std::size_t at = fitted.find("perReturned: 0s,", line);
  ASSERT_NE(line, std::string::npos);
  ASSERT_LT(at, fitted.find('\n', line));
  std::string inlined = fitted.replace(at, 16, "perReturned: 50us,") +
                        "name: minikube-node\nduration: 10m\nwarmup: 1m\nnode: {pods: 30}\n";
  Scenario one = load_scenario_text(inlined, data("node.yaml"));  // to_yaml names it
  Scenario two = load_scenario_file(data("node.yaml"));
  EXPECT_EQ(to_yaml(one), to_yaml(two));
  std::string a = summary_json(one);
  EXPECT_EQ(a, summary_json(two));
  EXPECT_NE(a.find("\"relists\""), std::string::npos);
}

}  // namespace
}  // namespace plegsim::scenario
