// The scenario loader: defaults, every section, --set overrides and the to_yaml round
// trip. Error reporting (file:line:column and key) is in scenario_errors_test.cpp.
#include "sim/scenario/loader.h"

#include <gtest/gtest.h>

namespace plegsim::scenario {
namespace {

using core::Duration;
using core::Time;
using models::FaultKind;
using models::Noise;
using models::Op;

const models::OpLatency& lat(const Scenario& s, Op op) {
  return s.runtime.latency[static_cast<int>(op)];
}

Scenario load(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(yaml, "test.yaml", overrides);
}

// Field-by-field equality, with messages naming the field.
void expect_same(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.duration, b.duration);
  EXPECT_EQ(a.warmup, b.warmup);
  EXPECT_EQ(a.seed, b.seed);
  const kubelet::KubeletSpec &ka = a.kubelet, &kb = b.kubelet;
  EXPECT_EQ(ka.version, kb.version);
  EXPECT_EQ(ka.feature_gates, kb.feature_gates);
  EXPECT_EQ(ka.relist_period, kb.relist_period);
  EXPECT_EQ(ka.relist_threshold, kb.relist_threshold);
  EXPECT_EQ(ka.runtime_request_timeout, kb.runtime_request_timeout);
  EXPECT_EQ(ka.node_status_update_frequency, kb.node_status_update_frequency);
  EXPECT_EQ(ka.event_channel_capacity, kb.event_channel_capacity);
  EXPECT_EQ(ka.event_handling_time, kb.event_handling_time);
  EXPECT_EQ(ka.inspection_parallelism, kb.inspection_parallelism);
  EXPECT_EQ(ka.relist_compute, kb.relist_compute);
  EXPECT_EQ(ka.evented_cache_update_period, kb.evented_cache_update_period);
  EXPECT_EQ(a.node.pods, b.node.pods);
  EXPECT_EQ(a.node.containers_per_pod, b.node.containers_per_pod);
  const workload::WorkloadSpec &wa = a.workload, &wb = b.workload;
  EXPECT_EQ(wa.crash_rate.per_hour, wb.crash_rate.per_hour);
  EXPECT_EQ(wa.pod_create_rate.per_hour, wb.pod_create_rate.per_hour);
  EXPECT_EQ(wa.pod_delete_rate.per_hour, wb.pod_delete_rate.per_hour);
  EXPECT_EQ(wa.backoff_initial, wb.backoff_initial);
  EXPECT_EQ(wa.backoff_max, wb.backoff_max);
  EXPECT_EQ(wa.backoff_reset, wb.backoff_reset);
  EXPECT_EQ(wa.max_dead_per_container, wb.max_dead_per_container);
  EXPECT_EQ(wa.gc_period, wb.gc_period);
  ASSERT_EQ(wa.mass_deletes.size(), wb.mass_deletes.size());
  for (std::size_t i = 0; i < wa.mass_deletes.size(); ++i) {
    EXPECT_EQ(wa.mass_deletes[i].at, wb.mass_deletes[i].at);
    EXPECT_EQ(wa.mass_deletes[i].pods, wb.mass_deletes[i].pods);
  }
  EXPECT_EQ(wa.pod_create_rate.relative, wb.pod_create_rate.relative);
  EXPECT_EQ(wa.pod_delete_rate.relative, wb.pod_delete_rate.relative);
  EXPECT_EQ(wa.startup.pods, wb.startup.pods);
  EXPECT_EQ(wa.startup.over, wb.startup.over);
  EXPECT_EQ(wa.startup.exited, wb.startup.exited);
  ASSERT_EQ(wa.schedule.size(), wb.schedule.size());
  for (std::size_t i = 0; i < wa.schedule.size(); ++i) {
    EXPECT_EQ(wa.schedule[i].from, wb.schedule[i].from);
    EXPECT_EQ(wa.schedule[i].crash_rate.per_hour, wb.schedule[i].crash_rate.per_hour);
    EXPECT_EQ(wa.schedule[i].pod_create_rate.per_hour, wb.schedule[i].pod_create_rate.per_hour);
    EXPECT_EQ(wa.schedule[i].pod_create_rate.relative, wb.schedule[i].pod_create_rate.relative);
    EXPECT_EQ(wa.schedule[i].pod_delete_rate.per_hour, wb.schedule[i].pod_delete_rate.per_hour);
    EXPECT_EQ(wa.schedule[i].pod_delete_rate.relative, wb.schedule[i].pod_delete_rate.relative);
  }
  EXPECT_EQ(wa.rollout.every, wb.rollout.every);
  EXPECT_EQ(wa.rollout.fraction, wb.rollout.fraction);
  EXPECT_EQ(wa.rollout.surge, wb.rollout.surge);
  EXPECT_EQ(wa.rollout.surge_percent, wb.rollout.surge_percent);
  EXPECT_EQ(wa.rollout.max_unavailable, wb.rollout.max_unavailable);
  EXPECT_EQ(wa.rollout.max_unavailable_percent, wb.rollout.max_unavailable_percent);
  EXPECT_EQ(wa.rollout.start_after, wb.rollout.start_after);
  EXPECT_EQ(a.runtime.concurrency, b.runtime.concurrency);
  for (int i = 0; i < models::kOpCount; ++i) {
    const models::OpLatency &la = a.runtime.latency[i], &lb = b.runtime.latency[i];
    SCOPED_TRACE(models::kOpNames[i].cri);
    EXPECT_EQ(la.base, lb.base);
    EXPECT_EQ(la.per_item, lb.per_item);
    EXPECT_EQ(models::describe(la.noise), models::describe(lb.noise));
    EXPECT_TRUE(la.noise == lb.noise);  // every field, the mixture's parts included
  }
  ASSERT_EQ(a.runtime.background.size(), b.runtime.background.size());
  for (std::size_t i = 0; i < a.runtime.background.size(); ++i) {
    EXPECT_EQ(a.runtime.background[i].op, b.runtime.background[i].op);
    EXPECT_EQ(a.runtime.background[i].every, b.runtime.background[i].every);
    EXPECT_EQ(a.runtime.background[i].trigger, b.runtime.background[i].trigger);
  }
  ASSERT_EQ(a.faults.size(), b.faults.size());
  for (std::size_t i = 0; i < a.faults.size(); ++i) {
    const models::Fault &fa = a.faults[i], &fb = b.faults[i];
    SCOPED_TRACE("faults[" + std::to_string(i) + "]");
    EXPECT_EQ(fa.kind, fb.kind);
    EXPECT_EQ(fa.op, fb.op);
    EXPECT_EQ(fa.pod, fb.pod);
    EXPECT_EQ(fa.container, fb.container);
    EXPECT_EQ(fa.from, fb.from);
    EXPECT_EQ(fa.until, fb.until);
    EXPECT_EQ(fa.factor, fb.factor);
    EXPECT_EQ(fa.probability, fb.probability);
    EXPECT_EQ(fa.holds_slot, fb.holds_slot);
  }
  ASSERT_EQ(a.expect.size(), b.expect.size());
  for (std::size_t i = 0; i < a.expect.size(); ++i) {
    EXPECT_EQ(a.expect[i].field, b.expect[i].field);
    EXPECT_EQ(a.expect[i].min, b.expect[i].min);
    EXPECT_EQ(a.expect[i].max, b.expect[i].max);
  }
}

TEST(ScenarioLoader, DefaultScenario) {
  Scenario s = load_default_scenario();
  EXPECT_EQ(s.name, "default");
  EXPECT_EQ(s.duration, Duration::hours(1));
  EXPECT_EQ(s.warmup, Duration::minutes(5));
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.kubelet.version, "1.11");
  EXPECT_TRUE(s.kubelet.feature_gates.empty());
  EXPECT_FALSE(s.kubelet.relist_period.has_value());
  EXPECT_FALSE(s.kubelet.relist_threshold.has_value());
  EXPECT_EQ(s.kubelet.runtime_request_timeout, Duration::minutes(2));
  EXPECT_EQ(s.kubelet.node_status_update_frequency, Duration::seconds(10));
  EXPECT_EQ(s.kubelet.event_channel_capacity, 1000);
  EXPECT_EQ(s.node.pods, 110);
  EXPECT_EQ(s.node.containers_per_pod, 2);
  EXPECT_DOUBLE_EQ(s.workload.crash_rate.per_hour, 0.5);
  EXPECT_TRUE(s.workload.pod_create_rate.zero());
  // The runtime is the dockershim profile's, whole (scenarios/profiles/dockershim.yaml).
  EXPECT_EQ(s.runtime.profile, "dockershim");
  Scenario profile = load_scenario_text("runtime: {profile: dockershim}\n", "p.yaml");
  EXPECT_EQ(s.runtime.concurrency, 100000);  // unlimited
  EXPECT_EQ(s.runtime.concurrency, profile.runtime.concurrency);
  for (int i = 0; i < models::kOpCount; ++i) {
    EXPECT_EQ(s.runtime.latency[i].base, profile.runtime.latency[i].base);
    EXPECT_EQ(s.runtime.latency[i].per_item, profile.runtime.latency[i].per_item);
    EXPECT_EQ(s.runtime.latency[i].noise, profile.runtime.latency[i].noise);
  }
  const auto& list = lat(s, Op::kListPodSandbox);
  EXPECT_GT(list.per_item, Duration{});  // grows with the store
  EXPECT_EQ(list.noise.kind, Noise::Kind::kLognormal);
  ASSERT_EQ(s.runtime.background.size(), 2u);
  EXPECT_EQ(s.runtime.background[1].op, Op::kListContainers);
  EXPECT_EQ(s.runtime.background[1].every, Duration::milliseconds(1150));
  EXPECT_TRUE(s.runtime.regime.enabled());
  EXPECT_EQ(s.runtime.regime, profile.runtime.regime);
  EXPECT_FALSE(s.kubelet.relist_compute.zero());  // the profile's kubelet part
  EXPECT_EQ(s.kubelet.relist_compute, profile.kubelet.relist_compute);
  EXPECT_TRUE(s.faults.empty());
  EXPECT_TRUE(s.expect.empty());
  EXPECT_EQ(s.source_path, "<built-in default>");
  EXPECT_EQ(s.source_yaml, default_scenario_yaml());
}

