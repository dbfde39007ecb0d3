// Channel (blocking send, non-blocking try_send, timed receive) and Server (FIFO slots).
#include <gtest/gtest.h>

#include <vector>

#include "sim/core/channel.h"
#include "sim/core/server.h"

namespace plegsim::core {
namespace {

Duration ms(std::int64_t v) {
  return Duration::milliseconds(v);
}
std::int64_t at_ms(const Kernel& k) {
  return k.now().ns / 1'000'000;
}

Task<void> producer(Kernel& k, Channel<int>& ch, int n, std::vector<std::int64_t>& sent_at) {
  for (int i = 0; i < n; ++i) {
    co_await ch.send(i);
    sent_at.push_back(at_ms(k));
  }
}

Task<void> slow_consumer(Kernel& k, Channel<int>& ch, Duration start, Duration each,
                         std::vector<int>& got) {
  co_await k.sleep(start);
  while (true) {
    auto v = co_await ch.receive();
    got.push_back(*v);
    co_await k.sleep(each);
  }
}

TEST(Channel, BlockingSendWaitsForRoomInFifoOrder) {
  // capacity 2: sends 0,1 at t=0; 2 blocks until the consumer takes 0 at t=100.
  Kernel k;
  Channel<int> ch(k, 2);
  std::vector<std::int64_t> sent_at;
  std::vector<int> got;
  k.spawn(producer(k, ch, 5, sent_at));
  k.spawn(slow_consumer(k, ch, ms(100), ms(10), got));
  k.run_until(Time{} + ms(1000));
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sent_at, (std::vector<std::int64_t>{0, 0, 100, 110, 120}));
}

TEST(Channel, TrySendDropsWhenFull) {
  Kernel k;
  Channel<int> ch(k, 2);
  EXPECT_TRUE(ch.try_send(1));
  EXPECT_TRUE(ch.try_send(2));
  EXPECT_FALSE(ch.try_send(3));
  EXPECT_EQ(ch.size(), 2u);
  EXPECT_EQ(*ch.try_receive(), 1);
  EXPECT_TRUE(ch.try_send(4));
  EXPECT_EQ(*ch.try_receive(), 2);
  EXPECT_EQ(*ch.try_receive(), 4);
  EXPECT_FALSE(ch.try_receive().has_value());
}

Task<void> timed_receiver(Kernel& k, Channel<int>& ch, std::vector<std::int64_t>& log) {
  for (int i = 0; i < 3; ++i) {
    auto v = co_await ch.receive_until(k.now() + ms(50));
    log.push_back(v ? *v : -1);
    log.push_back(at_ms(k));
  }
}

Task<void> send_at(Kernel& k, Channel<int>& ch, Duration when, int v) {
  co_await k.sleep(when);
  ch.try_send(v);
}

TEST(Channel, ReceiveUntilTimesOutOrGetsTheItem) {
  // t=0 wait (deadline 50) -> item 7 at 20; wait (deadline 70) -> timeout at 70;
  // wait (deadline 120) -> item 9 at 100.
  Kernel k;
  Channel<int> ch(k, 4);
  std::vector<std::int64_t> log;
  k.spawn(timed_receiver(k, ch, log));
  k.spawn(send_at(k, ch, ms(20), 7));
  k.spawn(send_at(k, ch, ms(100), 9));
  k.run_until(Time{} + ms(500));
  EXPECT_EQ(log, (std::vector<std::int64_t>{7, 20, -1, 70, 9, 100}));
}

Task<void> job(Kernel& k, Server& s, Duration work, int id,
               std::vector<std::pair<int, std::int64_t>>& log) {
  co_await s.acquire(k);
  log.push_back({id, at_ms(k)});
  co_await k.sleep(work);
  s.release();
}

TEST(Server, SlotsServeInArrivalOrderAndQueueTheRest) {
  // 2 slots, four 100 ms jobs at t=0: 1,2 start at 0; 3,4 at 100.
  Kernel k;
  Server s(2);
  std::vector<std::pair<int, std::int64_t>> log;
  for (int i = 1; i <= 4; ++i) k.spawn(job(k, s, ms(100), i, log));
  k.run_until(Time{} + ms(50));
  EXPECT_EQ(s.busy(), 2u);
  EXPECT_EQ(s.queued(), 2u);
  k.run_until(Time{} + ms(1000));
  EXPECT_EQ(log, (std::vector<std::pair<int, std::int64_t>>{{1, 0}, {2, 0}, {3, 100}, {4, 100}}));
  EXPECT_EQ(s.busy(), 0u);
}

TEST(Server, JobsThatGiveTheSlotBackLetTheNextStart) {
  Server s(1);
  int started = 0;
  struct J : Server::Job {
    int* started;
    bool keep;
  };
  auto start = [](Server::Job* j) {
    auto* self = static_cast<J*>(j);
    ++*self->started;
    return self->keep;
  };
  J a{{nullptr, start}, &started, true};
  J b{{nullptr, start}, &started, false};
  J c{{nullptr, start}, &started, true};
  s.submit(&a);
  s.submit(&b);
  s.submit(&c);
  EXPECT_EQ(started, 1);
  s.release();  // a done: b starts and gives the slot back, so c starts too
  EXPECT_EQ(started, 3);
  EXPECT_EQ(s.busy(), 1u);
  s.release();
  EXPECT_EQ(s.busy(), 0u);
}

TEST(Server, TryAcquireTakesOnlyAFreeSlotNobodyWaitsFor) {
  Kernel k;
  Server s(1);
  EXPECT_TRUE(s.try_acquire());
  EXPECT_FALSE(s.try_acquire());  // the only slot is taken
  std::vector<std::pair<int, std::int64_t>> log;
  k.spawn(job(k, s, ms(10), 1, log));  // queues behind the held slot
  k.run_until(Time{});
  EXPECT_EQ(s.queued(), 1u);
  s.release();  // the slot passes to the queued job, not to a later try_acquire
  EXPECT_FALSE(s.try_acquire());
  k.run_until(Time{} + ms(100));
  EXPECT_EQ(s.busy(), 0u);
  EXPECT_TRUE(s.try_acquire());
  s.release();
}

}  // namespace
}  // namespace plegsim::core
