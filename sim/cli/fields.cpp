// `plegsim fields`: the summary's fields (sim/record/summary_schema.h), the names
// `expect:`, `sweep --fields` and the outputs use; --markdown gives docs/output.md's table.
#include <iostream>

#include <boost/program_options.hpp>

#include "plegsim/summary.h"
#include "sim/cli/commands.h"

namespace po = boost::program_options;

namespace plegsim::cli {

int cmd_fields(const std::vector<std::string>& args) {
  po::options_description opts("plegsim fields");
  opts.add_options()("help,h", "this help")("markdown", po::bool_switch(),
                                            "the Markdown table of docs/output.md");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: plegsim fields [--markdown]\n" << opts;
    return 0;
  }
  if (vm["markdown"].as<bool>()) {
    std::cout << record::summary_fields_markdown();
    return 0;
  }
  for (const auto& f : record::summary_fields()) {
    std::cout << f.name << "\t" << record::type_name(f.type) << "\t" << f.unit << "\t"
              << record::window_name(f.window) << "\t" << f.doc << "\n";
  }
  return 0;
}

}  // namespace plegsim::cli
