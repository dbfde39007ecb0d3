#include "sim/run/sweep.h"

#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "sim/core/rng.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::run {

SweepAxis parse_axis(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw std::invalid_argument("--axis \"" + text +
                                "\": expected path=v1,v2,... (e.g. node.pods=50,110,250)");
  }
  SweepAxis a;
  a.path = text.substr(0, eq);
  std::string cur;
  int depth = 0;
  for (char c : text.substr(eq + 1)) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      a.values.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  a.values.push_back(cur);
  for (const auto& v : a.values) {
    if (v.empty()) throw std::invalid_argument("--axis \"" + text + "\": an empty value");
  }
  return a;
}

std::vector<SweepPoint> expand_sweep(const scenario::Scenario& base,
                                     const std::vector<std::string>& base_overrides,
                                     const std::vector<SweepAxis>& axes) {
  std::size_t total = 1;
  for (const auto& a : axes) total *= a.values.size();
  std::vector<SweepPoint> points;
  points.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    SweepPoint p;
    p.index = i;
    std::size_t rest = i;
    std::vector<std::string> own(axes.size());
    for (std::size_t k = axes.size(); k-- > 0;) {
      const auto& a = axes[k];
      own[k] = a.path + "=" + a.values[rest % a.values.size()];
      rest /= a.values.size();
    }
    p.overrides = own;
    std::vector<std::string> all = base_overrides;
    all.insert(all.end(), own.begin(), own.end());
    p.scenario = scenario::load_scenario_text(base.source_yaml, base.source_path, all);
    points.push_back(std::move(p));
  }
  return points;
}

std::uint64_t replication_seed(std::uint64_t scenario_seed, std::uint64_t replication) {
  return replication == 0
             ? scenario_seed
             : core::derive_seed(scenario_seed, "replication-" + std::to_string(replication));
}

std::vector<SweepRun> run_sweep(const std::vector<SweepPoint>& points, std::uint64_t replications,
                                const SweepOptions& options) {
  std::vector<SweepRun> runs(points.size() * replications);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto worker = [&] {
    while (true) {
      if (options.stop != nullptr && options.stop->load()) return;
      std::size_t i = next.fetch_add(1);
      if (i >= runs.size()) return;
      SweepRun& r = runs[i];
      r.point = i / replications;
      r.replication = i % replications;
      const scenario::Scenario& sc = points[r.point].scenario;
      r.seed = replication_seed(sc.seed, r.replication);
      try {
        BuildOptions o;
        o.seed = r.seed;
        o.allow_large = options.allow_large;
        Simulation sim(sc, o);
        sim.run();
        r.summary = sim.summary();
        r.done = true;
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mu);
        if (!failure) failure = std::current_exception();
        next = runs.size();
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  unsigned n = std::max(1u, options.threads);
  for (unsigned t = 0; t < n; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return runs;
}

namespace {
// Two-sided 95% Student t quantiles for 1..30 degrees of freedom.
constexpr double kT95[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                           2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                           2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
}  // namespace

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  double sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  std::size_t df = e.n - 1;
  double t = df <= 30 ? kT95[df - 1] : 1.96;
  e.half_width = t * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

}  // namespace plegsim::run
