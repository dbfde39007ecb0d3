// Healthy(), the node Ready condition and the worked timing cases of pleg-spec.md §3.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

const record::HealthChanged* first_unhealthy_after_healthy(const record::MemorySink& m) {
  bool seen_healthy = false;
  for (const auto& h : m.health) {
    if (h.healthy) seen_healthy = true;
    if (!h.healthy && seen_healthy) return &h;
  }
  return nullptr;
}

TEST(Health, StartsUnhealthyUntilTheFirstRelistWithTheErasMessage) {
  SimRun b(quiet_yaml(1, "1.11"));
  b.run_until(sec(5));
  ASSERT_GE(b.sink.health.size(), 2u);
  EXPECT_FALSE(b.sink.health[0].healthy);
  EXPECT_EQ(b.sink.health[0].message,
            "pleg was last seen active 2562047h47m16.854775807s ago; threshold is 3m0s");
  // Healthy as soon as the first GetPods returns (relist time = that relist's start).
  EXPECT_TRUE(b.sink.health[1].healthy);
  EXPECT_EQ(b.sink.health[1].at, Time{} + ms(25));

  SimRun c(quiet_yaml(1, "1.14"));
  c.run_until(sec(5));
  EXPECT_EQ(c.sink.health[0].message, "pleg has yet to be successful");
}

TEST(Health, HungListTripsExactlyThreeMinutesAfterTheLastSuccessfulRelistStart) {
  // ListPodSandbox hangs from t=100 s. The last relist whose ListPodSandbox started
  // before 100 s succeeded (its ListContainers does not hang); every later one fails
  // at its 2 min deadline. Healthy() is false once now - relistTime > 3m: exactly
  // 1 ns after relistTime + 3m.
  SimRun r(quiet_yaml(5), {"faults=[{kind: hang, op: ListPodSandbox, from: 100s}]"});
  r.run();
  Time last_ok{};
  for (Time s : quiet_relist_starts(sec(100))) last_ok = s;
  const auto* u = first_unhealthy_after_healthy(r.sink);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->at, last_ok + Duration::minutes(3) + Duration{1});
  EXPECT_EQ(u->message, "pleg was last seen active 3m0.000000001s ago; threshold is 3m0s");
  // Every relist after the hang fails at its deadline; the node never recovers.
  int failed = 0;
  for (const auto& rl : r.sink.relists) {
    if (rl.start < Time{} + sec(100)) continue;
    EXPECT_FALSE(rl.ok);
    EXPECT_EQ(rl.end - rl.start, Duration::minutes(2));
    ++failed;
  }
  EXPECT_GE(failed, 10);
  EXPECT_FALSE(r.sink.health.back().healthy);
  // NotReady at the first node-status update (every 10 s from 0) after the trip.
  ASSERT_FALSE(r.sink.node_ready.empty());
  const auto& nr = r.sink.node_ready.back();
  EXPECT_FALSE(nr.ready);
  std::int64_t tick = (u->at.ns / sec(10).ns + 1) * sec(10).ns;
  EXPECT_EQ(nr.at, Time{tick});
  EXPECT_EQ(nr.message.rfind("PLEG is not healthy: pleg was last seen active 3m", 0), 0u)
      << nr.message;
  EXPECT_EQ(r.summary().node_not_ready_transitions, 1u);
}

TEST(Health, TotalRuntimeHangTakesTheNodeDownThroughTheStatusCheckFirst) {
  // Every call from t=100 s hangs. The runtime status check (Status every 5 s, 2 ms)
  // last succeeded at 95.040 s (calls start at n x 5.002 s); "container runtime is
  // down" once 30 s have passed: from 125.040 s, seen by the node-status update at
  // 130 s. PLEG trips 3 min after the start of the last relist whose two list calls
  // both started before 100 s.
  SimRun r(quiet_yaml(5), {"faults=[{kind: hang, from: 100s}]"});
  r.run();
  ASSERT_FALSE(r.sink.node_ready.empty());
  const record::NodeReadyChanged* down = nullptr;
  for (const auto& n : r.sink.node_ready) {
    if (!n.ready && n.at > Time{}) {
      down = &n;
      break;
    }
  }
  ASSERT_NE(down, nullptr);
  EXPECT_EQ(down->at, Time{} + sec(130));
  EXPECT_EQ(down->message, "container runtime is down");
  Time last_ok{};
  for (Time s : quiet_relist_starts(sec(100))) {
    if (s + ms(10) < Time{} + sec(100)) last_ok = s;
  }
  const auto* u = first_unhealthy_after_healthy(r.sink);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->at, last_ok + Duration::minutes(3) + Duration{1});
  EXPECT_FALSE(r.sink.node_ready.back().ready);
}

