// Inputs from the real cluster (issue #13 item 7; docs/scenario.md, "From a real
// KubeletConfiguration"): a KubeletConfiguration file's modeled fields become the base of
// the kubelet section, the others are listed; kubelet.maxPods admits the node's pods;
// kubelet.version is one of the releases profile.h knows; a fault's pod exists.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "sim/kubelet/profile.h"
#include "sim/record/summary.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::scenario {
namespace {

namespace fs = std::filesystem;
using core::Duration;

std::string data(const std::string& name) {
  return std::string(PLEGSIM_SOURCE_DIR) + "/tests/data/kubelet-config/" + name;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

ScenarioError error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "loaded without error";
  return ScenarioError("", 0, 0, "", "");
}

// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("plegsim_kconfig_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

// kubeadm's file: its zero durations and absent maxPods are the kubelet's defaults, its
// EventedPLEG gate applies, and every other field is listed as ignored.
TEST(KubeletConfig, KubeadmFileAppliesDefaultsAndListsIgnoredFields) {
  LoadInputs in;
  in.kubelet_config = data("kubeadm.yaml");
  in.overrides = {"kubelet.version=1.27", "kubelet.runtimeRequestTimeout=5m"};
  Scenario s = load_scenario("", in);
  EXPECT_EQ(s.kubelet.runtime_request_timeout, Duration::minutes(5));  // --set wins
  EXPECT_EQ(s.kubelet.node_status_update_frequency, Duration::seconds(10));
  ASSERT_TRUE(s.kubelet.max_pods);
  EXPECT_EQ(*s.kubelet.max_pods, 110);
  EXPECT_TRUE(s.kubelet.feature_gates.at("EventedPLEG"));
  EXPECT_EQ(s.kubelet.feature_gates.count("RotateKubeletServerCertificate"), 0u);
  ASSERT_EQ(s.kubelet_configs.size(), 1u);
  const KubeletConfigFile& k = s.kubelet_configs[0];
  EXPECT_EQ(k.path, data("kubeadm.yaml"));
  for (const char* f : {"runtimeRequestTimeout", "nodeStatusUpdateFrequency", "maxPods",
                        "featureGates.EventedPLEG"}) {
    EXPECT_TRUE(has(k.applied, f)) << f;
  }
  for (const char* f : {"authentication", "cgroupDriver", "clusterDNS", "syncFrequency", "logging",
                        "staticPodPath", "featureGates.RotateKubeletServerCertificate"}) {
    EXPECT_TRUE(has(k.ignored, f)) << f;
  }
  EXPECT_FALSE(has(k.ignored, "apiVersion"));
  EXPECT_FALSE(has(k.ignored, "kind"));
  std::string line = describe_kubelet_config(k);
  EXPECT_NE(line.find("ignored (not modeled by plegsim): authentication"), std::string::npos);
  // The resolved scenario and its source text carry the values, not the file.
  EXPECT_NE(to_yaml(s).find("maxPods: 110"), std::string::npos);
  Scenario again = load_scenario_text(s.source_yaml, s.source_path, in.overrides);
  EXPECT_EQ(to_yaml(again), to_yaml(s));
  EXPECT_TRUE(again.kubelet_configs.empty());
}

// A scenario's kubelet.config is relative to the scenario; its own kubelet keys win.
TEST(KubeletConfig, ScenarioKeyIsTheBaseOfItsKubeletSection) {
  Scenario s = load_scenario_file(data("node.yaml"));
  EXPECT_EQ(s.kubelet.runtime_request_timeout, Duration::seconds(15));
  EXPECT_EQ(s.kubelet.node_status_update_frequency, Duration::seconds(7));  // the scenario's
  EXPECT_EQ(*s.kubelet.max_pods, 250);
  EXPECT_FALSE(s.kubelet.feature_gates.at("EventedPLEG"));
  EXPECT_EQ(s.kubelet.version, "1.27");
  ASSERT_EQ(s.kubelet_configs.size(), 1u);
  EXPECT_TRUE(has(s.kubelet_configs[0].ignored, "serializeImagePulls"));
  // --kubelet-config goes over the scenario (the kubelet it configures, as it would run):
  // every modeled field, absent ones at the kubelet's defaults, wins; the release and
  // node stay the scenario's.
  LoadInputs in;
  in.kubelet_config = data("kubeadm.yaml");
  Scenario t = load_scenario(data("node.yaml"), in);
  EXPECT_EQ(t.kubelet.runtime_request_timeout, Duration::minutes(2));
  EXPECT_EQ(t.kubelet.node_status_update_frequency, Duration::seconds(10));
  EXPECT_EQ(*t.kubelet.max_pods, 110);
  EXPECT_TRUE(t.kubelet.feature_gates.at("EventedPLEG"));
  EXPECT_EQ(t.kubelet.version, "1.27");
  EXPECT_EQ(t.node.pods, 30);
  ASSERT_EQ(t.kubelet_configs.size(), 2u);  // in the order read
  EXPECT_EQ(t.kubelet_configs[0].path, data("tuned.json"));
  EXPECT_EQ(t.kubelet_configs[1].path, data("kubeadm.yaml"));
  // --set wins over both.
  in.overrides = {"kubelet.nodeStatusUpdateFrequency=3s"};
  EXPECT_EQ(load_scenario(data("node.yaml"), in).kubelet.node_status_update_frequency,
            Duration::seconds(3));
}

// Through includes: a file's kubelet.config is relative to that file, under its own
// keys and over the kubelet keys (and KubeletConfigurations) of the files it includes.
TEST(KubeletConfig, IncludedFilesConfigIsUnderTheIncludingFilesKeys) {
  TempDir d;
  fs::create_directories(d.path / "sub");
  const std::string head =
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
  d.write("sub/kc.yaml", head + "runtimeRequestTimeout: 20s\nmaxPods: 40\n");
  d.write("sub/inc.yaml", "kubelet: {config: kc.yaml, eventChannelCapacity: 7}\n");
  std::string top = d.write("top.yaml",
                            "include: sub/inc.yaml\nkubelet: {nodeStatusUpdateFrequency: 3s}\n"
                            "node: {pods: 30}\n");
  Scenario s = load_scenario_file(top);
  EXPECT_EQ(s.kubelet.runtime_request_timeout, Duration::seconds(20));
  EXPECT_EQ(s.kubelet.node_status_update_frequency, Duration::seconds(3));  // top.yaml's
  EXPECT_EQ(*s.kubelet.max_pods, 40);
  EXPECT_EQ(s.kubelet.event_channel_capacity, 7);
  ASSERT_EQ(s.kubelet_configs.size(), 1u);
  EXPECT_EQ(s.kubelet_configs[0].path, (d.path / "sub" / "kc.yaml").string());
  // The including file's own KubeletConfiguration goes over the included file's.
  d.write("kc2.yaml", head + "runtimeRequestTimeout: 50s\n");
  top = d.write("top2.yaml",
                "include: sub/inc.yaml\nkubelet: {config: kc2.yaml}\nnode: {pods: 30}\n");
  Scenario t = load_scenario_file(top);
  EXPECT_EQ(t.kubelet.runtime_request_timeout, Duration::seconds(50));
  EXPECT_EQ(*t.kubelet.max_pods, 110);  // kc2.yaml leaves it to the kubelet's default
  EXPECT_EQ(t.kubelet.event_channel_capacity, 7);
  EXPECT_EQ(t.kubelet_configs.size(), 2u);
  // A path that is not a string is refused at the key.
  std::string bad = d.write("bad.yaml", "kubelet:\n  config: [a.yaml]\n");
  ScenarioError e = error_of([&] { load_scenario_file(bad); });
  EXPECT_EQ(e.key, "kubelet.config");
  EXPECT_EQ(e.line, 2);
}

TEST(KubeletConfig, UnknownApiVersionNamesFileLineColumnAndTheAcceptedOne) {
  LoadInputs in;
  in.kubelet_config = data("v1alpha1.yaml");
  ScenarioError e = error_of([&] { load_scenario("", in); });
  EXPECT_EQ(e.file, data("v1alpha1.yaml"));
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 13);
  EXPECT_EQ(e.key, "apiVersion");
  EXPECT_NE(e.message.find("\"kubelet.config.k8s.io/v1alpha1\""), std::string::npos) << e.what();
  EXPECT_NE(e.message.find("apiVersion kubelet.config.k8s.io/v1beta1"), std::string::npos);
}

