#include "sim/core/kernel.h"

#include <cassert>
#include <stdexcept>

namespace plegsim::core {

namespace detail {
void finish_detached(PromiseBase& p) noexcept {
  Kernel* k = p.owner;
  k->unlink(p);
  if (p.error) k->fail(p.error);
}
}  // namespace detail

void Kernel::shutdown() {
  shutting_down_ = true;
  heap_.clear();
  has_next_ = false;
  while (processes_ != nullptr) {
    detail::PromiseBase* p = processes_;
    unlink(*p);
    p->owner = nullptr;
    p->self.destroy();
  }
}

void Kernel::schedule(Time t, Callback fn, void* ctx, std::uint64_t arg) {
  if (shutting_down_) return;
  if (t < now_) throw std::logic_error("Kernel::schedule: time in the past");
  Item it{t.ns, seq_++, fn, ctx, arg};
  if (has_next_) {
    // The lane holds the earliest event: keep whichever of the two comes first.
    if (later(next_, it)) {
      push(next_);
      next_ = it;
    } else {
      push(it);
    }
  } else if (heap_.empty() || later(heap_.front(), it)) {
    next_ = it;
    has_next_ = true;
  } else {
    push(it);
  }
}

void Kernel::spawn(Task<void> task) {
  auto h = task.release();
  if (!h) return;
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

bool Kernel::step() {
  Item it;
  if (has_next_) {
    it = next_;
    has_next_ = false;
  } else if (!heap_.empty()) {
    it = pop();
  } else {
    return false;
  }
  now_ = Time{it.t};
  ++processed_;
  it.fn(it.ctx, it.arg);
  rethrow_failure();
  return true;
}

void Kernel::run_until(Time end) {
  for (const Item* f = front(); f != nullptr && f->t <= end.ns; f = front()) step();
  if (now_ < end) now_ = end;
}

}  // namespace plegsim::core
