// The table of summary fields (summary_schema.h). Adding a field to Summary means one
// entry here; every output picks it up.
#include "sim/record/summary_schema.h"

#include <algorithm>

#include "sim/record/summary.h"

namespace plegsim::record {
namespace {

template <auto Member>
auto& member(Summary& s) {
  return s.*Member;
}

template <Quantiles Summary::*Group, auto Leaf>
auto& leaf(Summary& s) {
  return (s.*Group).*Leaf;
}

using W = FieldWindow;
using T = FieldType;

// The six members of a Quantiles object, named `prefix.member`.
template <Quantiles Summary::*Q>
void add_quantiles(std::vector<SummaryField>& out, const std::string& prefix,
                   const std::string& what, const std::string& count_doc) {
  out.push_back(
      {prefix + ".count", T::kCount, "", W::kMeasured, count_doc, &leaf<Q, &Quantiles::count>});
  out.push_back(
      {prefix + ".p50", T::kReal, "s", W::kMeasured, "median " + what, &leaf<Q, &Quantiles::p50>});
  out.push_back({prefix + ".p90", T::kReal, "s", W::kMeasured, "90th percentile of " + what,
                 &leaf<Q, &Quantiles::p90>});
  out.push_back({prefix + ".p99", T::kReal, "s", W::kMeasured, "99th percentile of " + what,
                 &leaf<Q, &Quantiles::p99>});
  out.push_back(
      {prefix + ".max", T::kReal, "s", W::kMeasured, "longest " + what, &leaf<Q, &Quantiles::max>});
  out.push_back(
      {prefix + ".mean", T::kReal, "s", W::kMeasured, "mean " + what, &leaf<Q, &Quantiles::mean>});
}

std::vector<SummaryField> build() {
  std::vector<SummaryField> f;
  auto add = [&](std::string name, FieldType type, std::string unit, FieldWindow window,
                 std::string doc, FieldRef ref) {
    f.push_back({std::move(name), type, std::move(unit), window, std::move(doc), ref});
  };
  add("scenario", T::kText, "", W::kRun, "scenario name", &member<&Summary::scenario>);
  add("seed", T::kCount, "", W::kRun, "the seed of the run", &member<&Summary::seed>);
  add("kubelet_version", T::kText, "", W::kRun, "simulated kubelet release",
      &member<&Summary::kubelet_version>);
  add("simulated_seconds", T::kReal, "s", W::kRun, "simulated length of the run",
      &member<&Summary::simulated_seconds>);
  add("warmup_seconds", T::kReal, "s", W::kRun,
      "warm-up excluded from the statistics: the measured window starts here",
      &member<&Summary::warmup_seconds>);
  add("relists", T::kCount, "", W::kMeasured, "relists that finished", &member<&Summary::relists>);
  add("relists_failed", T::kCount, "", W::kMeasured, "of those, relists whose GetPods failed",
      &member<&Summary::relists_failed>);
  add_quantiles<&Summary::relist_duration_seconds>(
      f, "relist_duration_seconds", "relist duration (within 0.8 %)", "relists measured");
  add_quantiles<&Summary::relist_interval_seconds>(
      f, "relist_interval_seconds", "relist interval (since the last successful relist's start)",
      "intervals measured");
  add("max_relist_duration_seconds", T::kReal, "s", W::kMeasured,
      "same as `relist_duration_seconds.max`",
      &leaf<&Summary::relist_duration_seconds, &Quantiles::max>);
  add("pods_inspected", T::kCount, "", W::kMeasured, "GetPodStatus calls made by relists",
      &member<&Summary::pods_inspected>);
  add("inspection_errors", T::kCount, "", W::kMeasured, "of those, the failed ones",
      &member<&Summary::inspection_errors>);
  add("pleg_unhealthy_transitions", T::kCount, "", W::kMeasured, "PLEG healthy → unhealthy flips",
      &member<&Summary::pleg_unhealthy_transitions>);
  add("pleg_unhealthy_seconds", T::kReal, "s", W::kMeasured, "time the PLEG was unhealthy",
      &member<&Summary::pleg_unhealthy_seconds>);
  add("first_unhealthy_at_seconds", T::kOptionalReal, "s", W::kMeasured,
      "simulated time of the first healthy → unhealthy flip in the window (`null` if none)",
      &member<&Summary::first_unhealthy_at_seconds>);
  add("node_not_ready_transitions", T::kCount, "", W::kMeasured, "node Ready → NotReady flips",
      &member<&Summary::node_not_ready_transitions>);
  add("node_not_ready_seconds", T::kReal, "s", W::kMeasured, "time the node was NotReady",
      &member<&Summary::node_not_ready_seconds>);
  add("node_not_ready_share", T::kReal, "1", W::kMeasured,
      "`node_not_ready_seconds` over the window's length, 0 to 1",
      &member<&Summary::node_not_ready_share>);
  add("first_not_ready_at_seconds", T::kOptionalReal, "s", W::kMeasured,
      "simulated time of the first Ready → NotReady flip in the window (`null` if none)",
      &member<&Summary::first_not_ready_at_seconds>);
  add("fault_seconds", T::kReal, "s", W::kMeasured,
      "time with a `faults:` window active (fixed or random; not the regime's episodes, "
      "not kubeletRestart)",
      &member<&Summary::fault_seconds>);
  add("node_not_ready_share_in_faults", T::kOptionalReal, "1", W::kMeasured,
      "NotReady time inside fault time over `fault_seconds` (`null` if no fault time)",
      &member<&Summary::node_not_ready_share_in_faults>);
  add("node_not_ready_share_outside_faults", T::kOptionalReal, "1", W::kMeasured,
      "NotReady time outside fault time over the rest of the window (`null` if none)",
      &member<&Summary::node_not_ready_share_outside_faults>);
  add("pleg_unhealthy_seconds_by_cause", T::kCauseSeconds, "s", W::kMeasured,
      "seconds unhealthy per cause (§1.2)", &member<&Summary::pleg_unhealthy_seconds_by_cause>);
  add("node_not_ready_seconds_by_cause", T::kCauseSeconds, "s", W::kMeasured,
      "seconds NotReady per cause (§1.2)", &member<&Summary::node_not_ready_seconds_by_cause>);
  add("events_delivered", T::kCount, "", W::kMeasured, "PLEG events sent on the channel",
      &member<&Summary::events_delivered>);
  add("events_discarded", T::kCount, "", W::kMeasured,
      "PLEG events dropped because the channel was full", &member<&Summary::events_discarded>);
  add_quantiles<&Summary::event_detection_seconds>(f, "event_detection_seconds",
                                                   "detection latency of a runtime change (§1.1)",
                                                   "changes detected (§1.1)");
  add("changes_tracked", T::kCount, "", W::kMeasured,
      "runtime changes that have a PLEG event (§1.1)", &member<&Summary::changes_tracked>);
  add("changes_undetected", T::kCount, "", W::kMeasured, "`changes_superseded + changes_dropped`",
      &member<&Summary::changes_undetected>);
  add("changes_superseded", T::kCount, "", W::kMeasured,
      "changes a newer change of the same container hid (§1.1)",
      &member<&Summary::changes_superseded>);
  add("changes_dropped", T::kCount, "", W::kMeasured,
      "changes whose event was dropped on a full channel (§1.1)",
      &member<&Summary::changes_dropped>);
  add("changes_pending_at_end", T::kCount, "", W::kMeasured,
      "changes still unresolved when the run ended (§1.1)",
      &member<&Summary::changes_pending_at_end>);
  add("relist_blocked_at_end", T::kBool, "", W::kEnd,
      "a relist was running at the end for longer than the PLEG threshold",
      &member<&Summary::relist_blocked_at_end>);
  add("relist_in_progress_at_end_seconds", T::kReal, "s", W::kEnd,
      "how long the relist running at the end had run (0 if none)",
      &member<&Summary::relist_in_progress_at_end_seconds>);
  add("cri_calls", T::kOpCounts, "", W::kMeasured,
      "calls returned per CRI operation (non-zero only)", &member<&Summary::cri_calls>);
  add("cri_errors", T::kOpCounts, "", W::kMeasured,
      "failed calls per CRI operation (non-zero only)", &member<&Summary::cri_errors>);
  add("kernel_events", T::kCount, "", W::kRun, "simulator events processed",
      &member<&Summary::kernel_events>);
  add("wall_seconds", T::kReal, "s", W::kRun,
      "wall-clock time of the run: the only field that differs between identical runs",
      &member<&Summary::wall_seconds>);
  return f;
}

}  // namespace

bool SummaryField::numeric() const {
  return type == T::kCount || type == T::kReal || type == T::kOptionalReal || type == T::kBool;
}

std::string_view SummaryField::object() const {
  auto dot = name.find('.');
  return dot == std::string::npos ? std::string_view() : std::string_view(name).substr(0, dot);
}

std::string_view SummaryField::key() const {
  auto dot = name.find('.');
  return dot == std::string::npos ? std::string_view(name) : std::string_view(name).substr(dot + 1);
}

const std::vector<SummaryField>& summary_fields() {
  static const std::vector<SummaryField> fields = build();
  return fields;
}

const SummaryField* find_summary_field(std::string_view name) {
  static const std::map<std::string_view, const SummaryField*> index = [] {
    std::map<std::string_view, const SummaryField*> m;
    for (const auto& f : summary_fields()) m.emplace(f.name, &f);
    return m;
  }();
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

const std::map<std::string, std::string, std::less<>>& summary_field_aliases() {
  // The flat names sweep columns used before the table (until plegsim 0.1).
  static const std::map<std::string, std::string, std::less<>> aliases = {
      {"relist_duration_p50_seconds", "relist_duration_seconds.p50"},
      {"relist_duration_p90_seconds", "relist_duration_seconds.p90"},
      {"relist_duration_p99_seconds", "relist_duration_seconds.p99"},
      {"event_detection_p50_seconds", "event_detection_seconds.p50"},
      {"event_detection_p99_seconds", "event_detection_seconds.p99"},
      {"event_detection_max_seconds", "event_detection_seconds.max"},
  };
  return aliases;
}

std::optional<std::string> canonical_numeric_field(std::string_view name) {
  if (const auto* f = find_summary_field(name)) {
    if (f->numeric()) return f->name;
    return std::nullopt;
  }
  auto it = summary_field_aliases().find(name);
  if (it != summary_field_aliases().end()) return it->second;
  return std::nullopt;
}

std::string_view type_name(FieldType t) {
  switch (t) {
    case T::kText:
      return "string";
    case T::kCount:
      return "uint64";
    case T::kReal:
      return "float64";
    case T::kOptionalReal:
      return "float64 or null";
    case T::kBool:
      return "bool";
    case T::kCauseSeconds:
      return "object: cause → float64";
    case T::kOpCounts:
      return "object: operation → uint64";
  }
  return "?";
}

std::string_view window_name(FieldWindow w) {
  switch (w) {
    case W::kRun:
      return "run";
    case W::kMeasured:
      return "measured";
    case W::kEnd:
      return "end";
  }
  return "?";
}

std::optional<double> numeric_value(const SummaryField& f, const Summary& s) {
  switch (f.type) {
    case T::kCount:
      return static_cast<double>(field_ref<std::uint64_t>(f, s));
    case T::kReal:
      return field_ref<double>(f, s);
    case T::kOptionalReal:
      return field_ref<std::optional<double>>(f, s);
    case T::kBool:
      return field_ref<bool>(f, s) ? 1.0 : 0.0;
    default:
      return std::nullopt;
  }
}

std::string summary_fields_markdown() {
  std::string out = "| field | type | unit | window | meaning |\n|---|---|---|---|---|\n";
  for (const auto& f : summary_fields()) {
    out += "| `" + f.name + "` | " + std::string(type_name(f.type)) + " | " +
           (f.unit.empty() ? "" : "`" + f.unit + "`") + " | " + std::string(window_name(f.window)) +
           " | " + f.doc + " |\n";
  }
  return out;
}

std::string numeric_field_list() {
  std::string out;
  for (const auto& f : summary_fields()) {
    if (f.numeric()) out += (out.empty() ? "" : ", ") + f.name;
  }
  return out;
}

}  // namespace plegsim::record
