// Global operator new/delete for plegsim's executables (the CLI, the tests, the
// benchmarks): blocks of up to 256 bytes come from per-thread free lists by 16-byte
// size class, carved from 64 KiB chunks; larger and over-aligned ones go to malloc.
//
// Why: a run allocates and frees the same few shapes (pods, statuses, event lists,
// change logs) tens of thousands of times a simulated day. glibc's per-thread cache
// keeps 7 blocks per size, so most of those frees took its slow path: ~160
// instructions per new/delete pair here against ~20.
//
// Each block carries a 16-byte header (its class, or the malloc'd base of a large
// block), so unsized deletes and blocks freed by another thread are handled: a block
// joins the free list of the thread that frees it. Chunks are never returned to the
// system; memory is bounded by the peak of live small blocks. Not linked into the
// Python module (the interpreter's process keeps its own allocator) nor into
// sanitizer builds (AddressSanitizer must see every allocation).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#error "small_alloc.cpp replaces operator new: leave it out of sanitizer builds"
#endif

namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kMaxSmall = 256;
constexpr std::size_t kClasses = kMaxSmall / kGranule;  // class c: (c + 1) * 16 bytes
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::uint32_t kLarge = 0xffffffffu;

struct alignas(16) Header {
  void* base;         // large blocks: what malloc returned
  std::uint32_t cls;  // size class, or kLarge
  std::uint32_t spare;
};
static_assert(sizeof(Header) == 16);

struct FreeBlock {
  FreeBlock* next;
};

// Zero-initialised (constant initialisation): usable before any constructor runs.
struct Cache {
  FreeBlock* free[kClasses];
  char* bump;
  char* end;
};
thread_local Cache cache;

[[noreturn]] void out_of_memory() {
  throw std::bad_alloc();
}

// Carves a new block of class `cls` (the free list is empty), taking a chunk if needed.
[[gnu::noinline]] void* carve(std::size_t cls) {
  const std::size_t stride = sizeof(Header) + (cls + 1) * kGranule;
  if (static_cast<std::size_t>(cache.end - cache.bump) < stride) {
    auto* chunk = static_cast<char*>(std::malloc(kChunk));
    if (chunk == nullptr) out_of_memory();
    // malloc's alignment (16 on x86-64) keeps every header, so every block, aligned.
    cache.bump = chunk;
    cache.end = chunk + kChunk;
  }
  auto* h = reinterpret_cast<Header*>(cache.bump);
  cache.bump += stride;
  h->base = nullptr;
  h->cls = static_cast<std::uint32_t>(cls);
  return h + 1;
}

void* allocate_large(std::size_t n, std::size_t align) {
  // Room for the header and for moving the block up to `align`.
  const std::size_t extra = sizeof(Header) + (align > alignof(Header) ? align : 0);
  if (n > SIZE_MAX - extra) out_of_memory();
  void* base = std::malloc(n + extra);
  if (base == nullptr) out_of_memory();
  auto user = reinterpret_cast<std::uintptr_t>(base) + sizeof(Header);
  if (align > alignof(Header)) user = (user + align - 1) & ~(std::uintptr_t{align} - 1);
  auto* h = reinterpret_cast<Header*>(user) - 1;
  h->base = base;
  h->cls = kLarge;
  return reinterpret_cast<void*>(user);
}

inline void* allocate(std::size_t n) {
  if (n <= kMaxSmall) {
    const std::size_t cls = n == 0 ? 0 : (n - 1) / kGranule;
    FreeBlock* b = cache.free[cls];
    if (b != nullptr) [[likely]] {
      cache.free[cls] = b->next;
      return b;
    }
    return carve(cls);
  }
  return allocate_large(n, alignof(Header));
}

inline void* allocate_aligned(std::size_t n, std::size_t align) {
  return align <= alignof(Header) ? allocate(n) : allocate_large(n, align);
}

inline void deallocate(void* p) noexcept {
  if (p == nullptr) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (h->cls == kLarge) {
    std::free(h->base);
    return;
  }
  auto* b = static_cast<FreeBlock*>(p);
  b->next = cache.free[h->cls];
  cache.free[h->cls] = b;
}

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate_aligned(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate_aligned(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return allocate_aligned(n, static_cast<std::size_t>(a));
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return allocate_aligned(n, static_cast<std::size_t>(a));
  } catch (...) {
    return nullptr;
  }
}

void operator delete(void* p) noexcept {
  deallocate(p);
}
void operator delete[](void* p) noexcept {
  deallocate(p);
}
void operator delete(void* p, std::size_t) noexcept {
  deallocate(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  deallocate(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  deallocate(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  deallocate(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  deallocate(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  deallocate(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  deallocate(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  deallocate(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  deallocate(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  deallocate(p);
}
