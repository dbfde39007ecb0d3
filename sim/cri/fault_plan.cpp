#include "sim/cri/fault_plan.h"

#include <algorithm>

namespace plegsim::cri {

using models::FaultKind;
using models::Op;

namespace {
// Sorted, non-overlapping stall windows (overlaps merged) that apply to `op`, or to
// every operation when `op` is empty.
std::vector<models::StallWindow> stall_windows(const std::vector<models::Fault>& faults,
                                               std::optional<Op> op) {
  std::vector<models::StallWindow> w;
  for (const auto& f : faults) {
    if (f.kind == FaultKind::kStall && (!f.op || f.op == op)) w.push_back({f.from, f.until});
  }
  std::stable_sort(w.begin(), w.end(),
                   [](const auto& a, const auto& b) { return a.from < b.from; });
  std::vector<models::StallWindow> merged;
  for (const auto& f : w) {
    if (!merged.empty() && f.from <= merged.back().until) {
      merged.back().until = std::max(merged.back().until, f.until);
    } else {
      merged.push_back(f);
    }
  }
  return merged;
}

bool per_call(const models::Fault& f) {
  return f.kind == FaultKind::kHang || f.kind == FaultKind::kSlowdown ||
         f.kind == FaultKind::kErrors;
}
}  // namespace

FaultPlan::FaultPlan(const std::vector<models::Fault>& faults, std::uint64_t seed)
    : faults_(faults), rng_(seed, "cri.faults") {
  std::array<bool, models::kOpCount> touched{};
  for (std::size_t j = 0; j < faults_.size(); ++j) {
    const auto& f = faults_[j];
    if (f.kind == FaultKind::kRuntimeRestart) restarts_.push_back(f);
    if (!per_call(f)) continue;
    by_from_.push_back(static_cast<std::uint32_t>(j));
    for (int i = 0; i < models::kOpCount; ++i) {
      if (!f.op || *f.op == static_cast<Op>(i)) touched[i] = true;
    }
  }
  std::stable_sort(by_from_.begin(), by_from_.end(),
                   [this](auto a, auto b) { return faults_[a].from < faults_[b].from; });
  next_change_ = by_from_.empty() ? Time::never() : faults_[by_from_[0]].from;
  // Operations without stalls of their own share the list for every operation (a
  // regime's stall windows are stored once, not once per operation).
  std::array<bool, models::kOpCount> own_stalls{};
  for (const auto& f : faults_) {
    if (f.kind == FaultKind::kStall && f.op) own_stalls[static_cast<int>(*f.op)] = true;
  }
  stall_lists_.push_back(stall_windows(faults_, std::nullopt));
  for (int i = 0; i < models::kOpCount; ++i) {
    if (own_stalls[i]) {
      stall_list_of_[i] = static_cast<std::uint8_t>(stall_lists_.size());
      stall_lists_.push_back(stall_windows(faults_, static_cast<Op>(i)));
    }
    // An operation no call-time fault can touch takes the calls' fast paths.
    plain_op_[i] = restarts_.empty() && stall_lists_[stall_list_of_[i]].empty() && !touched[i];
  }
}

bool FaultPlan::restarting(Time t) const {
  for (const auto& f : restarts_) {
    if (f.active_at(t)) return true;
  }
  return false;
}

void FaultPlan::advance(Time now) {
  if (now < last_) {  // back in time (only a test does this): scan again from the start
    next_ = 0;
    open_.clear();
  }
  last_ = now;
  bool opened = false;
  while (next_ < by_from_.size() && faults_[by_from_[next_]].from <= now) {
    std::uint32_t j = by_from_[next_++];
    if (faults_[j].until > now) {
      open_.push_back(j);
      opened = true;
    }
  }
  std::erase_if(open_, [&](std::uint32_t j) { return faults_[j].until <= now; });
  if (opened) std::sort(open_.begin(), open_.end());
  next_change_ = next_ < by_from_.size() ? faults_[by_from_[next_]].from : Time::never();
  for (std::uint32_t j : open_) next_change_ = std::min(next_change_, faults_[j].until);
}

bool FaultPlan::matches(const models::Fault& f, Op op, CallTarget target) {
  if (f.op && *f.op != op) return false;
  if (f.pod && *f.pod != target.pod) return false;
  if (f.container && *f.container != target.slot) return false;
  return true;
}

CallFaults FaultPlan::open_faults(Op op, CallTarget target, Time now) {
  CallFaults out;
  for (std::uint32_t j : open_) {
    const models::Fault& f = faults_[j];
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