TEST(ScenarioLoader, DefaultFileMatchesBuiltIn) {
  std::string path = std::string(PLEGSIM_SOURCE_DIR) + "/scenarios/default.yaml";
  Scenario s = load_scenario_file(path);
  EXPECT_EQ(s.source_path, path);
  EXPECT_EQ(s.source_yaml, default_scenario_yaml());
  expect_same(s, load_default_scenario());
}

TEST(ScenarioLoader, EmptyDocumentTakesStructDefaults) {
  Scenario s = load("# nothing but a comment\n");
  Scenario d;
  EXPECT_EQ(s.name, d.name);
  EXPECT_EQ(s.duration, d.duration);
  EXPECT_EQ(s.node.pods, d.node.pods);
  EXPECT_TRUE(s.runtime.background.empty());
  auto defaults = default_latencies();
  for (int i = 0; i < models::kOpCount; ++i) {
    EXPECT_EQ(s.runtime.latency[i].base, defaults[i].base) << models::kOpNames[i].cri;
    EXPECT_EQ(s.runtime.latency[i].per_item, defaults[i].per_item);
  }
}

TEST(ScenarioLoader, DefaultLatenciesCoverEveryOp) {
  auto d = default_latencies();
  for (int i = 0; i < models::kOpCount; ++i) {
    EXPECT_GT(d[i].base.ns, 0) << models::kOpNames[i].cri;
    EXPECT_EQ(d[i].noise.kind, Noise::Kind::kLognormal);
    EXPECT_DOUBLE_EQ(d[i].noise.sigma, 0.5);
  }
  EXPECT_EQ(d[static_cast<int>(Op::kStatus)].base, Duration::microseconds(1500));
  EXPECT_EQ(d[static_cast<int>(Op::kListContainers)].per_item, Duration::microseconds(60));
  EXPECT_EQ(d[static_cast<int>(Op::kListContainerStats)].per_item, Duration::microseconds(50));
}

