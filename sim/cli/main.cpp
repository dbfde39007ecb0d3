// plegsim: the command line. `plegsim run [SCENARIO]` runs one simulated node;
// `plegsim report RUN.h5` prints the summary of a run file.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << plegsim::cli::usage();
    return args.empty() ? 2 : 0;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "run") return plegsim::cli::cmd_run(args);
    if (cmd == "report") return plegsim::cli::cmd_report(args);
    if (cmd == "sweep") return plegsim::cli::cmd_sweep(args);
    if (cmd == "--version" || cmd == "version") return plegsim::cli::cmd_version();
  } catch (const boost::program_options::error& e) {
    std::cerr << "plegsim " << cmd << ": " << e.what() << "\n";
    return 2;
  }
  std::cerr << "plegsim: unknown command \"" << cmd << "\"\n" << plegsim::cli::usage();
  return 2;
}
