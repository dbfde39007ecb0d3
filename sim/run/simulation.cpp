#include "sim/run/simulation.h"

#include <algorithm>
#include <chrono>

#include "sim/run/fault_windows.h"
#include "sim/run/memory_estimate.h"

namespace plegsim::run {

kubelet::Profile resolve_profile(const scenario::Scenario& s) {
  auto p = kubelet::profile_for_version(s.kubelet.version);
  if (!p) {
    throw BuildError("kubelet.version: unknown release \"" + s.kubelet.version +
                     "\" (plegsim models 1." + std::to_string(kubelet::kOldestMinor) + " to 1." +
                     std::to_string(kubelet::kNewestMinor) + ", e.g. \"1.11\", \"1.28\")");
  }
  if (s.kubelet.relist_period) p->relist_period = *s.kubelet.relist_period;
  if (s.kubelet.relist_threshold) p->relist_threshold = *s.kubelet.relist_threshold;
  return *p;
}

namespace {
bool gate(const scenario::Scenario& s, std::string_view name) {
  auto it = s.kubelet.feature_gates.find(std::string(name));
  return it != s.kubelet.feature_gates.end() && it->second;
}

cri::SimRuntimeConfig runtime_config(const scenario::Scenario& s, std::uint64_t seed) {
  cri::SimRuntimeConfig c;
  c.concurrency = s.runtime.concurrency;
  c.latency = s.runtime.latency;
  c.request_timeout = s.kubelet.runtime_request_timeout;
  RuntimeFaults f = runtime_faults(s, seed);
  c.faults = std::move(f.windows);
  c.fault_keys = std::move(f.keys);
  c.fault_stream = std::move(f.stream);
  c.seed = seed;
  return c;
}
}  // namespace

kubelet::KubeletConfig kubelet_config(const scenario::Scenario& s, std::uint64_t seed,
                                      bool every_sync_tick) {
  kubelet::KubeletConfig c;
  c.profile = resolve_profile(s);
  c.pleg.relist_period = c.profile.relist_period;
  c.pleg.relist_threshold = c.profile.relist_threshold;
  c.pleg.inspection_parallelism = s.kubelet.inspection_parallelism;
  c.pleg.compute = s.kubelet.relist_compute;
  c.pleg.seed = seed;
  c.evented_pleg = gate(s, kubelet::kGateEventedPleg);
  if (c.evented_pleg && !c.profile.evented_pleg_available) {
    throw BuildError("kubelet.featureGates.EventedPLEG: the gate exists from 1.26 on; kubelet " +
                     s.kubelet.version + " has no Evented PLEG");
  }
  c.evented.cache_update_period = s.kubelet.evented_cache_update_period;
  // PLEGOnDemandRelist: beta and on by default in 1.36 (#137909 turned it off on
  // 2026-03-19, its revert #137946 turned it back on on 2026-03-25, before the release
  // branch; 1.36's generated feature-gate reference lists "BETA - default=true"), locked
  // on from 1.37 (#140805).
  auto on_demand = s.kubelet.feature_gates.find(std::string(kubelet::kGatePlegOnDemandRelist));
  const bool on_demand_set = on_demand != s.kubelet.feature_gates.end();
  bool on_demand_on =
      c.profile.minor >= 37 || (on_demand_set ? on_demand->second : c.profile.minor == 36);
  if (on_demand_set && on_demand->second && c.profile.minor < 36) {
    throw BuildError("kubelet.featureGates.PLEGOnDemandRelist: the gate exists from 1.36 on");
  }
  if (c.profile.minor >= 37 && on_demand_set && !on_demand->second) {
    throw BuildError("kubelet.featureGates.PLEGOnDemandRelist: locked on from 1.37");
  }
  c.pleg.on_demand_relist = on_demand_on;
  c.every_sync_tick = every_sync_tick;
  c.event_channel_capacity = s.kubelet.event_channel_capacity;
  c.node_status_update_frequency = s.kubelet.node_status_update_frequency;
  c.event_handling_time = s.kubelet.event_handling_time;
  // newPodContainerDeletor(..., max(containerGCPolicy.MaxPerPodContainer, 1)).
  c.containers_to_keep = std::max(s.workload.max_dead_per_container, 1);
  for (const auto& f : s.faults) {
    if (f.kind == models::FaultKind::kConsumerStall) c.consumer_stalls.push_back(f);
  }
  for (const auto& b : s.runtime.background) {
    if (b.trigger == kubelet::BackgroundCallerSpec::Trigger::kOnEvent)
      c.pod_worker_calls.push_back(b.op);
  }
  return c;
}

void check_buildable(const scenario::Scenario& s, bool allow_large) {
  (void)kubelet_config(s, s.seed);
  if (!allow_large) check_memory(s);
}

namespace {
// The scenario, once its memory estimate is within budget (before anything is built).
const scenario::Scenario& within_budget(const scenario::Scenario& s, const BuildOptions& o) {
  if (!o.allow_large) check_memory(s);
  return s;
}
}  // namespace

Simulation::Simulation(const scenario::Scenario& s, BuildOptions opts)
    : scenario_(within_budget(s, opts)),
      seed_(opts.seed.value_or(s.seed)),
      kubelet_config_(kubelet_config(s, seed_, opts.every_sync_tick)),
      summary_sink_(
          core::Time{0} + s.warmup,
          kubelet_config_.evented_pleg && !kubelet_config_.profile.evented_termination_hint
              ? kubelet::kEventedGenericThreshold
              : kubelet_config_.profile.relist_threshold),
      instrumented_(recorder_),
      store_recorder_(kernel_, recorder_),
      runtime_(kernel_, store_, runtime_config(s, seed_)),
      kubelet_runtime_(opts.incremental_relist ? static_cast<cri::Runtime*>(&runtime_)
                                               : &plain_runtime_),
      churn_(kernel_, store_, runtime_, s.workload, s.node.containers_per_pod, seed_) {
  if (auto spans = fault_spans(s, seed_)) summary_sink_.set_fault_spans(std::move(*spans));
  recorder_.add(&summary_sink_);
  runtime_.set_call_observer(&instrumented_);
  kubelets_.push_back(
      std::make_unique<kubelet::Kubelet>(kernel_, *kubelet_runtime_, recorder_, kubelet_config_));
  for (const auto& b : s.runtime.background) {
    using Trigger = kubelet::BackgroundCallerSpec::Trigger;
    if (b.trigger == Trigger::kPeriodic) {
      background_.push_back(
          std::make_unique<kubelet::BackgroundCaller>(kernel_, runtime_, b.op, b.every));
    } else if (b.trigger == Trigger::kPerPod) {
      // One caller per initial pod, spread evenly over the period.
      for (int i = 0; i < s.node.pods; ++i) {
        core::Duration phase{b.every.ns / s.node.pods * i};
        background_.push_back(
            std::make_unique<kubelet::BackgroundCaller>(kernel_, runtime_, b.op, b.every, phase));
      }
    }
  }
  for (const auto& f : s.faults) {
    if (f.kind == models::FaultKind::kKubeletRestart) {
      kernel_.schedule(f.from, &Simulation::restart_kubelet_cb, this);
    }
  }
  churn_.create_initial_pods(s.node.pods);
  // Changes from here on are the ones a PLEG can be late to see.
  store_.add_observer(&store_recorder_);
}

Simulation::~Simulation() {
  kernel_.shutdown();
}

void Simulation::restart_kubelet_cb(void* ctx, std::uint64_t) {
  auto& sim = *static_cast<Simulation*>(ctx);
  sim.kubelet().kill();
  // The old instance stays allocated: its suspended processes still point into it.
  sim.kubelets_.push_back(std::make_unique<kubelet::Kubelet>(sim.kernel_, *sim.kubelet_runtime_,
                                                             sim.recorder_, sim.kubelet_config_));
  sim.kubelet().start();
}

void Simulation::start() {
  if (started_) return;
  started_ = true;
  // Kubelet start-up at t = 0 with empty podRecords, as after a kubelet restart.
  kubelet().start();
  for (auto& b : background_) b->start();
  churn_.start();
}

void Simulation::run_until(core::Time t) {
  start();
  auto w0 = std::chrono::steady_clock::now();
  kernel_.run_until(t);
  wall_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
}

void Simulation::run() {
  run_until(core::Time{0} + scenario_.duration);
  if (finished_) return;
  finished_ = true;
  recorder_.finish(kernel_.now());
  record::Summary& s = summary_sink_.summary();
  s.scenario = scenario_.name;
  s.seed = seed_;
  s.kubelet_version = kubelet_config_.profile.version;
  s.wall_seconds = wall_seconds_;
  s.kernel_events = kernel_.events_processed();
}

}  // namespace plegsim::run
