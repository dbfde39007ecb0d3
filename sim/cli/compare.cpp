// `plegsim compare A B`: two run files, sweep CSVs or sweep HDF5 files, field by field (B - A with
// Welch's interval where both sides have replications).
#include <cmath>
#include <iostream>

#include <boost/program_options.hpp>

#include "plegsim/compare.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

int cmd_compare(const std::vector<std::string>& args) {
  po::options_description opts("plegsim compare");
  opts.add_options()("help,h", "this help")("json", po::bool_switch(), "print one JSON object")(
      "alpha", po::value<double>()->default_value(0.05),
      "significance level: the intervals are 1 - alpha")(
      "files", po::value<std::vector<std::string>>(),
      "A and B: run files (plegsim run -o X.h5), sweep CSVs (plegsim sweep -o X.csv) or "
      "sweep files (plegsim sweep -o X.h5)");
  po::variables_map vm = parse_command(args, opts, "files", -1);
  if (vm.count("help")) {
    std::cout << usage() << opts;
    return 0;
  }
  std::vector<std::string> files;
  if (vm.count("files")) files = vm["files"].as<std::vector<std::string>>();
  if (files.size() != 2) {
    std::cerr << "plegsim compare: give two files, A and B (plegsim compare A B); got "
              << files.size() << "\n";
    return 2;
  }
  double alpha = vm["alpha"].as<double>();
  if (!(alpha > 0 && alpha < 1)) {
    std::cerr << "plegsim compare: --alpha must be between 0 and 1 (exclusive)\n";
    return 2;
  }
  try {
    auto a = regress::read_compare_input(files[0]);
    auto b = regress::read_compare_input(files[1]);
    auto c = regress::compare_inputs(a, b, alpha);
    std::cout << (vm["json"].as<bool>() ? regress::compare_json(a, b, c) + "\n"
                                        : regress::compare_text(a, b, c));
  } catch (const regress::CompareInputError& e) {
    std::cerr << "plegsim compare: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace plegsim::cli
