// Recycles coroutine frames by size class so a simulation does not call malloc per process.
#pragma once

#include <cstddef>

namespace plegsim::core::detail {

// Allocates a coroutine frame of `size` bytes from this thread's free lists.
void* frame_alloc(std::size_t size);
// Returns a frame obtained from frame_alloc on the same thread.
void frame_free(void* p, std::size_t size) noexcept;

}  // namespace plegsim::core::detail
