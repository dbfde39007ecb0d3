// Shorthands for the step-API tests, so a port of a pkg/kubelet/pleg test reads like the
// original: pods built from (id, state) pairs, events compared as unordered sets the way
// verifyEvents sorts them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "sim/step/pleg_harness.h"

namespace plegsim::kubelet {
// gtest prints events in failure messages as {pod, type, container}.
inline void PrintTo(const PodLifecycleEvent& e, std::ostream* os) {
  *os << "{" << e.id << ", " << kubelet::to_string(e.type) << ", " << e.data << "}";
}
}  // namespace plegsim::kubelet

namespace plegsim::step::testing {

using core::Duration;
using Event = kubelet::PodLifecycleEvent;
using Events = std::vector<Event>;

inline constexpr auto kStarted = record::EventType::kContainerStarted;
inline constexpr auto kDied = record::EventType::kContainerDied;
inline constexpr auto kRemoved = record::EventType::kContainerRemoved;
inline constexpr auto kPodSync = record::EventType::kPodSync;

inline constexpr auto kCreated = cri::ContainerState::kCreated;
inline constexpr auto kRunning = cri::ContainerState::kRunning;
inline constexpr auto kExited = cri::ContainerState::kExited;
inline constexpr auto kUnknown = cri::ContainerState::kUnknown;
inline constexpr auto kReady = cri::SandboxState::kReady;
inline constexpr auto kNotReady = cri::SandboxState::kNotReady;
inline constexpr auto kUnknownSb = cri::SandboxState::kUnknown;

// Container ids named like the kubelet's tests: c1 .. c4, plus an infra container.
inline constexpr cri::ContainerId c0 = 100, c1 = 1, c2 = 2, c3 = 3, c4 = 4, kInfra = 50,
                                  kTransient = 51;

inline ScriptedPod pod(PodUid uid, std::vector<ScriptedContainer> containers,
                       std::vector<ScriptedSandbox> sandboxes = {}) {
  return ScriptedPod{uid, std::move(containers), std::move(sandboxes)};
}

// verifyEvents: the order across pods is random, so compare sorted.
inline Events sorted(Events v) {
  std::sort(v.begin(), v.end(), [](const Event& a, const Event& b) {
    return std::tie(a.id, a.data, a.type) < std::tie(b.id, b.data, b.type);
  });
  return v;
}

// Releases spanning every era that has a GenericPleg worth porting tests to.
inline std::vector<std::string> all_releases() {
  return {"1.6", "1.11", "1.14", "1.28", "1.33", "1.36"};
}

inline std::string release_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = "v" + info.param;
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

}  // namespace plegsim::step::testing