TEST(KubeletConfig, WrongKindOrMissingTypeIsAnError) {
  TempDir d;
  LoadInputs in;
  in.kubelet_config = d.write("pod.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: Pod\n");
  ScenarioError e = error_of([&] { load_scenario("", in); });
  EXPECT_EQ(e.key, "kind");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("plegsim reads kind KubeletConfiguration"), std::string::npos);
  in.kubelet_config = d.write("bare.yaml", "maxPods: 20\n");
  e = error_of([&] { load_scenario("", in); });
  EXPECT_EQ(e.key, "apiVersion");
  EXPECT_NE(e.message.find("required"), std::string::npos);
}

// A bad value of a modeled field is located in the KubeletConfiguration file.
TEST(KubeletConfig, BadValueIsLocatedInTheConfigFile) {
  LoadInputs in;
  in.kubelet_config = data("bad-timeout.yaml");
  ScenarioError e = error_of([&] { load_scenario("", in); });
  EXPECT_EQ(e.file, data("bad-timeout.yaml"));
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 24);
  EXPECT_EQ(e.key, "kubelet.runtimeRequestTimeout");
}

TEST(KubeletConfig, MissingFileIsNamed) {
  LoadInputs in;
  in.kubelet_config = "/no/such/kubelet.yaml";
  ScenarioError e = error_of([&] { load_scenario("", in); });
  EXPECT_EQ(e.file, "--kubelet-config");
  EXPECT_NE(e.message.find("/no/such/kubelet.yaml"), std::string::npos);
  TempDir d;
  std::string sc = d.write("s.yaml", "kubelet: {config: gone.yaml}\n");
  e = error_of([&] { load_scenario_file(sc); });
  EXPECT_EQ(e.file, sc);
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.key, "kubelet.config");
  EXPECT_NE(e.message.find("gone.yaml"), std::string::npos);
}

