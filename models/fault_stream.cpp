#include "models/fault_stream.h"

namespace plegsim::models {

FaultStream::FaultStream(std::shared_ptr<const FaultStreamSpec> spec) : spec_(std::move(spec)) {
  for (const auto& r : spec_->random) {
    Source s;
    s.position = r.position;
    s.arrivals.emplace(r.fault, spec_->node, spec_->horizon, r.rng);
    random_.push_back(std::move(s));
  }
  if (spec_->regime) {
    regime_.emplace(*spec_->regime, spec_->horizon, core::RngStream(spec_->seed, "cri.regime"));
  }
}

void FaultStream::generate(core::Time until, std::vector<KeyedFault>& out) {
  for (Source& s : random_) {
    while (!s.arrivals->done() && s.arrivals->next_from() < until) {
      out.push_back({fault_key(s.position, s.index++), s.arrivals->next()});
    }
  }
  if (regime_) {
    while (!regime_->done() && regime_->next_from() < until) {
      scratch_.clear();
      append_span_windows(*spec_->regime, regime_->next(), scratch_);
      for (Fault& f : scratch_) {
        out.push_back({fault_key(spec_->regime_position, regime_index_++), std::move(f)});
      }
    }
  }
}

bool FaultStream::done() const {
  for (const Source& s : random_) {
    if (!s.arrivals->done()) return false;
  }
  return !regime_ || regime_->done();
}

}  // namespace plegsim::models
