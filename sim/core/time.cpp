#include "sim/core/time.h"

#include <cstdio>

namespace plegsim::core {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t ns;
};

// Longest names first so "ms" is not read as "m". Like Go, both the micro sign (U+00B5)
// and the Greek letter mu (U+03BC) spell microseconds.
constexpr Unit kUnits[] = {
    {"ns", 1},         {"us", 1'000},        {"\u00b5s", 1'000},    {"\u03bcs", 1'000},
    {"ms", 1'000'000}, {"s", 1'000'000'000}, {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};

[[noreturn]] void fail(std::string_view text, const std::string& why) {
  throw DurationParseError("invalid duration \"" + std::string(text) + "\": " + why +
                           " (expected e.g. 250ms, 90s, 1m30s, 2.5s, 1h)");
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Adds whole*unit + frac/10^frac_digits*unit with overflow checks.
std::int64_t add_component(std::string_view text, std::int64_t total, std::int64_t whole,
                           std::int64_t frac, int frac_digits, std::int64_t unit) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (whole > kMax / unit) fail(text, "too large");
  std::int64_t v = whole * unit;
  if (frac_digits > 0) {
    // frac < 10^18 and unit <= 3.6e12: scale with 128-bit arithmetic, truncating like Go.
    __int128 scaled = static_cast<__int128>(frac) * unit;
    __int128 denom = 1;
    for (int i = 0; i < frac_digits; ++i) denom *= 10;
    // The fraction is below one unit, but whole * unit may already be within a unit of
    // the maximum ("9223372036.9s"): check before adding (found by tests/fuzz).
    auto part = static_cast<std::int64_t>(scaled / denom);
    if (v > kMax - part) fail(text, "too large");
    v += part;
  }
  if (total > kMax - v) fail(text, "too large");
  return total + v;
}

}  // namespace

Duration parse_duration(std::string_view text) {
  std::string_view s = text;
  if (s.empty()) fail(text, "empty");
  if (s.front() == '-') fail(text, "negative durations are not allowed");
  if (s.front() == '+') s.remove_prefix(1);
  if (s == "0") return {};
  if (s.empty()) fail(text, "no number");
  std::int64_t total = 0;
  while (!s.empty()) {
    std::int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    bool any_digit = false;
    while (!s.empty() && is_digit(s.front())) {
      if (whole > (std::numeric_limits<std::int64_t>::max() - 9) / 10) fail(text, "too large");
      whole = whole * 10 + (s.front() - '0');
      s.remove_prefix(1);
      any_digit = true;
    }
    if (!s.empty() && s.front() == '.') {
      s.remove_prefix(1);
      while (!s.empty() && is_digit(s.front())) {
        if (frac_digits < 18) {
          frac = frac * 10 + (s.front() - '0');
          ++frac_digits;
        }
        s.remove_prefix(1);
        any_digit = true;
      }
    }
    if (!any_digit) fail(text, "expected a number");
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (s.substr(0, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) {
      // Go's durations (and so the kubelet's) stop at hours: say how to write days.
      if (!s.empty() && (s.front() == 'd' || s.front() == 'w')) {
        fail(text, std::string("unknown unit \"") + s.front() +
                       "\": durations stop at h, as Go's do (a day is 24h, a week 168h)");
      }
      fail(text, s.empty() ? "missing unit" : "unknown unit");
    }
    s.remove_prefix(unit->name.size());
    total = add_component(text, total, whole, frac, frac_digits, unit->ns);
  }
  return {total};
}

namespace {
// Appends v/10^prec with trailing zeros (and a lone dot) trimmed, like Go's fmtFrac+fmtInt.
void append_fraction(std::string& out, std::uint64_t v, int prec) {
  std::string digits;
  bool printed = false;
  for (int i = 0; i < prec; ++i) {
    int d = static_cast<int>(v % 10);
    printed = printed || d != 0;
    if (printed) digits.insert(digits.begin(), static_cast<char>('0' + d));
    v /= 10;
  }
  out += std::to_string(v);
  if (!digits.empty()) out += "." + digits;
}
}  // namespace

std::string format_duration(Duration d) {
  std::int64_t ns = d.ns;
  if (ns == 0) return "0s";
  bool neg = ns < 0;
  std::uint64_t u =
      neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  std::string out = neg ? "-" : "";
  if (u < 1'000'000'000ULL) {
    // Sub-second: pick ns, µs or ms like Go.
    if (u < 1'000ULL) return out + std::to_string(u) + "ns";
    if (u < 1'000'000ULL) {
      append_fraction(out, u, 3);
      return out + "µs";
    }
    append_fraction(out, u, 6);
    return out + "ms";
  }
  std::uint64_t secs_total = u / 1'000'000'000ULL;
  std::uint64_t frac_ns = u % 1'000'000'000ULL;
  std::uint64_t hours = secs_total / 3600;
  std::uint64_t mins = (secs_total / 60) % 60;
  std::uint64_t secs = secs_total % 60;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || mins > 0) out += std::to_string(mins) + "m";
  append_fraction(out, secs * 1'000'000'000ULL + frac_ns, 9);
  return out + "s";
}

}  // namespace plegsim::core