TEST(KubeletConfig, SetAndTextCannotNameAConfigFile) {
  ScenarioError e = error_of([] { load_default_scenario({"kubelet.config=x.yaml"}); });
  EXPECT_EQ(e.key, "kubelet.config");
  EXPECT_NE(e.message.find("--kubelet-config"), std::string::npos);
  e = error_of([] { load_scenario_text("kubelet: {config: x.yaml}\n", "t.yaml"); });
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("no directory"), std::string::npos);
}

// The applied value changes the run: a call hung from the start fails after
// runtimeRequestTimeout, so the relist's duration and the PLEG's health follow it.
TEST(KubeletConfig, RuntimeRequestTimeoutFromTheFileChangesTheRun) {
  TempDir d;
  std::string scenario =
      "duration: 20m\nwarmup: 0s\nkubelet: {version: \"1.27\"}\nnode: {pods: 10}\n"
      "workload: {crashRate: 0/h}\n"
      "faults: [{kind: hang, op: ListPodSandbox, from: 1m, for: 30s}]\n";
  auto run = [&](const std::string& timeout) {
    LoadInputs in;
    in.kubelet_config =
        d.write("k" + timeout + ".yaml",
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                "runtimeRequestTimeout: " +
                    timeout + "\n");
    Scenario s = load_scenario(d.write("s.yaml", scenario), in);
    run::Simulation sim(s);
    sim.run();
    return sim.summary();
  };
  record::Summary quick = run("10s");  // the hung list fails after 10 s
  record::Summary slow = run("4m0s");  // after 4 min: longer than the 3 min threshold
  EXPECT_NEAR(quick.relist_duration_seconds.max, 10.0, 0.5);
  EXPECT_GT(slow.relist_duration_seconds.max, 180.0);
  EXPECT_EQ(quick.pleg_unhealthy_transitions, 0);
  EXPECT_GE(slow.pleg_unhealthy_transitions, 1);
}

