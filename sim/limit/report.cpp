// The limit's report: a table of the probed values and the limit with its interval, as
// text for a terminal or as JSON.
#include <cmath>
#include <cstdio>

#include "sim/limit/limit.h"
#include "sim/record/json_text.h"

namespace plegsim::limit {
namespace {

std::string num(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string json_num(double v) {
  return std::isfinite(v) ? num(v) : "null";
}

std::string json_str(const std::string& s) {
  return record::json_quoted(s);
}

std::string what(const LimitResult& r) {
  return r.criterion.probability ? "P(" + r.criterion.field + " > 0)" : "mean " + r.criterion.field;
}

}  // namespace

std::string censored_text(Censored c) {
  switch (c) {
    case Censored::kNone:
      return "none";
    case Censored::kBelow:
      return "below";
    case Censored::kAbove:
      return "above";
  }
  return "?";
}

std::string limit_text(const LimitResult& r) {
  const auto& a = r.axis;
  std::string out = "plegsim limit: the largest " + a.path + " in [" + axis_value(a, a.lo) + ", " +
                    axis_value(a, a.hi) + "] where " + r.criterion.text + " at " +
                    num(100 * r.confidence) + " % confidence\n";
  out += "assumes the criterion only gets worse as " + a.path +
         " grows (monotone); undecided values count as failing\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%14s  %-9s  %6s  %12s  %27s\n", a.path.c_str(), "verdict",
                "runs", "estimate", "interval");
  out += line;
  for (const auto& p : r.probes) {
    std::string interval = "[" + num(p.lower) + ", " + num(p.upper) + "]";
    std::snprintf(line, sizeof line, "%14s  %-9s  %6zu  %12s  %27s\n",
                  axis_value(a, p.value).c_str(), verdict_text(p.verdict).c_str(), p.runs,
                  num(p.estimate).c_str(), interval.c_str());
    out += line;
  }
  out += "(estimate: " + what(r) + "; interval: " +
         (r.criterion.probability ? std::string("Wilson") : std::string("Student t")) + ", " +
         num(100 * r.confidence) + " %)\n\n";
  if (r.stopped) out += "interrupted: the search stopped before it finished\n";
  switch (r.censored) {
    case Censored::kBelow:
      out += "limit: below " + axis_value(a, a.lo) + " (the lowest value asked, " +
             axis_value(a, a.lo) + ", does not pass); not extrapolated\n";
      break;
    case Censored::kAbove:
      out += "limit: at least " + axis_value(a, a.hi) + " (the highest value asked, " +
             axis_value(a, a.hi) + ", passes); not extrapolated\n";
      break;
    case Censored::kNone:
      out += "limit: " + a.path + " = " + axis_value(a, *r.pass) + ", in [" +
             axis_value(a, *r.pass) + ", " + axis_value(a, *r.fail) + ") (" +
             axis_value(a, *r.pass) + " passes, " + axis_value(a, *r.fail) + " does not)\n";
      break;
  }
  out += "runs: " + std::to_string(r.runs) + "\n";
  return out;
}

std::string limit_json_object(const LimitResult& r, double wall_seconds,
                              const std::string& indent) {
  const auto& a = r.axis;
  auto opt = [](const std::optional<double>& v) { return v ? json_num(*v) : "null"; };
  const std::string& in = indent;
  std::string out = "{\n";
  out += in + "  \"axis\": " + json_str(a.path) + ",\n";
  out += in + "  \"lo\": " + json_str(axis_value(a, a.lo)) + ",\n";
  out += in + "  \"hi\": " + json_str(axis_value(a, a.hi)) + ",\n";
  out += in + "  \"integer\": " + std::string(a.integer ? "true" : "false") + ",\n";
  out += in + "  \"criterion\": " + json_str(r.criterion.text) + ",\n";
  out += in + "  \"field\": " + json_str(r.criterion.field) + ",\n";
  out += in + "  \"kind\": " + json_str(r.criterion.probability ? "probability" : "mean") + ",\n";
  out += in + "  \"confidence\": " + json_num(r.confidence) + ",\n";
  out += in + "  \"width\": " + json_num(r.width) + ",\n";
  out += in + "  \"censored\": " + json_str(censored_text(r.censored)) + ",\n";
  out += in + "  \"limit\": " + (r.censored == Censored::kBelow ? "null" : opt(r.pass)) + ",\n";
  out += in + "  \"interval\": [" + opt(r.pass) + ", " + opt(r.fail) + "],\n";
  out += in + "  \"stopped\": " + std::string(r.stopped ? "true" : "false") + ",\n";
  out += in + "  \"runs\": " + std::to_string(r.runs) + ",\n";
  out += in + "  \"wall_seconds\": " + json_num(wall_seconds) + ",\n";
  out += in + "  \"probes\": [";
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const auto& p = r.probes[i];
    out += std::string(i ? "," : "") + "\n" + in + "    {\"value\": " + json_num(p.value) +
           ", \"verdict\": " + json_str(verdict_text(p.verdict)) +
           ", \"runs\": " + std::to_string(p.runs) + ", \"n\": " + std::to_string(p.n) +
           ", \"estimate\": " + json_num(p.estimate) + ", \"lower\": " + json_num(p.lower) +
           ", \"upper\": " + json_num(p.upper) + "}";
  }
  out += "\n" + in + "  ]\n" + in + "}";
  return out;
}

std::string limit_json(const LimitResult& r, double wall_seconds) {
  return limit_json_object(r, wall_seconds, "") + "\n";
}

}  // namespace plegsim::limit
