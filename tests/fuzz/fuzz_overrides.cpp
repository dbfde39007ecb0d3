// Fuzzes `--set path=value` overrides. The input is a base scenario, then a line
// `#--set`, then one override per line (at most 64); without the marker the whole input
// is one override list over the built-in default. Only ScenarioError may come out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plegsim/scenario.h"
#include "tests/fuzz/fuzz_util.h"

using plegsim::scenario::default_scenario_yaml;
using plegsim::scenario::load_scenario_text;
using plegsim::scenario::ScenarioError;

namespace {

constexpr std::string_view kMarker = "#--set\n";
constexpr std::size_t kMaxLines = 64;

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty() && out.size() < kMaxLines) {
    std::size_t nl = s.find('\n');
    out.emplace_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view base = default_scenario_yaml();
  std::string_view sets = input;
  if (std::size_t at = input.find(kMarker); at != std::string_view::npos) {
    base = input.substr(0, at);
    sets = input.substr(at + kMarker.size());
  }
  try {
    (void)load_scenario_text(base, "<fuzz>", split_lines(sets));
  } catch (const ScenarioError&) {
    // the documented rejection
  }
  return 0;
}