TEST(Health, OneHungPodInEraBDoublesTheRelistAndFlapsTheNode) {
  // Pod 2's ContainerStatus hangs from 50 s; one of its containers dies at 60 s.
  // Relist R1 inspects it: 120 s at the deadline. R2 sees the same transition (the
  // record was not updated), inspects it in the per-pod loop and again in the
  // reinspection pass: >= 240 s. relistTime = R2's start, so PLEG is unhealthy from
  // R2.start + 3m + 1ns until R3 starts; then the cycle repeats (#94829).
  SimRun r(quiet_yaml(5, "1.11"),
           {"faults=[{kind: hang, op: ContainerStatus, pod: 2, from: 50s}]"});
  r.run_until(sec(60));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(2).at(0).id, cri::ContainerState::kExited, 1);
  r.run();
  std::vector<record::RelistFinished> long_ones;
  for (const auto& rl : r.sink.relists) {
    if (rl.end - rl.start >= Duration::minutes(2)) long_ones.push_back(rl);
  }
  ASSERT_GE(long_ones.size(), 3u);
  EXPECT_LT(long_ones[0].end - long_ones[0].start, Duration::minutes(3));
  EXPECT_EQ(long_ones[0].pods_inspected, 1);
  const auto& r2 = long_ones[1];
  EXPECT_GE(r2.end - r2.start, Duration::minutes(4));
  EXPECT_EQ(r2.pods_inspected, 2);  // the double inspection
  EXPECT_EQ(r2.inspection_errors, 2);
  const auto* u = first_unhealthy_after_healthy(r.sink);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->at, r2.start + Duration::minutes(3) + Duration{1});
  // Healthy again when R3 stores its relist time, 1 s after R2 returned plus GetPods.
  const auto& r3 = long_ones[2];
  bool recovered = false;
  for (const auto& h : r.sink.health) {
    if (h.healthy && h.at > u->at) {
      EXPECT_EQ(h.at, r3.start + ms(25));
      recovered = true;
      break;
    }
  }
  EXPECT_TRUE(recovered);
  EXPECT_EQ(r3.start, r2.end + sec(1));
  const auto& s = r.summary();
  EXPECT_GE(s.pleg_unhealthy_transitions, 5u);
  EXPECT_GE(s.node_not_ready_transitions, 5u);
}

TEST(Health, OneHungPodInEraEInspectsOnceAndStaysHealthy) {
  // The same fault on 1.33: one merged per-pod loop, so at most one 2 min inspection
  // per relist and the threshold is never crossed by this pod alone.
  SimRun r(quiet_yaml(5, "1.33"),
           {"faults=[{kind: hang, op: ContainerStatus, pod: 2, from: 50s}]"});
  r.run_until(sec(60));
  auto& store = r.sim->store();
  store.set_container_state(store.containers_of(2).at(0).id, cri::ContainerState::kExited, 1);
  r.run();
  Duration longest{};
  for (const auto& rl : r.sink.relists) {
    longest = std::max(longest, rl.end - rl.start);
    EXPECT_LE(rl.pods_inspected, 1 + (rl.start == Time{} ? 4 : 0));
  }
  EXPECT_GE(longest, Duration::minutes(2));
  EXPECT_LT(longest, Duration::minutes(3));
  EXPECT_EQ(r.summary().pleg_unhealthy_transitions, 0u);
  EXPECT_EQ(r.summary().node_not_ready_transitions, 0u);
}

}  // namespace
}  // namespace plegsim::testing
