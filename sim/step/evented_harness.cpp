#include "sim/step/evented_harness.h"

#include <stdexcept>

namespace plegsim::step {

namespace {

HarnessOptions generic_options(const EventedHarnessOptions& o) {
  HarnessOptions g;
  g.version = o.version;
  g.channel_capacity = o.channel_capacity;
  g.evented_gate = true;  // throws for a release before 1.26
  g.seed = o.seed;
  return g;
}

// The release's Evented PLEG: from 1.37 the unexpected-termination fast path.
kubelet::EventedConfig evented_config(const kubelet::Profile& p) {
  kubelet::EventedConfig c;
  c.termination_hint = p.evented_termination_hint;
  return c;
}

}  // namespace

EventedHarness::EventedHarness(EventedHarnessOptions opts)
    : generic_(generic_options(opts)),
      evented_(generic_.kernel(), generic_.runtime(), generic_.pleg(), generic_.cache(),
               generic_.channel(), generic_.recorder(), evented_config(generic_.profile())) {}

bool EventedHarness::cache_set(PodUid uid, kubelet::PodStatus s, Time ts) {
  return generic_.cache().set(uid, std::move(s), false, ts, /*refuse_older=*/true);
}

}  // namespace plegsim::step
