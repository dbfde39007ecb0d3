// Simulated time: integer nanoseconds, never floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace plegsim::core {

// Saturating int64 arithmetic: a result past either end of the range sticks at that end
// instead of wrapping (undefined behaviour for signed integers). Simulated times and
// spans saturate like Go's time.Time.Add/time.Duration: a wait "until the end of time"
// is Time::never(), never a time in the past.
constexpr std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return r;
}
constexpr std::int64_t sat_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) {
    return b < 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return r;
}
constexpr std::int64_t sat_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    return (a < 0) != (b < 0) ? std::numeric_limits<std::int64_t>::min()
                              : std::numeric_limits<std::int64_t>::max();
  }
  return r;
}

// A signed span of simulated time in nanoseconds.
struct Duration {
  std::int64_t ns = 0;

  static constexpr Duration nanoseconds(std::int64_t v) { return {v}; }
  static constexpr Duration microseconds(std::int64_t v) { return {v * 1'000}; }
  static constexpr Duration milliseconds(std::int64_t v) { return {v * 1'000'000}; }
  static constexpr Duration seconds(std::int64_t v) { return {v * 1'000'000'000}; }
  static constexpr Duration minutes(std::int64_t v) { return seconds(v * 60); }
  static constexpr Duration hours(std::int64_t v) { return seconds(v * 3600); }
  // The largest representable span; Go's time.Duration saturates to the same value.
  static constexpr Duration max() { return {std::numeric_limits<std::int64_t>::max()}; }

  constexpr double seconds_f() const { return static_cast<double>(ns) / 1e9; }
  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return {sat_add(ns, o.ns)}; }
  constexpr Duration operator-(Duration o) const { return {sat_sub(ns, o.ns)}; }
  constexpr Duration operator*(std::int64_t k) const { return {sat_mul(ns, k)}; }
  constexpr Duration& operator+=(Duration o) {
    ns = sat_add(ns, o.ns);
    return *this;
  }
};

// A point of simulated time, in nanoseconds since the simulation started.
struct Time {
  std::int64_t ns = 0;

  static constexpr Time never() { return {std::numeric_limits<std::int64_t>::max()}; }
  constexpr double seconds_f() const { return static_cast<double>(ns) / 1e9; }
  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Duration d) const { return {sat_add(ns, d.ns)}; }
  constexpr Time operator-(Duration d) const { return {sat_sub(ns, d.ns)}; }
  constexpr Duration operator-(Time o) const { return {sat_sub(ns, o.ns)}; }
};

// Thrown when a duration string is malformed; what() says why.
struct DurationParseError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Parses a Kubernetes/Go duration: "250ms", "90s", "1m30s", "1h", "2.5s", "1.5us", "0".
// Negative values and unknown units are rejected. Fractions are exact to the nanosecond.
Duration parse_duration(std::string_view text);

// Formats like Go's time.Duration.String(): "3m0.322579259s", "1h0m0s", "250ms", "0s".
std::string format_duration(Duration d);

}  // namespace plegsim::core
