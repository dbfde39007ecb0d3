// Runs a scenario's seeded replications and takes from each run the statistics a golden
// stores: relist duration p50/p90/p99/mean, interval p50, node_not_ready_share,
// pods_inspected and CRI calls per operation.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/record/summary.h"
#include "sim/scenario/scenario.h"

namespace plegsim::regress {

// (name, value) of every statistic of one run; CRI call counts only for operations
// the run called (a golden keeps the columns it was blessed with).
std::vector<std::pair<std::string, double>> statistics(const record::Summary& s);

// Statistic `name` of a run: 0 for an operation the run did not call, NaN for a name
// statistics() never gives.
double statistic(const record::Summary& s, const std::string& name);

// "fnv1a64:<16 hex>" of the resolved scenario (to_yaml, without the seed, which the
// replications choose, and without the path it was read from), so a golden can tell a
// scenario edit from a model change.
std::string scenario_hash(const scenario::Scenario& s);

// Runs seeds first_seed .. first_seed + replications - 1 on `threads` threads; the
// summaries in seed order, independent of the thread count.
std::vector<record::Summary> run_replications(const scenario::Scenario& s, std::uint64_t first_seed,
                                              std::uint64_t replications, unsigned threads);

}  // namespace plegsim::regress
