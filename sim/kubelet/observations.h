// Typed observations the kubelet (and the simulation around it) emits; sinks in
// sim/record decide what to keep. Plain data only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/time.h"
#include "sim/kubelet/event_type.h"

namespace plegsim::kubelet {

using core::Duration;
using core::Time;

struct RelistStarted {
  Time start;
  std::optional<Duration> interval;  // observed at the start, when a relist time exists
};

struct RelistFinished {
  Time start;
  Time end;
  Duration get_pods;                 // time spent in GetPods (ListPodSandbox + ListContainers)
  std::optional<Duration> interval;  // the kubelet's relist interval metric, when observed
  bool ok = true;                    // GetPods succeeded
  std::int32_t sandboxes = 0;        // objects listed
  std::int32_t containers = 0;
  std::int32_t pods_with_events = 0;
  std::int32_t pods_inspected = 0;  // GetPodStatus calls (both passes)
  std::int32_t inspection_errors = 0;
  std::int32_t events_sent = 0;
  std::int32_t events_dropped = 0;
  // The running gauges a successful relist sets (1.16+): pods as the release counts
  // them (Profile::running_pods_rule: every listed pod in 1.16-1.19, pods with a
  // running sandbox otherwise), and containers by state (created, running, exited,
  // unknown).
  std::int32_t running_pods = 0;
  std::array<std::int32_t, 4> containers_by_state{};
};

struct HealthChanged {
  Time at;
  bool healthy;
  std::string message;   // the Healthy() error text when unhealthy
  bool startup = false;  // the state of a freshly started kubelet, not a transition
};

struct NodeReadyChanged {
  Time at;
  bool ready;
  std::string message;
  bool startup = false;  // the first status a freshly started kubelet posts
};

struct CriCallFinished {
  int op;  // models::Op
  Time start;
  Time end;
  std::uint8_t code;  // cri::Code; 0 = OK
};

// The CRI call just reported (the last CriCallFinished) as OK returned `code` to its
// caller instead: NotFound, the object gone by the time the call returned. The kubelet's
// instrumented service counts it as an error of that call.
struct CriCallAnswered {
  int op;  // models::Op
  Time end;
  std::uint8_t code;  // cri::Code, not OK
};

struct EventDelivered {
  Time at;
  std::int32_t pod;
  EventType type;
  std::uint64_t container;
};

struct EventDropped {
  Time at;
  std::int32_t pod;
  EventType type;
  std::uint64_t container;
};

// The Evented PLEG's stream: established (ok) or failed/broken (!ok).
struct EventedConnection {
  Time at;
  bool ok;
};

// The Evented PLEG received a CRI event created at `created_at`.
struct EventedEventReceived {
  Time at;
  Time created_at;
};

// The Evented PLEG moved the running-pods gauge by `delta` (+1/-1) from one event's
// status (updateRunningPodMetric); a successful generic relist sets it outright.
struct RunningPodCountChanged {
  Time at;
  std::int32_t delta;
};

// A container or sandbox changed state in the runtime (for detection latency).
struct ContainerChanged {
  Time at;
  std::int32_t pod;
  std::uint64_t container;
  std::uint8_t state;  // cri::ContainerState, or 255 when removed
  bool sandbox;
};

}  // namespace plegsim::kubelet
