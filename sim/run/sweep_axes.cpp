// Sweep axes: the value grammar (lists, ranges, log ranges), lock-step (zip) groups,
// the scenario's `sweep:` axes merged with the command line's, and the expansion into
// points.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "sim/run/sweep.h"
#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

[[noreturn]] void bad(const std::string& message) {
  throw std::invalid_argument(message);
}

// "1.5/h" -> 1.5, "/h", 1 decimal. The number is [-+]digits[.digits].
struct Quantity {
  double value = 0;
  std::string unit;
  int decimals = 0;
};

Quantity quantity(const std::string& text, const std::string& whole, const char* what) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::size_t digits = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  bool any = i > digits;
  Quantity q;
  if (i < text.size() && text[i] == '.') {
    std::size_t frac = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    q.decimals = static_cast<int>(i - frac);
    any = any || q.decimals > 0;
  }
  if (!any) {
    bad("\"" + whole + "\": the " + what + " \"" + text +
        "\" is not a number (with an optional unit, as 100 or 1/h)");
  }
  std::string num = text.substr(text[0] == '+' ? 1 : 0, i - (text[0] == '+' ? 1 : 0));
  auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), q.value);
  if (ec != std::errc() || end != num.data() + num.size() || !std::isfinite(q.value)) {
    bad("\"" + whole + "\": the " + what + " \"" + text + "\" is out of range");
  }
  q.unit = text.substr(i);
  return q;
}

// `v` with `decimals` places, trailing zeros dropped: 0.50 -> "0.5", 3.00 -> "3".
std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

void same_unit(const Quantity& a, const Quantity& b, const std::string& whole) {
  if (a.unit != b.unit) {
    bad("\"" + whole + "\": every part must have the same unit (\"" + a.unit + "\" and \"" +
        b.unit + "\")");
  }
}

// "A..B" of `body` (after any "log:"), and what follows the last ':'.
void split_range(const std::string& body, const std::string& whole, std::string& from,
                 std::string& to, std::string& last, const char* last_name) {
  std::size_t dots = body.find("..");
  std::size_t colon = body.rfind(':');
  if (colon == std::string::npos || colon < dots) {
    bad("\"" + whole + "\": a range is from..to:" + last_name + " (got no :" + last_name + ")");
  }
  from = body.substr(0, dots);
  to = body.substr(dots + 2, colon - dots - 2);
  last = body.substr(colon + 1);
  if (from.empty() || to.empty() || last.empty()) {
    bad("\"" + whole + "\": a range is from..to:" + std::string(last_name) + ", none empty");
  }
}

std::vector<std::string> linear_range(const std::string& text) {
  std::string a, b, s;
  split_range(text, text, a, b, s, "step");
  Quantity from = quantity(a, text, "start");
  Quantity to = quantity(b, text, "end");
  Quantity step = quantity(s, text, "step");
  same_unit(from, to, text);
  same_unit(from, step, text);
  if (step.value <= 0) bad("\"" + text + "\": the step must be above 0");
  if (to.value < from.value) bad("\"" + text + "\": the end is below the start (ranges ascend)");
  double n = std::floor((to.value - from.value) / step.value + 1e-9) + 1;
  if (n > static_cast<double>(kMaxAxisValues)) {
    bad("\"" + text + "\": " + fixed(n, 0) + " values; the limit is " +
        std::to_string(kMaxAxisValues));
  }
  int decimals = std::max(from.decimals, step.decimals);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    out.push_back(fixed(from.value + static_cast<double>(i) * step.value, decimals) + from.unit);
  }
  return out;
}

