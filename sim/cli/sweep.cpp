// plegsim sweep: a scenario over the cartesian product of its axes (the scenario's
// `sweep:` and --axis, lock-step groups by --zip), with replications, on a thread pool;
// one CSV row per point with means and 95% CIs (or an HDF5 file), and progress on stderr.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <boost/program_options.hpp>

#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "plegsim/simulation.h"
#include "plegsim/summary.h"
#include "plegsim/sweep.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"
#include "sim/cli/sweep_durable.h"
#include "sim/cli/sweep_journaled.h"
#include "sim/cli/sweep_progress.h"

namespace po = boost::program_options;

namespace plegsim::cli {
namespace {

constexpr std::uint64_t kMaxReplications = 10000;
constexpr std::uint64_t kMaxThreads = 256;
// Each run keeps its summary until the table is written: bounds memory (~1 GiB).
constexpr std::uint64_t kMaxRuns = 1000000;

// SIGINT/SIGTERM during a sweep: the first asks it to stop (runs under way finish and
// the finished ones are written); a second one ends the process, removing its
// temporary files, as for `run`.
std::atomic<bool> g_stop{false};
extern "C" void stop_sweep(int) {
  g_stop.store(true);
  record::remove_temp_files_on_signals();
}

// --fields: names of numeric summary fields (or `all`), each turned into its canonical
// name; an old alias is noted on stderr, an unknown name is an error listing the valid ones.
std::vector<std::string> parse_fields(const std::string& text) {
  if (text == "all") return record::summary_field_names();
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string f;
  while (std::getline(ss, f, ',')) {
    auto canonical = record::canonical_numeric_field(f);
    if (!canonical) {
      throw std::invalid_argument("--fields: unknown summary field \"" + f +
                                  "\"; valid fields (or `all`): " + record::numeric_field_list());
    }
    if (*canonical != f) {
      std::cerr << "plegsim sweep: --fields: \"" << f << "\" is deprecated; it is now \""
                << *canonical << "\" (the column is named so)\n";
    }
    out.push_back(*canonical);
  }
  return out;
}

}  // namespace

int cmd_sweep(const std::vector<std::string>& args) {
  po::options_description opts("plegsim sweep");
  opts.add_options()("help,h", "this help")(
      "axis", po::value<std::vector<std::string>>()->composing(),
      "path=v1,v2,..., path=from..to:step or path=log:from..to:count (repeatable; over the "
      "scenario's sweep.axes)")("zip", po::value<std::vector<std::string>>()->composing(),
                                "path,path,...: these axes vary in lock-step (repeatable)")(
      "replications,r", po::value<std::string>(),
      "runs per point, 1 to 10000 (default: the scenario's sweep.replications, else 5)")(
      "quiet,q", po::bool_switch(), "no progress on stderr")(
      "threads,j", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the cores; results do not depend on it)")(
      "set", po::value<std::vector<std::string>>()->composing(), "override: path=value")(
      "duration", po::value<std::string>(), "simulated time per run")(
      "kubelet-config", po::value<std::string>(),
      "a KubeletConfiguration file (kubelet.config.k8s.io/v1beta1) as the kubelet's base")(
      "fields", po::value<std::string>(),
      "comma-separated numeric summary fields (docs/output.md), or all")(
      "raw", po::bool_switch(),
      "one row per run instead of per point; with -o FILE.csv, each row is written as its "
      "run finishes")("resume", po::bool_switch(),
                      "with -o FILE: keep the finished runs FILE.journal (or, with --raw, the "
                      "CSV) holds and run the rest")(
      "allow-large", po::bool_switch(),
      "run even when the concurrent runs' memory estimate exceeds the 4 GiB budget")(
      "output,o", po::value<std::string>(),
      "write the table here: FILE.h5 or FILE.hdf5 an HDF5 file, else CSV (- or none: "
      "CSV on stdout); finished runs are kept in FILE.journal until it is written")(
      "scenario", po::value<std::string>(), "scenario file (default: the built-in one)");
  po::variables_map vm = parse_command(args, opts, "scenario");
  if (vm.count("help")) {
    std::cout << "usage: plegsim sweep [SCENARIO] [--axis path=VALUES ...] [--zip a,b] [-r N] "
                 "[-j N]\n"
              << opts;
    return 0;
  }
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) overrides.push_back("duration=" + vm["duration"].as<std::string>());
  std::vector<std::string> fields(run::kDefaultSweepFields.begin(), run::kDefaultSweepFields.end());
  if (vm.count("fields")) {
    try {
      fields = parse_fields(vm["fields"].as<std::string>());
    } catch (const std::invalid_argument& e) {
      std::cerr << "plegsim sweep: " << e.what() << "\n";
      return 2;
    }
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads")) {
    threads = static_cast<unsigned>(
        parse_count("--threads", vm["threads"].as<std::string>(), 1, kMaxThreads));
  }
  std::vector<run::SweepAxis> axes;
  std::vector<run::SweepPoint> points;
  std::uint64_t reps = run::kDefaultSweepReplications;
  std::string scenario_name;
  std::uint64_t scenario_seed = 0;
  try {
    // The command line's axes alone first: a duplicate --axis is its own error.
    run::SweepAxes cli;
    if (vm.count("axis")) {
      for (const auto& a : vm["axis"].as<std::vector<std::string>>()) {
        cli.axes.push_back(run::parse_axis(a));
      }
    }
    if (vm.count("zip")) {
      for (const auto& z : vm["zip"].as<std::vector<std::string>>()) {
        cli.zip.push_back(run::parse_zip(z));
      }
    }
    for (std::size_t i = 0; i < cli.axes.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (cli.axes[i].path == cli.axes[j].path) {
          throw std::invalid_argument("--axis " + cli.axes[i].path +
                                      " is given twice; list all its values in one --axis");
        }
      }
    }
    scenario::LoadInputs in;
    if (vm.count("kubelet-config")) in.kubelet_config = vm["kubelet-config"].as<std::string>();
    scenario::Scenario base =
        scenario::load_scenario(vm.count("scenario") ? vm["scenario"].as<std::string>() : "", in);
    scenario_name = base.name;
    scenario_seed = base.seed;
    for (const auto& k : base.kubelet_configs) {
      std::cerr << scenario::describe_kubelet_config(k) << "\n";
    }
    run::SweepAxes merged = run::merge_axes(run::axes_from_scenario(base.sweep), cli);
    run::check_axes(merged);
    axes = merged.axes;
    if (base.sweep.replications > 0) reps = base.sweep.replications;
    if (vm.count("replications")) {
      reps =
          parse_count("--replications", vm["replications"].as<std::string>(), 1, kMaxReplications);
    }
    points = run::expand_sweep(base, overrides, merged);
    if (points.size() * reps > kMaxRuns) {
      std::cerr << "plegsim sweep: " << points.size() << " points x " << reps
                << " replications is more than " << kMaxRuns << " runs; split the sweep\n";
      return 2;
    }
    // Every point must build (a gate on a release without it, say) before any runs.
    bool allow_large = vm["allow-large"].as<bool>();
    std::uint64_t largest = 0;
    for (const auto& p : points) {
      run::check_buildable(p.scenario, allow_large);
      largest = std::max(largest, run::estimated_peak_bytes(p.scenario));
    }
    // `threads` runs at once: their memory adds up.
    std::uint64_t at_once = std::min<std::uint64_t>(threads, points.size() * reps);
    if (!allow_large && largest * at_once > run::kMemoryBudgetBytes) {
      std::cerr << "plegsim sweep: " << at_once << " concurrent runs need about "
                << (largest * at_once >> 20) << " MiB, over the " << (run::kMemoryBudgetBytes >> 20)
                << " MiB budget; use fewer threads (-j) or pass --allow-large\n";
      return 2;
    }
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "plegsim sweep: " << e.what() << "\n";
    return 2;
  } catch (const run::BuildError& e) {
    std::cerr << "plegsim sweep: " << e.what() << "\n";
    return 2;
  }
  std::string out_path = vm.count("output") ? vm["output"].as<std::string>() : record::kStdoutPath;
  bool raw = vm["raw"].as<bool>();
  // --raw to a CSV file is its own journal (sweep_durable.h); any other file has one
  // beside it (sweep_journaled.h).
  bool to_file = out_path != record::kStdoutPath;
  bool durable = raw && to_file && !hdf5_sweep_path(out_path);
  if (vm["resume"].as<bool>() && !to_file) {
    std::cerr << "plegsim sweep: --resume needs -o FILE (the sweep it completes)\n";
    return 2;
  }
  SweepProgress progress(std::cerr, isatty(STDERR_FILENO) == 1);
  run::SweepOptions run_options{
      .threads = threads, .allow_large = vm["allow-large"].as<bool>(), .stop = &g_stop};
  if (!vm["quiet"].as<bool>()) {
    run_options.on_run_done = [&progress](std::size_t done, std::size_t total) {
      progress.update(done, total);
    };
  }
  constexpr int kInterrupted = 130;  // 128 + SIGINT, as shells report it
  if (durable) {
    // Rows go to the file as runs finish (sweep_durable.h): a kill loses no finished run.
    std::unique_ptr<DurableCsv> csv;
    auto schema = run::resolve_fields(fields);
    run::SweepTable table = run::sweep_table(axes, points, {}, reps, fields);
    try {
      csv = std::make_unique<DurableCsv>(
          out_path, run::sweep_csv_header(table, true), vm["resume"].as<bool>(),
          [&](std::size_t i) {
            return run::run_csv_prefix(
                table, i / reps, i % reps,
                run::replication_seed(points[i / reps].scenario.seed, i % reps));
          },
          points.size() * reps);
    } catch (const std::invalid_argument& e) {
      std::cerr << "plegsim sweep: " << e.what() << "\n";
      return 2;
    }
    run_options.first_run = csv->rows();
    run_options.on_run = [&](const run::SweepRun& r, std::size_t i) {
      csv->add(i, run::run_csv_row(table, run::run_values(r, schema)));
    };
    std::signal(SIGINT, stop_sweep);
    std::signal(SIGTERM, stop_sweep);
    try {
      run::run_sweep(points, reps, run_options);
    } catch (const run::BuildError& e) {
      progress.finish();
      std::cerr << "plegsim sweep: " << e.what() << "\n";
      return 2;
    }
    progress.finish();
    if (csv->rows() < points.size() * reps) {
      std::cerr << "plegsim sweep: interrupted after " << csv->rows() << " of "
                << points.size() * reps << " runs; " << out_path
                << " holds them (--resume completes it)\n";
      return kInterrupted;
    }
    return 0;
  }
  std::signal(SIGINT, stop_sweep);
  std::signal(SIGTERM, stop_sweep);
  if (to_file) {
    return run_journaled_sweep({.axes = axes,
                                .points = points,
                                .replications = reps,
                                .fields = fields,
                                .scenario_name = scenario_name,
                                .seed = scenario_seed,
                                .out_path = out_path,
                                .raw = raw,
                                .resume = vm["resume"].as<bool>()},
                               run_options, progress, kInterrupted);
  }
  std::vector<run::SweepRun> runs;
  try {
    runs = run::run_sweep(points, reps, run_options);
  } catch (const run::BuildError& e) {
    progress.finish();
    std::cerr << "plegsim sweep: " << e.what() << "\n";
    return 2;
  }
  progress.finish();
  std::size_t done = 0;
  while (done < runs.size() && runs[done].done) ++done;  // a prefix (SweepOptions::stop)
  bool stopped = done < runs.size();
  run::SweepTable table = run::sweep_table(axes, points, runs, reps, fields);
  if (stopped) {
    // Aggregates only over points whose every replication finished; raw rows for every
    // finished run (sweep_table keeps both so).
    std::cerr << "plegsim sweep: interrupted after " << done << " of " << runs.size()
              << " runs; the table holds "
              << (raw ? std::to_string(table.runs.size()) + " runs"
                      : std::to_string(table.points.size()) + " complete points")
              << "\n";
  }
  std::cout << run::sweep_csv(table, raw);
  return stopped ? kInterrupted : 0;
}

}  // namespace plegsim::cli
