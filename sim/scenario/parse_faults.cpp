// The faults section: a list of fault windows, each with only the fields its kind uses.
#include <algorithm>
#include <climits>

#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

using models::Fault;
using models::FaultKind;

constexpr std::string_view kKindList =
    "hang, stall, slowdown, errors, consumerStall, runtimeRestart or kubeletRestart";

// The keys each kind takes besides `kind` and its window (from, until, for).
std::vector<std::string_view> kind_keys(FaultKind k) {
  switch (k) {
    case FaultKind::kHang:
      return {"op", "pod", "container", "holdsSlot"};
    case FaultKind::kSlowdown:
      return {"op", "pod", "container", "factor"};
    case FaultKind::kErrors:
      return {"op", "pod", "container", "probability"};
    case FaultKind::kStall:
    case FaultKind::kConsumerStall:
    case FaultKind::kRuntimeRestart:
    case FaultKind::kKubeletRestart:
      return {};
  }
  return {};
}

std::string window(const Fault& f) {
  std::string end =
      f.until == core::Time::never() ? "end" : core::format_duration(f.until - core::Time{});
  return "[" + core::format_duration(f.from - core::Time{}) + ", " + end + ")";
}

void check_applies(const MapReader& m, FaultKind kind) {
  std::vector<std::string_view> keys = kind_keys(kind);
  std::string takes = "kind";
  for (std::string_view k : keys) takes += ", " + std::string(k);
  takes += ", from, until or for";
  for (std::string_view k : {"op", "pod", "container", "factor", "probability", "holdsSlot"}) {
    if (m.has(k) && std::find(keys.begin(), keys.end(), k) == keys.end()) {
      fail(m.key_field(k), "does not apply to kind " + std::string(models::fault_kind_name(kind)) +
                               ", which takes " + takes);
    }
  }
}

void parse_window(const MapReader& m, Fault& out) {
  if (auto v = m.find("from")) out.from = core::Time{} + as_duration(*v);
  if (m.has("until") && m.has("for")) fail(m.key_field("for"), "give until or for, not both");
  if (auto v = m.find("until")) {
    out.until = core::Time{} + as_duration(*v);
    if (out.until <= out.from) {
      fail_expected(*v, "after from (" + core::format_duration(out.from - core::Time{}) + ")");
    }
  }
  if (auto v = m.find("for")) {
    core::Duration d = as_duration(*v, Zero::kRejected);
    bool overflows = d.ns > core::Time::never().ns - out.from.ns;
    out.until = overflows ? core::Time::never() : out.from + d;
  }
}

Fault parse_fault(const Field& f, const NodeSpec& node) {
  MapReader m(f, {"kind", "op", "pod", "container", "from", "until", "for", "factor", "probability",
                  "holdsSlot"});
  auto kind_field = m.find("kind");
  if (!kind_field) fail(m.key_field("kind"), "required: one of " + std::string(kKindList));
  auto kind = models::fault_kind_from_name(as_string(*kind_field));
  if (!kind) fail_expected(*kind_field, std::string(kKindList));
  check_applies(m, *kind);

  Fault out;
  out.kind = *kind;
  if (auto v = m.find("op")) out.op = as_op(*v);
  if (auto v = m.find("pod")) out.pod = static_cast<int>(as_int(*v, 0, INT_MAX));
  if (auto v = m.find("container")) {
    out.container = static_cast<int>(as_int(*v, 0, INT_MAX));
    if (*out.container >= node.containers_per_pod) {
      fail_expected(*v, "an app container index below node.containersPerPod (" +
                            std::to_string(node.containers_per_pod) + ")");
    }
  }
  parse_window(m, out);
  if (out.kind == FaultKind::kKubeletRestart) {
    // A restart is an instant: only `from` applies.
    if (m.has("until")) fail(m.key_field("until"), "a kubeletRestart takes only from");
    if (m.has("for")) fail(m.key_field("for"), "a kubeletRestart takes only from");
    out.until = out.from + core::Duration{1};
  }
  if (out.kind == FaultKind::kSlowdown) {
    auto v = m.find("factor");
    if (!v) fail(m.key_field("factor"), "required for a slowdown (e.g. factor: 3)");
    out.factor = as_number(*v, kFactor);
  }
  if (out.kind == FaultKind::kErrors) {
    auto v = m.find("probability");
    if (!v) fail(m.key_field("probability"), "required for errors (e.g. probability: 0.1)");
    out.probability = as_number(*v, kUnitInterval);
  }
  if (auto v = m.find("holdsSlot")) out.holds_slot = as_bool(*v);
  return out;
}

}  // namespace

void parse_faults(const Field& f, const NodeSpec& node, std::vector<Fault>& out) {
  std::vector<Field> items = list_items(f);
  out.clear();
  for (const Field& item : items) out.push_back(parse_fault(item, node));
  // The runtime serves nothing during a stall, so two stalls at once would be one stall
  // written twice: probably a mistake, and models::advance_past_stalls assumes disjoint.
  for (std::size_t j = 0; j < out.size(); ++j) {
    if (out[j].kind != FaultKind::kStall) continue;
    for (std::size_t i = 0; i < j; ++i) {
      if (out[i].kind != FaultKind::kStall) continue;
      if (out[i].from < out[j].until && out[j].from < out[i].until) {
        fail(items[j], "stall window " + window(out[j]) + " overlaps " + items[i].path + "'s " +
                           window(out[i]) + "; stall windows must not overlap");
      }
    }
  }
}

}  // namespace plegsim::scenario::detail
