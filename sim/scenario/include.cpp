// `include:`: a scenario file's includes read, resolved in turn, and merged under its own
// keys, keeping where each part was written. The merge rule is the one a runtime
// profile's values meet a scenario's keys by (parse_profile.cpp): docs/scenario.md,
// "Including files".
#include "sim/scenario/include.h"

#include <algorithm>
#include <array>
#include <system_error>
#include <unordered_map>

#include "sim/scenario/loader.h"

namespace plegsim::scenario::detail {
namespace {

namespace fs = std::filesystem;

// The maps whose keys merge one by one ("*" is any key); every other value, and a key
// in any other map, replaces whole. These are where a profile meets a scenario: each
// key of a section, each feature gate, each latency entry and each key of an entry
// (a noise, relistCompute, regime, startup or rollout replaces whole, as over a
// profile). `expect` merges by field, each bound independent of the others.
constexpr std::array<std::array<std::string_view, 3>, 8> kMergedMaps{{
    {"kubelet"},
    {"kubelet", "featureGates"},
    {"node"},
    {"workload"},
    {"runtime"},
    {"runtime", "latency"},
    {"runtime", "latency", "*"},
    {"expect"},
}};

// Keys that set the same value (parse_runtime.cpp): giving one replaces the other.
constexpr std::array<std::string_view, 2> kLatencyAliases{"perReturned", "perItem"};

bool merges(const std::vector<std::string>& keys) {
  return keys.empty() || std::any_of(kMergedMaps.begin(), kMergedMaps.end(), [&](const auto& m) {
           std::size_t n = 0;
           while (n < m.size() && !m[n].empty()) ++n;
           if (n != keys.size()) return false;
           for (std::size_t i = 0; i < n; ++i) {
             if (m[i] != "*" && m[i] != keys[i]) return false;
           }
           return true;
         });
}

bool is_alias(std::string_view k) {
  return std::find(kLatencyAliases.begin(), kLatencyAliases.end(), k) != kLatencyAliases.end();
}

// Merges the map `under` (of tree `from`) beneath the map `over` (of `out`), at key
// path `keys` ("runtime", "latency"), `path` dotted.
class Merger {
 public:
  Merger(SourcedTree& out, const SourcedTree& from) : out_(out), from_(from) {}

  void merge(YAML::Node over, const YAML::Node& under, std::vector<std::string>& keys,
             const std::string& path) {
    // Both maps are checked (plain keys, no duplicates) where they were written.
    Ctx over_ctx{out_.source, {}, out_.sources};
    Ctx under_ctx{from_.source, {}, from_.sources};
    std::unordered_map<std::string, YAML::Node> given;
    bool over_alias = false;
    for (const auto& [k, v] : map_entries(Field{&over_ctx, over, path, over.Mark()})) {
      given.emplace(k.node.Scalar(), v.node);
      over_alias = over_alias || (keys.size() == 3 && is_alias(k.node.Scalar()));
    }
    for (const auto& [k, v] : map_entries(Field{&under_ctx, under, path, under.Mark()})) {
      const std::string& key = k.node.Scalar();
      std::string child = child_path(path, key);
      auto it = given.find(key);
      if (it == given.end()) {
        if (over_alias && keys.size() == 3 && is_alias(key)) continue;
        over.force_insert(k.node, v.node);
        graft(child);
        continue;
      }
      keys.push_back(key);
      if (merges(keys)) {
        YAML::Node mine = it->second;
        if (mine.IsNull() && v.node.IsMap()) {
          mine = v.node;  // an empty section reads as an empty map: take the other whole
          graft(child);
        } else if (mine.IsMap() && v.node.IsMap()) {
          merge(mine, v.node, keys, child);
        }
      }
      keys.pop_back();
    }
  }

 private:
  // The value at `path` now comes from `from_`, with the parts `from_` had from others.
  void graft(const std::string& path) {
    out_.sources.push_back({path, source_of(from_.sources, path, from_.source)});
    for (const PathSource& s : from_.sources) {
      if (s.path.size() > path.size() && path_under(s.path, path)) out_.sources.push_back(s);
    }
  }

