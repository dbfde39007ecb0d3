// `--set path=value`: edits the parsed YAML tree before validation, so an override is
// checked exactly like the same key written in the file.
#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

// One step of a path: a map key ("pods") or a list index ("[2]").
struct Step {
  std::string key;
  std::optional<std::size_t> index;
};

[[noreturn]] void bad(const std::string& key, const std::string& message) {
  throw ScenarioError("--set", 0, 0, key, message);
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// "faults[0].from" -> {faults}, {[0]}, {from}. Throws on anything else.
std::vector<Step> parse_path(const std::string& path) {
  const std::string hint = "a dotted key path such as node.pods or faults[0].from";
  std::vector<Step> steps;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (i < path.size() && is_key_char(path[i])) ++i;
    if (i == start) bad(path, "must be " + hint + " (got \"" + path + "\")");
    steps.push_back({path.substr(start, i - start), std::nullopt});
    while (i < path.size() && path[i] == '[') {
      std::size_t close = path.find(']', i);
      std::string digits = close == std::string::npos ? "" : path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.size() > 6 ||
          digits.find_first_not_of("0123456789") != std::string::npos) {
        bad(path, "list indices are written [0], [1], ... (in \"" + path + "\")");
      }
      steps.push_back({"", std::stoul(digits)});
      i = close + 1;
    }
    if (i == path.size()) return steps;
    if (path[i] != '.') bad(path, "must be " + hint + " (got \"" + path + "\")");
    ++i;
  }
}

std::string render(const std::vector<Step>& steps, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out = steps[i].index ? index_path(out, *steps[i].index) : child_path(out, steps[i].key);
  }
  return out;
}

YAML::Node parse_value(const std::string& path, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    bad(path, "value \"" + text + "\" is not valid YAML: " + e.msg);
  }
}

// Walks `root` along `steps`, creating maps and appending list items as needed, and
// puts `value` at the end.
void set_at(YAML::Node& root, const std::vector<Step>& steps, const YAML::Node& value) {
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    bool empty = !cur.IsDefined() || cur.IsNull();
    std::string here = render(steps, i);
    YAML::Node next;
    if (s.index) {
      if (empty) cur = YAML::Node(YAML::NodeType::Sequence);
      if (!cur.IsSequence()) bad(render(steps, i + 1), here + " is not a list");
      if (*s.index > cur.size()) {
        bad(render(steps, i + 1), here + " has " + std::to_string(cur.size()) +
                                      " items; use an index up to " + std::to_string(cur.size()) +
                                      " (which appends)");
      }
      if (*s.index == cur.size()) cur.push_back(YAML::Node(YAML::NodeType::Null));
      next.reset(cur[*s.index]);
    } else {
      if (empty) cur = YAML::Node(YAML::NodeType::Map);
      if (!cur.IsMap()) {
        bad(render(steps, i + 1), (here.empty() ? "the scenario" : here) + " is not a map");
      }
      next.reset(cur[s.key]);
    }
    cur.reset(next);
  }
  cur = value;
}

}  // namespace

void apply_overrides(YAML::Node& root, const std::vector<std::string>& overrides, Ctx& ctx) {
  // Each override walks the tree (yaml-cpp's maps are lists): bounded, so that many
  // overrides cannot make loading quadratic (40,000 took 23 s).
  if (overrides.size() > kMaxOverrides) {
    bad("", "too many overrides (" + std::to_string(overrides.size()) +
                " --set and --duration values); the limit is " + std::to_string(kMaxOverrides));
  }
  for (const std::string& o : overrides) {
    std::size_t eq = o.find('=');
    if (eq == std::string::npos) {
      bad(trim(o), "expected path=value, such as node.pods=250 (got \"" + o + "\")");
    }
    std::string raw_path = trim(std::string_view(o).substr(0, eq));
    std::vector<Step> steps = parse_path(raw_path);
    std::string path = render(steps, steps.size());
    YAML::Node value = parse_value(path, trim(std::string_view(o).substr(eq + 1)));
    set_at(root, steps, value);
    ctx.override_paths.push_back(path);
  }
}

}  // namespace plegsim::scenario::detail
