// Command-line parsing shared by the plegsim subcommands.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace plegsim::cli {

// A command-line value out of its documented range; what() names the option.
struct CliError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `value` as a whole number in [min, max] (decimal digits only: no sign, no spaces, no
// wrap-around of "-1"); CliError naming `option` otherwise.
std::uint64_t parse_count(const std::string& option, const std::string& value, std::uint64_t min,
                          std::uint64_t max);

// Parses `args` against `opts`, with at most `max_positional` positional arguments
// (-1: any number) stored under `positional`. Throws boost::program_options::error on bad input.
boost::program_options::variables_map parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& opts,
    const char* positional, int max_positional = 1);

}  // namespace plegsim::cli
