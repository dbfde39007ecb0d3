#include "sim/run/sweep_batch.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/core/parallel.h"

namespace plegsim::run {

std::vector<RunValues> run_batch(const std::vector<SweepPoint>& points,
                                 const std::vector<RunId>& ids,
                                 const std::vector<const record::SummaryField*>& schema,
                                 unsigned threads, bool allow_large) {
  for (const auto& id : ids) {
    if (id.point >= points.size()) {
      throw std::out_of_range("run_batch: point " + std::to_string(id.point) +
                              " is outside the sweep's " + std::to_string(points.size()));
    }
  }
  std::vector<RunValues> out(ids.size());
  core::parallel_for(0, ids.size(), std::max(1u, threads), [&](std::uint64_t i) {
    out[i] = run_values(run_point(points[ids[i].point], ids[i].replication, allow_large), schema);
  });
  return out;
}

}  // namespace plegsim::run
