// `plegsim validate SCRAPE.prom --scenario X.yaml [-r R] [--seed N] [--duration D]
// [--set path=value]... [-j THREADS] [--json] [--check [--tolerance T]]`: simulate the
// node and print the kubelet's observed metrics against the simulated ones
// (docs/fit.md, "Validating a node").
#include <cmath>
#include <iostream>
#include <thread>

#include <boost/program_options.hpp>

#include "plegsim/simulation.h"
#include "plegsim/validate.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {
namespace {

constexpr std::uint64_t kMaxReplications = 10000;
constexpr std::uint64_t kMaxThreads = 256;
// A relist quantile within 20 % of the node's is the calibration's bar (README,
// tests/calibration: M2, M3).
constexpr const char* kDefaultTolerance = "0.2";

double parse_tolerance(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || !(v > 0))
    throw CliError("--tolerance: expected a positive number such as 0.2 (got \"" + s + "\")");
  return v;
}

// Prints the comparison; with `check`, the exit code of --check.
int validate_and_print(const scenario::Scenario& sc, const fit::KubeletScrape& scrape,
                       const validate::Options& o, bool json, std::optional<double> check) {
  validate::Validation v = validate::validate(sc, scrape, o);
  std::cout << (json ? validate::format_json(v) : validate::format_table(v));
  if (!check) return 0;
  bool any = false;
  for (const auto& r : v.comparison.rows) any = any || r.metric == "relist_duration";
  if (!any) {
    std::cerr << "plegsim validate: --check: " << v.scrape
              << " has no relist duration (kubelet_pleg_relist_latency_microseconds or "
                 "kubelet_pleg_relist_duration_seconds) to check\n";
    return 2;
  }
  auto misses = validate::relist_duration_misses(v, *check);
  for (const auto* r : misses) {
    auto e = r->error();
    std::cerr << "plegsim validate: relist_duration " << r->label() << ": "
              << (e ? std::to_string(r->absolute_error() ? *e : *e * 100) +
                          (r->absolute_error() ? " (absolute)" : " %")
                    : std::string("no simulated value"))
              << " outside the tolerance " << *check << "\n";
  }
  return misses.empty() ? 0 : 1;
}

}  // namespace

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description opts("plegsim validate");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(),
                                            "the node's scenario (required)")(
      "seed", po::value<std::string>(), "first replication's seed (default: the scenario's)")(
      "replications,r", po::value<std::string>()->default_value("8"),
      "replications pooled, 1 to 10000")("duration", po::value<std::string>(),
                                         "simulated time per replication, as --set duration=D")(
      "set", po::value<std::vector<std::string>>()->composing(), "override: path=value")(
      "threads,j", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the cores; results do not depend on it)")(
      "json", po::bool_switch(), "print one JSON object")(
      "check", po::bool_switch(),
      "exit 1 when a relist duration quantile (or bucket) is outside --tolerance")(
      "tolerance", po::value<std::string>()->default_value(kDefaultTolerance),
      "--check's bound: |relative error| of a quantile, |difference| of a bucket's fraction")(
      "allow-large", po::bool_switch(), "run even beyond the memory budget (4 GiB estimated)")(
      "positional", po::value<std::vector<std::string>>(), "SCRAPE.prom [SCENARIO.yaml]");
  po::positional_options_description pos;
  pos.add("positional", 2);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: plegsim validate SCRAPE.prom --scenario NODE.yaml [-r R] [--seed N]\n"
                 "                        [--duration D] [--set path=value]... [-j THREADS]\n"
                 "                        [--json] [--check [--tolerance T]]\n"
                 "Exit codes: 0 printed (and within tolerance), 1 --check failed, 2 bad input.\n"
              << opts;
    return 0;
  }
  std::vector<std::string> positional;
  if (vm.count("positional")) positional = vm["positional"].as<std::vector<std::string>>();
  if (positional.empty()) {
    std::cerr << "plegsim validate: missing the scrape (plegsim validate SCRAPE.prom "
                 "--scenario NODE.yaml)\n";
    return 2;
  }
  std::optional<std::string> scenario_path;
  if (vm.count("scenario")) scenario_path = vm["scenario"].as<std::string>();
  if (positional.size() == 2) {
    if (scenario_path) {
      std::cerr << "plegsim validate: two scenarios (--scenario and a second argument)\n";
      return 2;
    }
    scenario_path = positional[1];
  }
  if (!scenario_path) {
    std::cerr << "plegsim validate: missing --scenario NODE.yaml (the node to simulate)\n";
    return 2;
  }
  validate::Options o;
  o.replications =
      parse_count("--replications", vm["replications"].as<std::string>(), 1, kMaxReplications);
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads"))
    o.threads = static_cast<unsigned>(
        parse_count("--threads", vm["threads"].as<std::string>(), 1, kMaxThreads));
  if (vm.count("seed")) o.seed = parse_count("--seed", vm["seed"].as<std::string>(), 0, UINT64_MAX);
  o.allow_large = vm["allow-large"].as<bool>();
  std::optional<double> check;
  double tolerance = parse_tolerance(vm["tolerance"].as<std::string>());
  if (vm["check"].as<bool>()) check = tolerance;
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) overrides.push_back("duration=" + vm["duration"].as<std::string>());

  fit::KubeletScrape scrape;
  try {
    scrape = fit::extract(fit::read_scrape(positional[0]));
  } catch (const fit::ScrapeError& e) {
    std::cerr << "plegsim validate: " << e.what() << "\n";
    return 2;
  }
  scenario::Scenario sc;
  try {
    sc = scenario::load_scenario_file(*scenario_path, overrides);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  try {
    return validate_and_print(sc, scrape, o, vm["json"].as<bool>(), check);
  } catch (const run::BuildError& e) {
    std::cerr << sc.source_path << ": " << e.what() << "\n";
  } catch (const validate::ValidateError& e) {
    std::cerr << "plegsim validate: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace plegsim::cli
