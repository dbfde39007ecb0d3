// One simulated node built from a scenario::Scenario: the runtime, the kubelet (restarted as
// the scenario says), the workload, and the recorder they report to.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/cri/plain_runtime.h"
#include "sim/cri/sim_runtime.h"
#include "sim/cri/store.h"
#include "sim/kubelet/background.h"
#include "sim/kubelet/kubelet.h"
#include "sim/record/summary.h"
#include "sim/scenario/scenario.h"
#include "sim/workload/churn.h"

namespace plegsim::run {

// A scenario that loads but cannot be built (e.g. an unknown kubelet version).
struct BuildError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BuildOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's
  // Relist by what changed (the runtime's change feed) instead of materialising every
  // pod; false hands the kubelet a cri::PlainRuntime. Results are identical, only faster.
  bool incremental_relist = true;
  // Wake the sync loop at every 1 s tick instead of only when runtimeErrors() could have
  // changed; results are identical, only slower.
  bool every_sync_tick = false;
  // Build even when estimated_peak_bytes() exceeds kMemoryBudgetBytes (memory_estimate.h).
  bool allow_large = false;
};

// The kubelet profile a scenario selects, with its overrides applied.
kubelet::Profile resolve_profile(const scenario::Scenario& s);
// Throws BuildError unless Simulation(s, {.allow_large = allow_large}) would build
// (release, feature gates, memory).
void check_buildable(const scenario::Scenario& s, bool allow_large = false);
// Everything a kubelet instance needs from the scenario.
kubelet::KubeletConfig kubelet_config(const scenario::Scenario& s, std::uint64_t seed,
                                      bool every_sync_tick = false);

// Reports every runtime state change to the recorder (detection latency).
class StoreRecorder final : public cri::StoreObserver {
 public:
  StoreRecorder(core::Kernel& k, record::Recorder& rec) : k_(k), rec_(rec) {}
  void on_store_change(const cri::Store::Change& c, std::uint8_t state) override {
    rec_.emit(record::ContainerChanged{k_.now(), c.pod, c.id,
                                       c.exists_after ? state : std::uint8_t{255}, c.sandbox});
  }

 private:
  core::Kernel& k_;
  record::Recorder& rec_;
};

class Simulation {
 public:
  explicit Simulation(const scenario::Scenario& s, BuildOptions opts = {});
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
  // The kubelet running now (the newest after restarts).
  kubelet::Kubelet& kubelet() { return *kubelets_.back(); }
  std::size_t kubelet_starts() const { return kubelets_.size(); }
  kubelet::GenericPleg& pleg() { return kubelet().pleg(); }
  kubelet::EventChannel& event_channel() { return kubelet().channel(); }
  kubelet::SyncLoop& sync_loop() { return kubelet().sync_loop(); }
  kubelet::NodeStatus& node_status() { return kubelet().node_status(); }
  workload::Churn& churn() { return churn_; }
  const kubelet::Profile& profile() const { return kubelet_config_.profile; }
  const scenario::Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }

 private:
  void start();
  // A kubeletRestart fault: the running kubelet dies and a new one starts.
  static void restart_kubelet_cb(void* ctx, std::uint64_t);

  scenario::Scenario scenario_;
  std::uint64_t seed_;
  kubelet::KubeletConfig kubelet_config_;
  core::Kernel kernel_;
  record::Recorder recorder_;
  record::SummarySink summary_sink_;
  kubelet::InstrumentedRuntime instrumented_;
  cri::Store store_;
  StoreRecorder store_recorder_;
  cri::SimRuntime runtime_;
  cri::PlainRuntime plain_runtime_{runtime_};
  cri::Runtime* kubelet_runtime_;  // runtime_, or plain_runtime_ (incremental_relist off)
  std::vector<std::unique_ptr<kubelet::Kubelet>> kubelets_;
  workload::Churn churn_;
  std::vector<std::unique_ptr<kubelet::BackgroundCaller>> background_;
  bool started_ = false;
  bool finished_ = false;
  double wall_seconds_ = 0;
};

}  // namespace plegsim::run
