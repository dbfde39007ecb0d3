// One finished simulation as Python sees it: the summary, every observation kept in a
// MemorySink, and column tables built from them on first use. No Python types here, so
// run() can execute with the GIL released.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "columns.h"
#include "plegsim/observations.h"
#include "plegsim/scenario.h"
#include "plegsim/summary.h"

namespace plegsim::python {

class RunResult {
 public:
  // Builds and runs `s` to its duration on the calling thread; `seed` overrides the
  // scenario's. Throws run::BuildError when the scenario cannot be built. Runs on
  // different threads share nothing.
  static std::unique_ptr<RunResult> run(const scenario::Scenario& s,
                                        std::optional<std::uint64_t> seed,
                                        record::MemorySink::Options keep, bool allow_large = false);

  struct Private {};  // only run() constructs
  RunResult(Private, record::MemorySink::Options keep) : sink_(keep) {}
  RunResult(const RunResult&) = delete;
  RunResult& operator=(const RunResult&) = delete;

  // record::to_json of the summary: the object `plegsim run --json` prints.
  const std::string& summary_json() const { return summary_json_; }
  const scenario::Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  core::Time end() const { return end_; }
  const record::MemorySink& sink() const { return sink_; }

  // The table `name` (see table_names()); built on first use and kept, so arrays handed
  // out earlier stay valid for the life of this object.
  const Table& table(const std::string& name);

  // The kubelet's metrics as a Prometheus text scrape taken at the end of the run.
  std::string metrics_text() const;
  // Writes the run as an HDF5 run file (docs/output.md), with the CRI call log and
  // events when they were kept.
  void write_hdf5(const std::string& path) const;

 private:
  scenario::Scenario scenario_;
  record::MemorySink sink_;
  record::Summary summary_;
  std::string summary_json_;
  std::uint64_t seed_ = 0;
  core::Time end_{};
  int kubelet_minor_ = 0;
  core::Duration relist_threshold_{};
  std::map<std::string, Table> tables_;
};

}  // namespace plegsim::python
