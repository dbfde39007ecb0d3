#include "models/faults.h"

#include <algorithm>
#include <array>

namespace plegsim::models {
namespace {
struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr std::array<KindName, 7> kKinds = {{{FaultKind::kHang, "hang"},
                                             {FaultKind::kStall, "stall"},
                                             {FaultKind::kSlowdown, "slowdown"},
                                             {FaultKind::kErrors, "errors"},
                                             {FaultKind::kConsumerStall, "consumerStall"},
                                             {FaultKind::kRuntimeRestart, "runtimeRestart"},
                                             {FaultKind::kKubeletRestart, "kubeletRestart"}}};
struct TargetName {
  FaultTarget target;
  std::string_view name;
};
constexpr std::array<TargetName, 4> kTargets = {{{FaultTarget::kNode, "node"},
                                                 {FaultTarget::kPod, "pod"},
                                                 {FaultTarget::kContainer, "container"},
                                                 {FaultTarget::kOp, "op"}}};
}  // namespace

std::string_view fault_target_name(FaultTarget t) {
  for (const auto& tn : kTargets) {
    if (tn.target == t) return tn.name;
  }
  return "?";
}

std::optional<FaultTarget> fault_target_from_name(std::string_view name) {
  for (const auto& tn : kTargets) {
    if (tn.name == name) return tn.target;
  }
  return std::nullopt;
}

std::string_view fault_kind_name(FaultKind k) {
  for (const auto& kn : kKinds) {
    if (kn.kind == k) return kn.name;
  }
  return "?";
}

std::optional<FaultKind> fault_kind_from_name(std::string_view name) {
  for (const auto& kn : kKinds) {
    if (kn.name == name) return kn.kind;
  }
  return std::nullopt;
}

Time advance_past_stalls(const std::vector<StallWindow>& stalls, Time start, core::Duration work) {
  Time t = start;
  core::Duration left = work;
  // Sorted and disjoint, so `until` ascends too: skip the windows over by `start` by
  // bisection (a regime can leave thousands of them behind).
  auto first = std::partition_point(stalls.begin(), stalls.end(),
                                    [start](const StallWindow& s) { return s.until <= start; });
  for (auto it = first; it != stalls.end(); ++it) {
    const StallWindow& s = *it;
    if (s.from > t) {
      core::Duration gap = s.from - t;
      if (left <= gap) return t + left;
      left = left - gap;
    }
    if (s.until == Time::never()) return Time::never();
    t = s.until;
  }
  return t + left;
}

}  // namespace plegsim::models
