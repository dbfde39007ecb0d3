// Evented PLEG (pleg-spec.md §6): events from the runtime's stream, the generic PLEG at
// 300 s / 10 min, forced relists on stream failures and the fallback after five.
#include <gtest/gtest.h>

#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

std::vector<std::string> evented(const std::string& version = "1.27") {
  return {"kubelet.version=" + version, "kubelet.featureGates.EventedPLEG=true",
          "runtime.latency.GetContainerEvents={base: 2ms}"};
}

TEST(EventedPleg, GenericRelistsEvery300sAndEventsComeFromTheStream) {
  SimRun r(quiet_yaml(3), evented());
  r.run_until(sec(60));
  auto& store = r.sim->store();
  auto cid = store.containers_of(1).at(0).id;
  store.set_container_state(cid, cri::ContainerState::kExited, 1);
  Time died = r.sim->kernel().now();
  r.run();
  // The generic PLEG: at 0 s, then 300 s after each one returned.
  ASSERT_GE(r.sink.relists.size(), 5u);
  for (std::size_t i = 1; i < r.sink.relists.size(); ++i) {
    EXPECT_EQ(r.sink.relists[i].start - r.sink.relists[i - 1].end, sec(300));
  }
  // The death arrives over the stream 2 ms later. The generic relist at 300 s sees it
  // too (its records are its own) and, its cache write being newer, sends it again.
  std::vector<Time> seen;
  for (const auto& e : r.sink.delivered) {
    if (e.container == cid && e.type == kubelet::EventType::kContainerDied) seen.push_back(e.at);
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], died + ms(2));
  EXPECT_EQ(seen[1], r.sink.relists[1].start + ms(25) + ms(10 + 4));
  EXPECT_EQ(r.sim->kubelet().evented()->connection_successes(), 1u);
  EXPECT_TRUE(r.sim->kubelet().evented()->in_use());
}

TEST(EventedPleg, ThresholdIsTenMinutesWhileInUse) {
  // ListPodSandbox hangs from 30 s: the generic relist at 300 s fails; with a 10 min
  // threshold from its start at 0 s the PLEG trips at 10 min + 1 ns, not at 3 min.
  auto o = evented();
  o.push_back("faults=[{kind: hang, op: ListPodSandbox, from: 30s}]");
  SimRun r(quiet_yaml(3), o);
  r.run();
  const record::HealthChanged* trip = nullptr;
  for (const auto& h : r.sink.health) {
    if (!h.healthy && !h.startup) trip = &h;
  }
  ASSERT_NE(trip, nullptr);
  EXPECT_EQ(trip->at, Time{} + Duration::minutes(10) + Duration{1});
  EXPECT_EQ(trip->message, "pleg was last seen active 10m0.000000001s ago; threshold is 10m0s");
}

TEST(EventedPleg, FiveStreamFailuresFallBackToTheGenericPleg) {
  // Every stream (re)connect fails from 60 s to 5 min: the established stream breaks at
  // 60 s, each failure forces a generic relist, and after the fifth the kubelet
  // restarts the generic PLEG at 1 s / 3 min (its first relist immediately).
  auto o = evented();
  o.push_back(
      "faults=[{kind: errors, op: GetContainerEvents, probability: 1, from: 60s, "
      "until: 5m}]");
  SimRun r(quiet_yaml(3), o);
  r.run();
  auto* ev = r.sim->kubelet().evented();
  EXPECT_EQ(ev->connection_errors(), 5u);
  EXPECT_TRUE(ev->fell_back());
  EXPECT_FALSE(ev->in_use());
  // Forced relists at 60 s and then back to back; afterwards relists 1 s apart.
  std::vector<Time> starts;
  for (const auto& rl : r.sink.relists) starts.push_back(rl.start);
  ASSERT_GT(starts.size(), 100u);
  EXPECT_EQ(starts[1], Time{} + sec(60));
  for (std::size_t i = 10; i < r.sink.relists.size(); ++i) {
    EXPECT_EQ(r.sink.relists[i].start - r.sink.relists[i - 1].end, sec(1)) << i;
  }
  EXPECT_EQ(r.sim->pleg().relist_threshold(), Duration::minutes(3));
}

