// plegsim limit: the largest value of one numeric axis in [LO, HI] at which a criterion
// on the summary holds at a stated confidence (docs/limit.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <boost/program_options.hpp>

#include "plegsim/limit.h"
#include "plegsim/simulation.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {
namespace {

constexpr std::uint64_t kMaxReplications = 10000;
constexpr std::uint64_t kMaxThreads = 256;

// SIGINT/SIGTERM: no new batch starts; the report says the search was interrupted.
std::atomic<bool> g_stop{false};
extern "C" void stop_limit(int) {
  g_stop.store(true);
}

// A number in (lo, hi); CliError naming the option and `range` otherwise.
double parse_real(const std::string& option, const std::string& text, double lo, double hi,
                  const std::string& range) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v > lo && v < hi)) {
    throw CliError(option + " \"" + text + "\": expected " + range);
  }
  return v;
}

}  // namespace

int cmd_limit(const std::vector<std::string>& args) {
  po::options_description opts("plegsim limit");
  opts.add_options()("help,h", "this help")(
      "axis", po::value<std::string>(),
      "path=LO..HI: the axis searched (numbers with their unit, e.g. "
      "workload.crashRate=1/h..20/h); LO..HI alone is node.pods")(
      "criterion", po::value<std::string>(),
      "FIELD < X, FIELD <= X, FIELD > X, FIELD >= X (on the mean), or P(FIELD > 0) < p")(
      "confidence", po::value<std::string>()->default_value("0.95"),
      "two-sided confidence of each value's interval")(
      "width", po::value<std::string>(),
      "stop when [last pass, first fail] is this narrow (default 1 for integers, 5 % of the "
      "range else)")("replications,r", po::value<std::string>()->default_value("64"),
                     "at most this many runs per value (then undecided: counted as failing)")(
      "threads,j", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the cores; results do not depend on it)")(
      "by", po::value<std::vector<std::string>>()->composing(),
      "path=v1,v2,... (or a range, as sweep --axis): one search per value, a table of limits "
      "(repeatable: every combination)")("set", po::value<std::vector<std::string>>()->composing(),
                                         "override: path=value")(
      "duration", po::value<std::string>(), "simulated time per run")(
      "kubelet-config", po::value<std::string>(),
      "a KubeletConfiguration file (kubelet.config.k8s.io/v1beta1) as the kubelet's base")(
      "allow-large", po::bool_switch(), "run even over the 4 GiB memory estimate")(
      "json", po::bool_switch(), "print the result as JSON")(
      "scenario", po::value<std::string>(), "scenario file (default: the built-in one)");
  po::variables_map vm = parse_command(args, opts, "scenario");
  if (vm.count("help")) {
    std::cout << "usage: plegsim limit [SCENARIO] --axis path=LO..HI --criterion EXPR\n"
                 "                     [--confidence C] [--width W] [-r MAX] [-j N]\n"
                 "                     [--by path=V1,V2,...]...\n"
              << opts;
    return 0;
  }
  if (!vm.count("criterion")) {
    std::cerr << "plegsim limit: --criterion is required (e.g. 'node_not_ready_share < 0.001' "
                 "or 'P(pleg_unhealthy_transitions > 0) < 0.01'; docs/limit.md)\n";
    return 2;
  }
  if (!vm.count("axis")) {
    std::cerr << "plegsim limit: --axis is required (e.g. node.pods=10..500)\n";
    return 2;
  }
  std::string axis_text = vm["axis"].as<std::string>();
  if (axis_text.find('=') == std::string::npos) axis_text = "node.pods=" + axis_text;
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) overrides.push_back("duration=" + vm["duration"].as<std::string>());
  limit::LimitOptions o;
  o.confidence = parse_real("--confidence", vm["confidence"].as<std::string>(), 0, 1,
                            "a confidence in (0, 1), e.g. 0.95");
  if (vm.count("width")) {
    o.width = parse_real("--width", vm["width"].as<std::string>(), 0, HUGE_VAL, "a width > 0");
  }
  o.max_reps =
      parse_count("--replications", vm["replications"].as<std::string>(), 2, kMaxReplications);
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads")) {
    o.threads = static_cast<unsigned>(
        parse_count("--threads", vm["threads"].as<std::string>(), 1, kMaxThreads));
  }
  o.allow_large = vm["allow-large"].as<bool>();
  o.stop = &g_stop;
  std::signal(SIGINT, stop_limit);
  std::signal(SIGTERM, stop_limit);
  auto start = std::chrono::steady_clock::now();
  limit::LimitResult r;
  std::vector<run::SweepAxis> by;
  std::vector<limit::LimitRow> rows;
  try {
    if (vm.count("by")) {
      for (const auto& b : vm["by"].as<std::vector<std::string>>()) {
        run::SweepAxis a = run::parse_axis(b);
        for (const auto& other : by) {
          if (other.path == a.path) {
            throw limit::LimitError("--by " + a.path +
                                    " is given twice; list all its values in one --by");
          }
        }
        by.push_back(std::move(a));
      }
    }
    limit::Criterion c = limit::parse_criterion(vm["criterion"].as<std::string>());
    limit::LimitAxis axis = limit::parse_limit_axis(axis_text);
    scenario::LoadInputs in;
    if (vm.count("kubelet-config")) in.kubelet_config = vm["kubelet-config"].as<std::string>();
    scenario::Scenario base =
        scenario::load_scenario(vm.count("scenario") ? vm["scenario"].as<std::string>() : "", in);
    for (const auto& k : base.kubelet_configs) {
      std::cerr << scenario::describe_kubelet_config(k) << "\n";
    }
    if (by.empty()) {
      r = limit::limit_search(base, overrides, axis, c, o);
    } else {
      rows = limit::limit_by(base, overrides, by, axis, c, o);
    }
  } catch (const std::invalid_argument& e) {  // LimitError, or a --by that does not parse
    std::cerr << "plegsim limit: " << e.what() << "\n";
    return 2;
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const run::BuildError& e) {
    std::cerr << "plegsim limit: " << e.what() << "\n";
    return 2;
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  constexpr int kInterrupted = 130;
  if (!by.empty()) {
    bool stopped = g_stop.load();
    if (vm["json"].as<bool>()) {
      std::cout << limit::limit_table_json(by, rows, wall);
    } else {
      std::cout << limit::limit_table_text(by, rows);
      char buf[64];
      std::snprintf(buf, sizeof buf, "wall: %.1f s on %u threads\n", wall, o.threads);
      std::cout << buf;
    }
    return stopped ? kInterrupted : 0;
  }
  if (vm["json"].as<bool>()) {
    std::cout << limit::limit_json(r, wall);
  } else {
    std::cout << limit::limit_text(r);
    char buf[64];
    std::snprintf(buf, sizeof buf, "wall: %.1f s on %u threads\n", wall, o.threads);
    std::cout << buf;
  }
  return r.stopped ? kInterrupted : 0;
}

}  // namespace plegsim::cli
