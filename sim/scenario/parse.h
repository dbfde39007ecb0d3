// Internal to the scenario loader: one parser per section of the YAML tree, and the
// --set override applier. Each reads a Field and throws ScenarioError on bad input.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_util.h"

namespace plegsim::scenario::detail {

// The most pods a node starts with (node.pods) or creates at start-up (startup.pods).
inline constexpr int kMaxPods = 100'000;

// A duration > 0, to pass to read_if.
inline core::Duration positive_duration(const Field& f) {
  return as_duration(f, Zero::kRejected);
}

// Applies "path=value" overrides to `root` in place and records their key paths in
// `ctx.override_paths`. A malformed override throws ScenarioError with file "--set".
void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides, Ctx& ctx);

// A CRI operation name such as ListPodSandbox.
models::Op as_op(const Field& f);

// How long an episode lasts: {mean: D} (exponential), {median: D, noise: N} (N
// defaults to constant), or a bare duration D (always D). D > 0.
models::Dwell parse_dwell(const Field& f);
// runtime.regime: {initial, states: {name: {dwell, factor, ops, stall, next}}}.
void parse_regime(const Field& f, models::Regime& out);

// The profile `runtime.profile` names ("" for none or `none`); an unknown name fails.
std::string profile_name(const std::optional<Field>& runtime);
// Parses `section` ("kubelet" or "runtime") of profile `name` (and of the profiles it
// extends, first) with `parse`; nothing when `name` is empty.
void apply_profile(const std::string& name, std::string_view section,
                   const std::function<void(const Field&)>& parse);

void parse_workload(const Field& f, workload::WorkloadSpec& w);
// A noise model (constant, lognormal, gamma, weibull, empirical or mixture); a
// mixture's body and tail are any noise but a mixture.
models::Noise parse_noise(const Field& f, bool in_mixture = false);
void parse_runtime(const Field& f, RuntimeSpec& out);
// `node` and `w` are already parsed: container indices are checked against
// containersPerPod, pod indices against the pods that exist (node.pods, start-up pods,
// and any index when the workload creates pods later).
void parse_faults(const Field& f, const NodeSpec& node, const workload::WorkloadSpec& w,
                  std::vector<models::Fault>& out);
void parse_expect(const Field& f, std::vector<Expectation>& out);
// sweep: {axes: {path: values}, zip: [[path, ...]], replications: N}.
void parse_sweep(const Field& f, SweepSpec& out);

// "nodeNotReadyTransitions" -> "node_not_ready_transitions"; snake_case passes through.
std::string snake_case(std::string_view name);
// "node_not_ready_transitions" -> "nodeNotReadyTransitions".
std::string camel_case(std::string_view name);

}  // namespace plegsim::scenario::detail
