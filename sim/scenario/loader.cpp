// Entry points of the scenario loader and the top-level, kubelet and node sections.
// workload, runtime, faults and expect have their own files.
#include "sim/scenario/loader.h"

#include <climits>

#include <yaml-cpp/yaml.h>

#include "sim/kubelet/profile.h"
#include "sim/scenario/include.h"
#include "sim/scenario/kubelet_config.h"
#include "sim/scenario/parse.h"
#include "sim/scenario/yaml_util.h"

namespace plegsim::scenario {
namespace {

constexpr std::string_view kDefaultSourceName = "<built-in default>";

using detail::as_bool;
using detail::as_duration;
using detail::as_int;
using detail::as_string;
using detail::as_uint64;
using detail::Field;
using detail::kMaxPods;
using detail::MapReader;
using detail::positive_duration;
using detail::read_if;
using detail::Zero;

std::string compose(const std::string& file, int line, int column, const std::string& key,
                    const std::string& message) {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!key.empty()) out += key + ": ";
  return out + message;
}

// Duration readers with the zero policy bound, to pass to read_if.
core::Duration any_duration(const Field& f) {
  return as_duration(f);
}
std::optional<core::Duration> positive_duration_opt(const Field& f) {
  return as_duration(f, Zero::kRejected);
}

// "1.11" or "1.11.3": the release selects the kubelet's era profile.
bool is_release(std::string_view v) {
  int parts = 0;
  while (true) {
    std::size_t dot = v.find('.');
    std::string_view part = v.substr(0, dot);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) return parts == 2 || parts == 3;
    v.remove_prefix(dot + 1);
  }
}

