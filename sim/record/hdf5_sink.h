// Streams a run to an HDF5 file (`plegsim run -o run.h5`): tables written in blocks as
// the run goes, aggregates at finish(), the summary and a rename to the final name at
// commit(). Until commit() the file exists only as "<path>.tmp-<random>"; destroying an
// uncommitted sink removes it. Layout: docs/output.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/record/sink.h"
#include "sim/record/summary.h"

namespace plegsim::record {

// What a run file says about where it came from (root attributes).
struct RunMetadata {
  std::string scenario_name;
  std::string scenario_source;  // file name, or "<built-in default>"
  std::string scenario_yaml;    // Scenario::source_yaml, as given
  std::string resolved_yaml;    // scenario::to_yaml(scenario)
  std::string overrides;        // the `--set path=value` overrides, one per line
  std::uint64_t seed = 0;
  std::string kubelet_version;  // "1.11"
  int kubelet_minor = 0;
  Duration warmup{};  // aggregates cover changes/calls from here on
  Duration relist_threshold{};
};

struct Hdf5Options {
  bool calls = false;   // the raw CRI call log (`calls` table)
  bool events = false;  // PLEG events and per-change detections (`events`, `detections`)
};

class Hdf5Sink final : public Sink {
 public:
  // Creates "<path>.tmp-<random>" exclusively (AtomicFile); OutputError when the path
  // is refused (check_output_target) or cannot be written.
  Hdf5Sink(const std::string& path, const RunMetadata& meta, Hdf5Options opts = {});
  ~Hdf5Sink() override;
  Hdf5Sink(const Hdf5Sink&) = delete;
  Hdf5Sink& operator=(const Hdf5Sink&) = delete;

  void on(const RelistFinished& o) override;
  void on(const HealthChanged& o) override;
  void on(const NodeReadyChanged& o) override;
  void on(const CriCallFinished& o) override;
  void on(const CriCallAnswered& o) override;
  void on(const EventDelivered& o) override;
  void on(const EventDropped& o) override;
  void on(const ContainerChanged& o) override;
  // Flushes the tables and writes the aggregates (cri_ops, histograms).
  void finish(Time end) override;

  // Writes the summary group, closes the file and renames it to its final name.
  // Throws OutputError if any write failed during the run (the file is removed).
  void commit(const Summary& s);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plegsim::record
