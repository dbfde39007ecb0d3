#include "sim/step/pleg_harness.h"

#include <stdexcept>

namespace plegsim::step {

namespace {

kubelet::Profile checked_profile(const HarnessOptions& o) {
  auto p = kubelet::profile_for_version(o.version);
  if (!p) {
    throw std::invalid_argument("unknown kubelet release \"" + o.version +
                                "\" (expected 1.2 or later, e.g. \"1.11\", \"1.28\")");
  }
  if (o.evented_gate && !p->evented_pleg_available) {
    throw std::invalid_argument("the EventedPLEG gate exists from 1.26 on, not in " + o.version);
  }
  if (o.channel_capacity == 0) {
    throw std::invalid_argument("channel_capacity must be at least 1");
  }
  if (o.relist_threshold) p->relist_threshold = *o.relist_threshold;
  if (o.relist_period) {
    if (*o.relist_period <= Duration{}) {
      throw std::invalid_argument("relist_period must be above 0");
    }
    p->relist_period = *o.relist_period;
  }
  if (o.on_demand_relist == true && !p->on_demand_relist_available) {
    throw std::invalid_argument("the PLEGOnDemandRelist gate exists from 1.36 on, not in " +
                                o.version);
  }
  if (o.on_demand_relist == false && p->minor >= 37) {
    throw std::invalid_argument("the PLEGOnDemandRelist gate is locked on from 1.37 (in " +
                                o.version + ")");
  }
  return *p;
}

kubelet::PlegConfig pleg_config(const kubelet::Profile& p, const HarnessOptions& o) {
  kubelet::PlegConfig c;
  c.relist_period = p.relist_period;
  c.relist_threshold = p.relist_threshold;
  c.evented_gate = o.evented_gate;
  c.seed = o.seed;
  c.go_zero_time_clock = o.go_zero_time_clock;
  c.on_demand_relist = o.on_demand_relist.value_or(p.minor >= 36);
  return c;
}

}  // namespace

PlegHarness::PlegHarness(HarnessOptions opts)
    : profile_(checked_profile(opts)),
      prom_(profile_.minor),
      instrumented_(recorder_),
      runtime_(kernel_),
      runtime_manager_(runtime_, profile_),
      channel_(kernel_, opts.channel_capacity),
      pleg_(kernel_, runtime_manager_, cache_, channel_, profile_, recorder_,
            pleg_config(profile_, opts)),
      on_demand_relist_(pleg_config(profile_, opts).on_demand_relist) {
  recorder_.add(&sink_);
  recorder_.add(&prom_);
  // As the kubelet sets it: with the gate on, GetPodStatus asks the newest sandbox for
  // its containers and timestamp.
  runtime_manager_.set_evented_gate(opts.evented_gate);
  runtime_.set_call_observer(&instrumented_);
}

PlegHarness::~PlegHarness() {
  // A relist blocked on a send or a call is a suspended process referencing members.
  kernel_.shutdown();
}

core::Task<void> PlegHarness::relist_process() {
  co_await pleg_.relist();
  pending_ = false;
}

RelistOutcome PlegHarness::relist(std::optional<Duration> at_most) {
  if (pending_) throw std::logic_error("PlegHarness::relist: a relist is pending; resume() it");
  pending_ = true;
  started_ = kernel_.now();
  kernel_.spawn(relist_process());
  return run_relist(at_most ? std::optional<Time>(kernel_.now() + *at_most) : std::nullopt);
}

core::Task<void> PlegHarness::relist_process(core::Task<void> relist) {
  co_await std::move(relist);
  pending_ = false;
}

RelistOutcome PlegHarness::relist_task(core::Task<void> relist, std::optional<Duration> at_most) {
  if (pending_) throw std::logic_error("PlegHarness::relist: a relist is pending; resume() it");
  pending_ = true;
  started_ = kernel_.now();
  kernel_.spawn(relist_process(std::move(relist)));
  return run_relist(at_most ? std::optional<Time>(kernel_.now() + *at_most) : std::nullopt);
}

RelistOutcome PlegHarness::resume(std::optional<Duration> at_most) {
  return run_relist(at_most ? std::optional<Time>(kernel_.now() + *at_most) : std::nullopt);
}

RelistOutcome PlegHarness::run_relist(std::optional<Time> deadline) {
  // Run what is due now; while the relist waits for a call, jump to the call's
  // completion. A relist waiting for nothing the kernel will deliver is blocked on a
  // send: only drain_events() can free it.
  while (true) {
    kernel_.run_until(kernel_.now());
    if (!pending_) break;
    std::optional<Time> next = runtime_.next_completion();
    if (!next) break;
    if (deadline && *next > *deadline) {
      kernel_.run_until(*deadline);
      break;
    }
    kernel_.run_until(*next);
  }
  RelistOutcome out;
  out.completed = !pending_;
  out.blocked_on_send = pending_ && pleg_.blocked_on_send();
  out.started = started_;
  const kubelet::RelistFinished* last = last_relist();
  out.elapsed =
      out.completed && last != nullptr ? last->end - last->start : kernel_.now() - started_;
  return out;
}

PlegHarness::UpdateCacheOutcome PlegHarness::update_cache(PodUid uid) {
  if (pending_) throw std::logic_error("PlegHarness::update_cache: a relist is pending");
  UpdateCacheOutcome out;
  bool done = false;
  kernel_.spawn(
      [](kubelet::GenericPleg& p, PodUid u, UpdateCacheOutcome& o, bool& d) -> core::Task<void> {
        auto [status, updated] = co_await p.update_cache(u);
        o = {status.ok(), updated};
        d = true;
      }(pleg_, uid, out, done));
  while (true) {
    kernel_.run_until(kernel_.now());
    if (done) break;
    std::optional<Time> next = runtime_.next_completion();
    if (!next) throw std::logic_error("PlegHarness::update_cache: the inspection never ends");
    kernel_.run_until(*next);
  }
  return out;
}

std::vector<kubelet::PodLifecycleEvent> PlegHarness::drain_events() {
  std::vector<kubelet::PodLifecycleEvent> out;
  while (auto e = channel_.try_receive()) out.push_back(*e);
  return out;
}

void PlegHarness::advance(Duration d) {
  if (d < Duration{}) throw std::invalid_argument("PlegHarness::advance: negative duration");
  kernel_.run_until(kernel_.now() + d);
}

std::string PlegHarness::metric_family(const std::string& name) const {
  return record::prom::family_text(prom_.text(), name);
}

const kubelet::RelistFinished* PlegHarness::last_relist() const {
  return sink_.relists.empty() ? nullptr : &sink_.relists.back();
}

}  // namespace plegsim::step
