// The JSON rendering of a Summary, from the field table (summary_schema.h).
#include <cstdio>
#include <map>
#include <string>

#include "sim/record/json_text.h"
#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"

namespace plegsim::record {
namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string quoted(const std::string& s) {
  return json_quoted(s);
}

std::string cause_seconds_json(const CauseSeconds& m) {
  std::string out = "{";
  for (const auto& [cause, secs] : m) {
    out += (out.size() > 1 ? ", " : "") + quoted(cause) + ": " + num(secs);
  }
  return out + "}";
}

std::string op_counts_json(const OpCounts& v) {
  std::string out = "{";
  bool first = true;
  for (int i = 0; i < models::kOpCount; ++i) {
    if (v[i] == 0) continue;
    out += (first ? "" : ", ") + quoted(std::string(models::cri_name(static_cast<models::Op>(i)))) +
           ": " + std::to_string(v[i]);
    first = false;
  }
  return out + "}";
}

std::string value_json(const SummaryField& f, const Summary& s) {
  switch (f.type) {
    case FieldType::kText:
      return quoted(field_ref<std::string>(f, s));
    case FieldType::kCount:
      return std::to_string(field_ref<std::uint64_t>(f, s));
    case FieldType::kReal:
      return num(field_ref<double>(f, s));
    case FieldType::kOptionalReal: {
      const auto& v = field_ref<std::optional<double>>(f, s);
      return v ? num(*v) : "null";
    }
    case FieldType::kBool:
      return field_ref<bool>(f, s) ? "true" : "false";
    case FieldType::kCauseSeconds:
      return cause_seconds_json(field_ref<CauseSeconds>(f, s));
    case FieldType::kOpCounts:
      return op_counts_json(field_ref<OpCounts>(f, s));
  }
  return "null";
}

}  // namespace

std::string to_json(const Summary& s) {
  // Fields in table order; consecutive members of one object (`object.member`) are
  // written as that object.
  std::string o = "{";
  std::string_view open;  // the object being written, if any
  bool first = true;
  for (const auto& f : summary_fields()) {
    if (f.object() != open) {
      if (!open.empty()) o += "}";
      open = f.object();
      if (!open.empty()) {
        o += (first ? "" : ", ") + quoted(std::string(open)) + ": {";
        first = false;
        o += quoted(std::string(f.key())) + ": " + value_json(f, s);
        continue;
      }
    } else if (!open.empty()) {
      o += ", " + quoted(std::string(f.key())) + ": " + value_json(f, s);
      continue;
    }
    o += (first ? "" : ", ") + quoted(f.name) + ": " + value_json(f, s);
    first = false;
  }
  if (!open.empty()) o += "}";
  return o + "}";
}

}  // namespace plegsim::record
