#include <iostream>

#include <boost/program_options.hpp>

#include "sim/cli/commands.h"
#include "sim/core/version.h"
#include "sim/record/summary.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/simulation.h"

namespace po = boost::program_options;

namespace plegsim::cli {

std::string usage() {
  return "usage: plegsim run [SCENARIO.yaml] [--seed N] [--duration D] [--set path=value]...\n"
         "                   [--json] [--check]\n"
         "       plegsim version\n"
         "With no scenario file, `run` uses the built-in default (scenarios/default.yaml).\n"
         "Exit codes: 0 ok, 1 an expectation failed (--check), 2 bad input.\n";
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
}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  po::options_description opts("plegsim run");
  opts.add_options()("help,h", "this help")("seed", po::value<std::uint64_t>(), "seed")(
      "duration", po::value<std::string>(), "simulated time, e.g. 2h")(
      "set", po::value<std::vector<std::string>>()->composing(), "override: path=value")(
      "json", po::bool_switch(), "print one JSON object")(
      "check", po::bool_switch(), "exit 1 when an expect: entry fails")(
      "scenario", po::value<std::string>(), "scenario file");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << usage() << opts;
    return 0;
  }
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) overrides.push_back("duration=" + vm["duration"].as<std::string>());

  scenario::Scenario sc;
  try {
    sc = vm.count("scenario") ? scenario::load_scenario_file(vm["scenario"].as<std::string>(), overrides)
                              : scenario::load_default_scenario(overrides);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  scenario::BuildOptions bo;
  if (vm.count("seed")) bo.seed = vm["seed"].as<std::uint64_t>();
  try {
    scenario::Simulation sim(sc, bo);
    sim.run();
    const auto& sum = sim.summary();
    std::cout << (vm["json"].as<bool>() ? record::to_json(sum) + "\n" : record::to_text(sum));
    if (vm["check"].as<bool>() && !check_expectations(sc, sum)) return 1;
  } catch (const scenario::BuildError& e) {
    std::cerr << sc.source_path << ": " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace plegsim::cli