TEST(EventedPleg, FallbackShrinksTheThresholdAndCanTripAtOnce) {
  // The runtime restarts at 20 min for 1 min: the stream breaks, five reconnects fail at
  // once (each forced relist fails too), and the kubelet falls back: Update() sets the
  // 3 min threshold while the last successful relist started up to 300 s ago. PLEG is
  // unhealthy at that very instant, until a relist succeeds after the restart.
  auto o = evented();
  o.push_back("faults=[{kind: runtimeRestart, from: 20m, for: 1m}]");
  SimRun r(quiet_yaml(3), o);
  r.run();
  EXPECT_TRUE(r.sim->kubelet().evented()->fell_back());
  const record::HealthChanged* trip = nullptr;
  const record::HealthChanged* back = nullptr;
  for (const auto& h : r.sink.health) {
    if (!h.healthy && !h.startup && trip == nullptr) trip = &h;
    if (h.healthy && trip != nullptr && back == nullptr) back = &h;
  }
  ASSERT_NE(trip, nullptr);
  EXPECT_EQ(trip->at, Time{} + Duration::minutes(20));
  EXPECT_NE(trip->message.find("threshold is 3m0s"), std::string::npos);
  ASSERT_NE(back, nullptr);
  EXPECT_GE(back->at, Time{} + Duration::minutes(21));
  EXPECT_LT(back->at, Time{} + Duration::minutes(21) + sec(2));
}

TEST(EventedPleg, TheGateDoesNotExistBefore126) {
  EXPECT_THROW(SimRun(quiet_yaml(1), evented("1.25")), run::BuildError);
  EXPECT_NO_THROW(SimRun(quiet_yaml(1), evented("1.26")));
}

TEST(EventedPleg, AStartUpBurstThatFillsTheChannelNeverDrains) {
  // 3 pods = 9 ContainerStarted at the first relist, into a 5-event channel. The full
  // channel makes EventedPLEG unhealthy, so the sync loop skips and never drains it:
  // NotReady from start-up on. (A property of the upstream design, not of plegsim.)
  auto o = evented();
  o.push_back("kubelet.eventChannelCapacity=5");
  SimRun r(quiet_yaml(3), o);
  r.run();
  ASSERT_EQ(r.sink.node_ready.size(), 1u);
  EXPECT_FALSE(r.sink.node_ready[0].ready);
  EXPECT_EQ(r.sim->event_channel().size(), 5u);
  auto errs = r.sim->kubelet().runtime_state().runtime_errors();
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "EventedPLEG is not healthy: EventedPLEG: pleg event channel capacity is full with 5 "
            "events");
}

TEST(EventedPleg, FullChannelIsItsOwnHealthCheck) {
  auto o = evented();
  for (const char* x : {"workload.crashRate=60/h", "kubelet.eventChannelCapacity=20",
                        "faults=[{kind: consumerStall, from: 30s}]"}) {
    o.push_back(x);
  }
  SimRun r(quiet_yaml(3), o);
  r.run();
  const auto& nr = r.sink.node_ready.back();
  EXPECT_FALSE(nr.ready);
  EXPECT_NE(nr.message.find("EventedPLEG is not healthy: EventedPLEG: pleg event channel capacity "
                            "is full with 20 events"),
            std::string::npos)
      << nr.message;
  EXPECT_GT(r.summary().events_discarded, 0u);
}

// 1.37 (#139262): the Evented PLEG is only a fast path for unexpected terminations.

Time died_seen_at(const SimRun& r, cri::ContainerId cid) {
  for (const auto& e : r.sink.delivered) {
    if (e.container == cid && e.type == kubelet::EventType::kContainerDied) return e.at;
  }
  return Time{};
}

// Runs to `at`, stops pod 1's first container with `exit_code`, runs to the end: the
// container and when it stopped.
std::pair<cri::ContainerId, Time> stop_and_run(SimRun& r, Duration at, int exit_code) {
  r.run_until(at);
  auto& store = r.sim->store();
  auto cid = store.containers_of(1).at(0).id;
  store.set_container_state(cid, cri::ContainerState::kExited, exit_code);
  const Time died = r.sim->kernel().now();
  r.run();
  return {cid, died};
}

std::size_t died_events(const SimRun& r, cri::ContainerId cid) {
  std::size_t n = 0;
  for (const auto& e : r.sink.delivered) {
    n += e.container == cid && e.type == kubelet::EventType::kContainerDied;
  }
  return n;
}

