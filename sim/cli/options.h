// Command-line parsing shared by the plegsim subcommands.
#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace plegsim::cli {

// Parses `args` against `opts`, with at most one positional argument stored under
// `positional`. Throws boost::program_options::error on bad input.
boost::program_options::variables_map parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& opts,
    const char* positional);

}  // namespace plegsim::cli
