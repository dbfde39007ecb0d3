#include "sim/scenario/yaml_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "sim/scenario/loader.h"

namespace plegsim::scenario::detail {
namespace {

bool under_override(const Ctx& ctx, const std::string& path) {
  return std::any_of(ctx.override_paths.begin(), ctx.override_paths.end(),
                     [&path](const std::string& p) { return path_under(path, p); });
}

// Edit distance, for "did you mean" on a misspelt key.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string unknown_key_message(std::string_view key,
                                std::initializer_list<std::string_view> allowed) {
  std::string list;
  std::string_view best;
  std::size_t best_d = 3;  // suggest only close matches
  for (std::string_view a : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(a);
    std::size_t d = edit_distance(key, a);
    if (d < best_d && d < a.size()) {  // rewriting the whole word is no suggestion
      best_d = d;
      best = a;
    }
  }
  std::string msg = "unknown key";
  if (!best.empty()) msg += " (did you mean \"" + std::string(best) + "\"?)";
  return msg + "; valid keys here: " + list;
}

Field make_child(const Field& parent, const YAML::Node& key, const YAML::Node& value) {
  // An empty value's own mark points at the next token; its key is where the user looks.
  YAML::Mark mark = value.IsNull() ? key.Mark() : value.Mark();
  return Field{parent.ctx, value, child_path(parent.path, key.Scalar()), mark};
}

// Checks that `f` is a map with plain-string keys, none repeated, of at most
// kMaxCollectionSize entries. Linear: a hash of the keys seen (300,000 featureGates
// took 125 s with the pairwise scan this replaces).
void check_map(const Field& f) {
  if (f.node.IsNull()) return;
  if (!f.node.IsMap()) fail_expected(f, "a map of key: value");
  if (f.node.size() > kMaxCollectionSize) {
    fail(f, "a map of " + std::to_string(f.node.size()) + " keys; the limit is " +
                std::to_string(kMaxCollectionSize));
  }
  std::unordered_map<std::string_view, int> seen;
  seen.reserve(f.node.size());
  for (const auto& kv : f.node) {
    if (!kv.first.IsScalar()) {
      fail(Field{f.ctx, kv.first, f.path, kv.first.Mark()}, "keys must be plain strings");
    }
    const std::string& k = kv.first.Scalar();
    auto [it, fresh] = seen.emplace(k, kv.first.Mark().line);
    if (!fresh) {
      fail(Field{f.ctx, kv.first, child_path(f.path, k), kv.first.Mark()},
           "duplicate key (first given at line " + std::to_string(it->second + 1) + ")");
    }
  }
}

std::string scalar_of(const Field& f, const std::string& expected) {
  if (!f.node.IsScalar()) fail_expected(f, expected);
  return f.node.Scalar();
}

}  // namespace

bool path_under(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

const std::string& source_of(const std::vector<PathSource>& sources, const std::string& path,
                             const std::string& fallback) {
  const PathSource* best = nullptr;
  for (const PathSource& s : sources) {
    if (path_under(path, s.path) && (best == nullptr || s.path.size() >= best->path.size())) {
      best = &s;
    }
  }
  return best != nullptr ? best->source : fallback;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

void fail(const Field& f, const std::string& message) {
  const Ctx& ctx = *f.ctx;
  if (f.mark.is_null() || under_override(ctx, f.path)) {
    throw ScenarioError("--set", 0, 0, f.path, message);
  }
  throw ScenarioError(source_of(ctx.sources, f.path, ctx.source), f.mark.line + 1,
                      f.mark.column + 1, f.path, message);
}

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "?";
}

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar: {
      std::string s = n.Scalar();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "\"" + s + "\"";
    }
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    default:
      return "nothing";
  }
}

void fail_expected(const Field& f, const std::string& expected) {
  fail(f, "must be " + expected + " (got " + describe_node(f.node) + ")");
}

MapReader::MapReader(const Field& f, std::initializer_list<std::string_view> allowed) : f_(f) {
  check_map(f);
  if (f.node.IsNull()) return;
  for (const auto& kv : f.node) {
    const std::string& k = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      fail(Field{f.ctx, kv.first, child_path(f.path, k), kv.first.Mark()},
           unknown_key_message(k, allowed));
    }
  }
}

std::optional<Field> MapReader::find(std::string_view key) const {
  if (!f_.node.IsMap()) return std::nullopt;
  for (const auto& kv : f_.node) {
    if (kv.first.Scalar() == key) return make_child(f_, kv.first, kv.second);
  }
  return std::nullopt;
}

Field MapReader::key_field(std::string_view key) const {
  if (f_.node.IsMap()) {
    for (const auto& kv : f_.node) {
      if (kv.first.Scalar() == key) {
        return Field{f_.ctx, kv.first, child_path(f_.path, key), kv.first.Mark()};
      }
    }
  }
  return Field{f_.ctx, YAML::Node(), child_path(f_.path, key), f_.mark};
}

std::vector<std::pair<Field, Field>> map_entries(const Field& f) {
  check_map(f);
  std::vector<std::pair<Field, Field>> out;
  if (f.node.IsNull()) return out;
  for (const auto& kv : f.node) {
    Field key{f.ctx, kv.first, child_path(f.path, kv.first.Scalar()), kv.first.Mark()};
    out.emplace_back(key, make_child(f, kv.first, kv.second));
  }
  return out;
}