bool is_gate_name(std::string_view v) {
  if (v.empty()) return false;
  for (char c : v) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// relistCompute: {base, perPod, perContainer, perEvent, perStatus, noise}; unset costs 0.
kubelet::RelistCompute parse_relist_compute(const Field& f) {
  MapReader m(f, {"base", "perPod", "perContainer", "perEvent", "perStatus", "noise"});
  kubelet::RelistCompute c;
  read_if(m, "base", c.base, any_duration);
  read_if(m, "perPod", c.per_pod, any_duration);
  read_if(m, "perContainer", c.per_container, any_duration);
  read_if(m, "perEvent", c.per_event, any_duration);
  read_if(m, "perStatus", c.per_status, any_duration);
  if (auto v = m.find("noise")) c.noise = detail::parse_noise(*v);
  return c;
}

void parse_kubelet(const Field& f, kubelet::KubeletSpec& k) {
  MapReader m(f, {"version", "featureGates", "maxPods", "config", "relistPeriod", "relistThreshold",
                  "runtimeRequestTimeout", "nodeStatusUpdateFrequency", "eventChannelCapacity",
                  "eventHandlingTime", "inspectionParallelism", "eventedGlobalCacheUpdatePeriod",
                  "relistCompute"});
  if (auto v = m.find("version")) {
    k.version = as_string(*v);
    if (!is_release(k.version)) {
      detail::fail_expected(*v, "a Kubernetes release such as \"1.11\" or \"1.27\"");
    }
    // The range is profile.h's, the one list of the releases the engine has a profile for.
    if (!kubelet::profile_for_version(k.version)) {
      detail::fail(*v, "unknown release \"" + k.version + "\" (plegsim models 1." +
                           std::to_string(kubelet::kOldestMinor) + " to 1." +
                           std::to_string(kubelet::kNewestMinor) + ", e.g. \"1.11\", \"1.28\")");
    }
  }
  if (auto v = m.find("config")) {
    detail::fail(*v,
                 "a KubeletConfiguration is read from a scenario file's kubelet.config or "
                 "--kubelet-config; --set cannot add one");
  }
  if (auto v = m.find("maxPods")) k.max_pods = static_cast<int>(as_int(*v, 1, kMaxPods));
  if (auto gates = m.find("featureGates")) {
    for (const auto& [key, value] : detail::map_entries(*gates)) {
      const std::string& name = key.node.Scalar();
      if (!is_gate_name(name)) {
        detail::fail(key, "feature gate names are letters and digits, such as EventedPLEG");
      }
      k.feature_gates[name] = as_bool(value);
    }
  }
  read_if(m, "relistPeriod", k.relist_period, positive_duration_opt);
  read_if(m, "relistThreshold", k.relist_threshold, positive_duration_opt);
  read_if(m, "runtimeRequestTimeout", k.runtime_request_timeout, positive_duration);
  read_if(m, "nodeStatusUpdateFrequency", k.node_status_update_frequency, positive_duration);
  if (auto v = m.find("eventChannelCapacity")) {
    k.event_channel_capacity = static_cast<int>(as_int(*v, 1, INT_MAX));
  }
  read_if(m, "eventHandlingTime", k.event_handling_time, any_duration);
  if (auto v = m.find("inspectionParallelism")) {
    k.inspection_parallelism = static_cast<int>(as_int(*v, 1, 1024));
  }
  read_if(m, "eventedGlobalCacheUpdatePeriod", k.evented_cache_update_period, positive_duration);
  if (auto v = m.find("relistCompute")) k.relist_compute = parse_relist_compute(*v);
}

// Upper bounds keep a typo (110000 for 110) from exhausting memory; raise them if needed.
constexpr int kMaxContainersPerPod = 100;

void parse_node(const Field& f, NodeSpec& n) {
  MapReader m(f, {"pods", "containersPerPod"});
  if (auto v = m.find("pods")) n.pods = static_cast<int>(as_int(*v, 1, kMaxPods));
  if (auto v = m.find("containersPerPod")) {
    n.containers_per_pod = static_cast<int>(as_int(*v, 1, kMaxContainersPerPod));
  }
}

// The kubelet admits at most maxPods pods (the pod admission's OutOfpods): the node's
// pods and those it creates at start-up must fit. Pods the churn creates later are not
// counted (they replace deleted ones, within maxPods on a real node).
void check_max_pods(const MapReader& m, const Scenario& s) {
  if (!s.kubelet.max_pods) return;
  std::int64_t pods = std::int64_t{s.node.pods} + s.workload.startup.pods;
  if (pods <= *s.kubelet.max_pods) return;
  auto sub = [&m](std::string_view section, std::string_view key) -> std::optional<Field> {
    auto sec = m.find(section);
    if (!sec || !sec->node.IsMap()) return std::nullopt;
    for (const auto& [k, v] : detail::map_entries(*sec)) {
      if (k.node.Scalar() == key) return v;
    }
    return std::nullopt;
  };
  std::string max_from =
      detail::source_of(m.field().ctx->sources, "kubelet.maxPods", m.field().ctx->source);
  std::string what = "node.pods (" + std::to_string(s.node.pods) + ")";
  if (s.workload.startup.pods > 0) {
    what += " + workload.startup.pods (" + std::to_string(s.workload.startup.pods) +
            ") = " + std::to_string(pods) + " pods";
  }
  // The file that set it, when not the one node.pods is from (a KubeletConfiguration).
  const detail::Ctx& ctx = *m.field().ctx;
  std::string from = max_from == detail::source_of(ctx.sources, "node.pods", ctx.source)
                         ? ""
                         : ", from " + max_from;
  std::string message = what + " is above kubelet.maxPods (" + std::to_string(*s.kubelet.max_pods) +
                        from + "): the kubelet would refuse the pods beyond " +
                        std::to_string(*s.kubelet.max_pods) +
                        " at admission (OutOfpods); raise kubelet.maxPods or lower node.pods";
  std::optional<Field> at = sub("node", "pods");
  if (!at) at = sub("kubelet", "maxPods");
  detail::fail(at ? *at : m.field(), message);
}

void parse_scenario(const Field& root, Scenario& s) {
  // `include` was resolved and removed before (include.cpp); it is listed for "did you mean".
  MapReader m(root, {"name", "duration", "warmup", "seed", "kubelet", "node", "workload", "runtime",
                     "faults", "expect", "sweep", "include"});
  if (auto v = m.find("name")) {
    s.name = as_string(*v);
    if (s.name.empty()) detail::fail_expected(*v, "a non-empty string");
  }
  read_if(m, "duration", s.duration, positive_duration);
  read_if(m, "warmup", s.warmup, any_duration);
  if (s.warmup >= s.duration) {
    if (auto v = m.find("warmup")) {
      detail::fail_expected(*v,
                            "shorter than duration (" + core::format_duration(s.duration) + ")");
    }
    Field d = *m.find("duration");
    detail::fail(d, "must be longer than warmup (" + core::format_duration(s.warmup) +
                        "), or set a shorter warmup (got " + detail::describe_node(d.node) + ")");
  }
  read_if(m, "seed", s.seed, as_uint64);
  // A runtime profile's values come first, its kubelet part under the kubelet keys.
  std::optional<Field> runtime = m.find("runtime");
  std::string profile = detail::profile_name(runtime);
  detail::apply_profile(profile, "kubelet", [&s](const Field& f) { parse_kubelet(f, s.kubelet); });
  if (auto v = m.find("kubelet")) parse_kubelet(*v, s.kubelet);
  if (auto v = m.find("node")) parse_node(*v, s.node);
  if (auto v = m.find("workload")) detail::parse_workload(*v, s.workload);
  s.runtime.latency = default_latencies();
  detail::apply_profile(profile, "runtime",
                        [&s](const Field& f) { detail::parse_runtime(f, s.runtime); });
  // Set before the scenario's own keys: over a profile, a latency entry changes only
  // the keys it gives.
  s.runtime.profile = profile;
  if (runtime) detail::parse_runtime(*runtime, s.runtime);
  check_max_pods(m, s);
  if (auto v = m.find("faults")) detail::parse_faults(*v, s.node, s.workload, s.faults);
  if (auto v = m.find("expect")) detail::parse_expect(*v, s.expect);
  if (auto v = m.find("sweep")) detail::parse_sweep(*v, s.sweep);
}

}  // namespace