TEST(ScenarioLoader, DurationStrings) {
  Scenario s = load(
      "duration: 1h30m\nwarmup: 90s\n"
      "kubelet: {relistPeriod: 1.5s, relistThreshold: 3m, eventHandlingTime: 250us}\n"
      "runtime:\n  latency:\n    Version: {base: 100µs, perItem: 1.5ms}\n");
  EXPECT_EQ(s.duration, Duration::minutes(90));
  EXPECT_EQ(s.warmup, Duration::seconds(90));
  EXPECT_EQ(s.kubelet.relist_period, Duration::milliseconds(1500));
  EXPECT_EQ(s.kubelet.relist_threshold, Duration::minutes(3));
  EXPECT_EQ(s.kubelet.event_handling_time, Duration::microseconds(250));
  EXPECT_EQ(lat(s, Op::kVersion).base, Duration::microseconds(100));
  EXPECT_EQ(lat(s, Op::kVersion).per_item, Duration::microseconds(1500));
}

TEST(ScenarioLoader, KubeletNodeWorkload) {
  Scenario s = load(
      "name: big node\nseed: 18446744073709551615\n"
      "kubelet:\n  version: \"1.27\"\n  featureGates: {EventedPLEG: true, Other: False}\n"
      "  eventChannelCapacity: 50\n"
      "node: {pods: 250, containersPerPod: 3}\n"
      "workload: {crashRate: 2/d, podCreateRate: 10/m, podDeleteRate: 1/s, backoffInitial: 5s,"
      " backoffMax: 10m, backoffReset: 20m, maxDeadPerContainer: 0, gcPeriod: 30s}\n");
  EXPECT_EQ(s.name, "big node");
  EXPECT_EQ(s.seed, 18446744073709551615ull);
  EXPECT_EQ(s.kubelet.version, "1.27");
  EXPECT_EQ(s.kubelet.feature_gates,
            (std::map<std::string, bool>{{"EventedPLEG", true}, {"Other", false}}));
  EXPECT_EQ(s.kubelet.event_channel_capacity, 50);
  EXPECT_EQ(s.node.pods, 250);
  EXPECT_EQ(s.node.containers_per_pod, 3);
  EXPECT_DOUBLE_EQ(s.workload.crash_rate.per_hour, 2.0 / 24);
  EXPECT_DOUBLE_EQ(s.workload.pod_create_rate.per_hour, 600);
  EXPECT_DOUBLE_EQ(s.workload.pod_delete_rate.per_hour, 3600);
  EXPECT_EQ(s.workload.backoff_initial, Duration::seconds(5));
  EXPECT_EQ(s.workload.backoff_max, Duration::minutes(10));
  EXPECT_EQ(s.workload.backoff_reset, Duration::minutes(20));
  EXPECT_EQ(s.workload.max_dead_per_container, 0);
  EXPECT_EQ(s.workload.gc_period, Duration::seconds(30));
}

