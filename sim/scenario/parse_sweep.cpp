// The `sweep:` section: the axes, lock-step groups and replications `plegsim sweep`
// reads from a scenario. Checked here for form only (a map of key paths to strings or
// lists); the value grammar (ranges, log ranges) and the zip rules are the sweep's
// (sim/run/sweep_axes.cpp), which reports its errors at the locations kept here.
#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

constexpr std::uint64_t kMaxReplications = 10000;  // as `plegsim sweep -r`

SourceLocation location_of(const Field& f) {
  SourceLocation at;
  at.key = f.path;
  bool overridden = false;
  for (const auto& p : f.ctx->override_paths) overridden = overridden || path_under(f.path, p);
  if (f.mark.is_null() || overridden) {
    at.file = "--set";
    return at;
  }
  at.file = source_of(f.ctx->sources, f.path, f.ctx->source);
  at.line = f.mark.line + 1;
  at.column = f.mark.column + 1;
  return at;
}

// A list value: its items as written, joined as --axis would take them.
std::string list_values(const Field& f) {
  std::string out;
  auto items = list_items(f);
  if (items.empty()) fail_expected(f, "a non-empty list of values");
  for (const Field& item : items) {
    if (!item.node.IsScalar())
      fail_expected(item, "a scalar value (write a map or list as a string)");
    std::string v = as_string(item);
    if (v.empty()) fail_expected(item, "a non-empty value");
    out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

}  // namespace

void parse_sweep(const Field& f, SweepSpec& out) {
  MapReader m(f, {"axes", "zip", "replications"});
  if (auto axes = m.find("axes")) {
    for (const auto& [key, value] : map_entries(*axes)) {
      SweepSpec::Axis a;
      a.path = key.node.Scalar();
      a.at = location_of(value);
      if (value.node.IsSequence()) {
        a.values = list_values(value);
      } else if (value.node.IsScalar()) {
        a.values = as_string(value);
        if (a.values.empty()) fail_expected(value, "values such as \"100..1000:100\" or [10, 20]");
      } else {
        fail_expected(value, "values such as \"100..1000:100\", \"log:10..10000:12\" or [10, 20]");
      }
      out.axes.push_back(std::move(a));
    }
  }
  if (auto zip = m.find("zip")) {
    for (const Field& group : list_items(*zip)) {
      if (!group.node.IsSequence())
        fail_expected(group, "a list of axis paths, such as [node.pods, workload.crashRate]");
      std::vector<std::string> paths;
      for (const Field& p : list_items(group)) paths.push_back(as_string(p));
      out.zip.push_back(std::move(paths));
      out.zip_at.push_back(location_of(group));
    }
  }
  if (auto r = m.find("replications")) {
    out.replications = static_cast<std::uint64_t>(as_int(*r, 1, kMaxReplications));
  }
}

}  // namespace plegsim::scenario::detail
