// Runtime profiles: the fitted parameter sets `runtime.profile` selects
// (scenarios/profiles/<name>.yaml, compiled in). A profile holds a `runtime:` section and
// the kubelet's own relist compute (`kubelet:`), fitted together; the scenario's own
// keys are applied over them. docs/assumptions.md lists each value with its source row
// and its sensitivity. A scenario that names no profile (or `none`) gets plegsim's
// hand-set values instead (sim/scenario/defaults.cpp), fitted to nothing.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace plegsim::scenario {

struct RuntimeProfile {
  std::string_view name;    // "dockershim"
  std::string_view source;  // "scenarios/profiles/dockershim.yaml"
  std::string_view yaml;    // the file's text
};

// Every compiled-in profile, sorted by name (defined by a CMake-generated file).
std::span<const RuntimeProfile> runtime_profiles();

// The profile called `name`, or nullptr.
const RuntimeProfile* find_runtime_profile(std::string_view name);

// "dockershim, containerd or cri-o": the names, for messages.
std::string runtime_profile_names();

}  // namespace plegsim::scenario
