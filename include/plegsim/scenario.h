// plegsim's public API: scenarios. A scenario::Scenario is plain data (every default
// filled in), loaded and validated from YAML with `path=value` overrides applied first;
// errors are scenario::ScenarioError naming file, line, column and key. to_yaml gives
// the fully resolved scenario back. Keys: docs/scenario.md.
#pragma once

#include "sim/core/time.h"          // parse_duration / format_duration: the one duration syntax
#include "sim/scenario/loader.h"    // load_scenario_file/_text, load_default_scenario, to_yaml
#include "sim/scenario/scenario.h"  // Scenario and the components' specs
