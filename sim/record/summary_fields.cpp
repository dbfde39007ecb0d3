// Numeric summary fields by name (what `expect:` entries and sweep columns use), read
// through the field table (summary_schema.h).
#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"

namespace plegsim::record {

std::optional<double> summary_field(const Summary& s, const std::string& name) {
  auto canonical = canonical_numeric_field(name);
  if (!canonical) return std::nullopt;
  return numeric_value(*find_summary_field(*canonical), s);
}

bool known_summary_field(const std::string& name) {
  return canonical_numeric_field(name).has_value();
}

std::vector<std::string> summary_field_names() {
  std::vector<std::string> out;
  for (const auto& f : summary_fields()) {
    if (f.numeric()) out.push_back(f.name);
  }
  return out;
}

}  // namespace plegsim::record
