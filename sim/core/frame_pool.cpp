#include "sim/core/frame_pool.h"

#include <cstdlib>
#include <new>

namespace plegsim::core::detail {

constinit thread_local FramePool frame_pool{};

namespace {

// Touched only when a frame is first malloc'ed: releases this thread's free lists to
// the system when the thread exits (frame_pool itself stays trivial).
struct Releaser {
  bool armed = false;
  ~Releaser() {
    for (FreeFrame*& head : frame_pool.heads) {
      while (head != nullptr) {
        FreeFrame* n = head->next;
        std::free(head);
        head = n;
      }
    }
  }
};
thread_local Releaser releaser;

}  // namespace

void* frame_alloc_slow(std::size_t size) {
  const std::size_t c = frame_class(size);
  if (c < kFrameClasses) {
    void* p = std::malloc(c * kFrameGranule);
    if (p == nullptr) throw std::bad_alloc();
    releaser.armed = true;  // its first use in a thread arms its destructor
    return p;
  }
  void* p = std::malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void frame_free_slow(void* p, std::size_t) noexcept {
  std::free(p);
}

}  // namespace plegsim::core::detail
