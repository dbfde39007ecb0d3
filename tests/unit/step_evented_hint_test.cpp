// pkg/kubelet/pleg/evented_test.go as of 1.37 (#139262: the Evented PLEG only hints
// unexpected terminations to the generic PLEG) through the step API's EventedHarness.
// Upstream drives the Evented PLEG against a fake generic PLEG that records what it is
// asked; here the generic PLEG is the real one, never started, and what reached it is
// read back: queued relist requests, pods to reinspect, finished relists, its channel.
#include "sim/step/evented_harness.h"
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

constexpr PodUid kPod1 = 1;
constexpr PodUid kPod2 = 2;
constexpr cri::ContainerId kContainer1 = 11;
constexpr cri::ContainerId kContainer2 = 12;
constexpr cri::ContainerId kSandbox = 10;

EventedHarness hint_harness() {
  EventedHarnessOptions o;
  o.version = "1.37";
  return EventedHarness(o);
}

// A container status as the runtime reports it in an event (metadata name = slot).
cri::ContainerView status(cri::ContainerId id, cri::ContainerState state, int exit_code,
                          int slot = 0, bool oom_killed = false) {
  cri::ContainerView v;
  v.id = id;
  v.pod = kPod1;
  v.state = state;
  v.exit_code = exit_code;
  v.slot = slot;
  v.oom_killed = oom_killed;
  return v;
}

// newContainerEvent(pod1, container, type, statuses...): the sandbox's metadata carries
// the pod's uid.
cri::ContainerEvent event(cri::ContainerId id, cri::ContainerEventType type,
                          std::vector<cri::ContainerView> statuses) {
  cri::ContainerEvent e;
  e.id = id;
  e.pod = kPod1;
  e.type = type;
  e.sandbox_status = cri::SandboxView{kSandbox, kPod1, kReady, Time{}, {}};
  e.containers_statuses = std::move(statuses);
  return e;
}

constexpr auto kStoppedEvent = cri::ContainerEventType::kStopped;
constexpr auto kStartedEvent = cri::ContainerEventType::kStarted;
constexpr auto kDeletedEvent = cri::ContainerEventType::kDeleted;

// TestHealthyEventedPLEG (1.37): healthy, no error, whatever the channel holds ("an
// auxiliary accelerator").
TEST(StepEventedHint, HealthyEventedPLEG) {
  EventedHarness h = hint_harness();
  auto r = h.healthy();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.message, "");
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(h.push_event({i, kStarted, static_cast<cri::ContainerId>(i)}));
  }
  EXPECT_TRUE(h.healthy().ok);  // 1.36's would be unhealthy with 100 of 100 buffered
}

// TestProcessCRIEventsRequestsRelistOnlyForUnexpectedTermination: each case alone; the
// relist requests are exactly `want`, nothing is queued for reinspection, no relist runs
// and no PLEG event is sent directly.
struct TerminationCase {
  const char* name;
  cri::ContainerEvent event;
  std::vector<PodUid> want;
};

std::vector<TerminationCase> termination_cases() {
  std::vector<TerminationCase> c;
  c.push_back({"stopped non-zero exit requests relist",
               event(kContainer1, kStoppedEvent, {status(kContainer1, kExited, 2)}),
               {kPod1}});
  c.push_back({"stopped OOMKilled requests relist",
               event(kContainer1, kStoppedEvent, {status(kContainer1, kExited, 0, 0, true)}),
               {kPod1}});
  c.push_back({"stopped clean exit waits for generic relist",
               event(kContainer1, kStoppedEvent, {status(kContainer1, kExited, 0)}),
               {}});
  c.push_back({"started event waits for generic relist",
               event(kContainer1, kStartedEvent, {status(kContainer1, kRunning, 2)}),
               {}});
  c.push_back({"deleted event waits for generic relist",
               event(kContainer1, kDeletedEvent, {status(kContainer1, kExited, 2)}),
               {}});
  c.push_back({"missing matching container status waits for generic relist",
               event(kContainer1, kStoppedEvent, {status(kContainer2, kExited, 2)}),
               {}});
  // Both instances are named c1 (slot 1): only the event's own container counts.
  c.push_back({"same container name unexpected non-event instance waits for generic relist",
               event(kContainer2, kStoppedEvent,
                     {status(kContainer1, kExited, 2, 1), status(kContainer2, kExited, 0, 1)}),
               {}});
  c.push_back({"same container name unexpected event instance requests relist",
               event(kContainer1, kStoppedEvent,
                     {status(kContainer1, kExited, 2, 1), status(kContainer2, kRunning, 0, 1)}),
               {kPod1}});
  cri::ContainerEvent no_sandbox =
      event(kContainer1, kStoppedEvent, {status(kContainer1, kExited, 2)});
  no_sandbox.sandbox_status.reset();
  c.push_back({"missing sandbox metadata waits for generic relist", no_sandbox, {}});
  return c;
}

TEST(StepEventedHint, ProcessCRIEventsRequestsRelistOnlyForUnexpectedTermination) {
  for (const TerminationCase& tc : termination_cases()) {
    SCOPED_TRACE(tc.name);
    EventedHarness h = hint_harness();
    h.process_event(tc.event);
    EXPECT_EQ(h.queued_relist_requests(), tc.want);
    EXPECT_EQ(h.generic().pleg().pods_to_reinspect(), 0u);
    EXPECT_EQ(h.relists(), 0u);
    EXPECT_TRUE(h.drain_events().empty()) << "the Evented PLEG sent a PLEG event directly";
    EXPECT_EQ(h.cache_entry(kPod1), nullptr) << "the Evented PLEG wrote the cache";
  }
}

// TestEventedPLEGDelegatesToGenericPLEG: Watch() is the generic PLEG's channel; Relist,
// RequestRelist and RequestReinspect reach it.
TEST(StepEventedHint, EventedPLEGDelegatesToGenericPLEG) {
  EventedHarness h = hint_harness();
  EXPECT_EQ(&h.pleg().watch(), &h.generic().channel());

  EXPECT_TRUE(h.relist().completed);
  EXPECT_EQ(h.relists(), 1u);

  h.request_relist(kPod1);
  EXPECT_EQ(h.queued_relist_requests(), (std::vector<PodUid>{kPod1}));

  h.request_reinspect(kPod2);
  EXPECT_TRUE(h.is_pod_to_reinspect(kPod2));
  EXPECT_EQ(h.generic().pleg().pods_to_reinspect(), 1u);
}

// The same events at 1.36, before #139262: the Evented PLEG writes the cache and sends
// the event itself, and asks for no relist.
TEST(StepEventedHint, Release136WritesTheCacheInstead) {
  EventedHarnessOptions o;
  o.version = "1.36";
  EventedHarness h(o);
  h.process_event(event(kContainer1, kStoppedEvent, {status(kContainer1, kExited, 2)}));
  EXPECT_TRUE(h.queued_relist_requests().empty());
  EXPECT_NE(h.cache_entry(kPod1), nullptr);
  EXPECT_EQ(h.drain_events(), (Events{{kPod1, kDied, kContainer1}}));
}

}  // namespace
}  // namespace plegsim::step::testing
