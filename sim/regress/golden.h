// A golden file: the per-replication statistics of one scenario, blessed by one plegsim
// build. Text, one header line per key, then CSV (docs/regression.md):
//
//   # comments
//   plegsim-golden: 1
//   scenario: ../../scenarios/calibration/m2.yaml   (relative to the golden's folder)
//   set: duration=30m                                (zero or more overrides)
//   seeds: 1-20
//   blessed-by: plegsim 0.1.0 (rev abc1234)
//   scenario-hash: fnv1a64:0123456789abcdef          (of the resolved YAML)
//   seed,relist_duration_p50,...                      (the CSV header)
//   1,0.0024,...
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace plegsim::regress {

// A golden file that cannot be read; what() names the file and line.
struct GoldenError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Golden {
  std::string path;      // where it was read from or will be written
  std::string scenario;  // as written: relative to the golden's folder, or absolute
  std::vector<std::string> overrides;
  std::uint64_t first_seed = 1;
  std::uint64_t replications = 0;
  std::string blessed_by;
  std::string scenario_hash;
  std::vector<std::string> columns;         // statistic names (without "seed")
  std::vector<std::vector<double>> values;  // [replication][column]

  // The scenario file's path as the process can open it.
  std::string scenario_path() const;
  // Column `name`'s values over replications; empty when the golden lacks it.
  std::vector<double> column(const std::string& name) const;
};

Golden read_golden(const std::string& path);
Golden parse_golden(const std::string& text, const std::string& path);
// The file's text; values with 17 significant digits, so they read back bit-identical.
std::string to_text(const Golden& g);

}  // namespace plegsim::regress
