// A sweep's results as tables: one row per finished run (its point, replication, seed
// and every chosen summary field) and one per point whose every replication finished
// (means with 95% Student t intervals; the share of runs that tripped, with its Wilson
// interval). The CLI's CSV (sweep_csv.h), the HDF5 file and Python's SweepResult are all
// renderings of this one table, so they cannot disagree.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/stats.h"
#include "sim/record/summary_schema.h"
#include "sim/run/sweep.h"

namespace plegsim::run {

// The count fields whose "above 0 in a run" share each point reports: P(PLEG unhealthy
// at least once) and P(node NotReady at least once) over the point's runs.
inline constexpr std::array<std::string_view, 2> kTripFields = {"pleg_unhealthy_transitions",
                                                                "node_not_ready_transitions"};
// A trip share's columns: FIELD + each suffix (share, lower and upper 95% Wilson ends).
inline constexpr std::array<std::string_view, 3> kTripSuffixes = {"_p_gt0", "_p_gt0_lo95",
                                                                  "_p_gt0_hi95"};
// A field mean's columns: FIELD + each suffix (mean, 95% half-width, runs with a value).
inline constexpr std::array<std::string_view, 3> kMeanSuffixes = {"_mean", "_ci95", "_n"};

// The fields a sweep reports when none are asked for (Python's plegsim.sweep): the
// relist, PLEG health and node Ready figures a capacity question starts from.
inline constexpr std::array<std::string_view, 9> kDefaultSweepFields = {
    "relist_duration_seconds.p50", "relist_duration_seconds.p99", "max_relist_duration_seconds",
    "pleg_unhealthy_transitions",  "pleg_unhealthy_seconds",      "node_not_ready_transitions",
    "node_not_ready_share",        "first_unhealthy_at_seconds",  "events_discarded"};
// Replications per point when neither the caller nor the scenario's sweep.replications
// says: enough for a Student t interval, few enough for a quick look.
inline constexpr std::uint64_t kDefaultSweepReplications = 5;

// One finished run: values[i] is fields[i] of its summary (empty where the summary has
// none, e.g. first_unhealthy_at_seconds of a run that never tripped).
struct RunValues {
  std::size_t point = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;
  std::vector<std::optional<double>> values;
  std::array<bool, kTripFields.size()> tripped{};  // kTripFields[i] > 0 in this run

  friend bool operator==(const RunValues&, const RunValues&) = default;
};

// One point whose every replication finished.
struct PointRow {
  std::size_t point = 0;
  std::uint64_t replications = 0;
  std::vector<Estimate> means;          // one per SweepTable::fields
  std::vector<core::Proportion> trips;  // one per kTripFields (k: the runs that tripped)
};

struct SweepTable {
  std::vector<std::string> axes;                      // axis paths
  std::vector<std::vector<std::string>> axis_values;  // per point (every point), per axis
  std::vector<std::string> fields;                    // canonical numeric summary fields
  std::uint64_t replications = 0;                     // asked per point
  std::vector<RunValues> runs;                        // finished, in (point, replication) order
  std::vector<PointRow> points;                       // complete points, in point order
};

// The fields resolved once (canonical numeric summary field names; std::invalid_argument
// naming the valid ones otherwise).
std::vector<const record::SummaryField*> resolve_fields(const std::vector<std::string>& fields);

// One run's values of `schema`'s fields.
RunValues run_values(const SweepRun& run, const std::vector<const record::SummaryField*>& schema);

// A point's aggregates over its runs' values (`runs`: the point's replications, all done).
PointRow point_row(std::size_t point, const std::vector<RunValues>& runs,
                   const std::vector<const record::SummaryField*>& schema);

// The table of a sweep from its finished runs' values, in any order and from any number
// of batches (sweep_batch.h): sorted by (point, replication), a run given twice is
// std::invalid_argument, and only points with all `replications` runs get a PointRow.
// Each value's `values` are those of `fields`, in order. sweep_table() builds through it.
SweepTable sweep_table_from_values(const std::vector<SweepAxis>& axes,
                                   const std::vector<SweepPoint>& points,
                                   std::vector<RunValues> values, std::uint64_t replications,
                                   const std::vector<std::string>& fields);

// The table of a sweep: `runs` as run_sweep returned them (ordered by (point,
// replication); runs not done are left out, and so is every point with one).
SweepTable sweep_table(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points,
                       const std::vector<SweepRun>& runs, std::uint64_t replications,
                       const std::vector<std::string>& fields);

}  // namespace plegsim::run
