// Fuzzes the duration and rate parsers (core::parse_duration, models::parse_rate).
// Invariants: format_duration's text parses back to the same Duration, and a rate
// formatted by format_rate parses back within its 9 significant digits. Only
// DurationParseError and std::invalid_argument (their documented errors) may come out.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "models/rate.h"
#include "sim/core/time.h"
#include "tests/fuzz/fuzz_util.h"

using plegsim::core::Duration;
using plegsim::core::DurationParseError;

namespace {

void check_duration(std::string_view text) {
  Duration d;
  try {
    d = plegsim::core::parse_duration(text);
  } catch (const DurationParseError&) {
    return;
  }
  if (d.ns < 0) plegsim::fuzz::finding("parse_duration returned a negative duration", text);
  std::string out = plegsim::core::format_duration(d);
  Duration back;
  try {
    back = plegsim::core::parse_duration(out);
  } catch (const DurationParseError& e) {
    plegsim::fuzz::finding(std::string("format_duration output does not parse: ") + e.what(), text,
                           out);
  }
  if (back != d) plegsim::fuzz::finding("duration round trip changed the value", text, out);
}

void check_rate(std::string_view text) {
  plegsim::models::Rate r;
  try {
    r = plegsim::models::parse_rate(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  if (!std::isfinite(r.per_hour) || r.per_hour < 0) {
    plegsim::fuzz::finding("parse_rate returned a negative or non-finite rate", text);
  }
  std::string out = plegsim::models::format_rate(r);
  plegsim::models::Rate back;
  try {
    back = plegsim::models::parse_rate(out);
  } catch (const std::invalid_argument& e) {
    plegsim::fuzz::finding(std::string("format_rate output does not parse: ") + e.what(), text,
                           out);
  }
  double tolerance = std::abs(r.per_hour) * 1e-8;
  if (!(std::abs(back.per_hour - r.per_hour) <= tolerance)) {
    plegsim::fuzz::finding("rate round trip changed the value beyond 9 digits", text, out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_duration(text);
  check_rate(text);
  return 0;
}