// kubelet.maxPods: the kubelet's admission refuses pods beyond it.
TEST(KubeletConfig, PodsAboveMaxPodsAreAnErrorNamingBoth) {
  ScenarioError e = error_of(
      [] { load_scenario_text("kubelet: {maxPods: 100}\nnode:\n  pods: 120\n", "m.yaml"); });
  EXPECT_EQ(e.key, "node.pods");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 9);
  EXPECT_NE(
      e.message.find("node.pods (120) is above kubelet.maxPods (100): the kubelet would refuse"),
      std::string::npos)
      << e.what();
  // Start-up pods count; the limit set in the KubeletConfiguration is named by its file.
  e = error_of([] { load_scenario_file(data("startup-too-many.yaml")); });
  EXPECT_EQ(e.key, "node.pods");
  EXPECT_NE(e.message.find("node.pods (200) + workload.startup.pods (60) = 260 pods"),
            std::string::npos)
      << e.what();
  EXPECT_NE(e.message.find("kubelet.maxPods (250, from " + data("tuned.json") + ")"),
            std::string::npos)
      << e.what();
  // At the limit is fine; unset, nothing is checked (node.pods says what was admitted).
  EXPECT_EQ(load_scenario_text("kubelet: {maxPods: 120}\nnode: {pods: 120}\n", "m.yaml").node.pods,
            120);
  EXPECT_FALSE(load_default_scenario({"node.pods=500"}).kubelet.max_pods);
  e = error_of([] { load_default_scenario({"kubelet.maxPods=0"}); });
  EXPECT_EQ(e.key, "kubelet.maxPods");
}

TEST(KubeletConfig, UnknownReleaseNamesTheKnownRange) {
  ScenarioError e =
      error_of([] { load_scenario_text("kubelet:\n  version: \"1.40\"\n", "v.yaml"); });
  EXPECT_EQ(e.key, "kubelet.version");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 12);
  std::string range = "1." + std::to_string(kubelet::kOldestMinor) + " to 1." +
                      std::to_string(kubelet::kNewestMinor);
  EXPECT_NE(e.message.find(range), std::string::npos) << e.what();
  for (const char* v : {"1.1", "1.38", "1.2147483647"}) {
    EXPECT_THROW(load_default_scenario({std::string("kubelet.version=") + v}), ScenarioError) << v;
  }
  std::string newest = "1." + std::to_string(kubelet::kNewestMinor);
  EXPECT_EQ(load_default_scenario({"kubelet.version=" + newest}).kubelet.version, newest);
}

TEST(KubeletConfig, FaultOnAPodThatDoesNotExistIsAnError) {
  ScenarioError e = error_of([] {
    load_scenario_text(
        "node: {pods: 100}\nworkload: {crashRate: 1/h}\nfaults:\n"
        "  - {kind: hang, pod: 700}\n",
        "f.yaml");
  });
  EXPECT_EQ(e.key, "faults[0].pod");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 23);
  EXPECT_NE(e.message.find("pod 700 does not exist: the pods are 0 to 99"), std::string::npos)
      << e.what();
  // Start-up pods take the indices after node.pods.
  EXPECT_NO_THROW(load_scenario_text(
      "node: {pods: 100}\nworkload: {startup: {pods: 5}}\nfaults: [{kind: hang, pod: 104}]\n",
      "f.yaml"));
  EXPECT_THROW(load_scenario_text("node: {pods: 100}\nworkload: {startup: {pods: 5}}\n"
                                  "faults: [{kind: hang, pod: 105}]\n",
                                  "f.yaml"),
               ScenarioError);
  // Pods the churn creates take later indices: such a pod may come to exist.
  EXPECT_NO_THROW(
      load_scenario_text("node: {pods: 100}\nworkload: {podCreateRate: 10/h, podDeleteRate: 10/h}\n"
                         "faults: [{kind: hang, pod: 700}]\n",
                         "f.yaml"));
  // A container index and an operation are checked against what exists as well.
  e = error_of([] {
    load_scenario_text("node: {containersPerPod: 2}\nfaults: [{kind: hang, container: 2}]\n",
                       "f.yaml");
  });
  EXPECT_EQ(e.key, "faults[0].container");
  e = error_of([] { load_scenario_text("faults: [{kind: hang, op: ListPods}]\n", "f.yaml"); });
  EXPECT_EQ(e.key, "faults[0].op");
  EXPECT_NE(e.message.find("ListPodSandbox"), std::string::npos);
}

}  // namespace
}  // namespace plegsim::scenario