  SourcedTree& out_;
  const SourcedTree& from_;
};

// The entries of `include:`, each a located non-empty string.
std::vector<Field> include_entries(const Field& inc) {
  std::vector<Field> entries;
  if (inc.node.IsSequence()) {
    entries = list_items(inc);
  } else if (inc.node.IsScalar()) {
    entries.push_back(inc);
  } else {
    fail_expected(inc, "a file path or a list of file paths, relative to this file");
  }
  for (const Field& e : entries) {
    if (!e.node.IsScalar() || e.node.Scalar().empty()) {
      fail_expected(e, "a file path (a non-empty string)");
    }
  }
  return entries;
}

std::string chain_text(const IncludeState& st, const std::string& last) {
  std::string out;
  for (const auto& link : st.chain) out += link.name + " -> ";
  return out + last;
}

fs::path canonical_or_absolute(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::canonical(p, ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

// Reads and resolves one entry of `include:` of the file at the end of st.chain.
SourcedTree resolve_entry(const Field& e, const fs::path& dir, IncludeState& st) {
  fs::path p(e.node.Scalar());
  if (p.is_relative()) p = dir / p;
  std::string name = p.lexically_normal().string();
  if (st.chain.size() > kMaxIncludeDepth) {
    fail(e, "includes nest more than " + std::to_string(kMaxIncludeDepth) +
                " deep: " + chain_text(st, name));
  }
  if (++st.files > kMaxIncludeFiles) {
    fail(e, "\"" + name + "\" would be file " + std::to_string(st.files) + " read by this load; " +
                "the limit is " + std::to_string(kMaxIncludeFiles) + " files");
  }
  std::string text;
  try {
    text = read_scenario_text(name);
  } catch (const ScenarioError& err) {
    fail(e, "cannot include \"" + name + "\": " + err.message);
  }
  fs::path canon = canonical_or_absolute(name);
  for (const auto& link : st.chain) {
    if (link.canonical == canon) fail(e, "an include cycle: " + chain_text(st, name));
  }
  st.chain.push_back({canon, name});
  SourcedTree t = resolve_includes(text, name, p.parent_path(), st);
  st.chain.pop_back();
  return t;
}

}  // namespace

SourcedTree resolve_includes(std::string_view yaml, const std::string& source,
                             const std::optional<fs::path>& dir, IncludeState& st) {
  SourcedTree out{parse_document(yaml, source), source, {}, false, std::string(yaml)};
  Ctx ctx{source, {}, {}};
  if (out.root.IsNull()) out.root = YAML::Node(YAML::NodeType::Map);  // every default
  Field top{&ctx, out.root, "", out.root.Mark()};
  if (!out.root.IsMap()) fail_expected(top, "a map of key: value");
  std::optional<Field> inc;
  for (const auto& [k, v] : map_entries(top)) {
    if (k.node.Scalar() == "include") inc = v;
  }
  if (!inc) return out;
  std::vector<Field> entries = include_entries(*inc);
  if (!dir) {
    fail(*inc,
         "a scenario given as text has no directory to include from; write it to a file, or "
         "load it with overlays (load_scenario_text_with_overlays)");
  }
  // In list order, each one's keys over the ones before; then this file's over them all.
  std::optional<SourcedTree> included;
  for (const Field& e : entries) {
    SourcedTree next = resolve_entry(e, *dir, st);
    if (included) merge_under(next, std::move(*included));
    included = std::move(next);
  }
  out.root.remove("include");
  if (included) merge_under(out, std::move(*included));
  return out;
}

SourcedTree resolve_file(const std::string& path, IncludeState& st) {
  std::string text = read_scenario_text(path);
  if (++st.files > kMaxIncludeFiles) {
    throw ScenarioError(path, 0, 0, "",
                        "one load reads at most " + std::to_string(kMaxIncludeFiles) + " files");
  }
  fs::path p(path);
  st.chain.push_back({canonical_or_absolute(p), path});
  SourcedTree t = resolve_includes(text, path, p.parent_path(), st);
  st.chain.pop_back();
  return t;
}

void merge_under(SourcedTree& over, SourcedTree under) {
  std::vector<std::string> keys;
  Merger(over, under).merge(over.root, under.root, keys, "");
  over.merged = true;
}

}  // namespace plegsim::scenario::detail
