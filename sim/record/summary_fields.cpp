#include <functional>
#include <map>

#include "sim/record/summary.h"

namespace plegsim::record {
namespace {
using Getter = std::function<std::optional<double>(const Summary&)>;
const std::map<std::string, Getter>& getters() {
  static const std::map<std::string, Getter> g = {
      {"relists", [](const Summary& s) { return static_cast<double>(s.relists); }},
      {"relists_failed", [](const Summary& s) { return static_cast<double>(s.relists_failed); }},
      {"pleg_unhealthy_transitions",
       [](const Summary& s) { return static_cast<double>(s.pleg_unhealthy_transitions); }},
      {"pleg_unhealthy_seconds", [](const Summary& s) { return s.pleg_unhealthy_seconds; }},
      {"first_unhealthy_at_seconds", [](const Summary& s) { return s.first_unhealthy_at_seconds; }},
      {"node_not_ready_transitions",
       [](const Summary& s) { return static_cast<double>(s.node_not_ready_transitions); }},
      {"node_not_ready_seconds", [](const Summary& s) { return s.node_not_ready_seconds; }},
      {"node_not_ready_share", [](const Summary& s) { return s.node_not_ready_share; }},
      {"first_not_ready_at_seconds", [](const Summary& s) { return s.first_not_ready_at_seconds; }},
      {"events_delivered",
       [](const Summary& s) { return static_cast<double>(s.events_delivered); }},
      {"events_discarded",
       [](const Summary& s) { return static_cast<double>(s.events_discarded); }},
      {"relist_blocked_at_end",
       [](const Summary& s) { return s.relist_blocked_at_end ? 1.0 : 0.0; }},
      {"relist_in_progress_at_end_seconds",
       [](const Summary& s) { return s.relist_in_progress_at_end_seconds; }},
      {"max_relist_duration_seconds",
       [](const Summary& s) { return s.relist_duration_seconds.max; }},
      {"relist_duration_p50_seconds",
       [](const Summary& s) { return s.relist_duration_seconds.p50; }},
      {"relist_duration_p90_seconds",
       [](const Summary& s) { return s.relist_duration_seconds.p90; }},
      {"relist_duration_p99_seconds",
       [](const Summary& s) { return s.relist_duration_seconds.p99; }},
      {"event_detection_p50_seconds",
       [](const Summary& s) { return s.event_detection_seconds.p50; }},
      {"event_detection_p99_seconds",
       [](const Summary& s) { return s.event_detection_seconds.p99; }},
      {"event_detection_max_seconds",
       [](const Summary& s) { return s.event_detection_seconds.max; }},
      {"changes_tracked", [](const Summary& s) { return static_cast<double>(s.changes_tracked); }},
      {"changes_undetected",
       [](const Summary& s) { return static_cast<double>(s.changes_undetected); }},
      {"changes_pending_at_end",
       [](const Summary& s) { return static_cast<double>(s.changes_pending_at_end); }},
      {"pods_inspected", [](const Summary& s) { return static_cast<double>(s.pods_inspected); }},
      {"inspection_errors",
       [](const Summary& s) { return static_cast<double>(s.inspection_errors); }},
  };
  return g;
}
}  // namespace

std::optional<double> summary_field(const Summary& s, const std::string& name) {
  auto it = getters().find(name);
  if (it == getters().end()) return std::nullopt;
  return it->second(s);
}

bool known_summary_field(const std::string& name) {
  return getters().count(name) > 0;
}

std::vector<std::string> summary_field_names() {
  std::vector<std::string> out;
  for (const auto& [name, _] : getters()) out.push_back(name);
  return out;
}

}  // namespace plegsim::record
