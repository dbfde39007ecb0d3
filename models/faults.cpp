#include "models/faults.h"

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
}  // namespace

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

Time advance_past_stalls(const std::vector<Fault>& stalls, Time start, core::Duration work) {
  Time t = start;
  core::Duration left = work;
  for (const Fault& s : stalls) {
    if (s.until <= t) continue;
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
