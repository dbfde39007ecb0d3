#include "sim/cri/fault_plan.h"

#include <algorithm>

namespace plegsim::cri {

using models::FaultKind;
using models::KeyedFault;
using models::Op;

namespace {
bool per_call(const models::Fault& f) {
  return f.kind == FaultKind::kHang || f.kind == FaultKind::kSlowdown ||
         f.kind == FaultKind::kErrors;
}
bool by_from(const KeyedFault& a, const KeyedFault& b) {
  return a.fault.from < b.fault.from || (a.fault.from == b.fault.from && a.key < b.key);
}
// Marks the operations `f` may apply to: its op, a random fault's drawn ops, or all.
void mark_ops(const models::Fault& f, std::array<bool, models::kOpCount>& ops) {
  if (f.op) {
    ops[static_cast<int>(*f.op)] = true;
  } else if (f.random && f.random->target == models::FaultTarget::kOp && !f.random->ops.empty()) {
    for (Op o : f.random->ops) ops[static_cast<int>(o)] = true;
  } else {
    ops.fill(true);
  }
}
// Appends a window to a sorted, merged list; none before any already in it.
void merge_in(std::vector<models::StallWindow>& w, const models::Fault& f) {
  if (!w.empty() && f.from <= w.back().until) {
    w.back().until = std::max(w.back().until, f.until);
  } else {
    w.push_back({f.from, f.until});
  }
}
}  // namespace

FaultPlan::FaultPlan(const std::vector<models::Fault>& faults, std::uint64_t seed,
                     const std::vector<std::uint64_t>& keys,
                     std::shared_ptr<const models::FaultStreamSpec> stream)
    : faults_(faults), rng_(seed, "cri.faults") {
  std::array<bool, models::kOpCount> touched{};
  // Operations with stalls of their own get their own list; the rest share the list
  // for every operation (a regime's stall windows are stored once, not once per
  // operation).
  std::array<bool, models::kOpCount> own_stalls{};
  std::vector<KeyedFault> windows;
  for (std::size_t j = 0; j < faults_.size(); ++j) {
    const auto& f = faults_[j];
    if (f.kind == FaultKind::kRuntimeRestart) restarts_.push_back(f);
    if (f.kind == FaultKind::kStall && f.op) own_stalls[static_cast<int>(*f.op)] = true;
    if (!per_call(f) && f.kind != FaultKind::kStall) continue;
    windows.push_back({keys.empty() ? j : keys[j], f});
    if (per_call(f)) mark_ops(f, touched);
  }
  if (stream) {
    for (const auto& r : stream->random) {
      if (r.fault.kind == FaultKind::kStall &&
          (r.fault.op || r.fault.random->target == models::FaultTarget::kOp)) {
        std::array<bool, models::kOpCount> ops{};
        mark_ops(r.fault, ops);
        for (int i = 0; i < models::kOpCount; ++i) own_stalls[i] = own_stalls[i] || ops[i];
      }
    }
    touched.fill(true);  // conservatively: the calls' clear path sorts them out
  }
  std::stable_sort(windows.begin(), windows.end(), by_from);
  stall_lists_.emplace_back();
  for (int i = 0; i < models::kOpCount; ++i) {
    if (own_stalls[i]) {
      stall_list_of_[i] = static_cast<std::uint8_t>(stall_lists_.size());
      stall_lists_.emplace_back();
    }
  }
  if (stream) {
    stream_.emplace(std::move(stream));
    later_ = std::move(windows);
    horizon_ = Time{};
    next_change_ = Time{};
  } else {
    add(windows);
    next_change_ = pending_.empty() ? Time::never() : pending_[0].fault.from;
  }
  for (int i = 0; i < models::kOpCount; ++i) {
    // An operation no call-time fault can touch takes the calls' fast paths.
    plain_op_[i] =
        restarts_.empty() && !stream_ && stall_lists_[stall_list_of_[i]].w.empty() && !touched[i];
  }
}

void FaultPlan::add(const std::vector<KeyedFault>& sorted) {
  for (const KeyedFault& k : sorted) {
    const models::Fault& f = k.fault;
    if (per_call(f)) {
      pending_.push_back(k);
    } else if (f.kind == FaultKind::kStall) {
      if (f.op) {
        merge_in(stall_lists_[stall_list_of_[static_cast<int>(*f.op)]].w, f);
        continue;
      }
      for (auto& l : stall_lists_) merge_in(l.w, f);
    }
  }
}

void FaultPlan::drop_before(Time now) {
  // Opened (or skipped) per-call windows are in open_ or over.
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(next_));
  next_ = 0;
  for (auto& l : stall_lists_) {
    auto over = std::partition_point(
        l.w.begin(), l.w.end(), [now](const models::StallWindow& s) { return s.until <= now; });
    auto n = static_cast<std::size_t>(over - l.w.begin());
    l.w.erase(l.w.begin(), over);
    l.cur = l.cur > n ? l.cur - n : 0;
  }
}

