// Events run in place (Kernel::advance_if_next): a wake-up that would be the very next
// event anyway moves the clock without the queue. The order of everything must be the
// queue's own: the same trace and event count with it on and off, ties and the
// run_until boundary respected, and never during step().
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sim/core/kernel.h"

namespace plegsim::core {
namespace {

struct Mark {
  int who;
  std::int64_t t;
  bool operator==(const Mark&) const = default;
};

Task<void> sleeper(Kernel& k, std::vector<Mark>& log, int who, std::vector<std::int64_t> steps) {
  for (std::int64_t d : steps) {
    log.push_back({who, k.now().ns});
    if (d < 0) {
      co_await k.sleep_until(Time{k.now().ns - d});  // an absolute wake-up
    } else {
      co_await k.sleep(Duration{d});
    }
  }
  log.push_back({who, k.now().ns});
}

struct Trace {
  std::vector<Mark> log;
  std::uint64_t processed = 0;
  std::uint64_t in_place = 0;
};

// Processes with random sleeps (ties, zero delays, sleep_until) and callbacks that
// schedule more callbacks, run in chunks of run_until.
Trace random_world(bool in_place) {
  Trace tr;
  Kernel k;
  k.set_run_in_place(in_place);
  std::uint64_t rng = 99;
  auto draw = [&rng](std::uint64_t n) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((rng >> 33) % n);
  };
  constexpr std::int64_t kDelays[] = {0, 1, 3, 7, 50, 400, 1000};
  for (int p = 0; p < 6; ++p) {
    std::vector<std::int64_t> steps;
    for (int i = 0; i < 300; ++i) {
      std::int64_t d = kDelays[draw(7)];
      steps.push_back(draw(4) == 0 ? -d : d);
    }
    k.spawn(sleeper(k, tr.log, p, steps));
  }
  struct Cb {
    Kernel* k;
    std::vector<Mark>* log;
    int left = 400;
    static void fire(void* ctx, std::uint64_t arg) {
      auto& c = *static_cast<Cb*>(ctx);
      c.log->push_back({100 + static_cast<int>(arg % 7), c.k->now().ns});
      if (--c.left > 0)
        c.k->schedule(c.k->now() + Duration{static_cast<std::int64_t>(arg % 97)}, &fire, &c,
                      arg * 31 + 7);
    }
  } cb{&k, &tr.log};
  k.schedule(Time{5}, &Cb::fire, &cb, 1);
  for (std::int64_t end = 0; end <= 200'000; end += 1'777) k.run_until(Time{end});
  tr.processed = k.events_processed();
  tr.in_place = k.events_in_place();
  return tr;
}

TEST(KernelInPlace, TheOrderOfEventsIsTheQueuesOwn) {
  Trace on = random_world(true);
  Trace off = random_world(false);
  ASSERT_EQ(on.log.size(), off.log.size());
  EXPECT_EQ(on.log, off.log);
  EXPECT_EQ(on.processed, off.processed);
  EXPECT_EQ(off.in_place, 0u);
  EXPECT_GT(on.in_place, 100u);  // the shortcut was taken, often
  EXPECT_LT(on.in_place, on.processed);
}

TEST(KernelInPlace, ALoneSleeperNeverSuspends) {
  Kernel k;
  std::vector<Mark> log;
  k.spawn(sleeper(k, log, 0, {10, 0, 20, -5}));
  k.run_until(Time{1000});
  EXPECT_EQ(log, (std::vector<Mark>{{0, 0}, {0, 10}, {0, 10}, {0, 30}, {0, 35}}));
  EXPECT_EQ(k.events_processed(), 5u);  // the start and four wake-ups
  EXPECT_EQ(k.events_in_place(), 4u);
}

TEST(KernelInPlace, AnEventAlreadyDueAtTheSameTimeRunsFirst) {
  Kernel k;
  std::vector<Mark> log;
  auto cb = [](void* ctx, std::uint64_t) {
    auto* l = static_cast<std::vector<Mark>*>(ctx);
    l->push_back({9, 10});
  };
  k.schedule(Time{10}, cb, &log);  // scheduled first: precedes the wake-up at 10
  k.spawn(sleeper(k, log, 0, {10, 5}));
  k.run_until(Time{1000});
  EXPECT_EQ(log, (std::vector<Mark>{{0, 0}, {9, 10}, {0, 10}, {0, 15}}));
  EXPECT_EQ(k.events_in_place(), 1u);  // only the last wake-up, at 15
}

TEST(KernelInPlace, NotBeyondTheEndOfTheRun) {
  Kernel k;
  std::vector<Mark> log;
  k.spawn(sleeper(k, log, 0, {10, 100}));
  k.run_until(Time{50});
  EXPECT_EQ(k.now(), Time{50});
  EXPECT_EQ(k.pending(), 1u);  // the wake-up at 110 waits for the next run
  EXPECT_EQ(log, (std::vector<Mark>{{0, 0}, {0, 10}}));
  k.run_until(Time{200});
  EXPECT_EQ(log, (std::vector<Mark>{{0, 0}, {0, 10}, {0, 110}}));
}

TEST(KernelInPlace, StepRunsOneEventAtATime) {
  Kernel k;
  std::vector<Mark> log;
  k.spawn(sleeper(k, log, 0, {10, 20}));
  int steps = 0;
  while (k.step()) ++steps;
  EXPECT_EQ(steps, 3);
  EXPECT_EQ(k.events_in_place(), 0u);
  EXPECT_EQ(log, (std::vector<Mark>{{0, 0}, {0, 10}, {0, 30}}));
}

}  // namespace
}  // namespace plegsim::core
