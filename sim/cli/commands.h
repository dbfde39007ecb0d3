// The plegsim subcommands; each returns the process exit code (0 ok, 1 an expectation
// failed or a statistic moved, 2 bad input).
#pragma once

#include <string>
#include <vector>

namespace plegsim::cli {

std::string usage();
int cmd_run(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_sweep(const std::vector<std::string>& args);
int cmd_limit(const std::vector<std::string>& args);
int cmd_regress(const std::vector<std::string>& args);
int cmd_fit(const std::vector<std::string>& args);
int cmd_validate(const std::vector<std::string>& args);
int cmd_fields(const std::vector<std::string>& args);
int cmd_version();

}  // namespace plegsim::cli
