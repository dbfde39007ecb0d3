#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

std::uint64_t parse_count(const std::string& option, const std::string& value, std::uint64_t min,
                          std::uint64_t max) {
  auto bad = [&] {
    return CliError(option + ": expected a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + " (got \"" + value + "\")");
  };
  if (value.empty() || value.size() > 20) throw bad();
  std::uint64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') throw bad();
    auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) throw bad();
    v = v * 10 + d;
  }
  if (v < min || v > max) throw bad();
  return v;
}

po::variables_map parse_command(const std::vector<std::string>& args,
                                const po::options_description& opts, const char* positional,
                                int max_positional) {
  po::positional_options_description pos;
  pos.add(positional, max_positional);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

}  // namespace plegsim::cli
