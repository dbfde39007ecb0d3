#include "sim/cri/types.h"

#include <cstdio>

namespace plegsim::cri {

const char* to_string(ContainerState s) {
  switch (s) {
    case ContainerState::kCreated:
      return "created";
    case ContainerState::kRunning:
      return "running";
    case ContainerState::kExited:
      return "exited";
    case ContainerState::kUnknown:
      return "unknown";
  }
  return "?";
}

const char* to_string(SandboxState s) {
  switch (s) {
    case SandboxState::kReady:
      return "ready";
    case SandboxState::kNotReady:
      return "notready";
    case SandboxState::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(Code c) {
  switch (c) {
    case Code::kOk:
      return "OK";
    case Code::kDeadlineExceeded:
      return "DeadlineExceeded";
    case Code::kUnavailable:
      return "Unavailable";
    case Code::kNotFound:
      return "NotFound";
  }
  return "?";
}

std::string pod_name(PodUid uid) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "pod-%04d", uid);
  return buf;
}

std::string container_name(ContainerId id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "c%06llu", static_cast<unsigned long long>(id));
  return buf;
}

}  // namespace plegsim::cri