std::vector<Field> list_items(const Field& f) {
  std::vector<Field> out;
  if (f.node.IsNull()) return out;
  if (!f.node.IsSequence()) fail_expected(f, "a list");
  if (f.node.size() > kMaxCollectionSize) {
    fail(f, "a list of " + std::to_string(f.node.size()) + " items; the limit is " +
                std::to_string(kMaxCollectionSize));
  }
  for (std::size_t i = 0; i < f.node.size(); ++i) {
    YAML::Node item = f.node[i];
    YAML::Mark mark = item.Mark().is_null() || item.IsNull() ? f.mark : item.Mark();
    out.push_back(Field{f.ctx, item, index_path(f.path, i), mark});
  }
  return out;
}

bool Bounds::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Bounds::describe() const {
  bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    return std::string("a number in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " +
           format_number(hi) + (hi_open ? ")" : "]");
  }
  if (has_lo) return std::string("a number ") + (lo_open ? "> " : ">= ") + format_number(lo);
  if (has_hi) return std::string("a number ") + (hi_open ? "< " : "<= ") + format_number(hi);
  return "a number";
}

std::string as_string(const Field& f) {
  return scalar_of(f, "a string");
}

bool as_bool(const Field& f) {
  std::string s = scalar_of(f, "true or false");
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  fail_expected(f, "true or false");
}

std::int64_t as_int(const Field& f, std::int64_t lo, std::int64_t hi) {
  // An upper bound that only reflects the C++ type is not worth showing until it is hit.
  std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  std::string expected = hi >= INT_MAX ? "an integer >= " + std::to_string(lo) : range;
  std::string s = scalar_of(f, expected);
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v < lo) {
    fail_expected(f, expected);
  }
  if (v > hi) fail_expected(f, range);
  return v;
}

std::uint64_t as_uint64(const Field& f) {
  const char* expected = "an integer >= 0";
  std::string s = scalar_of(f, expected);
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) fail_expected(f, expected);
  return v;
}

double as_number(const Field& f, const Bounds& b) {
  std::string s = scalar_of(f, b.describe());
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) ||
      !b.contains(v)) {
    fail_expected(f, b.describe());
  }
  return v;
}

core::Duration as_duration(const Field& f, Zero zero) {
  std::string expected = zero == Zero::kAllowed ? "a duration such as 250ms, 90s or 1m30s"
                                                : "a duration > 0 such as 250ms, 90s or 1m30s";
  std::string s = scalar_of(f, expected);
  core::Duration d;
  try {
    d = core::parse_duration(s);
  } catch (const core::DurationParseError& e) {
    fail(f, e.what());
  }
  if (zero == Zero::kRejected && d.ns == 0) fail_expected(f, expected);
  if (d > kMaxScenarioDuration) {
    fail(f, "must be at most " + core::format_duration(kMaxScenarioDuration) +
                " (ten years; got \"" + s + "\")");
  }
  return d;
}

models::Rate as_rate(const Field& f, double max_per_hour) {
  std::string s = scalar_of(f, "a rate such as 0.5/h, 2/m or 10/s");
  models::Rate r;
  try {
    r = models::parse_rate(s);
  } catch (const std::invalid_argument& e) {
    fail(f, e.what());
  }
  if (r.relative) {
    fail(f, "must be an absolute rate such as 0.5/h; percentages (\"" + s +
                "\") are for podCreateRate and podDeleteRate");
  }
  if (r.per_hour > max_per_hour) {
    fail(f, "must be at most " + models::format_rate(models::Rate{max_per_hour}) + " (got \"" + s +
                "\")");
  }
  return r;
}

models::Rate as_pod_rate(const Field& f) {
  std::string s = scalar_of(f, "a rate such as 5/h, or 20%/h of the live pods");
  models::Rate r;
  try {
    r = models::parse_rate(s);
  } catch (const std::invalid_argument& e) {
    fail(f, e.what());
  }
  double max = r.relative ? kMaxRelativePercentPerHour : kMaxPodChurnPerHour;
  if (r.per_hour > max) {
    fail(f, "must be at most " + models::format_rate(models::Rate{max, r.relative}) + " (got \"" +
                s + "\")");
  }
  return r;
}

double as_percent(const Field& f, double lo, double hi, bool lo_open) {
  std::string range = std::string("a percentage in ") + (lo_open ? "(" : "[") + format_number(lo) +
                      "%, " + format_number(hi) + "%]";
  std::string s = scalar_of(f, range + " such as 20%");
  double v = 0;
  bool ok = s.size() >= 2 && s.back() == '%';
  if (ok) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size() - 1, v);
    ok = ec == std::errc() && ptr == s.data() + s.size() - 1 && std::isfinite(v);
  }
  if (!ok || (lo_open ? !(v > lo) : !(v >= lo)) || v > hi) fail_expected(f, range);
  return v;
}

Field required(const MapReader& m, std::string_view key, std::string_view example) {
  if (auto v = m.find(key)) return *v;
  fail(m.key_field(key), "required (e.g. " + std::string(example) + ")");
}

}  // namespace plegsim::scenario::detail