std::vector<std::string> log_range(const std::string& text) {
  std::string a, b, c;
  split_range(text.substr(4), text, a, b, c, "count");
  Quantity from = quantity(a, text, "start");
  Quantity to = quantity(b, text, "end");
  same_unit(from, to, text);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
  if (ec != std::errc() || end != c.data() + c.size() || n < 2 || n > kMaxAxisValues) {
    bad("\"" + text + "\": the count must be an integer from 2 to " +
        std::to_string(kMaxAxisValues) + " (got \"" + c + "\")");
  }
  if (from.value <= 0) bad("\"" + text + "\": a log range starts above 0");
  if (to.value <= from.value) bad("\"" + text + "\": the end must be above the start");
  bool integers = from.decimals == 0 && to.decimals == 0;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    double v = i == 0 ? from.value
               : i + 1 == n
                   ? to.value
                   : from.value * std::pow(to.value / from.value, static_cast<double>(i) / (n - 1));
    std::string s;
    if (integers) {
      s = fixed(std::round(v), 0);
    } else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6g", v);
      s = buf;
    }
    s += from.unit;
    if (out.empty() || out.back() != s) out.push_back(s);  // rounding repeats a value
  }
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> values;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      values.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  values.push_back(cur);
  for (const auto& v : values) {
    if (v.empty()) bad("\"" + text + "\": an empty value");
  }
  if (values.size() > kMaxAxisValues) {
    bad("\"" + text.substr(0, 40) + "...\": more than " + std::to_string(kMaxAxisValues) +
        " values");
  }
  return values;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::vector<std::string> axis_values(const std::string& raw) {
  std::string text = trim(raw);
  if (text.rfind("log:", 0) == 0) return log_range(text);
  // A value with brackets is YAML (a list or map), never a range.
  if (text.find("..") != std::string::npos && text.find_first_of("[{") == std::string::npos) {
    return linear_range(text);
  }
  return split_list(text);
}

SweepAxis parse_axis(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    bad("--axis \"" + text +
        "\": expected path=v1,v2,..., path=from..to:step or path=log:from..to:count "
        "(e.g. node.pods=50,110,250 or node.pods=100..1000:100)");
  }
  SweepAxis a;
  a.path = trim(text.substr(0, eq));
  try {
    a.values = axis_values(text.substr(eq + 1));
  } catch (const std::invalid_argument& e) {
    bad("--axis " + a.path + ": " + e.what());
  }
  return a;
}

std::vector<std::string> parse_zip(const std::string& text) {
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    paths.push_back(trim(text.substr(start, comma - start)));
    if (paths.back().empty()) bad("--zip \"" + text + "\": expected path,path,... (no empty one)");
    if (comma == std::string::npos) return paths;
    start = comma + 1;
  }
}

SweepAxes axes_from_scenario(const scenario::SweepSpec& spec) {
  SweepAxes out;
  for (const auto& a : spec.axes) {
    try {
      out.axes.push_back({a.path, axis_values(a.values)});
    } catch (const std::invalid_argument& e) {
      throw scenario::ScenarioError(a.at.file, a.at.line, a.at.column, a.at.key, e.what());
    }
  }
  out.zip = spec.zip;
  try {
    check_axes(out);
  } catch (const std::invalid_argument& e) {
    // Located at the sweep's first zip group, or its first axis: where the rule bites.
    const scenario::SourceLocation& at =
        spec.zip_at.empty() ? spec.axes.front().at : spec.zip_at.front();
    throw scenario::ScenarioError(at.file, at.line, at.column, "sweep", e.what());
  }
  return out;
}

SweepAxes merge_axes(SweepAxes file, const SweepAxes& cli) {
  for (const auto& a : cli.axes) {
    auto same = std::find_if(file.axes.begin(), file.axes.end(),
                             [&a](const SweepAxis& f) { return f.path == a.path; });
    if (same != file.axes.end()) {
      *same = a;
    } else {
      file.axes.push_back(a);
    }
  }
  file.zip.insert(file.zip.end(), cli.zip.begin(), cli.zip.end());
  return file;
}

