// `plegsim report RUN.h5`: the summary of a run file, as `plegsim run` printed it.
#include <iostream>

#include <boost/program_options.hpp>

#include "plegsim/output.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

int cmd_report(const std::vector<std::string>& args) {
  po::options_description opts("plegsim report");
  opts.add_options()("help,h", "this help")("json", po::bool_switch(), "print one JSON object")(
      "file", po::value<std::vector<std::string>>(), "run file (HDF5) written by plegsim run -o");
  po::variables_map vm = parse_command(args, opts, "file", -1);
  if (vm.count("help")) {
    std::cout << usage() << opts;
    return 0;
  }
  if (!vm.count("file")) {
    std::cerr << "plegsim report: missing the run file (plegsim report RUN.h5)\n";
    return 2;
  }
  const auto files = vm["file"].as<std::vector<std::string>>();
  if (files.size() > 1) {
    std::cerr << "plegsim report: one run file at a time; to compare two runs, use "
                 "plegsim compare A B\n";
    return 2;
  }
  const std::string path = files[0];
  record::RunFile f;
  try {
    f = record::read_run_file(path);
  } catch (const record::RunFileError& e) {
    std::cerr << "plegsim report: " << e.what() << "\n";
    return 2;
  }
  if (vm["json"].as<bool>()) {
    std::cout << record::to_json(f.summary) << "\n";
    return 0;
  }
  std::cout << path << ": plegsim " << f.plegsim_version << " (" << f.plegsim_git_revision << ")";
  for (const auto& [table, rows] : f.table_rows) std::cout << ", " << table << " " << rows;
  std::cout << "\n" << record::to_text(f.summary);
  return 0;
}

}  // namespace plegsim::cli
