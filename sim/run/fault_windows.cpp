#include "sim/run/fault_windows.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "models/random_faults.h"
#include "models/regime.h"
#include "sim/core/rng.h"
#include "sim/run/simulation.h"

namespace plegsim::run {

using models::FaultKind;

namespace {
[[noreturn]] void too_many(const std::string& what) {
  throw BuildError(what + " make more than " + std::to_string(kMaxGeneratedWindows) +
                   " fault windows over the run; lower the rate, lengthen the dwells or "
                   "shorten the run");
}

// The windows one stay in state `s` makes (append_span_windows).
double windows_per_stay(const models::RegimeState& s) {
  double n = s.stall ? 1 : 0;
  if (s.ops.empty()) return n + (s.factor != 1.0 ? 1 : 0);
  for (int i = 0; i < models::kOpCount; ++i) {
    if (s.factor_for(static_cast<models::Op>(i)) != 1.0) ++n;
  }
  return n;
}

// The regime's long-run windows per second: the stationary stays' windows over their
// mean dwell (semi-Markov), or, when the chain has no usable stationary vector, the
// busiest state's rate (an upper bound).
double regime_window_rate(const models::Regime& r) {
  if (r.states.size() == 1 && r.states[0].next.empty()) return 0;
  std::vector<double> pi = models::jump_chain_stationary(r);
  double windows = 0, seconds = 0;
  bool usable = true;
  for (std::size_t i = 0; i < pi.size(); ++i) {
    if (!std::isfinite(pi[i]) || pi[i] < 0) usable = false;
    windows += pi[i] * windows_per_stay(r.states[i]);
    seconds += pi[i] * models::mean_seconds(r.states[i].dwell);
  }
  if (usable && seconds > 0 && std::isfinite(windows / seconds)) return windows / seconds;
  double worst = 0;
  for (const auto& s : r.states) {
    if (s.next.empty()) continue;
    double mean = models::mean_seconds(s.dwell);
    worst = std::max(worst, mean > 0 ? (1 + windows_per_stay(s)) / mean : INFINITY);
  }
  return worst;
}

void check_rate(double per_second, const std::string& what) {
  if (!(per_second * 3600 <= kMaxWindowsPerHour)) {
    throw BuildError(what + " would make about " + std::to_string(per_second * 3600) +
                     " fault windows per simulated hour (at most " +
                     std::to_string(static_cast<long long>(kMaxWindowsPerHour)) +
                     "); lower the rate or lengthen the dwells");
  }
}

// A random fault whose windows only calls read (the FaultPlan), never the event stream
// (hangs and errors on GetContainerEvents) or the restart timers: drawn as the run goes.
bool drawn_later(const models::Fault& f) {
  using models::Op;
  switch (f.kind) {
    case FaultKind::kSlowdown:
    case FaultKind::kStall:
      return true;
    case FaultKind::kHang:
    case FaultKind::kErrors: {
      const auto& r = *f.random;
      if (r.target == models::FaultTarget::kOp) {
        if (r.ops.empty()) return false;
        for (Op o : r.ops) {
          if (o == Op::kGetContainerEvents) return false;
        }
        return true;
      }
      return f.op != Op::kGetContainerEvents;
    }
    case FaultKind::kConsumerStall:
    case FaultKind::kRuntimeRestart:
    case FaultKind::kKubeletRestart:
      return false;
  }
  return false;
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

RuntimeFaults runtime_faults(const scenario::Scenario& s, std::uint64_t seed) {
  RuntimeFaults out;
  bool random = false;
  for (const auto& f : s.faults) random = random || f.random != nullptr;
  if (!random && !s.runtime.regime.enabled()) {
    out.windows = s.faults;
    return out;
  }
  auto spec = std::make_shared<models::FaultStreamSpec>();
  spec->node = models::NodeShape{s.node.pods, s.node.containers_per_pod};
  spec->horizon = s.duration;
  spec->seed = seed;
  // One stream for every random fault, fault after fault: a fault drawn later starts
  // where the previous one's whole run of draws left it (run through here, unkept).
  core::RngStream arrivals(seed, "cri.random_faults");
  std::size_t generated = 0;
  for (std::size_t p = 0; p < s.faults.size(); ++p) {
    const models::Fault& f = s.faults[p];
    if (!f.random) {
      out.windows.push_back(f);
      out.keys.push_back(models::fault_key(p, 0));
      continue;
    }
    if (drawn_later(f)) {
      check_rate(f.random->rate.per_second(), "faults[" + std::to_string(p) + "].random");
      spec->random.push_back({static_cast<std::uint32_t>(p), f, arrivals});
      models::RandomArrivals skip(f, spec->node, s.duration, arrivals);
      while (!skip.done()) skip.next();
      arrivals = skip.rng();
      continue;
    }
    std::size_t before = out.windows.size();
    models::append_random_windows(f, spec->node, s.duration, arrivals,
                                  kMaxGeneratedWindows - generated, out.windows);
    for (std::size_t n = before; n < out.windows.size(); ++n) {
      out.keys.push_back(models::fault_key(p, n - before));
    }
    generated += out.windows.size() - before;
    if (generated > kMaxGeneratedWindows) too_many("faults: the random faults");
  }
  if (s.runtime.regime.enabled()) {
    check_rate(regime_window_rate(s.runtime.regime), "runtime.regime: its states");
    spec->regime = s.runtime.regime;
    spec->regime_position = static_cast<std::uint32_t>(s.faults.size());
  }
  if (!spec->random.empty() || spec->regime) out.stream = std::move(spec);
  return out;
}

std::optional<std::vector<std::pair<core::Time, core::Time>>> fault_spans(
    const scenario::Scenario& s, std::uint64_t seed) {
  // The same windows the runtime sees (the random faults' stream is the regime's
  // neighbour, not its consumer), without the regime's.
  scenario::Scenario no_regime = s;
  no_regime.runtime.regime = models::Regime{};
  std::vector<models::Fault> windows;
  try {
    windows = runtime_fault_windows(no_regime, seed);
  } catch (const BuildError&) {
    return std::nullopt;
  }
  const core::Time end = core::Time{0} + s.duration;
  std::vector<std::pair<core::Time, core::Time>> out;
  for (const auto& f : windows) {
    if (f.kind == FaultKind::kKubeletRestart) continue;
    core::Time until = std::min(f.until, end);
    if (until > f.from) out.emplace_back(f.from, until);
  }
  return out;
}

}  // namespace plegsim::run