void check_axes(const SweepAxes& a) {
  std::map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < a.axes.size(); ++k) {
    if (!index.emplace(a.axes[k].path, k).second) {
      bad("axis " + a.axes[k].path + " is given twice; list all its values in one axis");
    }
  }
  std::map<std::string, std::size_t> grouped;
  for (std::size_t g = 0; g < a.zip.size(); ++g) {
    const auto& group = a.zip[g];
    if (group.size() < 2) bad("a zip group needs two or more axes (got " + group[0] + " alone)");
    for (const auto& p : group) {
      auto it = index.find(p);
      if (it == index.end()) bad("zip names " + p + ", which is not an axis");
      if (!grouped.emplace(p, g).second) bad("axis " + p + " is in two zip groups");
      const SweepAxis& first = a.axes[index[group[0]]];
      const SweepAxis& other = a.axes[it->second];
      if (other.values.size() != first.values.size()) {
        bad("zipped axes " + first.path + " (" + std::to_string(first.values.size()) +
            " values) and " + other.path + " (" + std::to_string(other.values.size()) +
            " values) differ in length");
      }
    }
  }
  // Points: the product over dimensions (a zip group counts once).
  double points = 1;
  std::map<std::size_t, bool> counted;
  for (const auto& ax : a.axes) {
    auto g = grouped.find(ax.path);
    if (g != grouped.end() && !counted.emplace(g->second, true).second) continue;
    points *= static_cast<double>(ax.values.size());
  }
  if (points > static_cast<double>(kMaxSweepPoints)) {
    bad(fixed(points, 0) + " points; the limit is " + std::to_string(kMaxSweepPoints) +
        " (split the sweep)");
  }
}

std::vector<SweepPoint> expand_sweep(const scenario::Scenario& base,
                                     const std::vector<std::string>& base_overrides,
                                     const SweepAxes& a) {
  check_axes(a);
  // dim[k]: the dimension axis k moves with; dims ordered by their first axis.
  std::vector<std::size_t> dim(a.axes.size());
  std::vector<std::size_t> length;
  std::map<std::string, std::size_t> group_dim;
  for (std::size_t k = 0; k < a.axes.size(); ++k) {
    const std::vector<std::string>* group = nullptr;
    for (const auto& g : a.zip) {
      if (std::find(g.begin(), g.end(), a.axes[k].path) != g.end()) group = &g;
    }
    auto known = group ? group_dim.find((*group)[0]) : group_dim.end();
    if (known != group_dim.end()) {
      dim[k] = known->second;
      continue;
    }
    dim[k] = length.size();
    length.push_back(a.axes[k].values.size());
    if (group) group_dim[(*group)[0]] = dim[k];
  }
  std::size_t total = 1;
  for (std::size_t l : length) total *= l;
  std::vector<SweepPoint> points;
  points.reserve(total);
  std::vector<std::size_t> digit(length.size());
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t rest = i;
    for (std::size_t d = length.size(); d-- > 0;) {
      digit[d] = rest % length[d];
      rest /= length[d];
    }
    SweepPoint p;
    p.index = i;
    for (std::size_t k = 0; k < a.axes.size(); ++k) {
      p.overrides.push_back(a.axes[k].path + "=" + a.axes[k].values[digit[dim[k]]]);
    }
    std::vector<std::string> all = base_overrides;
    all.insert(all.end(), p.overrides.begin(), p.overrides.end());
    try {
      p.scenario = scenario::load_scenario_text(base.source_yaml, base.source_path, all);
    } catch (const scenario::ScenarioError& e) {
      // An override error at an axis's key is the axis's: say so rather than "--set".
      bool at_axis = std::any_of(a.axes.begin(), a.axes.end(), [&e](const SweepAxis& ax) {
        return ax.path.rfind(e.key, 0) == 0 || e.key.rfind(ax.path, 0) == 0;
      });
      if (e.file != "--set" || e.key.empty() || !at_axis) throw;
      throw scenario::ScenarioError("--axis", 0, 0, e.key, e.message);
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<SweepPoint> expand_sweep(const scenario::Scenario& base,
                                     const std::vector<std::string>& base_overrides,
                                     const std::vector<SweepAxis>& axes) {
  return expand_sweep(base, base_overrides, SweepAxes{axes, {}});
}

}  // namespace plegsim::run