TEST(ScenarioLoader, LatencyEntryReplacesWholeDefault) {
  Scenario s = load(
      "runtime:\n  concurrency: 8\n  latency:\n"
      "    ListPodSandbox: {base: 20ms}\n"
      "    ContainerStatus: {base: 8ms, noise: constant}\n"
      "    ExecSync: {base: 1ms, noise: {gamma: {shape: 2}}}\n"
      "    StopContainer: {noise: {empirical: {quantiles: [0.5, 0.8, 1, 1, 4]}}}\n"
      "  background: []\n");
  EXPECT_EQ(s.runtime.concurrency, 8);
  const auto& list = lat(s, Op::kListPodSandbox);
  EXPECT_EQ(list.base, Duration::milliseconds(20));
  EXPECT_EQ(list.per_item, Duration{});
  EXPECT_EQ(list.noise.kind, Noise::Kind::kConstant);
  EXPECT_EQ(lat(s, Op::kContainerStatus).noise.kind, Noise::Kind::kConstant);
  EXPECT_EQ(lat(s, Op::kExecSync).noise.kind, Noise::Kind::kGamma);
  EXPECT_DOUBLE_EQ(lat(s, Op::kExecSync).noise.shape, 2);
  const auto& stop = lat(s, Op::kStopContainer);
  EXPECT_EQ(stop.base, Duration{});
  EXPECT_EQ(stop.noise.kind, Noise::Kind::kEmpirical);
  EXPECT_EQ(stop.noise.quantiles, (std::vector<double>{0.5, 0.8, 1, 1, 4}));
  EXPECT_EQ(lat(s, Op::kListContainers).per_item, Duration::microseconds(60));  // default
  EXPECT_TRUE(s.runtime.background.empty());
}

