// `plegsim compare`'s output: a table per matched point, or one JSON object.
#include <cmath>
#include <cstdio>

#include "sim/record/json_text.h"
#include "sim/regress/compare_runs.h"

namespace plegsim::regress {
namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string opt(const std::optional<double>& v) {
  return v ? num(*v) : std::string("-");
}

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

std::string point_name(const std::vector<std::string>& axes,
                       const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    out += (i ? " " : "") + axes[i] + "=" + values[i];
  }
  return out;
}

std::string describe(const char* label, const CompareInput& in) {
  std::string out = std::string(label) + ": " + in.path + " (" + std::string(kind_name(in.kind));
  if (in.kind != CompareInputKind::kRun) {
    out += ", " + std::to_string(in.points.size()) + " points, up to " +
           std::to_string(in.max_replications) + " runs per point";
  }
  return out + ")\n";
}

std::string json_string(const std::string& s) {
  return record::json_quoted(s);
}

std::string json_num(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + json_string(v[i]);
  return out + "]";
}

std::string json_points(const std::vector<std::string>& axes,
                        const std::vector<std::vector<std::string>>& points) {
  std::string out = "[";
  for (std::size_t i = 0; i < points.size(); ++i) {
    out += i ? ",{" : "{";
    for (std::size_t a = 0; a < axes.size(); ++a) {
      out += (a ? "," : "") + json_string(axes[a]) + ":" + json_string(points[i][a]);
    }
    out += "}";
  }
  return out + "]";
}

std::string json_input(const CompareInput& in) {
  return "{\"path\":" + json_string(in.path) +
         ",\"kind\":" + json_string(std::string(kind_name(in.kind))) +
         ",\"points\":" + std::to_string(in.points.size()) +
         ",\"max_replications\":" + std::to_string(in.max_replications) + "}";
}

}  // namespace

std::string compare_text(const CompareInput& a, const CompareInput& b, const Comparison& c) {
  std::string out = describe("A", a) + describe("B", b);
  char level[32];
  std::snprintf(level, sizeof level, "%g%%", 100 * (1 - c.alpha));
  for (const auto& p : c.points) {
    out += "\n";
    if (!c.axes.empty()) out += "point " + point_name(c.axes, p.axis_values) + "\n";
    out += "  " + pad("field", 38) + pad("A", 13) + pad("B", 13) + pad("B - A", 13) +
           std::string(level) + " interval on B - A\n";
    for (const auto& f : p.fields) {
      out += "  " + pad(f.field, 38) + pad(opt(f.a), 13) + pad(opt(f.b), 13) +
             pad(opt(f.difference), 13);
      if (f.low) {
        out += "[" + num(*f.low) + ", " + num(*f.high) + "] p=" + num(*f.p) +
               (*f.significant ? " significant" : " not significant");
      } else {
        out += f.note;
      }
      out += "\n";
    }
  }
  auto list = [&](const char* what, const std::vector<std::string>& v) {
    if (v.empty()) return;
    out += "\n" + std::string(what);
    for (const auto& s : v) out += " " + s;
    out += "\n";
  };
  list("fields only in A (not compared):", c.fields_only_in_a);
  list("fields only in B (not compared):", c.fields_only_in_b);
  std::vector<std::string> names;
  for (const auto& p : c.points_only_in_a) names.push_back(point_name(c.axes, p));
  list("points only in A (not compared):", names);
  names.clear();
  for (const auto& p : c.points_only_in_b) names.push_back(point_name(c.axes, p));
  list("points only in B (not compared):", names);
  return out;
}

std::string compare_json(const CompareInput& a, const CompareInput& b, const Comparison& c) {
  std::string out = "{\"a\":" + json_input(a) + ",\"b\":" + json_input(b) +
                    ",\"alpha\":" + json_num(c.alpha) + ",\"axes\":" + json_list(c.axes) +
                    ",\"points\":[";
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const auto& p = c.points[i];
    out += (i ? "," : "") + std::string("{\"axis_values\":") + json_list(p.axis_values) +
           ",\"fields\":[";
    for (std::size_t j = 0; j < p.fields.size(); ++j) {
      const auto& f = p.fields[j];
      out += (j ? "," : "") + std::string("{\"field\":") + json_string(f.field) +
             ",\"a\":" + json_num(f.a) + ",\"b\":" + json_num(f.b) +
             ",\"a_n\":" + std::to_string(f.a_n) + ",\"b_n\":" + std::to_string(f.b_n) +
             ",\"difference\":" + json_num(f.difference) + ",\"low\":" + json_num(f.low) +
             ",\"high\":" + json_num(f.high) + ",\"p\":" + json_num(f.p) +
             ",\"significant\":" + (f.significant ? (*f.significant ? "true" : "false") : "null") +
             ",\"note\":" + (f.note.empty() ? std::string("null") : json_string(f.note)) + "}";
    }
    out += "]}";
  }
  out += "],\"fields_only_in_a\":" + json_list(c.fields_only_in_a) +
         ",\"fields_only_in_b\":" + json_list(c.fields_only_in_b) +
         ",\"points_only_in_a\":" + json_points(c.axes, c.points_only_in_a) +
         ",\"points_only_in_b\":" + json_points(c.axes, c.points_only_in_b) + "}";
  return out;
}

}  // namespace plegsim::regress
