// Entry points of the scenario loader and the top-level, kubelet and node sections.
// workload, runtime, faults and expect have their own files.
#include "sim/scenario/loader.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/parse.h"
#include "sim/scenario/yaml_util.h"

namespace plegsim::scenario {
namespace {

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
  MapReader m(
      f, {"version", "featureGates", "relistPeriod", "relistThreshold", "runtimeRequestTimeout",
          "nodeStatusUpdateFrequency", "eventChannelCapacity", "eventHandlingTime",
          "inspectionParallelism", "eventedGlobalCacheUpdatePeriod", "relistCompute"});
  if (auto v = m.find("version")) {
    k.version = as_string(*v);
    if (!is_release(k.version)) {
      detail::fail_expected(*v, "a Kubernetes release such as \"1.11\" or \"1.27\"");
    }
  }
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

void parse_scenario(const Field& root, Scenario& s) {
  MapReader m(root, {"name", "duration", "warmup", "seed", "kubelet", "node", "workload", "runtime",
                     "faults", "expect"});
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
  if (auto v = m.find("faults")) detail::parse_faults(*v, s.node, s.faults);
  if (auto v = m.find("expect")) detail::parse_expect(*v, s.expect);
}

// Where each document of a YAML stream starts, and where its root node is; nothing
// else is kept.
struct DocumentStarts : YAML::EventHandler {
  std::vector<YAML::Mark> starts;
  std::vector<YAML::Mark> roots;
  void node(const YAML::Mark& m) {
    if (!roots.empty() && roots.back().is_null()) roots.back() = m;
  }
  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
    roots.push_back(YAML::Mark::null_mark());
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnMapEnd() override {}
};

[[noreturn]] void fail_at(const std::string& source, const YAML::Mark& at, std::string message) {
  throw ScenarioError(source, at.is_null() ? 0 : at.line + 1, at.is_null() ? 0 : at.column + 1, "",
                      std::move(message));
}

// One YAML document; syntax errors become ScenarioErrors at the parser's position.
// Not YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on a stream such as ","
// (a token no document consumes; yaml-cpp issue #1040, found by tests/fuzz). The
// documents are counted here, and a document that starts where the previous one did
// is that token, an error; then YAML::Load reads the first.
YAML::Node parse_document(std::string_view yaml, const std::string& source) {
  std::string text(yaml);
  DocumentStarts docs;
  YAML::Node first;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(docs)) {
      std::size_t n = docs.starts.size();
      if (n > 1 && docs.starts[n - 1].pos == docs.starts[n - 2].pos) {
        const YAML::Mark& at = docs.starts[n - 1];
        std::size_t pos = static_cast<std::size_t>(at.pos);
        std::string what = pos < text.size() ? std::string(1, text[pos]) : "end of input";
        fail_at(source, at, "invalid YAML: unexpected \"" + what + "\"");
      }
    }
    if (docs.starts.size() <= 1) first = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail_at(source, e.mark, "invalid YAML: " + e.msg);
  }
  if (docs.starts.size() > 1) {
    fail_at(source, docs.roots[1].is_null() ? docs.starts[1] : docs.roots[1],
            "a scenario is one YAML document; found " + std::to_string(docs.starts.size()) +
                " (separated by ---)");
  }
  if (docs.starts.empty()) return YAML::Node(YAML::NodeType::Map);
  return first;
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

Scenario load_scenario_text(std::string_view yaml, const std::string& source_name,
                            const std::vector<std::string>& overrides) {
  detail::Ctx ctx{source_name, {}};
  YAML::Node root = parse_document(yaml, source_name);
  Field top{&ctx, root, "", root.Mark()};
  if (root.IsNull()) {
    root = YAML::Node(YAML::NodeType::Map);  // an empty document: every default
    top.node = root;
  }
  if (!root.IsMap()) detail::fail_expected(top, "a map of key: value");
  Scenario s;
  try {
    detail::apply_overrides(root, overrides, ctx);
    parse_scenario(top, s);
  } catch (const YAML::Exception& e) {
    // Reads go through checked helpers; this keeps a yaml-cpp surprise located, at least.
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    throw ScenarioError(source_name, line, column, "", e.msg);
  }
  s.source_path = source_name;
  s.source_yaml = std::string(yaml);
  return s;
}

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  // A scenario is a regular file of bounded size: a directory, device or FIFO (or a
  // /proc file that reads as nothing) is refused, never read as an empty scenario.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw ScenarioError(path, 0, 0, "",
                        std::string("cannot open scenario file: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode))
    throw ScenarioError(path, 0, 0, "", "is a directory, not a scenario file");
  if (!S_ISREG(st.st_mode)) {
    throw ScenarioError(path, 0, 0, "", "is not a regular file (a device, FIFO or socket)");
  }
  if (st.st_size == 0) {
    throw ScenarioError(path, 0, 0, "",
                        "scenario file is empty (write `{}` for a scenario of every default)");
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxScenarioBytes) {
    throw ScenarioError(path, 0, 0, "",
                        "scenario file of " + std::to_string(st.st_size) + " bytes; the limit is " +
                            std::to_string(kMaxScenarioBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(path, 0, 0, "",
                        std::string("cannot open scenario file: ") + std::strerror(errno));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  bool whole = !in.bad() && static_cast<std::size_t>(in.gcount()) == text.size();
  if (!whole || in.peek() != EOF) {
    throw ScenarioError(path, 0, 0, "",
                        "cannot read scenario file (it changed while read, or is not a file)");
  }
  return load_scenario_text(text, path, overrides);
}

Scenario load_default_scenario(const std::vector<std::string>& overrides) {
  return load_scenario_text(default_scenario_yaml(), "<built-in default>", overrides);
}

}  // namespace plegsim::scenario