TEST(ScenarioLoader, Faults) {
  Scenario s = load(
      "faults:\n"
      "  - {kind: hang, op: ContainerStatus, pod: 7, container: 1, from: 10m, holdsSlot: true}\n"
      "  - {kind: stall, from: 30m, for: 4m}\n"
      "  - {kind: stall, from: 34m, until: 35m}\n"
      "  - {kind: slowdown, op: ListPodSandbox, factor: 3.5, until: 1h}\n"
      "  - {kind: errors, probability: 0.25, from: 1m, for: 1m}\n"
      "  - {kind: consumerStall, from: 5m, for: 30s}\n");
  ASSERT_EQ(s.faults.size(), 6u);
  const auto& hang = s.faults[0];
  EXPECT_EQ(hang.kind, FaultKind::kHang);
  EXPECT_EQ(hang.op, Op::kContainerStatus);
  EXPECT_EQ(hang.pod, 7);
  EXPECT_EQ(hang.container, 1);
  EXPECT_EQ(hang.from, Time{} + Duration::minutes(10));
  EXPECT_EQ(hang.until, Time::never());
  EXPECT_TRUE(hang.holds_slot);
  EXPECT_EQ(s.faults[1].kind, FaultKind::kStall);
  EXPECT_EQ(s.faults[1].until, Time{} + Duration::minutes(34));  // from + for
  EXPECT_EQ(s.faults[2].from, Time{} + Duration::minutes(34));   // touching is not overlapping
  EXPECT_EQ(s.faults[3].from, Time{});
  EXPECT_DOUBLE_EQ(s.faults[3].factor, 3.5);
  EXPECT_FALSE(s.faults[3].pod.has_value());
  EXPECT_DOUBLE_EQ(s.faults[4].probability, 0.25);
  EXPECT_FALSE(s.faults[4].op.has_value());
  EXPECT_EQ(s.faults[5].kind, FaultKind::kConsumerStall);
  EXPECT_EQ(s.faults[5].until, Time{} + Duration::seconds(330));
}

