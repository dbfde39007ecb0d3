// One simulated node built from a Scenario: the runtime, the kubelet's PLEG, sync loop
// and node status, the workload, and the recorder they report to.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"
#include "sim/kubelet/background.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/runtime_state.h"
#include "sim/kubelet/sync_loop.h"
#include "sim/record/summary.h"
#include "sim/scenario/scenario.h"
#include "sim/workload/churn.h"

namespace plegsim::scenario {

// A scenario that loads but cannot be built (e.g. an unknown kubelet version).
struct BuildError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BuildOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's
  // Relist by what changed (lazy lists over the store's change log) instead of
  // materialising every pod; results are identical, only faster.
  bool incremental_relist = true;
};

// The kubelet profile a scenario selects, with its overrides applied.
kubelet::Profile resolve_profile(const Scenario& s);

// Reports every runtime state change to the recorder (detection latency).
class StoreRecorder final : public cri::StoreObserver {
 public:
  StoreRecorder(core::Kernel& k, record::Recorder& rec) : k_(k), rec_(rec) {}
  void on_store_change(cri::PodUid pod, cri::ContainerId id, bool sandbox, bool removed,
                       std::uint8_t state) override {
    rec_.emit(record::ContainerChanged{k_.now(), pod, id, removed ? std::uint8_t{255} : state,
                                       sandbox});
  }

 private:
  core::Kernel& k_;
  record::Recorder& rec_;
};

class Simulation {
 public:
  explicit Simulation(const Scenario& s, BuildOptions opts = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Adds a sink before run(); the simulation does not own it.
  void add_sink(record::Sink* sink) { recorder_.add(sink); }
  // Runs to the scenario's duration and finishes every sink.
  void run();
  // Runs to `t` without finishing sinks (for stepping).
  void run_until(core::Time t);
  // The summary (after run()).
  const record::Summary& summary() const { return summary_sink_.summary(); }

  core::Kernel& kernel() { return kernel_; }
  cri::Store& store() { return store_; }
  cri::SimRuntime& runtime() { return runtime_; }
  kubelet::GenericPleg& pleg() { return pleg_; }
  kubelet::EventChannel& event_channel() { return channel_; }
  kubelet::SyncLoop& sync_loop() { return sync_loop_; }
  kubelet::NodeStatus& node_status() { return node_status_; }
  workload::Churn& churn() { return churn_; }
  const kubelet::Profile& profile() const { return profile_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }

 private:
  Scenario scenario_;
  std::uint64_t seed_;
  kubelet::Profile profile_;
  core::Kernel kernel_;
  record::Recorder recorder_;
  record::SummarySink summary_sink_;
  kubelet::InstrumentedRuntime instrumented_;
  cri::Store store_;
  StoreRecorder store_recorder_;
  cri::SimRuntime runtime_;
  kubelet::RuntimeManager runtime_manager_;
  kubelet::PodCache cache_;
  kubelet::EventChannel channel_;
  kubelet::GenericPleg pleg_;
  kubelet::RuntimeState runtime_state_;
  kubelet::RuntimeUpdater runtime_updater_;
  kubelet::SyncLoop sync_loop_;
  kubelet::NodeStatus node_status_;
  workload::Churn churn_;
  std::vector<std::unique_ptr<kubelet::BackgroundCaller>> background_;
  bool started_ = false;
  bool finished_ = false;
  double wall_seconds_ = 0;

  void start();
};

}  // namespace plegsim::scenario
