#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

po::variables_map parse_command(const std::vector<std::string>& args,
                                const po::options_description& opts, const char* positional) {
  po::positional_options_description pos;
  pos.add(positional, 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

}  // namespace plegsim::cli
