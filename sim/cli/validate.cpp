// `plegsim validate SCRAPE.prom --scenario X.yaml [--since EARLIER.prom] [-r R] [--seed N]
// [--duration D] [--set path=value]... [-j THREADS] [--json] [--check [--tolerance T]]`:
// simulate the node and print the kubelet's observed metrics against the simulated ones
// (docs/fit.md, "Validating a node").
#include "sim/cli/validate.h"

#include <cmath>
#include <iostream>
#include <thread>

#include "plegsim/simulation.h"
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

}  // namespace

void add_validate_options(po::options_description& opts, bool json) {
  opts.add_options()("seed", po::value<std::string>(),
                     "first replication's seed (default: the scenario's)")(
      "replications,r", po::value<std::string>()->default_value("8"),
      "replications pooled, 1 to 10000")("duration", po::value<std::string>(),
                                         "simulated time per replication, as --set duration=D")(
      "set", po::value<std::vector<std::string>>()->composing(), "override: path=value")(
      "threads,j", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the cores; results do not depend on it)")(
      "check", po::bool_switch(),
      "exit 1 when a relist duration quantile (or bucket) is outside --tolerance")(
      "tolerance", po::value<std::string>()->default_value(kDefaultTolerance),
      "--check's bound: |relative error| of a quantile, |difference| of a bucket's fraction")(
      "allow-large", po::bool_switch(), "run even beyond the memory budget (4 GiB estimated)");
  if (json) opts.add_options()("json", po::bool_switch(), "print one JSON object");
}

ValidateCli read_validate_options(const po::variables_map& vm) {
  ValidateCli c;
  validate::Options& o = c.options;
  o.replications =
      parse_count("--replications", vm["replications"].as<std::string>(), 1, kMaxReplications);
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads"))
    o.threads = static_cast<unsigned>(
        parse_count("--threads", vm["threads"].as<std::string>(), 1, kMaxThreads));
  if (vm.count("seed")) o.seed = parse_count("--seed", vm["seed"].as<std::string>(), 0, UINT64_MAX);
  o.allow_large = vm["allow-large"].as<bool>();
  double tolerance = parse_tolerance(vm["tolerance"].as<std::string>());
  if (vm["check"].as<bool>()) c.check = tolerance;
  if (vm.count("set")) c.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) c.overrides.push_back("duration=" + vm["duration"].as<std::string>());
  c.json = vm.count("json") && vm["json"].as<bool>();
  return c;
}

int validate_and_print(const scenario::Scenario& sc, const fit::KubeletScrape& scrape,
                       const ValidateCli& cli) {
  validate::Validation v = validate::validate(sc, scrape, cli.options);
  std::cout << (cli.json ? validate::format_json(v) : validate::format_table(v));
  if (!cli.check) return 0;
  bool any = false;
  for (const auto& r : v.comparison.rows) any = any || r.metric == "relist_duration";
  if (!any) {
    std::cerr << "plegsim validate: --check: " << v.scrape
              << " has no relist duration (kubelet_pleg_relist_latency_microseconds or "
                 "kubelet_pleg_relist_duration_seconds) to check\n";
    return 2;
  }
  auto misses = validate::relist_duration_misses(v, *cli.check);
  for (const auto* r : misses) {
    auto e = r->error();
    std::cerr << "plegsim validate: relist_duration " << r->label() << ": "
              << (e ? std::to_string(r->absolute_error() ? *e : *e * 100) +
                          (r->absolute_error() ? " (absolute)" : " %")
                    : std::string("no simulated value"))
              << " outside the tolerance " << *cli.check << "\n";
  }
  return misses.empty() ? 0 : 1;
}

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description opts("plegsim validate");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(),
                                            "the node's scenario (required)")(
      "since", po::value<std::string>(),
      "an earlier scrape of the same kubelet: compare what happened between the two "
      "(histograms, means and calls per relist of the difference)");
  add_validate_options(opts, true);
  opts.add_options()("positional", po::value<std::vector<std::string>>(),
                     "SCRAPE.prom [SCENARIO.yaml]");
  po::positional_options_description pos;
  pos.add("positional", 2);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: plegsim validate SCRAPE.prom --scenario NODE.yaml [--since EARLIER.prom]\n"
                 "                        [-r R] [--seed N] [--duration D] [--set path=value]...\n"
                 "                        [-j THREADS] [--json] [--check [--tolerance T]]\n"
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
  ValidateCli cli = read_validate_options(vm);

  fit::KubeletScrape scrape;
  try {
    scrape = fit::extract(fit::read_scrape(positional[0]));
    if (vm.count("since"))
      scrape = fit::scrape_difference(fit::extract(fit::read_scrape(vm["since"].as<std::string>())),
                                      scrape);
  } catch (const fit::ScrapeError& e) {
    std::cerr << "plegsim validate: " << e.what() << "\n";
    return 2;
  }
  scenario::Scenario sc;
  try {
    sc = scenario::load_scenario_file(*scenario_path, cli.overrides);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  try {
    return validate_and_print(sc, scrape, cli);
  } catch (const run::BuildError& e) {
    std::cerr << sc.source_path << ": " << e.what() << "\n";
  } catch (const validate::ValidateError& e) {
    std::cerr << "plegsim validate: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace plegsim::cli
