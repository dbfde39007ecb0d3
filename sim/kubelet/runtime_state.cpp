#include "sim/kubelet/runtime_state.h"

#include <algorithm>

namespace plegsim::kubelet {

void RuntimeState::add_health_check(std::string name, HealthCheck fn, FailureBound bound) {
  checks_.push_back({std::move(name), std::move(fn), std::move(bound)});
}

Time RuntimeState::quiet_until() const {
  Time now = k_.now();
  if (!last_base_runtime_sync_) return now;
  // "container runtime is down" once lastBaseRuntimeSync + 30 s is not after now.
  Time until = *last_base_runtime_sync_ + profile_.base_runtime_sync_threshold;
  for (const auto& c : checks_) {
    std::optional<Time> b = c.bound ? c.bound() : std::nullopt;
    if (!b) return now;
    until = std::min(until, *b);
  }
  return std::max(until, now);
}

std::vector<std::string> RuntimeState::runtime_errors() const {
  std::vector<std::string> errs;
  Time now = k_.now();
  if (!last_base_runtime_sync_ && profile_.runtime_status_not_completed_message) {
    errs.emplace_back("container runtime status check may not have completed yet");
  } else if (!last_base_runtime_sync_ ||
             !(*last_base_runtime_sync_ + profile_.base_runtime_sync_threshold > now)) {
    errs.emplace_back("container runtime is down");
  }
  for (const auto& c : checks_) {
    HealthResult h = c.fn();
    if (!h.ok) errs.push_back(c.name + " is not healthy: " + h.message);
  }
  return errs;
}

bool RuntimeState::has_errors() const {
  if (!last_base_runtime_sync_ ||
      !(*last_base_runtime_sync_ + profile_.base_runtime_sync_threshold > k_.now())) {
    return true;
  }
  for (const auto& c : checks_) {
    if (!c.fn().ok) return true;
  }
  return false;
}

core::Task<void> RuntimeUpdater::loop() {
  while (!stopped_) {
    auto st = co_await rt_.status();
    if (stopped_) co_return;
    if (st.ok()) state_.set_runtime_sync(k_.now());
    co_await k_.sleep(profile_.runtime_up_period);
  }
}

}  // namespace plegsim::kubelet
