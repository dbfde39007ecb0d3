// Detection latency: how long after a container (or sandbox) changed state in the runtime
// the PLEG delivered the matching event. Definitions are in docs/output.md.
//
// A tracked change is one to running (sandbox: READY), exited (sandbox: NOTREADY) or
// removed; it is matched by container id to ContainerStarted, ContainerDied and
// ContainerRemoved respectively. Changes to created/unknown have no event and are not
// tracked. Each change ends in exactly one outcome:
//   detected    the matching event was delivered;
//   superseded  a later change of the same container was matched first, so this one
//               was never reported on its own;
//   dropped     the matching event was discarded (channel full);
//   pending     still unmatched when the run ended.
// Memory is bounded by the number of unresolved changes.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "sim/record/sink.h"

namespace plegsim::record {

enum class DetectionOutcome : std::uint8_t { kDetected, kSuperseded, kDropped, kPending };
const char* to_string(DetectionOutcome o);

// The fate of one tracked change.
struct Detection {
  ContainerChanged change;
  DetectionOutcome outcome;
  Time resolved_at;  // delivery/drop/supersession time; the end time for kPending
  Duration latency() const { return resolved_at - change.at; }
};

class DetectionTracker {
 public:
  using Callback = std::function<void(const Detection&)>;
  explicit DetectionTracker(Callback on_resolved) : on_resolved_(std::move(on_resolved)) {}

  void on(const ContainerChanged& o);
  void on(const EventDelivered& o);
  void on(const EventDropped& o);
  // Resolves every remaining change as kPending at `end`.
  void finish(Time end);

  std::size_t unresolved() const { return unresolved_; }

 private:
  // Resolves the newest pending change of `container` that `type` matches, and every
  // older pending change of it as superseded. False when nothing matched.
  bool resolve(std::uint64_t container, EventType type, Time at, DetectionOutcome outcome);

  Callback on_resolved_;
  std::unordered_map<std::uint64_t, std::vector<ContainerChanged>> pending_;
  std::size_t unresolved_ = 0;
};

// The PLEG event type a change to `state` produces, if any (255 = removed).
bool tracked_change(const ContainerChanged& c);
EventType expected_event(const ContainerChanged& c);

}  // namespace plegsim::record
