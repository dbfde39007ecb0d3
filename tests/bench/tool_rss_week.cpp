// A week of simulated time on the default node (110 pods), streamed to an HDF5 run file
// with every table (CRI calls and events included) and a metrics scrape, printing the
// peak resident set size after one day and after seven (both mid-run), and once the file
// is closed: memory must stay flat.
//   tool_rss_week [OUT.h5]      (default: a file in /tmp, removed afterwards)
//   tool_rss_week --no-output   the same run without the output sinks, for comparison
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "sim/record/hdf5_sink.h"
#include "sim/record/prometheus_sink.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace {

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // KiB on Linux
}

void report(const char* when, plegsim::run::Simulation& sim, double wall_s) {
  std::printf("%-7s simulated %6.0f h  peak RSS %7.1f MiB  wall %6.2f s\n", when,
              static_cast<double>(sim.kernel().now().ns) / 3.6e12,
              static_cast<double>(peak_rss_kib()) / 1024.0, wall_s);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  namespace sc = plegsim::scenario;
  namespace rec = plegsim::record;
  const bool outputs = !(argc > 1 && std::string(argv[1]) == "--no-output");
  const bool keep = outputs && argc > 1;
  const std::string path =
      keep ? argv[1] : "/tmp/plegsim_rss_week_" + std::to_string(getpid()) + ".h5";
  auto scenario = sc::load_default_scenario({"duration=168h"});
  plegsim::run::Simulation sim(scenario);
  rec::RunMetadata meta;
  meta.scenario_name = scenario.name;
  meta.scenario_source = scenario.source_path;
  meta.scenario_yaml = scenario.source_yaml;
  meta.resolved_yaml = sc::to_yaml(scenario);
  meta.seed = sim.seed();
  meta.kubelet_version = sim.profile().version;
  meta.kubelet_minor = sim.profile().minor;
  meta.warmup = scenario.warmup;
  meta.relist_threshold = sim.profile().relist_threshold;
  std::unique_ptr<rec::Hdf5Sink> h5;
  std::unique_ptr<rec::PrometheusSink> prom;
  if (outputs) {
    h5 = std::make_unique<rec::Hdf5Sink>(path, meta, rec::Hdf5Options{true, true});
    prom = std::make_unique<rec::PrometheusSink>(sim.profile().minor);
    sim.add_sink(h5.get());
    sim.add_sink(prom.get());
  }

  auto t0 = std::chrono::steady_clock::now();
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::printf("start   peak RSS %7.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
  sim.run_until(plegsim::core::Time{} + plegsim::core::Duration::hours(24));
  report("1 day", sim, wall());
  sim.run_until(plegsim::core::Time{} + plegsim::core::Duration::hours(168));
  report("7 days", sim, wall());
  sim.run();  // finishes the sinks: aggregates, summary
  if (h5) h5->commit(sim.summary());
  report("closed", sim, wall());
  if (!outputs) return 0;
  std::printf("file    %s  %.1f MiB  (relists %llu, kernel events %llu)\n", path.c_str(),
              static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0),
              static_cast<unsigned long long>(sim.summary().relists),
              static_cast<unsigned long long>(sim.summary().kernel_events));
  if (!keep) std::filesystem::remove(path);
  return 0;
}
