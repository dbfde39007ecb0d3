// Runtime and kubelet restarts, and faults composing (pleg-spec.md §4, issue 3).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

TEST(RuntimeRestart, FailsTheHungCallsAndTheNodeRecovers) {
  // Every call hangs in [100 s, 200 s); the runtime restarts at 200 s and refuses calls
  // until 205 s. The relist stuck in ListPodSandbox since just after 100 s fails at
  // 200 s (before its 2 min deadline); relists in [200 s, 205 s) fail at once; the next
  // one succeeds. PLEG never trips (3 min not reached). The runtime status check hung
  // too: "container runtime is down" from the 130 s update until the 210 s one, after
  // the Status call at 205 s succeeded.
  SimRun r(quiet_yaml(5), {"faults=[{kind: hang, from: 100s, until: 200s}, "
                           "{kind: runtimeRestart, from: 200s, for: 5s}]"});
  r.run();
  const record::RelistFinished* hung = nullptr;
  int refused = 0;
  for (const auto& rl : r.sink.relists) {
    if (!rl.ok && rl.end == Time{} + sec(200)) hung = &rl;
    if (!rl.ok && rl.start >= Time{} + sec(200)) {
      EXPECT_LT(rl.start, Time{} + sec(205));
      EXPECT_EQ(rl.end, rl.start);
      ++refused;
    }
  }
  ASSERT_NE(hung, nullptr);
  EXPECT_GT(hung->start, Time{} + sec(99));
  EXPECT_LT(hung->end - hung->start, Duration::minutes(2));
  EXPECT_EQ(refused, 4);  // at 200 s + 1 s, 2 s, 3 s, 4 s
  EXPECT_EQ(r.summary().pleg_unhealthy_transitions, 0u);
  ASSERT_GE(r.sink.node_ready.size(), 3u);
  const auto& down = r.sink.node_ready[r.sink.node_ready.size() - 2];
  const auto& up = r.sink.node_ready.back();
  EXPECT_FALSE(down.ready);
  EXPECT_EQ(down.at, Time{} + sec(130));
  EXPECT_TRUE(up.ready);
  EXPECT_EQ(up.at, Time{} + sec(210));
}

TEST(KubeletRestart, StartsOverWithEmptyPodRecords) {
  // At 100 s a new kubelet starts: its first relist runs at once and sees every pod as
  // new, inspecting all five; the old PLEG says nothing more.
  SimRun r(quiet_yaml(5), {"faults=[{kind: kubeletRestart, from: 100s}]"});
  r.run();
  EXPECT_EQ(r.sim->kubelet_starts(), 2u);
  int full = 0;
  for (const auto& rl : r.sink.relists) {
    if (rl.pods_inspected == 5) {
      ++full;
      EXPECT_TRUE(rl.start == Time{} || rl.start == Time{} + sec(100));
    }
  }
  EXPECT_EQ(full, 2);
  // The restart's start-up dip is not a transition.
  EXPECT_EQ(r.summary().pleg_unhealthy_transitions, 0u);
  EXPECT_EQ(r.summary().node_not_ready_transitions, 0u);
  // After the restart the relists tick on from 100 s: 100 s + 250 ms + k x 1.025 s.
  Time prev{};
  for (const auto& rl : r.sink.relists) {
    if (rl.start <= Time{} + sec(100)) continue;
    if (prev > Time{}) {
      EXPECT_EQ(rl.start - prev, sec(1) + ms(25));
    }
    prev = rl.start;
  }
}

TEST(Faults, ComposeWhereTheyDoNotInteract) {
  // A: pod 2's ContainerStatus hangs in [50 s, 5 m) and its container dies at 60 s.
  // B: the runtime stalls for 30 s at 20 m. Together, the run is A's until B starts,
  // and after A has settled its relists last what B's do.
  const std::string a = "{kind: hang, op: ContainerStatus, pod: 2, from: 50s, until: 5m}";
  const std::string b = "{kind: stall, from: 20m, for: 30s}";
  auto run = [](const std::string& faults) {
    auto r = std::make_unique<SimRun>(quiet_yaml(5, "1.33"),
                                      std::vector<std::string>{"faults=[" + faults + "]"});
    r->run_until(sec(60));
    auto& store = r->sim->store();
    store.set_container_state(store.containers_of(2).at(0).id, cri::ContainerState::kExited, 1);
    r->run();
    return r;
  };
  auto ra = run(a), rb = run(b), rab = run(a + ", " + b);
  std::vector<record::RelistFinished> a_before, ab_before;
  for (const auto& rl : ra->sink.relists) {
    if (rl.end < Time{} + Duration::minutes(20)) a_before.push_back(rl);
  }
  for (const auto& rl : rab->sink.relists) {
    if (rl.end < Time{} + Duration::minutes(20)) ab_before.push_back(rl);
  }
  ASSERT_EQ(a_before.size(), ab_before.size());
  for (std::size_t i = 0; i < a_before.size(); ++i) {
    EXPECT_EQ(a_before[i].start, ab_before[i].start);
    EXPECT_EQ(a_before[i].end, ab_before[i].end);
  }
  // After 10 min both runs relist a settled node: 25 ms each, except the relist the
  // stall catches. The stall only delays service, so that relist ends at the stall's
  // end plus the part of its 25 ms not served before the stall began — whatever its
  // phase, which differs between the runs.
  for (const auto* r : {rb.get(), rab.get()}) {
    int caught = 0;
    for (const auto& rl : r->sink.relists) {
      if (rl.start < Time{} + Duration::minutes(10)) continue;
      Time stall_from = Time{} + Duration::minutes(20), stall_to = stall_from + sec(30);
      if (rl.end <= stall_from || rl.start >= stall_to) {
        EXPECT_EQ(rl.end - rl.start, ms(25));
        continue;
      }
      ++caught;
      Duration served = std::max(Duration{}, stall_from - rl.start);
      EXPECT_EQ(rl.end, stall_to + (ms(25) - served));
    }
    EXPECT_EQ(caught, 1);
  }
}

}  // namespace
}  // namespace plegsim::testing
