#include "run_result.h"

#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "plegsim/simulation.h"

namespace plegsim::python {

std::unique_ptr<RunResult> RunResult::run(const scenario::Scenario& s,
                                          std::optional<std::uint64_t> seed,
                                          record::MemorySink::Options keep, bool allow_large) {
  auto r = std::make_unique<RunResult>(Private{}, keep);
  r->scenario_ = s;
  run::BuildOptions opts;
  opts.seed = seed;
  opts.allow_large = allow_large;
  {
    // Built, run and destroyed on this thread: coroutine frames return to its pool.
    run::Simulation sim(s, opts);
    sim.add_sink(&r->sink_);
    sim.run();
    r->summary_ = sim.summary();
    r->seed_ = sim.seed();
    r->end_ = sim.kernel().now();
    r->kubelet_minor_ = sim.profile().minor;
    r->relist_threshold_ = sim.profile().relist_threshold;
  }
  r->summary_json_ = record::to_json(r->summary_);
  return r;
}

const Table& RunResult::table(const std::string& name) {
  auto it = tables_.find(name);
  if (it == tables_.end()) it = tables_.emplace(name, build_table(sink_, name)).first;
  return it->second;
}

std::string RunResult::metrics_text() const {
  return record::metrics_text(sink_, end_, kubelet_minor_);
}

void RunResult::write_hdf5(const std::string& path) const {
  record::RunMetadata meta;
  meta.scenario_name = scenario_.name;
  meta.scenario_source = scenario_.source_path;
  meta.scenario_yaml = scenario_.source_yaml;
  meta.resolved_yaml = scenario::to_yaml(scenario_);
  meta.seed = seed_;
  meta.kubelet_version = scenario_.kubelet.version;
  meta.kubelet_minor = kubelet_minor_;
  meta.warmup = scenario_.warmup;
  meta.relist_threshold = relist_threshold_;
  record::write_hdf5(path, sink_, end_, meta, summary_,
                     record::Hdf5Options{!sink_.cri_calls.empty(), !sink_.delivered.empty()});
}

}  // namespace plegsim::python
