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
Scenario load_scenario_text(std::string_view yaml, const std::string& source_name,
                            const std::vector<std::string>& overrides = {});

// The largest scenario file read (scenarios are a few KiB; this bounds memory).
inline constexpr std::uintmax_t kMaxScenarioBytes = std::uintmax_t{16} << 20;

// Reads `path` and loads it; an unreadable file is a ScenarioError naming it, and so is
// anything but a non-empty regular file of at most kMaxScenarioBytes.
Scenario load_scenario_file(const std::string& path,
                            const std::vector<std::string>& overrides = {});

// The text of scenarios/default.yaml, compiled in (defined by a CMake-generated file).
std::string_view default_scenario_yaml();

// Loads the built-in default; its source name is "<built-in default>".
Scenario load_default_scenario(const std::vector<std::string>& overrides = {});

// The fully resolved scenario as YAML: every field, all operations' latencies.
// load_scenario_text(to_yaml(s), ...) gives back s, except source_path, source_yaml
// and Expectation::line.
std::string to_yaml(const Scenario& s);

}  // namespace plegsim::scenario