TEST(ScenarioLoader, Expectations) {
  Scenario s = load(
      "name: x\n"
      "expect:\n"
      "  nodeNotReadyTransitions: {min: 10, max: 20}\n"
      "  relists: 3600\n"
      "  pleg_unhealthy_seconds: {max: 0}\n"
      "  nodeNotReadyShare: {min: 0.5}\n");
  ASSERT_EQ(s.expect.size(), 4u);
  EXPECT_EQ(s.expect[0].field, "node_not_ready_transitions");
  EXPECT_EQ(s.expect[0].min, 10);
  EXPECT_EQ(s.expect[0].max, 20);
  EXPECT_EQ(s.expect[0].line, 3);
  EXPECT_EQ(s.expect[1].field, "relists");
  EXPECT_EQ(s.expect[1].min, 3600);
  EXPECT_EQ(s.expect[1].max, 3600);
  EXPECT_EQ(s.expect[2].field, "pleg_unhealthy_seconds");
  EXPECT_FALSE(s.expect[2].min.has_value());
  EXPECT_EQ(s.expect[2].max, 0);
  EXPECT_EQ(s.expect[3].field, "node_not_ready_share");
  EXPECT_EQ(s.expect[3].min, 0.5);
  EXPECT_EQ(s.expect[3].line, 6);
}

TEST(ScenarioOverrides, SetScalarsAndCreateMaps) {
  Scenario s = load_default_scenario({"node.pods=250", "kubelet.version=1.14",
                                      "kubelet.featureGates.EventedPLEG=true",
                                      "runtime.latency.ListPodSandbox.base=20ms", "duration=2h",
                                      " seed = 7 ", "name=with = sign"});
  EXPECT_EQ(s.node.pods, 250);
  EXPECT_EQ(s.kubelet.version, "1.14");
  EXPECT_EQ(s.kubelet.feature_gates.at("EventedPLEG"), true);
  EXPECT_EQ(lat(s, Op::kListPodSandbox).base, Duration::milliseconds(20));
  // Over a profile an entry changes only the keys it gives: the rest is kept.
  EXPECT_EQ(lat(s, Op::kListPodSandbox).per_item,
            lat(load_default_scenario(), Op::kListPodSandbox).per_item);
  EXPECT_EQ(lat(s, Op::kListPodSandbox).noise,
            lat(load_default_scenario(), Op::kListPodSandbox).noise);
  EXPECT_EQ(s.duration, Duration::hours(2));
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.name, "with = sign");
  EXPECT_EQ(s.source_yaml, default_scenario_yaml());  // the text before overrides
}

TEST(ScenarioOverrides, FlowValuesAndListIndices) {
  Scenario s = load("node: {pods: 3}\n",
                    {"faults=[{kind: stall, from: 1m, for: 2m}]", "faults[0].for=5m",
                     "faults[1]={kind: hang, pod: 2}", "runtime.background[0].op=ExecSync"});
  ASSERT_EQ(s.faults.size(), 2u);
  EXPECT_EQ(s.faults[0].until, Time{} + Duration::minutes(6));
  EXPECT_EQ(s.faults[1].kind, FaultKind::kHang);
  EXPECT_EQ(s.faults[1].pod, 2);
  ASSERT_EQ(s.runtime.background.size(), 1u);
  EXPECT_EQ(s.runtime.background[0].op, Op::kExecSync);
  EXPECT_EQ(s.runtime.background[0].every, Duration::seconds(1));
}

TEST(ScenarioToYaml, RoundTripsDefault) {
  Scenario s = load_default_scenario();
  expect_same(load_scenario_text(to_yaml(s), "emitted"), s);
}

