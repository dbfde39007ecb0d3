// Internal to the scenario loader: typed, located reads from a yaml-cpp tree. Every
// failure throws ScenarioError carrying the node's position and dotted key path.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/rate.h"
#include "sim/core/time.h"

namespace plegsim::scenario::detail {

// The most entries a scenario map or list may have (faults, expect, featureGates, ...):
// far above any real scenario, and low enough that loading stays fast and small.
inline constexpr std::size_t kMaxCollectionSize = 10000;
// The most `--set path=value` overrides one load applies.
inline constexpr std::size_t kMaxOverrides = 1000;

// The file a part of the tree was written in: the value at `path` and below (unless a
// longer path says otherwise), for a scenario whose includes were merged (include.h).
struct PathSource {
  std::string path;    // "runtime.latency.ListPodSandbox"
  std::string source;  // the file it came from
};

// What every read needs to place an error.
struct Ctx {
  std::string source;                       // file name for messages
  std::vector<std::string> override_paths;  // keys set by --set; errors under them cite "--set"
  std::vector<PathSource> sources;          // parts written in other files than `source`
};

// Whether `path` is `prefix` or below it ("faults[2].kind" is below "faults").
bool path_under(const std::string& path, const std::string& prefix);
// The file the value at `path` was written in: the longest (then last) matching entry of
// `sources`, else `fallback`.
const std::string& source_of(const std::vector<PathSource>& sources, const std::string& path,
                             const std::string& fallback);

// One value in the tree with where it was written and its dotted key path.
struct Field {
  const Ctx* ctx = nullptr;
  YAML::Node node;
  std::string path;  // "node.pods", "faults[2].kind"
  YAML::Mark mark;   // yaml-cpp's 0-based mark; null for nodes created by --set
};

// "node" + "pods" -> "node.pods"; "" + "name" -> "name".
std::string child_path(const std::string& path, std::string_view key);
// "faults" + 2 -> "faults[2]".
std::string index_path(const std::string& path, std::size_t i);

// Throws ScenarioError at `f` (at "--set" when the key came from an override).
[[noreturn]] void fail(const Field& f, const std::string& message);
// Throws "must be <expected> (got <what the node holds>)".
[[noreturn]] void fail_expected(const Field& f, const std::string& expected);
// The shortest text that reads back as exactly `v` ("0.5", "1e-07").
std::string format_number(double v);
// How a node reads in a message: "abc" in quotes, "a map", "a list", "nothing".
std::string describe_node(const YAML::Node& n);

// The value of a map with a fixed set of keys. Rejects non-maps, non-string keys, and
// unknown and duplicate keys on construction; a null node reads as an empty map.
class MapReader {
 public:
  MapReader(const Field& f, std::initializer_list<std::string_view> allowed);

  bool has(std::string_view key) const { return find(key).has_value(); }
  // The value under `key`, located at its key when the value is empty.
  std::optional<Field> find(std::string_view key) const;
  // The key itself, for errors about the key rather than its value.
  Field key_field(std::string_view key) const;
  const Field& field() const { return f_; }

 private:
  Field f_;
};

// Every (key, value) of a map whose keys are free-form (feature gates, latency ops,
// expectations), in the order written. Rejects non-maps and duplicate keys.
std::vector<std::pair<Field, Field>> map_entries(const Field& f);
// The items of a list. Rejects non-lists; a null node reads as an empty list.
std::vector<Field> list_items(const Field& f);

// Numeric bounds, inclusive unless open, described for messages ("a number in (0, 1]").
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  bool contains(double v) const;
  std::string describe() const;
};
inline constexpr Bounds kAnyNumber{};
inline constexpr Bounds kPositive{0.0, std::numeric_limits<double>::infinity(), true, false};
inline constexpr Bounds kNonNegative{0.0, std::numeric_limits<double>::infinity()};
inline constexpr Bounds kUnitInterval{0.0, 1.0};
// Multipliers (slowdown factors, empirical noise quantiles, gamma shapes): positive and
// at most a million, so a scaled latency stays far inside the nanosecond range.
inline constexpr Bounds kFactor{0.0, 1e6, true, false};
// Lognormal sigma: exp(5 x N(0,1)) already spans 10^-6..10^6 within 2.8 standard
// deviations; more is no latency model.
inline constexpr Bounds kSigma{0.0, 5.0};

// The longest duration a scenario may give (run length, periods, latencies, fault
// windows): ten years, 3.2e17 ns, so sums of a few of them stay inside int64
// nanoseconds (Time and Duration saturate besides).
inline constexpr core::Duration kMaxScenarioDuration = core::Duration::hours(24 * 3650);
// Rates: a container crashing more than once a second, or more than 100 pods
// created or deleted per second, is outside anything the kubelet can run (and would
// only make the simulation slow).
inline constexpr double kMaxCrashPerHour = 3600.0;
inline constexpr double kMaxPodChurnPerHour = 360000.0;
// Relative pod rates, in percent of the live pods per hour: each pod replaced 1000
// times an hour at most (100000 %/h).
inline constexpr double kMaxRelativePercentPerHour = 100000.0;

enum class Zero { kAllowed, kRejected };

std::string as_string(const Field& f);  // any scalar, taken as written
bool as_bool(const Field& f);           // true/false only, not YAML 1.1's yes/no/on/off
std::int64_t as_int(const Field& f, std::int64_t lo, std::int64_t hi);
std::uint64_t as_uint64(const Field& f);
double as_number(const Field& f, const Bounds& b = kAnyNumber);
core::Duration as_duration(const Field& f, Zero zero = Zero::kAllowed);
// A rate of at most `max_per_hour`.
models::Rate as_rate(const Field& f, double max_per_hour);
// A pod rate: absolute ("5/h", at most kMaxPodChurnPerHour) or relative to the live
// pods ("20%/h", at most kMaxRelativePercentPerHour).
models::Rate as_pod_rate(const Field& f);
// A percentage "20%" or "12.5%" in [lo, hi] (lo excluded when lo_open), as the number.
double as_percent(const Field& f, double lo, double hi, bool lo_open);

// Reads `key` from `m` into `out` when present.
template <class T, class F>
void read_if(const MapReader& m, std::string_view key, T& out, F&& convert) {
  if (auto f = m.find(key)) out = convert(*f);
}

// Reads a key that has no default; a missing one is an error showing `example`.
Field required(const MapReader& m, std::string_view key, std::string_view example);

}  // namespace plegsim::scenario::detail
