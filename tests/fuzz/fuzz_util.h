// Shared by the libFuzzer targets (tests/fuzz, docs/hardening.md): how a target
// reports a broken invariant. Documented exceptions are caught in each target; anything
// that reaches here, or escapes a target, or trips a sanitizer, is a finding.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace plegsim::fuzz {

// Prints what broke (and the two sides, when given) and aborts: libFuzzer saves the
// input as crash-<sha1> and stops.
[[noreturn]] inline void finding(std::string_view what, std::string_view a = {},
                                 std::string_view b = {}) {
  std::fprintf(stderr, "\nFUZZ FINDING: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!a.empty() || !b.empty()) {
    std::fprintf(stderr, "--- first:\n%.*s\n--- second:\n%.*s\n", static_cast<int>(a.size()),
                 a.data(), static_cast<int>(b.size()), b.data());
  }
  std::abort();
}

}  // namespace plegsim::fuzz
