// The faults section: a list of fault windows or random faults, each with only the
// fields its kind uses.
#include <algorithm>
#include <climits>
#include <memory>

#include "models/random_faults.h"

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
  if (kind == FaultKind::kHang || kind == FaultKind::kStall || kind == FaultKind::kSlowdown ||
      kind == FaultKind::kErrors) {
    takes += " (or random)";
  }
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

// The most random-fault arrivals an hour: one a second.
constexpr double kMaxFaultArrivalsPerHour = 3600.0;

constexpr std::string_view kTargetList = "node, pod, container or op";

// What a random fault of `kind` may target: a stall stops the runtime for every call,
// so only the node or an operation.
bool target_allowed(FaultKind kind, models::FaultTarget t) {
  if (kind != FaultKind::kStall) return true;
  return t == models::FaultTarget::kNode || t == models::FaultTarget::kOp;
}

// random: {rate, for, target, ops}. The fault's own keys are already in `out`.
void parse_random(const MapReader& fault, const Field& f, const NodeSpec& node, Fault& out) {
  for (std::string_view k : {"from", "until", "for"}) {
    if (fault.has(k)) {
      fail(fault.key_field(k),
           "a random fault has no fixed window: give random or from/until/for, not both");
    }
  }
  if (out.kind != FaultKind::kHang && out.kind != FaultKind::kStall &&
      out.kind != FaultKind::kSlowdown && out.kind != FaultKind::kErrors) {
    fail(fault.key_field("random"), "applies to kinds hang, stall, slowdown and errors, not " +
                                        std::string(models::fault_kind_name(out.kind)));
  }
  MapReader m(f, {"rate", "for", "target", "ops"});
  models::RandomFault r;
  Field rate = required(m, "rate", "rate: 1/d");
  r.rate = as_rate(rate, kMaxFaultArrivalsPerHour);
  if (r.rate.zero()) fail_expected(rate, "a rate above 0 (such as 1/d or 0.5/h)");
  r.length = parse_dwell(required(m, "for", "for: {mean: 10m}"));
  Field target = required(m, "target", "target: container");
  auto t = models::fault_target_from_name(as_string(target));
  if (!t) fail_expected(target, std::string(kTargetList));
  if (!target_allowed(out.kind, *t)) {
    fail_expected(target, "node or op (a stall stops the runtime for every pod)");
  }
  r.target = *t;
  if (auto v = m.find("ops")) {
    if (r.target != models::FaultTarget::kOp) {
      fail(m.key_field("ops"), "applies to target: op only (the operations to draw from)");
    }
    auto items = list_items(*v);
    if (items.empty()) {
      fail(*v, "target: op draws an operation from ops, which is empty; list at least one");
    }
    for (const Field& item : items) r.ops.push_back(as_op(item));
  }
  if (r.target == models::FaultTarget::kOp && fault.has("op")) {
    fail(fault.key_field("op"), "target: op draws the operation; list candidates in random.ops");
  }
  out.random = std::make_shared<const models::RandomFault>(std::move(r));
  models::NodeShape shape{node.pods, node.containers_per_pod};
  if (models::target_space_size(out, shape) <= 0) {
    fail(target, "target: " + std::string(models::fault_target_name(out.random->target)) +
                     " has nothing to draw from: the pod filter (" +
                     (out.pod ? std::to_string(*out.pod) : std::string("any")) +
                     ") leaves no pod below node.pods (" + std::to_string(node.pods) + ")");
  }
}

// Whether pods are created after start-up (pod churn, a schedule's creations, roll-outs):
// their indices follow node.pods + startup.pods, so a higher pod index may come to exist.
bool creates_pods_later(const workload::WorkloadSpec& w) {
  if (!w.pod_create_rate.zero() || w.rollout.every.ns > 0) return true;
  return std::any_of(w.schedule.begin(), w.schedule.end(),
                     [](const auto& p) { return !p.pod_create_rate.zero(); });
}

// A fault's pod is pod-000N: one of the node's pods or of those created at start-up, or,
// when the workload creates pods later, possibly one of those.
void check_pod_exists(const Field& pod_field, int pod, const NodeSpec& node,
                      const workload::WorkloadSpec& w) {
  std::int64_t known = std::int64_t{node.pods} + w.startup.pods;
  if (pod < known || creates_pods_later(w)) return;
  std::string pods = "node.pods (" + std::to_string(node.pods) + ")";
  if (w.startup.pods > 0) {
    pods += " + workload.startup.pods (" + std::to_string(w.startup.pods) + ")";
  }
  fail(pod_field, "pod " + std::to_string(pod) + " does not exist: the pods are 0 to " +
                      std::to_string(known - 1) + ", from " + pods +
                      ", and the workload creates none later");
}

Fault parse_fault(const Field& f, const NodeSpec& node, const workload::WorkloadSpec& w) {
  MapReader m(f, {"kind", "op", "pod", "container", "from", "until", "for", "factor", "probability",
                  "holdsSlot", "random"});
  auto kind_field = m.find("kind");
  if (!kind_field) fail(m.key_field("kind"), "required: one of " + std::string(kKindList));
  auto kind = models::fault_kind_from_name(as_string(*kind_field));
  if (!kind) fail_expected(*kind_field, std::string(kKindList));
  check_applies(m, *kind);

  Fault out;
  out.kind = *kind;
  if (auto v = m.find("op")) out.op = as_op(*v);
  if (auto v = m.find("pod")) {
    out.pod = static_cast<int>(as_int(*v, 0, INT_MAX));
    // A random fault's pod filter is checked against what it draws from (parse_random).
    if (!m.has("random")) check_pod_exists(*v, *out.pod, node, w);
  }
  if (auto v = m.find("container")) {
    out.container = static_cast<int>(as_int(*v, 0, INT_MAX));
    if (*out.container >= node.containers_per_pod) {
      fail_expected(*v, "an app container index below node.containersPerPod (" +
                            std::to_string(node.containers_per_pod) + ")");
    }
  }
  if (auto v = m.find("random")) {
    parse_random(m, *v, node, out);
  } else {
    parse_window(m, out);
  }
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

void parse_faults(const Field& f, const NodeSpec& node, const workload::WorkloadSpec& w,
                  std::vector<Fault>& out) {
  std::vector<Field> items = list_items(f);
  out.clear();
  for (const Field& item : items) out.push_back(parse_fault(item, node, w));
  // The runtime serves nothing during a stall, so two stalls at once would be one stall
  // written twice: probably a mistake, and models::advance_past_stalls assumes disjoint.
  // Random stalls may overlap (the runtime merges them): they are a rate, not a window.
  for (std::size_t j = 0; j < out.size(); ++j) {
    if (out[j].kind != FaultKind::kStall || out[j].random) continue;
    for (std::size_t i = 0; i < j; ++i) {
      if (out[i].kind != FaultKind::kStall || out[i].random) continue;
      if (out[i].from < out[j].until && out[j].from < out[i].until) {
        fail(items[j], "stall window " + window(out[j]) + " overlaps " + items[i].path + "'s " +
                           window(out[i]) + "; stall windows must not overlap");
      }
    }
  }
}

}  // namespace plegsim::scenario::detail
