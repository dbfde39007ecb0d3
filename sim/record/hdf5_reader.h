// Reads a run file written by Hdf5Sink (for `plegsim report` and tests). The interface
// has no HDF5 types. Layout: docs/output.md.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/record/sink.h"
#include "sim/record/summary.h"

namespace plegsim::record {

// A file that is missing, not HDF5, or not a complete plegsim run file; what() says
// which and names the path.
struct RunFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RunFile {
  std::string plegsim_version;
  std::string plegsim_git_revision;
  std::string scenario_name;
  std::string scenario_yaml;
  std::string scenario_resolved_yaml;
  std::string kubelet_version;
  std::uint64_t seed = 0;
  std::int64_t end_ns = 0;
  std::map<std::string, std::uint64_t> table_rows;  // table name -> rows
  Summary summary;
};

RunFile read_run_file(const std::string& path);
// The relists table as observations (interval absent where interval_ns is -1).
std::vector<RelistFinished> read_relists(const std::string& path);
std::vector<HealthChanged> read_health(const std::string& path);
std::vector<NodeReadyChanged> read_node_ready(const std::string& path);

}  // namespace plegsim::record
