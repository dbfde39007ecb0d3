// Recycles coroutine frames by size class so a simulation does not call malloc per process.
// The fast path (a frame of a pooled class taken from, or returned to, this thread's
// free list) is inline: a frame's size is a constant where its coroutine is called, so
// the size class folds away and a relist's frames cost a few loads and stores each.
#pragma once

#include <cstddef>

namespace plegsim::core::detail {

inline constexpr std::size_t kFrameGranule = 64;
inline constexpr std::size_t kFrameClasses = 32;  // frames up to 2 KiB are pooled

struct FreeFrame {
  FreeFrame* next;
};
// Per-thread free lists, one per size class. Trivial and constant-initialised, so an
// access is a plain TLS load with no init guard or wrapper call.
struct FramePool {
  FreeFrame* heads[kFrameClasses];
};
extern constinit thread_local FramePool frame_pool;

constexpr std::size_t frame_class(std::size_t size) {
  return (size + kFrameGranule - 1) / kFrameGranule;
}

// The slow paths: a new frame from malloc (and the pool's release at thread exit
// armed), or a frame too large to pool.
void* frame_alloc_slow(std::size_t size);
void frame_free_slow(void* p, std::size_t size) noexcept;

// Allocates a coroutine frame of `size` bytes from this thread's free lists.
inline void* frame_alloc(std::size_t size) {
  const std::size_t c = frame_class(size);
  if (c < kFrameClasses) [[likely]] {
    if (FreeFrame* n = frame_pool.heads[c]) [[likely]] {
      frame_pool.heads[c] = n->next;
      return n;
    }
  }
  return frame_alloc_slow(size);
}

// Returns a frame obtained from frame_alloc on the same thread.
inline void frame_free(void* p, std::size_t size) noexcept {
  const std::size_t c = frame_class(size);
  if (c < kFrameClasses) [[likely]] {
    auto* n = static_cast<FreeFrame*>(p);
    n->next = frame_pool.heads[c];
    frame_pool.heads[c] = n;
    return;
  }
  frame_free_slow(p, size);
}

}  // namespace plegsim::core::detail
