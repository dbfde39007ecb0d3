// runtime.profile: a compiled-in profile (scenarios/profiles/), and the one it extends,
// applied section by section before the scenario's own keys of that section.
#include <yaml-cpp/yaml.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"
#include "sim/scenario/profiles.h"

namespace plegsim::scenario::detail {
namespace {

// A profile may extend another, which may extend another: a short, acyclic chain.
constexpr int kMaxProfileDepth = 4;

void apply_section(const RuntimeProfile& p, std::string_view section,
                   const std::function<void(const Field&)>& parse, int depth) {
  if (depth > kMaxProfileDepth) {
    throw ScenarioError(std::string(p.source), 0, 0, "extends",
                        "profiles extend each other more than " + std::to_string(kMaxProfileDepth) +
                            " deep (a cycle?)");
  }
  Ctx ctx{std::string(p.source), {}, {}};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(p.yaml));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(ctx.source, e.mark.line + 1, e.mark.column + 1, "",
                        "invalid YAML: " + e.msg);
  }
  Field top{&ctx, root, "", root.Mark()};
  MapReader m(top, {"extends", "kubelet", "runtime"});
  if (auto v = m.find("extends")) {
    const RuntimeProfile* base = find_runtime_profile(as_string(*v));
    if (base == nullptr) fail_expected(*v, "a runtime profile: " + runtime_profile_names());
    apply_section(*base, section, parse, depth + 1);
  }
  if (auto v = m.find(section)) parse(*v);
}

}  // namespace

std::string profile_name(const std::optional<Field>& runtime) {
  if (!runtime || !runtime->node.IsMap() || !runtime->node["profile"]) return "";
  YAML::Node n = runtime->node["profile"];
  Field f{runtime->ctx, n, child_path(runtime->path, "profile"), n.Mark()};
  std::string name = as_string(f);
  if (name == "none") return "";
  if (find_runtime_profile(name) == nullptr) {
    fail_expected(f, "a runtime profile: " + runtime_profile_names() + ", or none");
  }
  return name;
}

void apply_profile(const std::string& name, std::string_view section,
                   const std::function<void(const Field&)>& parse) {
  if (name.empty()) return;
  apply_section(*find_runtime_profile(name), section, parse, 0);
}

}  // namespace plegsim::scenario::detail
