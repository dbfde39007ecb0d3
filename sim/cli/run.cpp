#include <iostream>
#include <memory>
#include <optional>

#include <boost/program_options.hpp>

#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "plegsim/simulation.h"
#include "plegsim/summary.h"
#include "plegsim/version.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

std::string usage() {
  return "usage: plegsim run [SCENARIO.yaml] [--seed N] [--duration D] [--set path=value]...\n"
         "                   [--kubelet-config KUBELET.yaml]\n"
         "                   [--json] [--check] [-o RUN.h5 [--calls] [--events]]\n"
         "                   [--metrics RUN.prom]\n"
         "       plegsim report RUN.h5 [--json]\n"
         "       plegsim compare A B [--json] [--alpha 0.05]   (run or sweep files, sweep CSVs)\n"
         "       plegsim sweep [SCENARIO.yaml] --axis path=v1,v2,... [--axis ...]\n"
         "                     [-r REPLICATIONS] [-j THREADS] [--raw] [-o OUT.csv|OUT.h5]\n"
         "                     [--resume]\n"
         "                     [--kubelet-config KUBELET.yaml]\n"
         "       plegsim limit [SCENARIO.yaml] --axis path=LO..HI --criterion EXPR\n"
         "                     [--confidence C] [--width W] [-r MAX] [-j THREADS] [--json]\n"
         "                     (the largest value passing, docs/limit.md)\n"
         "       plegsim regress [SCENARIO.yaml|GOLDEN|GOLDEN_DIR]... [--update]\n"
         "                       [--alpha A] [-j THREADS]   (docs/regression.md)\n"
         "       plegsim fit SCRAPE.prom... [--since EARLIER.prom] [--pods N]... [--profile P]\n"
         "                   [-o runtime.yaml] [--validate --scenario NODE.yaml]\n"
         "       plegsim validate SCRAPE.prom --scenario NODE.yaml [-r R] [--seed N]\n"
         "                        [--since EARLIER.prom] [--duration D] [-j THREADS] [--json]\n"
         "                        [--check [--tolerance T]]\n"
         "       plegsim fields [--markdown]   (the summary's fields, docs/output.md)\n"
         "       plegsim version\n"
         "With no scenario file, `run` uses the built-in default (scenarios/default.yaml).\n"
         "Output files are described in docs/output.md.\n"
         "Exit codes: 0 ok, 1 an expectation failed (--check) or a statistic moved (regress),\n"
         "2 bad input.\n";
}

int cmd_version() {
  std::cout << "plegsim " << PLEGSIM_VERSION << " (" << PLEGSIM_GIT_REVISION << ")\n";
  return 0;
}

