// Internal to the scenario loader: `include:` and overlays. A scenario file's YAML tree
// with the files it includes merged under its own keys, and where each part was written,
// so an error in an included file names that file, line and column (docs/scenario.md,
// "Including files").
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/scenario/yaml_util.h"

namespace plegsim::scenario::detail {

// Includes nest at most this deep (a file its includes include, ...), and one load reads
// at most kMaxIncludeFiles files in all (the scenario, its includes and overlays):
// generous for a node file over a fitted runtime, and a bound on a diamond's blow-up.
inline constexpr std::size_t kMaxIncludeDepth = 8;
inline constexpr std::size_t kMaxIncludeFiles = 64;

// A scenario's YAML tree, every include resolved and removed.
struct SourcedTree {
  YAML::Node root;                  // a map
  std::string source;               // the file the root map and unattributed keys came from
  std::vector<PathSource> sources;  // the parts written in other files, by key path
  bool merged = false;              // another file contributed keys
  std::string text;                 // the text `source` was read from
};

// What one load has read: the chain of files being included (for cycles and depth) and
// the count of files read.
struct IncludeState {
  struct Link {
    std::filesystem::path canonical;  // compared, to find a cycle
    std::string name;                 // shown
  };
  std::vector<Link> chain;  // the scenario first
  std::size_t files = 0;
};

// The text of the scenario file `path`: a non-empty regular file of at most
// kMaxScenarioBytes. Throws ScenarioError naming `path` otherwise.
std::string read_scenario_text(const std::string& path);

// One YAML document (an empty one reads as an empty map); syntax errors become located
// ScenarioErrors.
YAML::Node parse_document(std::string_view yaml, const std::string& source);

// Parses `yaml` (named `source`) and resolves its `include:` relative to `dir`, or refuses
// one when there is no directory (a scenario given as text).
SourcedTree resolve_includes(std::string_view yaml, const std::string& source,
                             const std::optional<std::filesystem::path>& dir, IncludeState& st);

// Reads the scenario file `path` and resolves its includes.
SourcedTree resolve_file(const std::string& path, IncludeState& st);

// Merges `under` beneath `over` (docs/scenario.md's merge rule): `over`'s keys win.
void merge_under(SourcedTree& over, SourcedTree under);

}  // namespace plegsim::scenario::detail
