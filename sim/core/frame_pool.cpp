#include "sim/core/frame_pool.h"

#include <cstdlib>
#include <new>
#include <vector>

namespace plegsim::core::detail {
namespace {

constexpr std::size_t kGranule = 64;
constexpr std::size_t kClasses = 32;  // frames up to 2 KiB are pooled

struct FreeNode {
  FreeNode* next;
};

// Per-thread free lists. Trivial and constant-initialised, so an access is a plain TLS
// load with no init guard (a frame is taken and returned several times per relist);
// a second thread_local, touched only when a frame is first malloc'ed, releases them
// to the system when the thread exits.
struct Heads {
  FreeNode* heads[kClasses];
};
constinit thread_local Heads pool{};

struct Releaser {
  bool armed = false;
  ~Releaser() {
    for (FreeNode*& head : pool.heads) {
      while (head != nullptr) {
        FreeNode* n = head->next;
        std::free(head);
        head = n;
      }
    }
  }
};
thread_local Releaser releaser;

std::size_t class_of(std::size_t size) {
  return (size + kGranule - 1) / kGranule;
}

}  // namespace

void* frame_alloc(std::size_t size) {
  std::size_t c = class_of(size);
  if (c < kClasses) {
    if (FreeNode* n = pool.heads[c]) {
      pool.heads[c] = n->next;
      return n;
    }
    void* p = std::malloc(c * kGranule);
    if (p == nullptr) throw std::bad_alloc();
    releaser.armed = true;  // its first use in a thread arms its destructor
    return p;
  }
  void* p = std::malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void frame_free(void* p, std::size_t size) noexcept {
  std::size_t c = class_of(size);
  if (c < kClasses) {
    auto* n = static_cast<FreeNode*>(p);
    n->next = pool.heads[c];
    pool.heads[c] = n;
    return;
  }
  std::free(p);
}

}  // namespace plegsim::core::detail
