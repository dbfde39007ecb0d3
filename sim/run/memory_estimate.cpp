#include "sim/run/memory_estimate.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/run/simulation.h"

namespace plegsim::run {

std::uint64_t estimated_peak_bytes(const scenario::Scenario& s) {
  constexpr std::uint64_t kBase = std::uint64_t{16} << 20;
  constexpr std::uint64_t kPerPod = 3 << 10;  // 2 x the measured 1.5 KiB
  // 3 x the measured 0.9 KiB: churn (exits, restarts, records) adds to the live set.
  constexpr std::uint64_t kPerContainer = 3 << 10;
  double hours = s.duration.seconds_f() / 3600.0;
  // Pods present at the start plus every pod the run may create, at start-up or by
  // churn (deletions ignored).
  double pods = s.node.pods + s.workload.startup.pods + s.workload.pod_create_rate.per_hour * hours;
  double containers = pods * s.node.containers_per_pod;
  // Exited containers garbage collection keeps: at most maxDeadPerContainer, and at most
  // (twice) the crashes a container can have in the run.
  double crashes = 2.0 * s.workload.crash_rate.per_hour * hours + 1.0;
  double kept =
      1.0 + std::min(static_cast<double>(std::max(0, s.workload.max_dead_per_container)), crashes);
  // Objects of a previous boot (startup.exited, startup.exitedSandboxes).
  double leftovers = static_cast<double>(s.workload.startup.exited) +
                     static_cast<double>(s.workload.startup.exited_sandboxes);
  double bytes = static_cast<double>(kBase) + pods * kPerPod + containers * kept * kPerContainer +
                 leftovers * kPerContainer;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

void check_memory(const scenario::Scenario& s) {
  std::uint64_t need = estimated_peak_bytes(s);
  if (need <= kMemoryBudgetBytes) return;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "node.pods x node.containersPerPod = %d x %d (with the pods and exited "
                "containers the workload adds) needs about %.1f GiB of memory, over the %.0f "
                "GiB budget; pass --allow-large (Python: allow_large=True) to run it anyway",
                s.node.pods, s.node.containers_per_pod, static_cast<double>(need) / (1 << 30),
                static_cast<double>(kMemoryBudgetBytes) / (1 << 30));
  throw BuildError(buf);
}

}  // namespace plegsim::run
