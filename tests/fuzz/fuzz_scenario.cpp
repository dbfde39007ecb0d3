// Fuzzes the scenario loader with arbitrary YAML text. A scenario that loads must
// survive to_yaml: its YAML loads again, and to_yaml of that is the same text (Scenario
// has no operator==; to_yaml writes every field, so equal texts mean equal scenarios,
// source_path/source_yaml/Expectation::line aside, which to_yaml documents as not kept;
// both loads use the same source name, which to_yaml's header comment repeats).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "plegsim/scenario.h"
#include "tests/fuzz/fuzz_util.h"

using plegsim::scenario::load_scenario_text;
using plegsim::scenario::Scenario;
using plegsim::scenario::ScenarioError;
using plegsim::scenario::to_yaml;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Scenario s;
  try {
    s = load_scenario_text(text, "<fuzz>", {});
  } catch (const ScenarioError&) {
    return 0;  // the documented way to reject a scenario
  }
  std::string first = to_yaml(s);
  std::string second;
  try {
    second = to_yaml(load_scenario_text(first, "<fuzz>", {}));
  } catch (const std::exception& e) {
    plegsim::fuzz::finding(std::string("to_yaml output does not load: ") + e.what(), first);
  }
  if (first != second)
    plegsim::fuzz::finding("to_yaml round trip changed the scenario", first, second);
  return 0;
}
