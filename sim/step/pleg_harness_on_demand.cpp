// PlegHarness's on-demand relist steps (1.36+): the global relist timer a test arms and
// one workerLoopIteration run to its end, as upstream's TestWorkerLoop drives them.
#include <stdexcept>

#include "sim/step/pleg_harness.h"

namespace plegsim::step {

void PlegHarness::arm_global_relist_timer(Duration d) {
  if (d < Duration{}) {
    throw std::invalid_argument("PlegHarness::arm_global_relist_timer: negative duration");
  }
  pleg_.set_global_relist_timer(kernel_.now() + d);
}

LoopStep PlegHarness::worker_loop_iteration() {
  static constexpr const char* kWhere = "PlegHarness::worker_loop_iteration: ";
  if (!on_demand_relist_) {
    throw std::logic_error(std::string(kWhere) +
                           "the PLEGOnDemandRelist gate is off (HarnessOptions::on_demand_relist)");
  }
  if (pending_) throw std::logic_error(std::string(kWhere) + "a relist is pending; resume() it");
  if (!pleg_.global_relist_timer() && pleg_.relist_requests_queued() == 0) {
    throw std::logic_error(std::string(kWhere) +
                           "would block: no global relist timer armed and no relist request "
                           "queued (arm_global_relist_timer or request_relist first)");
  }
  const std::size_t relists_before = sink_.relists.size();
  const std::uint64_t stale_before = pleg_.stale_relist_requests();
  bool done = false;
  kernel_.spawn([](kubelet::GenericPleg& p, bool& d) -> core::Task<void> {
    co_await p.worker_loop_iteration(0);
    d = true;
  }(pleg_, done));
  while (true) {
    kernel_.run_until(kernel_.now());
    if (done) break;
    // Waiting for a call, or for the timer with nothing queued: jump to it.
    std::optional<Time> next = runtime_.next_completion();
    if (!next) next = pleg_.global_relist_timer();
    if (!next || *next <= kernel_.now()) {
      throw std::logic_error(std::string(kWhere) + "the iteration waits for nothing that comes");
    }
    kernel_.run_until(*next);
  }
  if (sink_.relists.size() > relists_before) return LoopStep::kGlobalRelist;
  if (pleg_.stale_relist_requests() > stale_before) return LoopStep::kStaleRequestSkipped;
  return LoopStep::kPodRelist;
}

}  // namespace plegsim::step
