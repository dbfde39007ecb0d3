// runtimeState (pkg/kubelet/runtime.go): the health checks and runtime-sync time the
// sync loop and node status consult through runtimeErrors(), and updateRuntimeUp,
// which refreshes the runtime-sync time from a CRI Status call every 5 s.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/generic_pleg.h"
#include "sim/kubelet/profile.h"

namespace plegsim::kubelet {

class RuntimeState {
 public:
  using HealthCheck = std::function<HealthResult()>;
  // The earliest time the check could fail if nothing else happened first; absent:
  // unknown (the check may fail at any moment).
  using FailureBound = std::function<std::optional<Time>()>;

  RuntimeState(core::Kernel& k, const Profile& profile) : k_(k), profile_(profile) {}

  // addHealthCheck: evaluated in registration order by runtime_errors().
  void add_health_check(std::string name, HealthCheck fn, FailureBound bound = {});
  // setRuntimeSync: the last successful runtime status check.
  void set_runtime_sync(Time t) { last_base_runtime_sync_ = t; }
  // runtimeErrors(): empty when the kubelet may sync pods and the node is Ready.
  std::vector<std::string> runtime_errors() const;
  // !runtime_errors().empty(), without building the messages (the sync loop asks this
  // on every turn).
  bool has_errors() const;
  // While has_errors() is false: a time before which it stays false unless something
  // moves a bound earlier (nothing in a kubelet does: relist and runtime-sync times only
  // advance). now() when some check cannot say.
  Time quiet_until() const;

 private:
  struct Check {
    std::string name;
    HealthCheck fn;
    FailureBound bound;
  };
  core::Kernel& k_;
  const Profile& profile_;
  std::vector<Check> checks_;
  std::optional<Time> last_base_runtime_sync_;
};

// updateRuntimeUp, run by wait.Until every profile.runtime_up_period.
class RuntimeUpdater {
 public:
  RuntimeUpdater(core::Kernel& k, cri::Runtime& rt, RuntimeState& state, const Profile& profile)
      : k_(k), rt_(rt), state_(state), profile_(profile) {}
  void start() { k_.spawn(loop()); }
  void stop() { stopped_ = true; }

 private:
  core::Task<void> loop();
  bool stopped_ = false;
  core::Kernel& k_;
  cri::Runtime& rt_;
  RuntimeState& state_;
  const Profile& profile_;
};

}  // namespace plegsim::kubelet
