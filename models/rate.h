// Event rates ("0.5/h") as events per nanosecond of simulated time.
#pragma once

#include <string>
#include <string_view>

namespace plegsim::models {

// A Poisson rate. Stored per hour for readability; converted where used. A relative
// rate ("20%/h") is per pod: per_hour holds the percentage of the pods per hour (20),
// and per_second() the events per pod per second.
struct Rate {
  double per_hour = 0.0;
  bool relative = false;
  double per_second() const { return relative ? per_hour / 360000.0 : per_hour / 3600.0; }
  bool zero() const { return per_hour <= 0.0; }
};

// Parses "0.5/h", "2/m", "10/s", "3/d", "0", and relative rates "20%/h", "1%/m". Throws
// std::invalid_argument with a reason.
Rate parse_rate(std::string_view text);
std::string format_rate(Rate r);

}  // namespace plegsim::models
