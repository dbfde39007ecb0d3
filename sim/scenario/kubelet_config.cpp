// A KubeletConfiguration file as `kubelet:` keys. The defaults a zero or absent field
// takes are the kubelet's, from SetDefaults_KubeletConfiguration in
// pkg/kubelet/apis/config/v1beta1/defaults.go: `if obj.RuntimeRequestTimeout ==
// zeroDuration { ... 2 * time.Minute }`, NodeStatusUpdateFrequency 10 s, `if obj.MaxPods
// == 0 { obj.MaxPods = 110 }`. kubeadm writes `0s` for every duration it leaves to them.
#include "sim/scenario/kubelet_config.h"

#include <algorithm>
#include <array>

#include "sim/kubelet/kubelet_spec.h"
#include "sim/scenario/loader.h"

namespace plegsim::scenario::detail {
namespace {

// A field plegsim models: the same name in the KubeletConfiguration and in a scenario's
// `kubelet:` section, and the value the kubelet gives it when zero or absent.
struct Modeled {
  std::string_view key;
  bool duration;                // a metav1.Duration ("2m0s"); else an integer
  std::string_view zero_value;  // as a scenario writes it
};
constexpr std::array<Modeled, 3> kModeled{{
    {"runtimeRequestTimeout", true, "2m"},
    {"nodeStatusUpdateFrequency", true, "10s"},
    {"maxPods", false, "110"},
}};

bool is_zero(const YAML::Node& v, bool duration) {
  if (!v.IsScalar()) return false;
  if (!duration) return v.Scalar() == "0";
  try {
    return core::parse_duration(v.Scalar()).ns == 0;
  } catch (const core::DurationParseError&) {
    return false;  // the scenario's reader says what is wrong with it, where
  }
}

bool modeled_gate(std::string_view name) {
  const auto& g = kubelet::kModeledFeatureGates;
  return std::find(g.begin(), g.end(), name) != g.end();
}

using Entries = std::vector<std::pair<Field, Field>>;

std::optional<Field> value_of(const Entries& entries, std::string_view key) {
  for (const auto& [k, v] : entries) {
    if (k.node.Scalar() == key) return v;
  }
  return std::nullopt;
}

// apiVersion and kind, required and exact: a file of another kind or version is not
// read as if it were this one.
void check_type(const Field& top, const Entries& entries) {
  std::string accepted = "plegsim reads kind " + std::string(kKubeletConfigKind) +
                         " of apiVersion " + std::string(kKubeletConfigApiVersion);
  for (auto [key, want] : {std::pair{std::string_view("apiVersion"), kKubeletConfigApiVersion},
                           std::pair{std::string_view("kind"), kKubeletConfigKind}}) {
    auto v = value_of(entries, key);
    if (!v) fail(Field{top.ctx, YAML::Node(), std::string(key), top.mark}, "required; " + accepted);
    if (!v->node.IsScalar() || v->node.Scalar() != want) {
      fail(*v, "unknown " + std::string(key) + " " + describe_node(v->node) + "; " + accepted);
    }
  }
}

}  // namespace

SourcedTree read_kubelet_config(const std::string& path, IncludeState& st) {
  if (++st.files > kMaxIncludeFiles) {
    throw ScenarioError(path, 0, 0, "",
                        "one load reads at most " + std::to_string(kMaxIncludeFiles) + " files");
  }
  std::string text = read_scenario_text(path);
  YAML::Node root = parse_document(text, path);
  Ctx ctx{path, {}, {}};
  Field top{&ctx, root, "", root.Mark()};
  if (!root.IsMap()) fail_expected(top, "a KubeletConfiguration (a map of field: value)");
  // Every field is listed (unknown ones too: they are the kubelet's to judge), so only
  // the map's shape is checked: plain keys, none twice.
  Entries entries = map_entries(top);
  check_type(top, entries);
  KubeletConfigFile file{path, {}, {}};
  YAML::Node kubelet(YAML::NodeType::Map);
  std::optional<Field> gates;
  for (const auto& [k, v] : entries) {
    const std::string& key = k.node.Scalar();
    if (key == "apiVersion" || key == "kind") continue;
    if (key == "featureGates") {
      gates = v;
      continue;
    }
    auto it = std::find_if(kModeled.begin(), kModeled.end(),
                           [&](const Modeled& f) { return f.key == key; });
    if (it == kModeled.end()) file.ignored.push_back(key);
  }
  for (const Modeled& f : kModeled) {
    auto v = value_of(entries, f.key);
    if (v && !v->node.IsNull() && !is_zero(v->node, f.duration)) {
      kubelet[std::string(f.key)] = v->node;
    } else {
      kubelet[std::string(f.key)] = YAML::Node(std::string(f.zero_value));
    }
    file.applied.emplace_back(f.key);
  }
  if (gates) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& [k, v] : map_entries(*gates)) {
      const std::string& name = k.node.Scalar();
      if (modeled_gate(name)) {
        out[name] = v.node;
        file.applied.push_back("featureGates." + name);
      } else {
        file.ignored.push_back("featureGates." + name);
      }
    }
    if (out.size() > 0) kubelet["featureGates"] = out;
  }
  SourcedTree t{YAML::Node(YAML::NodeType::Map), path, {}, false, std::move(text), {}};
  t.root["kubelet"] = kubelet;
  t.kubelet_configs.push_back(std::move(file));
  return t;
}

}  // namespace plegsim::scenario::detail

namespace plegsim::scenario {

std::string describe_kubelet_config(const KubeletConfigFile& f) {
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? std::string("none") : out;
  };
  return f.path + ": KubeletConfiguration applied: " + join(f.applied) +
         "; ignored (not modeled by plegsim): " + join(f.ignored);
}

}  // namespace plegsim::scenario