TEST(ScenarioToYaml, RoundTripsWorkloadSchedules) {
  Scenario s = load(
      "workload:\n  podCreateRate: 0.1%/m\n  podDeleteRate: 20%/h\n"
      "  startup: {pods: 40, over: 10m}\n"
      "  schedule: [{from: 0s, crashRate: 0.5/h}, {from: 6h, crashRate: 2/h, podCreateRate: "
      "33.3333333333%/h}, {from: 7h, podDeleteRate: 1/s}]\n"
      "  rollout: {every: 1h, fraction: 12.5%, surge: 3, maxUnavailable: 0%, startAfter: 5m}\n");
  EXPECT_TRUE(s.workload.pod_create_rate.relative);
  EXPECT_EQ(s.workload.pod_create_rate.per_hour, 6.0);
  ASSERT_EQ(s.workload.schedule.size(), 3u);
  EXPECT_EQ(s.workload.schedule[2].crash_rate.per_hour, 2.0);    // kept from the entry before
  EXPECT_TRUE(s.workload.schedule[1].pod_delete_rate.relative);  // from the top level
  EXPECT_FALSE(s.workload.rollout.surge_percent);
  std::string yaml = to_yaml(s);
  SCOPED_TRACE(yaml);
  expect_same(load_scenario_text(yaml, "emitted"), s);
  // Absent, they are not emitted: the resolved text of older scenarios is unchanged.
  std::string plain = to_yaml(load_default_scenario());
  EXPECT_EQ(plain.find("rollout"), std::string::npos);
  EXPECT_EQ(plain.find("schedule"), std::string::npos);
}

TEST(ScenarioToYaml, RoundTripsEverything) {
  Scenario s = load(
      "name: \"yes: a tricky name #1\"\nduration: 3m0.322579259s\nwarmup: 1.5us\nseed: 42\n"
      "kubelet: {version: 1.10, featureGates: {EventedPLEG: true, B: false}, relistPeriod: 1s,"
      " relistThreshold: 3m, eventHandlingTime: 7ms, inspectionParallelism: 4,"
      " eventedGlobalCacheUpdatePeriod: 2s}\n"
      "workload: {crashRate: 1/d, podCreateRate: 0.1/s, massDelete: [{at: 10m, pods: 3}]}\n"
      "runtime:\n"
      "  background: [{op: ExecSync, every: 10s, perPod: true}, {op: PodSandboxStatus, onEvent: "
      "true},"
      " {op: ListContainers, every: 2s}]\n"
      "  latency:\n"
      "    ExecSync: {base: 1ms, noise: {gamma: {shape: 0.3}}}\n"
      "    Status: {perItem: 3ns, noise: {empirical: {quantiles: [0.1, 0.2, 7]}}}\n"
      "    Version: {noise: constant}\n"
      "    StopPodSandbox: {noise: {weibull: {shape: 0.7}}}\n"
      "    ListContainers: {noise: {mixture: {body: {lognormal: {sigma: 0.3}}, tail: {weibull: "
      "{shape: 0.5}}, tailProbability: 0.001, tailFactor: 30}}}\n"
      "    ListPodSandbox: {noise: {mixture: {body: constant, tail: {empirical: {quantiles: [1, "
      "2]}}, tailProbability: 1e-05}}}\n"
      "faults:\n"
      "  - {kind: hang, op: ContainerStatus, pod: 7, container: 0, from: 10m}\n"
      "  - {kind: stall, from: 30m, for: 4m}\n"
      "  - {kind: slowdown, factor: 0.1, until: 1h}\n"
      "  - {kind: errors, op: ListContainers, probability: 0.3333333333333333}\n"
      "  - {kind: consumerStall, from: 1ns, for: 1ns}\n"
      "  - {kind: runtimeRestart, from: 20m, for: 10s}\n"
      "  - {kind: kubeletRestart, from: 40m}\n"
      "expect: {relists: 5, nodeNotReadyShare: {min: 0.1}, events_discarded: {max: 2}}\n");
  std::string yaml = to_yaml(s);
  SCOPED_TRACE(yaml);
  expect_same(load_scenario_text(yaml, "emitted"), s);
  EXPECT_EQ(s.kubelet.version, "1.10");  // an unquoted 1.10 is not the number 1.1
  EXPECT_EQ(models::describe(s.runtime.latency[static_cast<int>(Op::kListContainers)].noise),
            "mixture(lognormal(sigma=0.3), tail=weibull(shape=0.5), p=0.001, x30)");
}

}  // namespace
}  // namespace plegsim::scenario
