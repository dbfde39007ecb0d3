// CRI data as the simulated runtime stores and returns it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/time.h"

namespace plegsim::cri {

using core::Duration;
using core::Time;

// A pod's UID, as a dense index (pod-0007 is 7).
using PodUid = std::int32_t;
// A sandbox or container id; ids are never reused.
using ContainerId = std::uint64_t;

enum class ContainerState : std::uint8_t { kCreated, kRunning, kExited, kUnknown };
// The CRI defines READY and NOTREADY only; kUnknown stands for any other value, which
// the kubelet's SandboxToContainerState maps to the unknown state (upstream's PLEG tests
// list such sandboxes). The simulated runtime never reports it.
enum class SandboxState : std::uint8_t { kReady, kNotReady, kUnknown };

const char* to_string(ContainerState s);
const char* to_string(SandboxState s);
std::string pod_name(PodUid uid);
std::string container_name(ContainerId id);

struct SandboxView {
  ContainerId id = 0;
  PodUid pod = 0;
  SandboxState state = SandboxState::kReady;
  Time created{};
  // PodSandboxStatus's network status (ip, then additional_ips); the simulated runtime
  // models no addresses and leaves it empty.
  std::vector<std::string> ips;
};

struct ContainerView {
  ContainerId id = 0;
  PodUid pod = 0;
  ContainerState state = ContainerState::kCreated;
  // ContainerStatus.Reason == "OOMKilled", the one reason the kubelet's PLEG reads (1.37+
  // Evented PLEG). The simulated runtime kills nothing for memory; scripted runtimes set it.
  bool oom_killed = false;
  Time created{};
  int slot = 0;  // which app container of the pod (its name)
  int exit_code = 0;
};

// gRPC-like status codes the kubelet can see.
enum class Code : std::uint8_t { kOk, kDeadlineExceeded, kUnavailable, kNotFound };
const char* to_string(Code c);

struct Status {
  Code code = Code::kOk;
  bool ok() const { return code == Code::kOk; }
};

template <class T>
struct Result {
  Status status;
  T value{};
  bool ok() const { return status.ok(); }
};

}  // namespace plegsim::cri
