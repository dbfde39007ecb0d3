// What `plegsim validate` and `plegsim fit --validate` share: the simulation's options
// (-r, --seed, --duration, --set, -j, --allow-large, --check, --tolerance) and printing
// the comparison.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "plegsim/validate.h"

namespace plegsim::cli {

struct ValidateCli {
  validate::Options options;
  std::vector<std::string> overrides;  // --set, then --duration
  std::optional<double> check;         // --check's tolerance
  bool json = false;
};

// Adds the shared options to `opts` (--json only when `json`).
void add_validate_options(boost::program_options::options_description& opts, bool json);
// Reads them back; CliError on a bad value.
ValidateCli read_validate_options(const boost::program_options::variables_map& vm);

// Validates and prints the table (or JSON); the exit code: 0, 1 when --check failed, 2
// when --check has no relist duration to check. Throws what validate::validate throws.
int validate_and_print(const scenario::Scenario& s, const fit::KubeletScrape& scrape,
                       const ValidateCli& cli);

}  // namespace plegsim::cli
