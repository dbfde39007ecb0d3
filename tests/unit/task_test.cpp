// Tasks awaited as sub-routines: a task that finishes without suspending hands its
// result over and frees its frame inside co_await, the awaiting coroutine does not
// suspend; one that suspends resumes its awaiter when it returns. Values, exceptions
// and frame lifetimes must be right on both paths, and on teardown.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/core/kernel.h"

namespace plegsim::core {
namespace {

// Counts live frames: a Live local is destroyed with its frame.
struct Live {
  int* n;
  explicit Live(int* count) : n(count) { ++*n; }
  Live(const Live&) = delete;
  Live& operator=(const Live&) = delete;
  ~Live() { --*n; }
};

Task<std::unique_ptr<int>> make(Kernel& k, int* live, int v, bool suspend) {
  Live l(live);
  if (suspend) co_await k.sleep_until(k.now() + Duration{10});
  co_return std::make_unique<int>(v);
}

Task<int> fail(Kernel& k, int* live, bool suspend) {
  Live l(live);
  if (suspend) co_await k.sleep_until(k.now() + Duration{10});
  throw std::runtime_error("task failed");
}

struct Seen {
  std::vector<int> values;
  std::vector<int> live_after;  // frames alive right after each co_await
  int errors = 0;
};

Task<void> parent(Kernel& k, int* live, Seen& seen, bool suspend) {
  Live l(live);
  for (int i = 0; i < 3; ++i) {
    auto p = co_await make(k, live, i, suspend);
    seen.values.push_back(*p);
    seen.live_after.push_back(*live);
  }
  try {
    (void)co_await fail(k, live, suspend);
  } catch (const std::runtime_error&) {
    ++seen.errors;
  }
  seen.live_after.push_back(*live);
}

TEST(Task, FinishingWithoutSuspendingHandsOverTheValueAndFreesTheFrame) {
  Kernel k;
  int live = 0;
  Seen seen;
  k.spawn(parent(k, &live, seen, false));
  k.run_until(Time{} + Duration::seconds(1));
  EXPECT_EQ(seen.values, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(seen.errors, 1);
  EXPECT_EQ(seen.live_after, (std::vector<int>{1, 1, 1, 1}));  // only the parent's
  EXPECT_EQ(live, 0);
}

TEST(Task, SuspendingTaskResumesItsAwaiterWithTheValue) {
  Kernel k;
  k.set_run_in_place(false);  // every sleep goes through the queue: the tasks suspend
  int live = 0;
  Seen seen;
  k.spawn(parent(k, &live, seen, true));
  k.run_until(Time{} + Duration::seconds(1));
  EXPECT_EQ(seen.values, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(seen.errors, 1);
  EXPECT_EQ(seen.live_after, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(k.now().ns, Duration::seconds(1).ns);
  EXPECT_EQ(live, 0);
}

TEST(Task, NeverAwaitedTaskIsDestroyedUnstarted) {
  Kernel k;
  int live = 0;
  { auto t = make(k, &live, 1, false); }
  EXPECT_EQ(live, 0);  // the body never ran
}

Task<void> awaits_forever(Kernel& k, int* live) {
  Live l(live);
  auto p = co_await make(k, live, 7, true);
  (void)p;
}

TEST(Task, ShutdownDestroysAnAwaiterAndTheTaskItAwaits) {
  int live = 0;
  {
    Kernel k;
    k.set_run_in_place(false);
    k.spawn(awaits_forever(k, &live));
    k.run_until(Time{} + Duration{5});  // the child sleeps until 10
    EXPECT_EQ(live, 2);
  }
  EXPECT_EQ(live, 0);
}

}  // namespace
}  // namespace plegsim::core