ScenarioError::ScenarioError(std::string file_, int line_, int column_, std::string key_,
                             std::string message_)
    : std::runtime_error(compose(file_, line_, column_, key_, message_)),
      file(std::move(file_)),
      line(line_),
      column(column_),
      key(std::move(key_)),
      message(std::move(message_)) {}

namespace {

// Validates and fills a Scenario from a resolved tree of the scenario `source_path`.
Scenario load_tree(detail::SourcedTree t, const std::string& source_path,
                   const std::vector<std::string>& overrides) {
  detail::Ctx ctx{t.source, {}, std::move(t.sources)};
  Field top{&ctx, t.root, "", t.root.Mark()};
  Scenario s;
  // With other files merged in, the merged tree is the scenario's text: it loads alone
  // (a sweep reloads it with each point's overrides) and a run file records all of it.
  s.source_yaml = t.merged ? YAML::Dump(t.root) + "\n" : std::move(t.text);
  try {
    detail::apply_overrides(top.node, overrides, ctx);
    for (const auto& [key, value] : detail::map_entries(top)) {
      if (key.node.Scalar() == "include") {
        detail::fail(value, "include: is read from a scenario file; --set cannot add one");
      }
    }
    parse_scenario(top, s);
  } catch (const YAML::Exception& e) {
    // Reads go through checked helpers; this keeps a yaml-cpp surprise located, at least.
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    throw ScenarioError(source_path, line, column, "", e.msg);
  }
  s.source_path = source_path;
  s.kubelet_configs = std::move(t.kubelet_configs);
  return s;
}

// Resolves `overlays` (files, relative to the current directory) and merges `base` under
// them in order: the last overlay wins.
detail::SourcedTree with_overlays(detail::SourcedTree base,
                                  const std::vector<std::string>& overlays,
                                  detail::IncludeState& st) {
  for (const std::string& path : overlays) {
    detail::SourcedTree over = detail::resolve_file(path, st);
    detail::merge_under(over, std::move(base));
    base = std::move(over);
  }
  return base;
}

// --kubelet-config's file; a file that cannot be read is named as the option's.
detail::SourcedTree read_cli_kubelet_config(const std::string& path, detail::IncludeState& st) {
  try {
    return detail::read_kubelet_config(path, st);
  } catch (const ScenarioError& e) {
    if (e.file != path || e.line != 0) throw;  // located in the file already
    throw ScenarioError("--kubelet-config", 0, 0, "", "cannot read \"" + path + "\": " + e.message);
  }
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, const std::string& source_name,
                            const std::vector<std::string>& overrides) {
  return load_scenario_text_with_overlays(yaml, source_name, {}, overrides);
}

Scenario load_scenario_text_with_overlays(std::string_view yaml, const std::string& source_name,
                                          const std::vector<std::string>& overlays,
                                          const std::vector<std::string>& overrides) {
  detail::IncludeState st;
  detail::SourcedTree t = detail::resolve_includes(yaml, source_name, std::nullopt, st);
  return load_tree(with_overlays(std::move(t), overlays, st), source_name, overrides);
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  return load_scenario_file_with_overlays(path, {}, overrides);
}

Scenario load_scenario_file_with_overlays(const std::string& path,
                                          const std::vector<std::string>& overlays,
                                          const std::vector<std::string>& overrides) {
  detail::IncludeState st;
  detail::SourcedTree t = detail::resolve_file(path, st);
  return load_tree(with_overlays(std::move(t), overlays, st), path, overrides);
}

Scenario load_scenario(const std::string& path, const LoadInputs& in) {
  detail::IncludeState st;
  std::string name = path.empty() ? std::string(kDefaultSourceName) : path;
  detail::SourcedTree t =
      path.empty() ? detail::resolve_includes(default_scenario_yaml(), name, std::nullopt, st)
                   : detail::resolve_file(path, st);
  t = with_overlays(std::move(t), in.overlays, st);
  if (!in.kubelet_config.empty()) {
    // Over the scenario: the kubelet that file configures, as it would run.
    detail::SourcedTree k = read_cli_kubelet_config(in.kubelet_config, st);
    detail::merge_under(k, std::move(t));
    t = std::move(k);
  }
  return load_tree(std::move(t), name, in.overrides);
}

Scenario load_default_scenario(const std::vector<std::string>& overrides) {
  return load_scenario_text(default_scenario_yaml(), std::string(kDefaultSourceName), overrides);
}

}  // namespace plegsim::scenario
