// The executables' operator new/delete (sim/alloc/small_alloc.cpp): every size and
// alignment round-trips, blocks are reused, and a block freed by another thread is
// fine. Run under the default build; sanitizer builds use the system allocator.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <thread>
#include <vector>

namespace {

bool aligned(const void* p, std::size_t a) {
  return reinterpret_cast<std::uintptr_t>(p) % a == 0;
}

TEST(SmallAlloc, EverySizeIsAlignedWritableAndFreed) {
  std::vector<std::pair<char*, std::size_t>> live;
  for (std::size_t n = 0; n <= 5000; n += (n < 300 ? 1 : 97)) {
    char* p = static_cast<char*>(::operator new(n));
    ASSERT_TRUE(aligned(p, 16)) << n;
    std::memset(p, static_cast<int>(n & 0xff), n);
    live.emplace_back(p, n);
  }
  // Nothing overlaps: every block still holds its own fill.
  for (auto [p, n] : live) {
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(static_cast<unsigned char>(p[i]), n & 0xff);
  }
  for (std::size_t i = 0; i < live.size(); ++i) {
    // Alternate sized and unsized deletes: both must find the block's class.
    if (i % 2) {
      ::operator delete(live[i].first, live[i].second);
    } else {
      ::operator delete(live[i].first);
    }
  }
}

TEST(SmallAlloc, OverAlignedAndArrayForms) {
  for (std::size_t a : {32u, 64u, 256u, 4096u}) {
    void* p = ::operator new (100, std::align_val_t{a});
    EXPECT_TRUE(aligned(p, a)) << a;
    std::memset(p, 1, 100);
    ::operator delete (p, std::align_val_t{a});
  }
  auto arr = std::make_unique<int[]>(1000);
  arr[999] = 7;
  EXPECT_EQ(arr[999], 7);
  void* q = ::operator new(64, std::nothrow);
  ASSERT_NE(q, nullptr);
  ::operator delete(q, std::nothrow);
}

#ifdef PLEGSIM_SMALL_ALLOC
// The 16-byte header before the block: {base, class, spare}. Out of line, on an
// address, so the compiler does not see a read before the allocated object.
[[gnu::noinline]] std::uint32_t class_of(std::uintptr_t block) {
  std::uint32_t cls;
  std::memcpy(&cls, reinterpret_cast<const void*>(block - 8), sizeof cls);
  return cls;
}

TEST(SmallAlloc, TheReplacementIsLinkedIn) {
  void* small = ::operator new(40);  // class 2: 33..48 bytes
  void* large = ::operator new(1000);
  EXPECT_EQ(class_of(reinterpret_cast<std::uintptr_t>(small)), 2u);
  EXPECT_EQ(class_of(reinterpret_cast<std::uintptr_t>(large)), 0xffffffffu);
  ::operator delete(small);
  void* again = ::operator new(33);  // the freed block is the next of its class
  EXPECT_EQ(again, small);
  ::operator delete(again);
  ::operator delete(large);
}
#endif

TEST(SmallAlloc, BlocksFreedOnAnotherThread) {
  std::vector<std::vector<int>*> made;
  std::thread t([&] {
    for (int i = 0; i < 1000; ++i)
      made.push_back(new std::vector<int>(static_cast<std::size_t>(i % 50), i));
  });
  t.join();
  long sum = 0;
  for (auto* v : made) {
    for (int x : *v) sum += x;
    delete v;
  }
  EXPECT_GT(sum, 0);
  // This thread's lists now hold the other thread's blocks; they serve it as usual.
  std::vector<std::unique_ptr<std::vector<int>>> again;
  for (int i = 0; i < 1000; ++i) again.push_back(std::make_unique<std::vector<int>>(10, i));
  EXPECT_EQ((*again[999])[9], 999);
}

}  // namespace
