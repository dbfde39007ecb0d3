#include "sim/core/kernel.h"

#include <cassert>
#include <stdexcept>
#include <utility>

namespace plegsim::core {

namespace detail {
void finish_detached(PromiseBase& p) noexcept {
  p.owner->unlink(p);
}
void fail_detached(PromiseBase& p, std::exception_ptr e) noexcept {
  p.owner->fail(std::move(e));
}
}  // namespace detail

void Kernel::shutdown() {
  shutting_down_ = true;
  heap_.clear();
  has_next_ = false;
  for (Lane& l : lanes_) l.head = l.end = 0;
  lane_min_ = -1;
  horizon_ = std::numeric_limits<std::int64_t>::max();
  limit_ = std::numeric_limits<std::int64_t>::min();
  while (processes_ != nullptr) {
    detail::PromiseBase* p = processes_;
    unlink(*p);
    p->owner = nullptr;
    p->self.destroy();
  }
}

void Kernel::reject(Time t) const {
  if (shutting_down_) return;
  if (t < now_) throw std::logic_error("Kernel::schedule: time in the past");
}

std::size_t Kernel::pending() const {
  std::size_t n = heap_.size() + (has_next_ ? 1 : 0);
  for (const Lane& l : lanes_) n += l.end - l.head;
  return n;
}

void Kernel::schedule_in(Duration d, Callback fn, void* ctx, std::uint64_t arg) {
  if (d.ns < 0 || shutting_down_) [[unlikely]] {
    reject(now_ + d);
    return;
  }
  Item it{(now_ + d).ns, seq_++, fn, ctx, arg};
  if (it.t < horizon_) {
    take_fast_lane(it);
    return;
  }
  Lane* lane = nullptr;
  for (Lane& l : lanes_) {
    if (!l.empty() && l.delay == d.ns) {
      l.append(it);  // behind the lane's head: the minimum is unchanged
      return;
    }
    if (lane == nullptr && l.empty()) lane = &l;
  }
  if (lane == nullptr) {
    push(it);
    return;
  }
  lane->delay = d.ns;
  lane->append(it);
  refresh_lane_min();
}

void Kernel::Lane::make_room() {
  if (2 * head >= cap && head > 0) {
    // Half or more consumed: slide the live events down (amortised O(1)).
    std::copy(buf.begin() + static_cast<std::ptrdiff_t>(head),
              buf.begin() + static_cast<std::ptrdiff_t>(end), buf.begin());
    end -= head;
    head = 0;
  } else {
    cap = cap < 8 ? 8 : 2 * cap;
    buf.resize(cap);
  }
}

void Kernel::refresh_lane_min() {
  const Lane& a = lanes_[0];
  const Lane& b = lanes_[1];
  if (!a.empty() && (b.empty() || later(b.buf[b.head], a.buf[a.head]))) {
    lane_min_ = 0;
  } else {
    lane_min_ = b.empty() ? -1 : 1;
  }
  if (lane_min_ >= 0) {
    const Item& h = lanes_[lane_min_].buf[lanes_[lane_min_].head];
    lane_min_key_ = Key{h.t, h.seq};
  }
}

Kernel::Item Kernel::pop_lane() {
  Lane& l = lanes_[lane_min_];
  Item it = l.buf[l.head++];
  if (l.empty()) l.head = l.end = 0;
  refresh_lane_min();
  return it;
}

void Kernel::spawn(Task<void> task) {
  auto h = task.release();
  if (!h) return;
  h.promise().self = h;
  link(h.promise());
  schedule(now_, h);
}

void Kernel::link(detail::PromiseBase& p) noexcept {
  p.owner = this;
  p.prev = nullptr;
  p.next = processes_;
  if (processes_ != nullptr) processes_->prev = &p;
  processes_ = &p;
}

void Kernel::unlink(detail::PromiseBase& p) noexcept {
  if (p.prev != nullptr) p.prev->next = p.next;
  if (p.next != nullptr) p.next->prev = p.prev;
  if (processes_ == &p) processes_ = p.next;
  p.prev = p.next = nullptr;
}

void Kernel::fail(std::exception_ptr e) noexcept {
  if (!failure_) failure_ = e;
  set_limit();
}

void Kernel::rethrow_failure() {
  if (failure_) {
    auto e = failure_;
    failure_ = nullptr;
    std::rethrow_exception(e);
  }
}

// Binary heap with hole-moving sift; the queue is the hottest structure of a run.
void Kernel::push(const Item& it) {
  std::size_t i = heap_.size();
  heap_.push_back(it);
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!later(heap_[parent], it)) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = it;
}

Kernel::Item Kernel::pop() {
  Item top = heap_.front();
  Item last = heap_.back();
  heap_.pop_back();
  std::size_t n = heap_.size();
  if (n > 0) {
    std::size_t i = 0;
    while (true) {
      std::size_t c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && later(heap_[c], heap_[c + 1])) ++c;
      if (!later(last, heap_[c])) break;
      heap_[i] = heap_[c];
      i = c;
    }
    heap_[i] = last;
  }
  return top;
}

void Kernel::run_one() {
  Item it;
  if (has_next_) {
    it = next_;
    has_next_ = false;
  } else if (lane_min_ >= 0 && (heap_.empty() || later(heap_.front(), lane_min_key_))) {
    it = pop_lane();
  } else {
    it = pop();
  }
  refresh_horizon();
  now_ = Time{it.t};
  ++processed_;
  it.fn(it.ctx, it.arg);
  if (failure_) [[unlikely]]
    rethrow_failure();
}

bool Kernel::step() {
  if (!has_next_ && heap_.empty() && lane_min_ < 0) return false;
  run_one();
  return true;
}

void Kernel::run_until(Time end) {
  // advance_if_next may run events in place up to `end`, until this returns or throws.
  struct RunEnd {
    Kernel& k;
    ~RunEnd() {
      k.run_end_ = std::numeric_limits<std::int64_t>::min();
      k.set_limit();
    }
  } guard{*this};
  if (run_in_place_) {
    run_end_ = end.ns;
    set_limit();
  }
  while (true) {
    if (has_next_) {
      if (next_.t > end.ns) break;
    } else if ((heap_.empty() || heap_.front().t > end.ns) &&
               (lane_min_ < 0 || lane_min_key_.t > end.ns)) {
      break;
    }
    run_one();
  }
  if (now_ < end) now_ = end;
}

}  // namespace plegsim::core
