// plegsim: the command line. `plegsim run [SCENARIO]` runs one simulated node;
// `plegsim report RUN.h5` prints the summary of a run file; `plegsim fit SCRAPE...`
// fits a runtime: section to kubelet scrapes; `plegsim validate SCRAPE --scenario X`
// compares a simulated node with its kubelet's scrape.
#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/options.h"

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
    if (cmd == "compare") return plegsim::cli::cmd_compare(args);
    if (cmd == "sweep") return plegsim::cli::cmd_sweep(args);
    if (cmd == "limit") return plegsim::cli::cmd_limit(args);
    if (cmd == "regress") return plegsim::cli::cmd_regress(args);
    if (cmd == "fit") return plegsim::cli::cmd_fit(args);
    if (cmd == "validate") return plegsim::cli::cmd_validate(args);
    if (cmd == "fields") return plegsim::cli::cmd_fields(args);
    if (cmd == "--version" || cmd == "version") return plegsim::cli::cmd_version();
  } catch (const boost::program_options::error& e) {
    std::cerr << "plegsim " << cmd << ": " << e.what() << "\n";
    return 2;
  } catch (const plegsim::cli::CliError& e) {
    std::cerr << "plegsim " << cmd << ": " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "plegsim " << cmd
              << ": out of memory: the scenario needs more memory than this machine has "
                 "(fewer pods, containers, faults or recorded tables)\n";
    return 2;
  } catch (const std::exception& e) {
    // Nothing should get here: every input error has its own message above or in the
    // command. Still a message and an exit code, never terminate().
    std::cerr << "plegsim " << cmd << ": internal error: " << e.what()
              << " (please report it with the command line)\n";
    return 3;
  }
  std::cerr << "plegsim: unknown command \"" << cmd << "\"\n" << plegsim::cli::usage();
  return 2;
}