void FaultPlan::draw_chunk(Time now) {
  drop_before(now);
  const Time until = horizon_ + kChunk;
  chunk_.clear();
  stream_->generate(until, chunk_);
  while (later_next_ < later_.size() && later_[later_next_].fault.from < until) {
    chunk_.push_back(later_[later_next_++]);
  }
  // One source (a regime alone) draws in order already.
  if (!std::is_sorted(chunk_.begin(), chunk_.end(), by_from)) {
    std::sort(chunk_.begin(), chunk_.end(), by_from);
  }
  add(chunk_);
  horizon_ = stream_->done() && later_next_ == later_.size() ? Time::never() : until;
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
  while (now >= horizon_) draw_chunk(now);
  bool opened = false;
  while (next_ < pending_.size() && pending_[next_].fault.from <= now) {
    const KeyedFault& k = pending_[next_++];
    if (k.fault.until > now) {
      open_.push_back(k);
      opened = true;
    }
  }
  std::erase_if(open_, [&](const KeyedFault& k) { return k.fault.until <= now; });
  if (opened) {
    std::sort(open_.begin(), open_.end(),
              [](const KeyedFault& a, const KeyedFault& b) { return a.key < b.key; });
  }
  next_change_ = next_ < pending_.size() ? pending_[next_].fault.from : horizon_;
  for (const KeyedFault& k : open_) next_change_ = std::min(next_change_, k.fault.until);
}

Time FaultPlan::completion(Op op, Time now, Duration work) {
  StallList& l = stall_lists_[stall_list_of_[static_cast<int>(op)]];
  while (now >= horizon_) draw_chunk(now);
  for (;;) {
    // Windows not drawn yet start at horizon_ or later: a walk ending before it is final.
    Time t = models::advance_past_stalls(l.w, now, work);
    if (t < horizon_ || t == Time::never()) return t;
    draw_chunk(now);
  }
}

bool FaultPlan::clear_slow(Op op, Time now, Time* until) {
  const int i = static_cast<int>(op);
  if (!restarts_.empty() && restarting(now)) return false;
  if (now >= next_change_ || now < last_) advance(now);  // draws past `now`
  for (const KeyedFault& k : open_) {
    if (!k.fault.op || *k.fault.op == op) return false;
  }
  StallList& l = stall_lists_[stall_list_of_[i]];
  while (l.cur < l.w.size() && l.w[l.cur].until <= now) ++l.cur;
  if (l.cur == l.w.size()) {
    *until = horizon_;
  } else if (l.w[l.cur].from <= now) {
    return false;
  } else {
    *until = std::min(l.w[l.cur].from, horizon_);
  }
  // Until the open set changes (a window opens or closes, or more are drawn) or the
  // next stall starts, the answer stands; restart windows are checked every time.
  if (restarts_.empty()) {
    clear_valid_[i] = std::min(*until, next_change_);
    clear_until_[i] = *until;
  }
  return true;
}

bool FaultPlan::matches(const models::Fault& f, Op op, CallTarget target) {
  if (f.op && *f.op != op) return false;
  if (f.pod && *f.pod != target.pod) return false;
  if (f.container && *f.container != target.slot) return false;
  return true;
}

CallFaults FaultPlan::open_faults(Op op, CallTarget target, Time now) {
  CallFaults out;
  for (const KeyedFault& k : open_) {
    const models::Fault& f = k.fault;
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
