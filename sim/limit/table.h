// plegsim limit --by: the limit search at every combination of other axes (releases,
// runtime profiles, churn), one search each, reported as a table of limits.
#pragma once

#include <string>
#include <vector>

#include "sim/limit/limit.h"
#include "sim/run/sweep.h"

namespace plegsim::limit {

// One combination of the --by axes and the search run there.
struct LimitRow {
  std::vector<std::string> by;  // "path=value", one per --by axis, in --by order
  LimitResult result;
  double wall_seconds = 0;  // this search's wall time (not deterministic)
};

// The cartesian product of `by` (the first axis varying slowest, as `plegsim sweep`
// orders points), each searched with `overrides`, then the row's values, applied. A
// --by axis on the searched axis's path is a LimitError; every combination must load
// (ScenarioError) before any search runs. Stops early (rows so far) once
// `options.stop` is set.
std::vector<LimitRow> limit_by(const scenario::Scenario& base,
                               const std::vector<std::string>& overrides,
                               const std::vector<run::SweepAxis>& by, const LimitAxis& axis,
                               const Criterion& criterion, const LimitOptions& options);

// The table: one line per row (the --by values, limit, interval, censoring, runs).
std::string limit_table_text(const std::vector<run::SweepAxis>& by,
                             const std::vector<LimitRow>& rows);
// {"by": [paths], "rows": [{"by": {path: value}, "result": <limit_json>}], "runs",
// "wall_seconds"}.
std::string limit_table_json(const std::vector<run::SweepAxis>& by,
                             const std::vector<LimitRow>& rows, double wall_seconds);

}  // namespace plegsim::limit