TEST(EventedPleg137, GenericKeepsItsCadenceAndACrashIsRelistedAtOnce) {
  // The generic PLEG relists 1 s after each relist returned, as without the gate. A
  // container dying with exit code 1 at 60.5 s reaches the kubelet 2 ms later as a
  // STOPPED event: the pod is relisted on its own (GetPod + GetPodStatus) and the
  // ContainerDied event comes from that relist, once, long before the next global one.
  SimRun r(quiet_yaml(3, "1.37"), evented("1.37"));
  const auto [cid, died] = stop_and_run(r, ms(60500), 1);
  // One worker serves both: the global relist that fell due while the pod was being
  // relisted starts when that relist returns (workerLoopIteration), a little late.
  std::size_t late = 0;
  for (std::size_t i = 1; i < r.sink.relists.size(); ++i) {
    const Duration gap = r.sink.relists[i].start - r.sink.relists[i - 1].end;
    EXPECT_GE(gap, sec(1)) << i;
    EXPECT_LT(gap, sec(1) + ms(100)) << i;
    late += gap != sec(1);
  }
  EXPECT_LE(late, 1u);
  EXPECT_EQ(r.sim->kubelet().evented()->relists_requested(), 1u);
  EXPECT_GE(r.sim->pleg().pod_relists(), 1u);
  EXPECT_EQ(died_events(r, cid), 1u);
  const Time seen = died_seen_at(r, cid);
  EXPECT_GT(seen, died + ms(2));
  EXPECT_LT(seen, died + ms(500));
  EXPECT_EQ(r.sim->pleg().relist_threshold(), Duration::minutes(3));
}

TEST(EventedPleg137, ACleanExitWaitsForTheGlobalRelist) {
  // Exit code 0 is not unexpected: no relist request; the next global relist (up to
  // 1 s + 25 ms later) finds the death.
  SimRun r(quiet_yaml(3, "1.37"), evented("1.37"));
  const auto [cid, died] = stop_and_run(r, ms(60500), 0);
  EXPECT_EQ(r.sim->kubelet().evented()->relists_requested(), 0u);
  EXPECT_EQ(died_events(r, cid), 1u);
  Time next_global{};
  for (const auto& rl : r.sink.relists) {
    if (rl.start > died) {
      next_global = rl.start;
      break;
    }
  }
  ASSERT_NE(next_global, Time{});
  EXPECT_GT(died_seen_at(r, cid), next_global);
}

TEST(EventedPleg137, ThresholdStaysThreeMinutes) {
  // ListPodSandbox hangs from 30 s: with the generic PLEG's own 3 min threshold the node
  // trips 3 min after the last relist that listed, not 10 min.
  auto o = evented("1.37");
  o.push_back("faults=[{kind: hang, op: ListPodSandbox, from: 30s}]");
  SimRun r(quiet_yaml(3, "1.37"), o);
  r.run();
  const record::HealthChanged* trip = nullptr;
  for (const auto& h : r.sink.health) {
    if (!h.healthy && !h.startup) trip = &h;
  }
  ASSERT_NE(trip, nullptr);
  EXPECT_LT(trip->at, Time{} + sec(30) + Duration::minutes(3) + Duration{1});
  EXPECT_GT(trip->at, Time{} + sec(28) + Duration::minutes(3));
  EXPECT_NE(trip->message.find("threshold is 3m0s"), std::string::npos) << trip->message;
}

TEST(EventedPleg137, StreamFailuresSwitchOffOnlyTheFastPath) {
  // Five failed reconnects switch the fast path off; no relist is forced and the
  // generic PLEG's cadence never changes.
  auto o = evented("1.37");
  o.push_back(
      "faults=[{kind: errors, op: GetContainerEvents, probability: 1, from: 60s, "
      "until: 5m}]");
  SimRun r(quiet_yaml(3, "1.37"), o);
  r.run();
  auto* ev = r.sim->kubelet().evented();
  EXPECT_EQ(ev->connection_errors(), 5u);
  EXPECT_TRUE(ev->fell_back());
  EXPECT_FALSE(ev->in_use());
  for (std::size_t i = 1; i < r.sink.relists.size(); ++i) {
    EXPECT_EQ(r.sink.relists[i].start - r.sink.relists[i - 1].end, sec(1)) << i;
  }
  // After the switch-off a crash waits for the global relist.
  EXPECT_EQ(ev->relists_requested(), 0u);
}

TEST(EventedPleg137, AFullChannelIsNoLongerItsHealthCheck) {
  // The 1.27 start-up burst that kept the node NotReady forever (above): from 1.37 the
  // Evented PLEG is always healthy, the generic PLEG drops what does not fit (1.14+)
  // and the node becomes Ready.
  auto o = evented("1.37");
  o.push_back("kubelet.eventChannelCapacity=5");
  SimRun r(quiet_yaml(3, "1.37"), o);
  r.run();
  ASSERT_FALSE(r.sink.node_ready.empty());
  EXPECT_TRUE(r.sink.node_ready.back().ready);
  EXPECT_TRUE(r.sim->kubelet().evented()->healthy().ok);
}

}  // namespace
}  // namespace plegsim::testing
