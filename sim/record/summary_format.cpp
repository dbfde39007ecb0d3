// JSON and text renderings of a Summary.
#include <cstdio>
#include <map>
#include <string>

#include "sim/record/summary.h"

namespace plegsim::record {
namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string quantiles_json(const Quantiles& q) {
  return "{\"count\": " + std::to_string(q.count) + ", \"p50\": " + num(q.p50) +
         ", \"p90\": " + num(q.p90) + ", \"p99\": " + num(q.p99) + ", \"max\": " + num(q.max) +
         ", \"mean\": " + num(q.mean) + "}";
}

std::string by_cause_json(const std::map<std::string, double>& m) {
  std::string out = "{";
  for (const auto& [cause, secs] : m) {
    out += (out.size() > 1 ? ", " : "") + quoted(cause) + ": " + num(secs);
  }
  return out + "}";
}

std::string optional_json(const std::optional<double>& v) {
  return v ? num(*v) : "null";
}

std::string per_op_json(const std::array<std::uint64_t, models::kOpCount>& v) {
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

}  // namespace

std::string to_json(const Summary& s) {
  std::string o = "{";
  auto field = [&](const char* name, const std::string& value) {
    if (o.size() > 1) o += ", ";
    o += "\"" + std::string(name) + "\": " + value;
  };
  field("scenario", quoted(s.scenario));
  field("seed", std::to_string(s.seed));
  field("kubelet_version", quoted(s.kubelet_version));
  field("simulated_seconds", num(s.simulated_seconds));
  field("warmup_seconds", num(s.warmup_seconds));
  field("relists", std::to_string(s.relists));
  field("relists_failed", std::to_string(s.relists_failed));
  field("relist_duration_seconds", quantiles_json(s.relist_duration_seconds));
  field("relist_interval_seconds", quantiles_json(s.relist_interval_seconds));
  field("max_relist_duration_seconds", num(s.relist_duration_seconds.max));
  field("pods_inspected", std::to_string(s.pods_inspected));
  field("inspection_errors", std::to_string(s.inspection_errors));
  field("pleg_unhealthy_transitions", std::to_string(s.pleg_unhealthy_transitions));
  field("pleg_unhealthy_seconds", num(s.pleg_unhealthy_seconds));
  field("first_unhealthy_at_seconds", optional_json(s.first_unhealthy_at_seconds));
  field("node_not_ready_transitions", std::to_string(s.node_not_ready_transitions));
  field("node_not_ready_seconds", num(s.node_not_ready_seconds));
  field("node_not_ready_share", num(s.node_not_ready_share));
  field("first_not_ready_at_seconds", optional_json(s.first_not_ready_at_seconds));
  field("pleg_unhealthy_seconds_by_cause", by_cause_json(s.pleg_unhealthy_seconds_by_cause));
  field("node_not_ready_seconds_by_cause", by_cause_json(s.node_not_ready_seconds_by_cause));
  field("events_delivered", std::to_string(s.events_delivered));
  field("events_discarded", std::to_string(s.events_discarded));
  field("event_detection_seconds", quantiles_json(s.event_detection_seconds));
  field("changes_tracked", std::to_string(s.changes_tracked));
  field("changes_undetected", std::to_string(s.changes_undetected));
  field("changes_superseded", std::to_string(s.changes_superseded));
  field("changes_dropped", std::to_string(s.changes_dropped));
  field("changes_pending_at_end", std::to_string(s.changes_pending_at_end));
  field("relist_blocked_at_end", s.relist_blocked_at_end ? "true" : "false");
  field("relist_in_progress_at_end_seconds", num(s.relist_in_progress_at_end_seconds));
  field("cri_calls", per_op_json(s.cri_calls));
  field("cri_errors", per_op_json(s.cri_errors));
  field("kernel_events", std::to_string(s.kernel_events));
  field("wall_seconds", num(s.wall_seconds));
  return o + "}";
}

namespace {
// A user-given name for a terminal: whole (no fixed buffer, no stop at a NUL), with
// control characters escaped as \xNN so they can neither hide text nor move the cursor.
std::string printable(const std::string& v) {
  std::string out;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

std::string to_text(const Summary& s) {
  char buf[512];
  std::string out =
      "scenario " + printable(s.scenario) + ", kubelet " + printable(s.kubelet_version) + ", ";
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
  };
  line("seed %llu: %.0f s simulated (%.0f s warm-up excluded)\n",
       static_cast<unsigned long long>(s.seed), s.simulated_seconds, s.warmup_seconds);
  const auto& d = s.relist_duration_seconds;
  const auto& i = s.relist_interval_seconds;
  line("relists          %llu (%llu failed GetPods)\n", static_cast<unsigned long long>(s.relists),
       static_cast<unsigned long long>(s.relists_failed));
  line("relist duration  p50 %.4f s  p90 %.4f s  p99 %.4f s  max %.4f s\n", d.p50, d.p90, d.p99,
       d.max);
  line("relist interval  p50 %.4f s  p90 %.4f s  p99 %.4f s  max %.4f s\n", i.p50, i.p90, i.p99,
       i.max);
  line("PLEG unhealthy   %llu times, %.1f s",
       static_cast<unsigned long long>(s.pleg_unhealthy_transitions), s.pleg_unhealthy_seconds);
  if (s.first_unhealthy_at_seconds) line(", first at %.1f s", *s.first_unhealthy_at_seconds);
  out += "\n";
  line("node NotReady    %llu times, %.1f s (%.2f%% of the measured time)",
       static_cast<unsigned long long>(s.node_not_ready_transitions), s.node_not_ready_seconds,
       100.0 * s.node_not_ready_share);
  if (s.first_not_ready_at_seconds) line(", first at %.1f s", *s.first_not_ready_at_seconds);
  out += "\n";
  for (const auto& [cause, secs] : s.node_not_ready_seconds_by_cause) {
    line("  NotReady       %.1f s: %s\n", secs, cause.c_str());
  }
  for (const auto& [cause, secs] : s.pleg_unhealthy_seconds_by_cause) {
    line("  PLEG unhealthy %.1f s: %s\n", secs, cause.c_str());
  }
  line("PLEG events      %llu delivered, %llu discarded\n",
       static_cast<unsigned long long>(s.events_delivered),
       static_cast<unsigned long long>(s.events_discarded));
  const auto& e = s.event_detection_seconds;
  line(
      "detection        p50 %.4f s  p90 %.4f s  p99 %.4f s  max %.4f s (%llu of %llu changes;"
      " %llu undetected, %llu pending at the end)\n",
      e.p50, e.p90, e.p99, e.max, static_cast<unsigned long long>(e.count),
      static_cast<unsigned long long>(s.changes_tracked),
      static_cast<unsigned long long>(s.changes_undetected),
      static_cast<unsigned long long>(s.changes_pending_at_end));
  if (s.relist_in_progress_at_end_seconds > 0) {
    line("relist running at the end for %.1f s%s\n", s.relist_in_progress_at_end_seconds,
         s.relist_blocked_at_end ? " (blocked past the threshold)" : "");
  }
  out += "CRI calls        ";
  for (int k = 0; k < models::kOpCount; ++k) {
    if (s.cri_calls[k] == 0) continue;
    line("%s %llu", std::string(models::cri_name(static_cast<models::Op>(k))).c_str(),
         static_cast<unsigned long long>(s.cri_calls[k]));
    if (s.cri_errors[k] != 0)
      line(" (%llu errors)", static_cast<unsigned long long>(s.cri_errors[k]));
    out += "  ";
  }
  out += "\n";
  line("wall time        %.3f s (%llu kernel events)\n", s.wall_seconds,
       static_cast<unsigned long long>(s.kernel_events));
  return out;
}

}  // namespace plegsim::record
