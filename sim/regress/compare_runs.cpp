// Matching two inputs' points and fields, and Welch's interval on each difference.
#include "sim/regress/compare_runs.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sim/core/stats.h"
#include "sim/regress/stats.h"

namespace plegsim::regress {

void welch_interval(const FieldSample& a, const FieldSample& b, double alpha,
                    FieldComparison& out) {
  double d = b.mean - a.mean;
  double va = a.variance / static_cast<double>(a.n);
  double vb = b.variance / static_cast<double>(b.n);
  double se2 = va + vb;
  if (se2 <= 0) {
    // No spread on either side: the difference is exact.
    out.low = out.high = d;
    out.p = d == 0 ? 1.0 : 0.0;
    out.significant = d != 0;
    return;
  }
  // Welch-Satterthwaite degrees of freedom.
  double nu =
      se2 * se2 / (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
  double se = std::sqrt(se2);
  double t = core::student_t_quantile(1 - alpha / 2, nu);
  out.low = d - t * se;
  out.high = d + t * se;
  out.p = 2 * (1 - core::student_t_cdf(std::fabs(d) / se, nu));
  out.significant = *out.low > 0 || *out.high < 0;
}

namespace {

// Axis values match as numbers when both read as numbers ("100" and "100.0").
std::string point_key(const std::vector<std::string>& values) {
  std::string key;
  for (const auto& v : values) {
    char* end = nullptr;
    double x = std::strtod(v.c_str(), &end);
    if (!v.empty() && *end == '\0') {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", x);
      key += buf;
    } else {
      key += v;
    }
    key += '\x1f';
  }
  return key;
}

const FieldSample* find_field(const ComparePoint& p, const std::string& name) {
  for (const auto& [n, s] : p.fields) {
    if (n == name) return &s;
  }
  return nullptr;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

FieldComparison compare_field(const std::string& name, const FieldSample& a, const FieldSample& b,
                              double alpha) {
  FieldComparison c;
  c.field = name;
  c.a_n = a.n;
  c.b_n = b.n;
  if (a.n) c.a = a.mean;
  if (b.n) c.b = b.mean;
  if (!a.n || !b.n) {
    c.note = "no value in " + std::string(!a.n && !b.n ? "A or B" : !a.n ? "A" : "B");
    return c;
  }
  c.difference = b.mean - a.mean;
  if (a.n == 1 && b.n == 1) {
    c.note = "no replications: no interval";
  } else if (a.n < 2 || b.n < 2) {
    c.note = "fewer than two replications in " + std::string(a.n < 2 ? "A" : "B") + ": no interval";
  } else {
    welch_interval(a, b, alpha, c);
  }
  return c;
}

}  // namespace

Comparison compare_inputs(const CompareInput& a, const CompareInput& b, double alpha) {
  if (a.axes != b.axes) {
    throw CompareInputError("the inputs have different axes: " + a.path + " has [" + join(a.axes) +
                            "], " + b.path + " has [" + join(b.axes) +
                            "]; compare sweeps over the same axes (or two run files)");
  }
  Comparison c;
  c.alpha = alpha;
  c.axes = a.axes;
  std::set<std::string> in_b(b.fields.begin(), b.fields.end());
  std::set<std::string> in_a(a.fields.begin(), a.fields.end());
  std::vector<std::string> common;
  for (const auto& f : a.fields) {
    (in_b.count(f) ? common : c.fields_only_in_a).push_back(f);
  }
  for (const auto& f : b.fields) {
    if (!in_a.count(f)) c.fields_only_in_b.push_back(f);
  }
  std::map<std::string, const ComparePoint*> b_points;
  for (const auto& p : b.points) b_points[point_key(p.axis_values)] = &p;
  std::set<std::string> matched;
  for (const auto& pa : a.points) {
    std::string key = point_key(pa.axis_values);
    auto it = b_points.find(key);
    if (it == b_points.end()) {
      c.points_only_in_a.push_back(pa.axis_values);
      continue;
    }
    matched.insert(key);
    PointComparison pc;
    pc.axis_values = pa.axis_values;
    for (const auto& f : common) {
      const FieldSample* fa = find_field(pa, f);
      const FieldSample* fb = find_field(*it->second, f);
      if (fa && fb) pc.fields.push_back(compare_field(f, *fa, *fb, alpha));
    }
    c.points.push_back(std::move(pc));
  }
  for (const auto& pb : b.points) {
    if (!matched.count(point_key(pb.axis_values))) c.points_only_in_b.push_back(pb.axis_values);
  }
  if (c.points.empty()) {
    throw CompareInputError("no point of " + a.path + " is in " + b.path +
                            " (points match by their axis values)");
  }
  return c;
}

}  // namespace plegsim::regress
