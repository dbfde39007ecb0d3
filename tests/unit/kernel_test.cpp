// The kernel: ordering by (time, insertion), coroutine processes, sub-tasks, teardown.
#include "sim/core/kernel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace plegsim::core {
namespace {

using namespace std::string_literals;

Duration ms(std::int64_t v) {
  return Duration::milliseconds(v);
}

Task<void> ticker(Kernel& k, std::vector<std::string>& log, std::string name, Duration step,
                  int n) {
  for (int i = 0; i < n; ++i) {
    log.push_back(name + "@" + std::to_string(k.now().ns / 1'000'000));
    co_await k.sleep(step);
  }
}

TEST(Kernel, EventsRunInTimeThenInsertionOrder) {
  Kernel k;
  std::vector<int> order;
  auto cb = [](void* ctx, std::uint64_t arg) {
    static_cast<std::vector<int>*>(ctx)->push_back(static_cast<int>(arg));
  };
  k.schedule(Time{30}, cb, &order, 3);
  k.schedule(Time{10}, cb, &order, 1);
  k.schedule(Time{30}, cb, &order, 4);  // same time as 3: runs after it
  k.schedule(Time{20}, cb, &order, 2);
  k.schedule(Time{10}, cb, &order, 5);
  k.run_until(Time{100});
  EXPECT_EQ(order, (std::vector<int>{1, 5, 2, 3, 4}));
  EXPECT_EQ(k.now(), Time{100});
  EXPECT_EQ(k.events_processed(), 5u);
}

// Property: whatever the mix of near and far, tied and nested schedules, events run
// in (time, insertion) order, whether they sit in the fast lane, the heap or a delay
// lane. The reference is a plain sort of what was scheduled.
TEST(Kernel, RandomNestedSchedulesRunInTimeThenInsertionOrder) {
  struct Ref {
    std::int64_t t;
    std::uint64_t id;
  };
  struct World {
    Kernel k;
    std::uint64_t rng = 12345;
    std::uint64_t next_id = 0;
    std::vector<Ref> scheduled;
    std::vector<Ref> ran;
    std::uint64_t draw(std::uint64_t n) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      return (rng >> 33) % n;
    }
    void add(std::int64_t t) {
      scheduled.push_back({t, next_id});
      k.schedule(Time{t}, &World::cb, this, next_id++);
    }
    static void cb(void* ctx, std::uint64_t id) {
      auto& w = *static_cast<World*>(ctx);
      w.ran.push_back({w.k.now().ns, id});
      if (w.next_id >= 20000) return;
      // 0-3 follow-ups: now (tie), a little later, or far ahead; by absolute time, or
      // by a delay from a small set (the periodic sleeps' lanes, several at once).
      for (auto n = w.draw(4); n > 0; --n) {
        std::uint64_t kind = w.draw(5);
        if (kind >= 3) {
          constexpr std::int64_t kDelays[] = {0, 3, 7, 1000, 1500};
          std::int64_t d = kDelays[w.draw(5)];
          w.scheduled.push_back({w.k.now().ns + d, w.next_id});
          w.k.schedule_in(Duration{d}, &World::cb, &w, w.next_id++);
          continue;
        }
        std::int64_t d = kind == 0 ? 0 : kind == 1 ? static_cast<std::int64_t>(w.draw(5)) : 1000;
        w.add(w.k.now().ns + d);
      }
    }
  } w;
  for (int i = 0; i < 50; ++i) w.add(static_cast<std::int64_t>(w.draw(100)));
  w.k.run_until(Time{1'000'000'000});
  std::vector<Ref> want = w.scheduled;
  std::stable_sort(want.begin(), want.end(), [](const Ref& a, const Ref& b) { return a.t < b.t; });
  ASSERT_EQ(w.ran.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(w.ran[i].id, want[i].id) << "at position " << i;
    ASSERT_EQ(w.ran[i].t, want[i].t);
  }
  EXPECT_GT(want.size(), 10000u);
}

TEST(Kernel, RunUntilStopsAtTheBoundaryInclusive) {
  Kernel k;
  int ran = 0;
  auto cb = [](void* ctx, std::uint64_t) { ++*static_cast<int*>(ctx); };
  k.schedule(Time{100}, cb, &ran);
  k.schedule(Time{101}, cb, &ran);
  k.run_until(Time{100});
  EXPECT_EQ(ran, 1);
  k.run_until(Time{101});
  EXPECT_EQ(ran, 2);
}

TEST(Kernel, SchedulingInThePastThrows) {
  Kernel k;
  k.run_until(Time{50});
  EXPECT_THROW(k.schedule(
                   Time{49}, [](void*, std::uint64_t) {}, nullptr),
               std::logic_error);
}

TEST(Kernel, ProcessesInterleaveBySimulatedTime) {
  // t=0 a b, t=10 a, t=15 b, t=20 a, t=30 b
  Kernel k;
  std::vector<std::string> log;
  k.spawn(ticker(k, log, "a", ms(10), 3));
  k.spawn(ticker(k, log, "b", ms(15), 3));
  k.run_until(Time{} + Duration::seconds(1));
  EXPECT_EQ(log, (std::vector<std::string>{"a@0", "b@0", "a@10", "b@15", "a@20", "b@30"}));
}

Task<int> add_after(Kernel& k, int a, int b, Duration d) {
  co_await k.sleep(d);
  co_return a + b;
}

Task<void> caller(Kernel& k, std::vector<std::int64_t>& out) {
  int x = co_await add_after(k, 1, 2, ms(5));
  out.push_back(x);
  out.push_back(k.now().ns);
  int y = co_await add_after(k, x, 10, ms(0));
  out.push_back(y);
  out.push_back(k.now().ns);
}

TEST(Kernel, SubTasksReturnValuesAndTakeTheirTime) {
  Kernel k;
  std::vector<std::int64_t> out;
  k.spawn(caller(k, out));
  k.run_until(Time{} + Duration::seconds(1));
  EXPECT_EQ(out, (std::vector<std::int64_t>{3, 5'000'000, 13, 5'000'000}));
}

Task<void> thrower(Kernel& k) {
  co_await k.sleep(ms(1));
  throw std::runtime_error("boom");
}

TEST(Kernel, ExceptionInAProcessSurfacesFromRun) {
  Kernel k;
  k.spawn(thrower(k));
  EXPECT_THROW(k.run_until(Time{} + ms(10)), std::runtime_error);
}

struct Flag {
  bool* destroyed;
  ~Flag() { *destroyed = true; }
};

Task<void> sleeper_forever(Kernel& k, bool* destroyed) {
  Flag f{destroyed};
  co_await k.sleep(Duration::hours(1000));
}

TEST(Kernel, ShutdownDestroysSuspendedProcesses) {
  bool destroyed = false;
  {
    Kernel k;
    k.spawn(sleeper_forever(k, &destroyed));
    k.run_until(Time{} + ms(1));
    EXPECT_FALSE(destroyed);
  }
  EXPECT_TRUE(destroyed);
}

TEST(Kernel, FinishedProcessesAreFreedNotLeaked) {
  // Many short processes: the live-process list must empty as they finish (checked by
  // shutdown not double-destroying, and by ASan/valgrind when run under them).
  Kernel k;
  std::vector<std::string> log;
  for (int i = 0; i < 1000; ++i) k.spawn(ticker(k, log, "p", ms(1), 2));
  k.run_until(Time{} + ms(10));
  EXPECT_EQ(log.size(), 2000u);
  EXPECT_EQ(k.pending(), 0u);
}

}  // namespace
}  // namespace plegsim::core
