#include "sim/run/fault_windows.h"

#include <string>

#include "models/random_faults.h"
#include "models/regime.h"
#include "sim/core/rng.h"
#include "sim/run/simulation.h"

namespace plegsim::run {

namespace {
[[noreturn]] void too_many(const std::string& what) {
  throw BuildError(what + " make more than " + std::to_string(kMaxGeneratedWindows) +
                   " fault windows over the run; lower the rate, lengthen the dwells or "
                   "shorten the run");
}
}  // namespace

std::vector<models::Fault> runtime_fault_windows(const scenario::Scenario& s, std::uint64_t seed) {
  bool random = false;
  for (const auto& f : s.faults) random = random || f.random != nullptr;
  if (!random && !s.runtime.regime.enabled()) return s.faults;

  std::vector<models::Fault> out;
  const models::NodeShape shape{s.node.pods, s.node.containers_per_pod};
  core::RngStream arrivals(seed, "cri.random_faults");
  std::size_t generated = 0;
  for (const auto& f : s.faults) {
    if (!f.random) {
      out.push_back(f);
      continue;
    }
    std::size_t before = out.size();
    models::append_random_windows(f, shape, s.duration, arrivals, kMaxGeneratedWindows - generated,
                                  out);
    generated += out.size() - before;
    if (generated > kMaxGeneratedWindows) too_many("faults: the random faults");
  }
  if (s.runtime.regime.enabled()) {
    core::RngStream rng(seed, "cri.regime");
    auto path = models::sample_regime_path(s.runtime.regime, s.duration, rng,
                                           kMaxGeneratedWindows - generated);
    if (generated + path.size() > kMaxGeneratedWindows) too_many("runtime.regime: its states");
    models::append_regime_windows(s.runtime.regime, path, out);
  }
  return out;
}

}  // namespace plegsim::run
