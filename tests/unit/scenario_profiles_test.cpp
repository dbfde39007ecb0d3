// runtime.profile: the compiled-in profiles load, apply under the scenario's own keys,
// round-trip, and refuse bad names with a located error.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/profiles.h"

namespace plegsim::scenario {
namespace {

using core::Duration;
using models::Op;

const models::OpLatency& lat(const Scenario& s, Op op) {
  return s.runtime.latency[static_cast<int>(op)];
}

TEST(ScenarioProfiles, EveryProfileLoadsWithARegimeCallersAndCosts) {
  ASSERT_GE(runtime_profiles().size(), 3u);
  for (const RuntimeProfile& p : runtime_profiles()) {
    SCOPED_TRACE(std::string(p.name));
    Scenario s = load_scenario_text("runtime: {profile: " + std::string(p.name) + "}\n", "p.yaml");
    EXPECT_EQ(s.runtime.profile, p.name);
    EXPECT_TRUE(s.runtime.regime.enabled());
    EXPECT_EQ(s.runtime.background.size(), 2u);
    EXPECT_GT(lat(s, Op::kListContainers).per_item, Duration{});
    EXPECT_FALSE(s.kubelet.relist_compute.zero());
  }
  EXPECT_NE(find_runtime_profile("dockershim"), nullptr);
  EXPECT_NE(find_runtime_profile("containerd"), nullptr);
  EXPECT_NE(find_runtime_profile("cri-o"), nullptr);
  EXPECT_EQ(find_runtime_profile("docker"), nullptr);
}

TEST(ScenarioProfiles, NoProfileIsTheBlankRuntime) {
  Scenario blank = load_scenario_text("{}", "b.yaml");
  Scenario none = load_scenario_text("runtime: {profile: none}\n", "n.yaml");
  for (const Scenario* s : {&blank, &none}) {
    EXPECT_EQ(s->runtime.profile, "");
    EXPECT_EQ(s->runtime.concurrency, 4);
    EXPECT_TRUE(s->runtime.background.empty());
    EXPECT_FALSE(s->runtime.regime.enabled());
    EXPECT_TRUE(s->kubelet.relist_compute.zero());
    EXPECT_EQ(s->runtime.latency, default_latencies());
  }
}

TEST(ScenarioProfiles, CriOExtendsContainerd) {
  Scenario c = load_scenario_text("runtime: {profile: containerd}\n", "c.yaml");
  Scenario o = load_scenario_text("runtime: {profile: cri-o}\n", "o.yaml");
  EXPECT_EQ(c.runtime.latency, o.runtime.latency);
  EXPECT_EQ(c.runtime.regime, o.runtime.regime);
  EXPECT_EQ(c.kubelet.relist_compute, o.kubelet.relist_compute);
}

TEST(ScenarioProfiles, TheScenarioKeysGoOverTheProfile) {
  Scenario p = load_scenario_text("runtime: {profile: dockershim}\n", "p.yaml");
  Scenario s = load_scenario_text(
      "kubelet: {relistCompute: {perPod: 1ms}}\n"
      "runtime:\n  profile: dockershim\n  concurrency: 8\n  regime: none\n"
      "  background: []\n  latency:\n    ListContainers: {base: 2ms}\n",
      "s.yaml");
  EXPECT_EQ(s.runtime.concurrency, 8);
  EXPECT_FALSE(s.runtime.regime.enabled());
  EXPECT_TRUE(s.runtime.background.empty());
  // A latency entry over a profile changes only the keys it gives.
  EXPECT_EQ(lat(s, Op::kListContainers).base, Duration::milliseconds(2));
  EXPECT_EQ(lat(s, Op::kListContainers).per_item, lat(p, Op::kListContainers).per_item);
  EXPECT_EQ(lat(s, Op::kListContainers).noise, lat(p, Op::kListContainers).noise);
  EXPECT_EQ(lat(s, Op::kListPodSandbox), lat(p, Op::kListPodSandbox));
  // relistCompute is replaced whole, like every kubelet key.
  EXPECT_EQ(s.kubelet.relist_compute.per_pod, Duration::milliseconds(1));
  EXPECT_EQ(s.kubelet.relist_compute.per_container, Duration{});
  // Without a profile an entry still replaces the built-in default wholesale.
  Scenario b = load_scenario_text("runtime: {latency: {ListContainers: {base: 2ms}}}\n", "b.yaml");
  EXPECT_EQ(lat(b, Op::kListContainers).per_item, Duration{});
  EXPECT_EQ(lat(b, Op::kListContainers).noise.kind, models::Noise::Kind::kConstant);
}

TEST(ScenarioProfiles, RoundTripKeepsWhatTheScenarioRemoved) {
  for (const char* yaml :
       {"runtime: {profile: dockershim}\n",
        "kubelet: {relistCompute: {}}\nruntime: {profile: containerd, regime: none}\n",
        "runtime: {profile: cri-o, latency: {ListContainers: {locked: 0.5}}}\n"}) {
    SCOPED_TRACE(yaml);
    Scenario s = load_scenario_text(yaml, "r.yaml");
    std::string text = to_yaml(s);
    Scenario t = load_scenario_text(text, "emitted");
    EXPECT_EQ(t.runtime.profile, s.runtime.profile);
    EXPECT_EQ(t.runtime.latency, s.runtime.latency);
    EXPECT_EQ(t.runtime.regime, s.runtime.regime);
    EXPECT_EQ(t.runtime.concurrency, s.runtime.concurrency);
    EXPECT_EQ(t.kubelet.relist_compute, s.kubelet.relist_compute);
    // The same text but for the header line, which names the source.
    auto body = [](const std::string& y) { return y.substr(y.find('\n')); };
    EXPECT_EQ(body(to_yaml(t)), body(text));
  }
}

TEST(ScenarioProfiles, AnUnknownProfileIsALocatedError) {
  try {
    load_scenario_text("name: x\nruntime:\n  profile: docker\n", "bad.yaml");
    FAIL() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 12);
    EXPECT_EQ(e.key, "runtime.profile");
    EXPECT_NE(e.message.find("containerd, cri-o or dockershim, or none"), std::string::npos)
        << e.message;
  }
  EXPECT_THROW(load_scenario_text("runtime: {profile: [a]}\n", "bad.yaml"), ScenarioError);
  EXPECT_THROW(load_default_scenario({"runtime.profile=crio"}), ScenarioError);
}

}  // namespace
}  // namespace plegsim::scenario
