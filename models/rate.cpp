#include "models/rate.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace plegsim::models {

Rate parse_rate(std::string_view text) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("invalid rate \"" + std::string(text) + "\": " + why +
                                 " (expected e.g. 0.5/h, 2/m, 10/s, 3/d or 20%/h)");
  };
  if (text == "0") return {};
  auto slash = text.find('/');
  if (slash == std::string_view::npos) throw bad("missing /unit");
  bool relative = slash > 0 && text[slash - 1] == '%';
  std::string num(text.substr(0, relative ? slash - 1 : slash));
  std::string_view unit = text.substr(slash + 1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (ec != std::errc() || ptr != num.data() + num.size() || num.empty()) throw bad("not a number");
  if (!std::isfinite(v) || v < 0) throw bad("must be a finite number >= 0");
  double per_hour;
  if (unit == "s") {
    per_hour = v * 3600;
  } else if (unit == "m") {
    per_hour = v * 60;
  } else if (unit == "h") {
    per_hour = v;
  } else if (unit == "d") {
    per_hour = v / 24;
  } else {
    throw bad("unknown unit");
  }
  // "1e308/s" is finite but overflows once scaled to per hour (found by tests/fuzz).
  if (!std::isfinite(per_hour)) throw bad("too large");
  return Rate{per_hour, relative};
}

std::string format_rate(Rate r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, r.relative ? "%.9g%%/h" : "%.9g/h", r.per_hour);
  return buf;
}

}  // namespace plegsim::models
