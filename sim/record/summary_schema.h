// The summary's fields, once: name, type, unit, window and meaning of every field of
// record::Summary, and how to reach it. JSON (to_json), the terminal summary (to_text),
// the HDF5 `summary` group, `expect:`, sweep columns, the Python package and the table
// in docs/output.md are all generated from this table (summary_schema.cpp).
//
// Names: the JSON's. A member of a JSON object is `object.member`
// (`relist_duration_seconds.p99`); in HDF5 it is attribute `member` of subgroup `object`.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/operation.h"

namespace plegsim::record {

struct Summary;

// What a field holds. Numeric fields (count, real, optional real, bool) are the ones an
// `expect:` entry or a sweep column may name; bools read as 0/1, a null as absent.
enum class FieldType { kText, kCount, kReal, kOptionalReal, kBool, kCauseSeconds, kOpCounts };

// Which part of the run a field describes. Every statistic of the run's behaviour is
// measured: it counts only what happened in the measured window [warm-up, end].
enum class FieldWindow {
  kRun,       // identity and length of the run, or simulator work over the whole run
  kMeasured,  // the measured window [warm-up, end]
  kEnd,       // the state at the end of the run
};

using OpCounts = std::array<std::uint64_t, models::kOpCount>;
using CauseSeconds = std::map<std::string, double>;

// How to reach a field in a Summary, one accessor type per FieldType (in its order).
using FieldRef =
    std::variant<std::string& (*)(Summary&), std::uint64_t& (*)(Summary&), double& (*)(Summary&),
                 std::optional<double>& (*)(Summary&), bool& (*)(Summary&),
                 CauseSeconds& (*)(Summary&), OpCounts& (*)(Summary&)>;

struct SummaryField {
  std::string name;  // the JSON name; `object.member` for a member of an object
  FieldType type;
  std::string unit;  // "s", "1" (a fraction), "" (a count, a flag or text)
  FieldWindow window;
  std::string doc;  // one line, Markdown
  FieldRef ref;

  bool numeric() const;
  // The JSON object a member belongs to ("" for a top-level field), and its key in it.
  std::string_view object() const;
  std::string_view key() const;
};

// Every field, in the order of the JSON object.
const std::vector<SummaryField>& summary_fields();
// The field named `name` (canonical name only), or nullptr.
const SummaryField* find_summary_field(std::string_view name);

// Old names still accepted by sweep --fields and expect:, with their replacements
// (`relist_duration_p99_seconds` -> `relist_duration_seconds.p99`).
const std::map<std::string, std::string, std::less<>>& summary_field_aliases();
// The canonical name of a numeric field given by its name or an old alias; nullopt
// when there is none.
std::optional<std::string> canonical_numeric_field(std::string_view name);

std::string_view type_name(FieldType t);
std::string_view window_name(FieldWindow w);

// Reading and writing through a field's accessor.
std::optional<double> numeric_value(const SummaryField& f, const Summary& s);
template <class T>
const T& field_ref(const SummaryField& f, const Summary& s) {
  // The accessors take a mutable Summary so that readers can fill one in; this one
  // only reads.
  return std::get<T& (*)(Summary&)>(f.ref)(const_cast<Summary&>(s));
}
template <class T>
T& field_ref(const SummaryField& f, Summary& s) {
  return std::get<T& (*)(Summary&)>(f.ref)(s);
}

// The Markdown table of docs/output.md §1 (one row per field).
std::string summary_fields_markdown();
// Comma-separated names of the numeric fields (for error messages).
std::string numeric_field_list();

}  // namespace plegsim::record
