#include "sim/scenario/simulation.h"

#include <chrono>

namespace plegsim::scenario {

kubelet::Profile resolve_profile(const Scenario& s) {
  auto p = kubelet::profile_for_version(s.kubelet.version);
  if (!p) {
    throw BuildError("kubelet.version: unknown release \"" + s.kubelet.version +
                     "\" (expected 1.2 or later, e.g. \"1.11\", \"1.28\")");
  }
  auto gate = s.kubelet.feature_gates.find("EventedPLEG");
  if (gate != s.kubelet.feature_gates.end() && gate->second) {
    throw BuildError("kubelet.featureGates.EventedPLEG: not supported yet");
  }
  if (s.kubelet.relist_period) p->relist_period = *s.kubelet.relist_period;
  if (s.kubelet.relist_threshold) p->relist_threshold = *s.kubelet.relist_threshold;
  return *p;
}

namespace {
cri::SimRuntimeConfig runtime_config(const Scenario& s, std::uint64_t seed) {
  cri::SimRuntimeConfig c;
  c.concurrency = s.runtime.concurrency;
  c.latency = s.runtime.latency;
  c.request_timeout = s.kubelet.runtime_request_timeout;
  c.faults = s.faults;
  c.seed = seed;
  return c;
}

kubelet::PlegConfig pleg_config(const kubelet::Profile& p, std::uint64_t seed) {
  kubelet::PlegConfig c;
  c.relist_period = p.relist_period;
  c.relist_threshold = p.relist_threshold;
  c.seed = seed;
  return c;
}

std::vector<models::Fault> consumer_stalls(const Scenario& s) {
  std::vector<models::Fault> out;
  for (const auto& f : s.faults) {
    if (f.kind == models::FaultKind::kConsumerStall) out.push_back(f);
  }
  return out;
}
}  // namespace

Simulation::Simulation(const Scenario& s, BuildOptions opts)
    : scenario_(s),
      seed_(opts.seed.value_or(s.seed)),
      profile_(resolve_profile(s)),
      summary_sink_(core::Time{0} + s.warmup, profile_.relist_threshold),
      instrumented_(recorder_),
      store_recorder_(kernel_, recorder_),
      runtime_(kernel_, store_, runtime_config(s, seed_)),
      runtime_manager_(runtime_, profile_, opts.incremental_relist),
      channel_(kernel_, static_cast<std::size_t>(s.kubelet.event_channel_capacity)),
      pleg_(kernel_, runtime_manager_, cache_, channel_, profile_, recorder_,
            pleg_config(profile_, seed_)),
      runtime_state_(kernel_, profile_),
      runtime_updater_(kernel_, runtime_, runtime_state_, profile_),
      sync_loop_(kernel_, runtime_state_, channel_, profile_, s.kubelet.event_handling_time,
                 consumer_stalls(s)),
      node_status_(kernel_, runtime_state_, s.kubelet.node_status_update_frequency, recorder_),
      churn_(kernel_, store_, runtime_, s.workload, s.node.containers_per_pod, seed_) {
  recorder_.add(&summary_sink_);
  runtime_.set_call_observer(&instrumented_);
  runtime_state_.add_health_check("PLEG", [this] { return pleg_.healthy(); });
  for (const auto& b : s.runtime.background) {
    background_.push_back(
        std::make_unique<kubelet::BackgroundCaller>(kernel_, runtime_, b.op, b.every));
  }
  churn_.create_initial_pods(s.node.pods);
  // Changes from here on are the ones a PLEG can be late to see.
  store_.set_observer(&store_recorder_);
}

Simulation::~Simulation() {
  kernel_.shutdown();
}

void Simulation::start() {
  if (started_) return;
  started_ = true;
  // Kubelet start-up at t = 0 with empty podRecords, as after a kubelet restart.
  runtime_updater_.start();
  pleg_.start();
  sync_loop_.start();
  node_status_.start();
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
  s.kubelet_version = profile_.version;
  s.wall_seconds = wall_seconds_;
  s.kernel_events = kernel_.events_processed();
}

}  // namespace plegsim::scenario
