// Groups health and node-readiness messages into causes, so time can be summed per
// cause: a message is split into its errors and each error loses its varying numbers.
//   "PLEG is not healthy: pleg was last seen active 3m5.3s ago; threshold is 3m0s"
//       -> "PLEG is not healthy"
//   "pleg was last seen active 3m5.3s ago; threshold is 3m0s"
//       -> "pleg was last seen active <elapsed> ago; threshold is 3m0s"
//   "container runtime is down" -> itself
#pragma once

#include <string>
#include <vector>

namespace plegsim::record {

// The errors a runtimeErrors() message joins: "a,b", "a, b" or "[a, b]".
std::vector<std::string> split_errors(const std::string& message);
// One error's cause: "<check> is not healthy" for a failing health check, otherwise the
// error with the elapsed time in "active <elapsed> ago" replaced.
std::string cause_of(const std::string& error);
// The distinct causes of a message, in the order they appear; empty for "".
std::vector<std::string> causes_of(const std::string& message);

}  // namespace plegsim::record
