#include "sim/step/evented_harness.h"

#include <sstream>
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

}  // namespace

EventedHarness::EventedHarness(EventedHarnessOptions opts)
    : generic_(generic_options(opts)),
      evented_(generic_.kernel(), generic_.runtime(), generic_.pleg(), generic_.cache(),
               generic_.channel(), generic_.recorder(), kubelet::EventedConfig{}) {
  prom_ = std::make_unique<record::PrometheusSink>(generic_.profile().minor);
  generic_.recorder().add(prom_.get());
}

bool EventedHarness::cache_set(PodUid uid, kubelet::PodStatus s, Time ts) {
  return generic_.cache().set(uid, std::move(s), false, ts, /*refuse_older=*/true);
}

std::string EventedHarness::metric_family(const std::string& name) const {
  // A family's lines: its HELP and TYPE, then samples named name, name_bucket, _sum,
  // _count (with or without labels).
  std::istringstream in(prom_->text());
  std::string out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      const std::string rest = line.substr(7);
      inside = rest.rfind(name + " ", 0) == 0;
    }
    if (inside) out += line + "\n";
  }
  return out;
}

}  // namespace plegsim::step
