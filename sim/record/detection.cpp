#include "sim/record/detection.h"

#include <algorithm>

namespace plegsim::record {
namespace {
// State codes as the store reports them (cri::ContainerState, cri::SandboxState).
constexpr std::uint8_t kContainerRunning = 1;
constexpr std::uint8_t kContainerExited = 2;
constexpr std::uint8_t kSandboxReady = 0;
constexpr std::uint8_t kSandboxNotReady = 1;
constexpr std::uint8_t kRemoved = 255;
}  // namespace

const char* to_string(DetectionOutcome o) {
  switch (o) {
    case DetectionOutcome::kDetected:
      return "detected";
    case DetectionOutcome::kSuperseded:
      return "superseded";
    case DetectionOutcome::kDropped:
      return "dropped";
    case DetectionOutcome::kPending:
      return "pending";
  }
  return "?";
}

bool tracked_change(const ContainerChanged& c) {
  if (c.state == kRemoved) return true;
  if (c.sandbox) return c.state == kSandboxReady || c.state == kSandboxNotReady;
  return c.state == kContainerRunning || c.state == kContainerExited;
}

EventType expected_event(const ContainerChanged& c) {
  if (c.state == kRemoved) return EventType::kContainerRemoved;
  bool started = c.sandbox ? c.state == kSandboxReady : c.state == kContainerRunning;
  return started ? EventType::kContainerStarted : EventType::kContainerDied;
}

void DetectionTracker::on(const ContainerChanged& o) {
  if (!tracked_change(o)) return;
  pending_[o.container].push_back(o);
  ++unresolved_;
}

void DetectionTracker::on(const EventDelivered& o) {
  resolve(o.container, o.type, o.at, DetectionOutcome::kDetected);
}

void DetectionTracker::on(const EventDropped& o) {
  resolve(o.container, o.type, o.at, DetectionOutcome::kDropped);
}

bool DetectionTracker::resolve(std::uint64_t container, EventType type, Time at,
                               DetectionOutcome outcome) {
  auto it = pending_.find(container);
  if (it == pending_.end()) return false;
  std::vector<ContainerChanged>& changes = it->second;
  auto match = std::find_if(changes.rbegin(), changes.rend(),
                            [&](const ContainerChanged& c) { return expected_event(c) == type; });
  if (match == changes.rend()) return false;
  auto last = match.base();  // one past the matched change
  for (auto c = changes.begin(); c != last - 1; ++c) {
    on_resolved_(Detection{*c, DetectionOutcome::kSuperseded, at});
  }
  on_resolved_(Detection{*(last - 1), outcome, at});
  unresolved_ -= static_cast<std::size_t>(last - changes.begin());
  changes.erase(changes.begin(), last);
  if (changes.empty()) pending_.erase(it);
  return true;
}

void DetectionTracker::finish(Time end) {
  // In change order, so a consumer sees a deterministic sequence.
  std::vector<ContainerChanged> rest;
  rest.reserve(unresolved_);
  for (const auto& [id, changes] : pending_)
    rest.insert(rest.end(), changes.begin(), changes.end());
  std::stable_sort(rest.begin(), rest.end(),
                   [](const ContainerChanged& a, const ContainerChanged& b) {
                     return a.at != b.at ? a.at < b.at : a.container < b.container;
                   });
  for (const auto& c : rest) on_resolved_(Detection{c, DetectionOutcome::kPending, end});
  pending_.clear();
  unresolved_ = 0;
}

}  // namespace plegsim::record
