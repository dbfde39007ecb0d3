// The expect section: bounds on summary fields that `plegsim run --check` enforces.
#include <algorithm>

#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

std::string valid_fields() {
  std::string list;
  for (const std::string& f : record::summary_field_names())
    list += (list.empty() ? "" : ", ") + camel_case(f);
  return list;
}

Expectation parse_one(const Field& key, const Field& value) {
  Expectation e;
  // Every numeric field of the summary's table (summary_schema.h), or an old alias.
  auto canonical = record::canonical_numeric_field(snake_case(key.node.Scalar()));
  if (!canonical) {
    fail(key, "unknown summary field; valid fields (camelCase or snake_case): " + valid_fields());
  }
  e.field = *canonical;
  e.line = key.mark.is_null() ? 0 : key.mark.line + 1;
  if (value.node.IsScalar()) {
    double v = as_number(value);
    e.min = v;
    e.max = v;
    return e;
  }
  if (!value.node.IsMap()) fail_expected(value, "a number or {min: x, max: y}");
  MapReader m(value, {"min", "max"});
  if (auto v = m.find("min")) e.min = as_number(*v);
  if (auto v = m.find("max")) e.max = as_number(*v);
  if (!e.min && !e.max) fail(value, "give min, max or both");
  if (e.min && e.max && *e.min > *e.max) {
    fail_expected(*m.find("max"), ">= min (" + format_number(*e.min) + ")");
  }
  return e;
}

}  // namespace

std::string snake_case(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string camel_case(std::string_view name) {
  std::string out;
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = !out.empty();
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

void parse_expect(const Field& f, std::vector<Expectation>& out) {
  out.clear();
  for (const auto& [key, value] : map_entries(f)) {
    Expectation e = parse_one(key, value);
    for (const Expectation& prev : out) {
      if (prev.field == e.field) {
        fail(key, "given twice (also at line " + std::to_string(prev.line) + ")");
      }
    }
    out.push_back(std::move(e));
  }
}

}  // namespace plegsim::scenario::detail
