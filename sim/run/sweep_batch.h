// A sweep's runs in batches: any subset of its (point, replication) runs, run wherever
// (a thread pool here, Dask workers from Python), and their values gathered into the
// sweep's table (sweep_table_from_values). A run's values depend only on its point and
// replication (run_point), so the table is the one run_sweep gives however the runs
// were split, ordered or spread.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/run/sweep.h"
#include "sim/run/sweep_table.h"

namespace plegsim::run {

struct RunId {
  std::size_t point = 0;
  std::uint64_t replication = 0;
};

// Runs `ids` (points[id.point], replication id.replication) on `threads` threads and
// returns their values of `schema`'s fields, in `ids` order. std::out_of_range for a
// point outside `points`; BuildError as run_sweep.
std::vector<RunValues> run_batch(const std::vector<SweepPoint>& points,
                                 const std::vector<RunId>& ids,
                                 const std::vector<const record::SummaryField*>& schema,
                                 unsigned threads, bool allow_large);

}  // namespace plegsim::run
