// Reads a scenario from YAML, applies `--set path=value` overrides, validates every
// key, and fills the defaults of scenario.h. Errors name the file, line, column and
// dotted key, say what was wrong and what would be valid. Keys are documented in
// docs/scenario.md.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace plegsim::scenario {

// A scenario that cannot be loaded. what() reads
// `scenarios/x.yaml:12:5: node.pods: must be an integer in [1, 100000] (got "abc")`.
struct ScenarioError : std::runtime_error {
  ScenarioError(std::string file, int line, int column, std::string key, std::string message);

  std::string file;     // the source name, or "--set" for a command-line override
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string key;      // dotted path such as `faults[2].kind`; empty for syntax errors
  std::string message;  // what was wrong and what would be valid, without the location
};

// Loads a scenario from YAML text. `source_name` is used in error messages and kept as
// Scenario::source_path. `overrides` are "path=value" strings applied before validation.
// Text has no directory to include from: an `include:` key is a ScenarioError.
Scenario load_scenario_text(std::string_view yaml, const std::string& source_name,
                            const std::vector<std::string>& overrides = {});

// The largest scenario file read (scenarios are a few KiB; this bounds memory).
inline constexpr std::uintmax_t kMaxScenarioBytes = std::uintmax_t{16} << 20;

// Reads `path` and loads it; an unreadable file is a ScenarioError naming it, and so is
// anything but a non-empty regular file of at most kMaxScenarioBytes. Its `include:`
// files (paths relative to its directory) are merged under its own keys, each file
// bounded the same way; an error in one names that file, line and column.
Scenario load_scenario_file(const std::string& path,
                            const std::vector<std::string>& overrides = {});

// Loads the scenario file `path`, then merges each of `overlays` over it in order, each
// one's keys winning over the file's (and over the overlays before it), by the merge rule
// of `include:` (docs/scenario.md, "Including files"). An overlay is a scenario file (it
// may include others); a relative overlay path is from the current directory. `overrides`
// apply last, over everything. For `plegsim fit --validate --scenario NODE.yaml`: the node
// with its fitted runtime fragment over it. Errors name the file each key was written in.
Scenario load_scenario_file_with_overlays(const std::string& path,
                                          const std::vector<std::string>& overlays,
                                          const std::vector<std::string>& overrides = {});

// load_scenario_text with overlays, as above (the text itself cannot include files).
Scenario load_scenario_text_with_overlays(std::string_view yaml, const std::string& source_name,
                                          const std::vector<std::string>& overlays,
                                          const std::vector<std::string>& overrides = {});

// The text of scenarios/default.yaml, compiled in (defined by a CMake-generated file).
std::string_view default_scenario_yaml();

// Loads the built-in default; its source name is "<built-in default>".
Scenario load_default_scenario(const std::vector<std::string>& overrides = {});

// The fully resolved scenario as YAML: every field, all operations' latencies.
// load_scenario_text(to_yaml(s), ...) gives back s, except source_path, source_yaml
// and Expectation::line. There is no `include:` in it: included files are written inline.
std::string to_yaml(const Scenario& s);

}  // namespace plegsim::scenario