namespace {
// Prints failed expectations; true when all hold.
bool check_expectations(const scenario::Scenario& s, const record::Summary& sum) {
  bool ok = true;
  for (const auto& e : s.expect) {
    auto v = record::summary_field(sum, e.field);
    std::string got = v ? std::to_string(*v) : "null";
    bool pass = v.has_value() && (!e.min || *v >= *e.min) && (!e.max || *v <= *e.max);
    if (!pass) {
      ok = false;
      std::cerr << s.source_path << ":" << e.line << ": expectation failed: " << e.field << " = "
                << got << ", expected";
      if (e.min) std::cerr << " >= " << *e.min;
      if (e.min && e.max) std::cerr << " and";
      if (e.max) std::cerr << " <= " << *e.max;
      std::cerr << "\n";
    }
  }
  return ok;
}

record::RunMetadata metadata(const run::Simulation& sim,
                             const std::vector<std::string>& overrides) {
  const scenario::Scenario& sc = sim.scenario();
  record::RunMetadata m;
  m.scenario_name = sc.name;
  m.scenario_source = sc.source_path;
  m.scenario_yaml = sc.source_yaml;
  m.resolved_yaml = scenario::to_yaml(sc);
  for (const auto& o : overrides) m.overrides += o + "\n";
  m.seed = sim.seed();
  m.kubelet_version = sim.profile().version;
  m.kubelet_minor = sim.profile().minor;
  m.warmup = sc.warmup;
  m.relist_threshold = sim.profile().relist_threshold;
  return m;
}

struct Outputs {
  std::optional<std::string> hdf5_path;
  record::Hdf5Options hdf5_options;
  std::optional<std::string> metrics_path;
};

// Refuses, before anything is loaded or simulated, outputs that could not be written
// or that would replace what is not a regular file, and two outputs naming one file.
void check_outputs(const Outputs& out) {
  std::vector<std::pair<std::string, std::string>> named;
  if (out.hdf5_path) {
    if (*out.hdf5_path == record::kStdoutPath) {
      throw record::OutputError("-o: an HDF5 run file cannot go to standard output; name a file");
    }
    record::check_output_target(*out.hdf5_path);
    named.emplace_back("-o", *out.hdf5_path);
  }
  if (out.metrics_path) {
    if (*out.metrics_path != record::kStdoutPath) record::check_output_target(*out.metrics_path);
    named.emplace_back("--metrics", *out.metrics_path);
  }
  record::check_distinct_outputs(named);
}

// Runs the simulation with the requested output sinks; files appear at their final
// names only when complete. Returns the exit code.
int run_simulation(const scenario::Scenario& sc, const run::BuildOptions& bo,
                   const std::vector<std::string>& overrides, const Outputs& out, bool json,
                   bool check) {
  run::Simulation sim(sc, bo);
  std::unique_ptr<record::Hdf5Sink> hdf5;
  std::unique_ptr<record::PrometheusSink> prom;
  std::unique_ptr<record::AtomicFile> metrics_file;
  bool metrics_to_stdout = out.metrics_path == record::kStdoutPath;
  if (out.metrics_path) {
    if (!metrics_to_stdout) metrics_file = std::make_unique<record::AtomicFile>(*out.metrics_path);
    prom = std::make_unique<record::PrometheusSink>(sim.profile().minor);
    sim.add_sink(prom.get());
  }
  if (out.hdf5_path) {
    hdf5 = std::make_unique<record::Hdf5Sink>(*out.hdf5_path, metadata(sim, overrides),
                                              out.hdf5_options);
    sim.add_sink(hdf5.get());
  }
  sim.run();
  const auto& sum = sim.summary();
  if (hdf5) hdf5->commit(sum);
  if (metrics_file) {
    metrics_file->write(prom->text());
    metrics_file->commit();
  }
  // With `--metrics -` standard output carries the metrics alone; the summary goes to
  // standard error.
  std::ostream& summary_out = metrics_to_stdout ? std::cerr : std::cout;
  summary_out << (json ? record::to_json(sum) + "\n" : record::to_text(sum));
  if (metrics_to_stdout) std::cout << prom->text() << std::flush;
  if (check && !check_expectations(sc, sum)) return 1;
  return 0;
}
}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  po::options_description opts("plegsim run");
  opts.add_options()("help,h", "this help")("seed", po::value<std::string>(), "seed (0 to 2^64-1)")(
      "duration", po::value<std::string>(), "simulated time, e.g. 2h")(
      "set", po::value<std::vector<std::string>>()->composing(), "override: path=value")(
      "json", po::bool_switch(), "print one JSON object")("check", po::bool_switch(),
                                                          "exit 1 when an expect: entry fails")(
      "output,o", po::value<std::string>(), "write the run to an HDF5 file")(
      "calls", po::bool_switch(), "with -o: also the raw CRI call log")(
      "events", po::bool_switch(), "with -o: also PLEG events and per-change detections")(
      "metrics", po::value<std::string>(),
      "write the kubelet's metrics (Prometheus text; - for stdout)")(
      "allow-large", po::bool_switch(), "run even beyond the memory budget (4 GiB estimated)")(
      "kubelet-config", po::value<std::string>(),
      "a KubeletConfiguration file (kubelet.config.k8s.io/v1beta1) as the kubelet's base")(
      "scenario", po::value<std::string>(), "scenario file");
  po::variables_map vm = parse_command(args, opts, "scenario");
  if (vm.count("help")) {
    std::cout << usage() << opts;
    return 0;
  }
  Outputs out;
  if (vm.count("output")) out.hdf5_path = vm["output"].as<std::string>();
  if (vm.count("metrics")) out.metrics_path = vm["metrics"].as<std::string>();
  out.hdf5_options.calls = vm["calls"].as<bool>();
  out.hdf5_options.events = vm["events"].as<bool>();
  if ((out.hdf5_options.calls || out.hdf5_options.events) && !out.hdf5_path) {
    std::cerr << "plegsim run: --calls and --events need -o FILE.h5\n";
    return 2;
  }
  try {
    check_outputs(out);
  } catch (const record::OutputError& e) {
    std::cerr << "plegsim run: " << e.what() << "\n";
    return 2;
  }
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) overrides.push_back("duration=" + vm["duration"].as<std::string>());

  scenario::Scenario sc;
  try {
    scenario::LoadInputs in;
    if (vm.count("kubelet-config")) in.kubelet_config = vm["kubelet-config"].as<std::string>();
    in.overrides = overrides;
    sc = scenario::load_scenario(vm.count("scenario") ? vm["scenario"].as<std::string>() : "", in);
    for (const auto& k : sc.kubelet_configs)
      std::cerr << scenario::describe_kubelet_config(k) << "\n";
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  run::BuildOptions bo;
  bo.allow_large = vm["allow-large"].as<bool>();
  if (vm.count("seed")) {
    bo.seed = parse_count("--seed", vm["seed"].as<std::string>(), 0, UINT64_MAX);
  }
  if (out.hdf5_path || out.metrics_path) record::remove_temp_files_on_signals();
  try {
    return run_simulation(sc, bo, overrides, out, vm["json"].as<bool>(), vm["check"].as<bool>());
  } catch (const run::BuildError& e) {
    std::cerr << sc.source_path << ": " << e.what() << "\n";
  } catch (const record::OutputError& e) {
    std::cerr << "plegsim run: " << e.what() << "\n";
  } catch (const record::h5::Hdf5Error& e) {
    std::cerr << "plegsim run: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace plegsim::cli
