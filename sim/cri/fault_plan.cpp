#include "sim/cri/fault_plan.h"

#include <algorithm>

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

namespace {
// Sorted, non-overlapping stall windows (overlaps merged) that apply to `op`.
std::vector<models::Fault> stall_windows(const std::vector<models::Fault>& faults, Op op) {
  std::vector<models::Fault> w;
  for (const auto& f : faults) {
    if (f.kind == FaultKind::kStall && (!f.op || *f.op == op)) w.push_back(f);
  }
  std::sort(w.begin(), w.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  std::vector<models::Fault> merged;
  for (const auto& f : w) {
    if (!merged.empty() && f.from <= merged.back().until) {
      merged.back().until = std::max(merged.back().until, f.until);
    } else {
      merged.push_back(f);
    }
  }
  return merged;
}
}  // namespace

FaultPlan::FaultPlan(const std::vector<models::Fault>& faults, std::uint64_t seed)
    : faults_(faults), rng_(seed, "cri.faults") {
  bool restarts = false;
  for (const auto& f : faults_) restarts = restarts || f.kind == FaultKind::kRuntimeRestart;
  for (int i = 0; i < models::kOpCount; ++i) {
    stalls_by_op_[i] = stall_windows(faults_, static_cast<Op>(i));
    // An operation no call-time fault can touch takes the calls' fast paths.
    bool plain = !restarts && stalls_by_op_[i].empty();
    for (const auto& f : faults_) {
      bool per_call = f.kind == FaultKind::kHang || f.kind == FaultKind::kSlowdown ||
                      f.kind == FaultKind::kErrors;
      if (per_call && (!f.op || *f.op == static_cast<Op>(i))) plain = false;
    }
    plain_op_[i] = plain;
  }
}

bool FaultPlan::restarting(Time t) const {
  for (const auto& f : faults_) {
    if (f.kind == FaultKind::kRuntimeRestart && f.active_at(t)) return true;
  }
  return false;
}

bool FaultPlan::matches(const models::Fault& f, Op op, CallTarget target) {
  if (f.op && *f.op != op) return false;
  if (f.pod && *f.pod != target.pod) return false;
  if (f.container && *f.container != target.slot) return false;
  return true;
}

CallFaults FaultPlan::at_start(Op op, CallTarget target, Time now) {
  CallFaults out;
  for (const auto& f : faults_) {
    if (!f.active_at(now) || !matches(f, op, target)) continue;
    switch (f.kind) {
      case FaultKind::kHang:
        out.hang = true;
        out.holds_slot = f.holds_slot;
        return out;
      case FaultKind::kSlowdown:
        out.factor *= f.factor;
        break;
      case FaultKind::kErrors:
        if (rng_.uniform01() < f.probability) out.injected_error = true;
        break;
      case FaultKind::kStall:
      case FaultKind::kConsumerStall:
      case FaultKind::kRuntimeRestart:
      case FaultKind::kKubeletRestart:
        break;
    }
  }
  return out;
}

}  // namespace plegsim::cri
