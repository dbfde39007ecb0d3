#include "models/regime.h"

#include <cmath>

namespace plegsim::models {

double RegimeState::factor_for(Op op) const {
  for (const auto& [o, f] : ops) {
    if (o == op) return f;
  }
  return factor;
}

namespace {
// The next state after `from`, drawn by its weights.
int draw_next(const RegimeState& s, core::RngStream& rng) {
  double total = 0;
  for (const auto& [to, w] : s.next) total += w;
  double u = rng.uniform01() * total;
  for (const auto& [to, w] : s.next) {
    if (u < w) return to;
    u -= w;
  }
  return s.next.back().first;  // rounding left u at the very top
}
}  // namespace

RegimeSampler::RegimeSampler(const Regime& r, core::Duration horizon, core::RngStream rng)
    : r_(&r), end_(core::Time{} + horizon), rng_(rng), state_(r.initial) {
  done_ = !r.enabled() || !(t_ < end_);
}

RegimeSpan RegimeSampler::next() {
  const RegimeState& s = r_->states[static_cast<std::size_t>(state_)];
  if (s.next.empty()) {  // a lone state: it lasts the whole run
    done_ = true;
    return {state_, t_, end_};
  }
  core::Time until = t_ + sample_dwell(s.dwell, rng_);
  if (until > end_) until = end_;
  RegimeSpan span{state_, t_, until};
  t_ = until;
  state_ = draw_next(s, rng_);
  done_ = !(t_ < end_);
  return span;
}

std::vector<RegimeSpan> sample_regime_path(const Regime& r, core::Duration horizon,
                                           core::RngStream& rng, std::size_t max_spans) {
  std::vector<RegimeSpan> path;
  RegimeSampler sampler(r, horizon, rng);
  while (!sampler.done() && path.size() <= max_spans) path.push_back(sampler.next());
  rng = sampler.rng();
  return path;
}

void append_span_windows(const Regime& r, const RegimeSpan& span, std::vector<Fault>& out) {
  const RegimeState& s = r.states[static_cast<std::size_t>(span.state)];
  Fault w;
  w.from = span.from;
  w.until = span.until;
  if (s.stall) {
    w.kind = FaultKind::kStall;
    out.push_back(w);
  }
  w.kind = FaultKind::kSlowdown;
  if (s.ops.empty()) {
    if (s.factor != 1.0) {
      w.factor = s.factor;
      out.push_back(w);
    }
    return;
  }
  for (int i = 0; i < kOpCount; ++i) {
    double f = s.factor_for(static_cast<Op>(i));
    if (f == 1.0) continue;
    w.op = static_cast<Op>(i);
    w.factor = f;
    out.push_back(w);
  }
}

void append_regime_windows(const Regime& r, const std::vector<RegimeSpan>& path,
                           std::vector<Fault>& out) {
  for (const RegimeSpan& span : path) append_span_windows(r, span, out);
}

std::vector<double> jump_chain_stationary(const Regime& r) {
  const std::size_t n = r.states.size();
  if (n <= 1) return std::vector<double>(n, 1.0);
  // Solve (P^T - I) pi = 0 with the last equation replaced by sum(pi) = 1: Gauss-Jordan
  // elimination with partial pivoting on the augmented n x (n + 1) matrix, row-major.
  const std::size_t w = n + 1;
  std::vector<double> a;
  a.resize(n * w);
  auto at = [&](std::size_t i, std::size_t j) -> double& { return a[i * w + j]; };
  for (std::size_t i = 0; i < n; ++i) {
    const RegimeState& s = r.states[i];
    double total = 0;
    for (const auto& [to, wt] : s.next) total += wt;
    for (const auto& [to, wt] : s.next) at(static_cast<std::size_t>(to), i) += wt / total;
    at(i, i) -= 1.0;
  }
  for (std::size_t j = 0; j < w; ++j) at(n - 1, j) = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t i = c + 1; i < n; ++i) {
      if (std::fabs(at(i, c)) > std::fabs(at(p, c))) p = i;
    }
    for (std::size_t j = 0; j < w; ++j) std::swap(at(c, j), at(p, j));
    if (at(c, c) == 0.0) continue;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == c) continue;
      double k = at(i, c) / at(c, c);
      for (std::size_t j = c; j < w; ++j) at(i, j) -= k * at(c, j);
    }
  }
  std::vector<double> pi(n);
  for (std::size_t i = 0; i < n; ++i) pi[i] = at(i, n) / at(i, i);
  return pi;
}

std::vector<double> stationary_time_shares(const Regime& r) {
  std::vector<double> pi = jump_chain_stationary(r);
  double total = 0;
  for (std::size_t i = 0; i < pi.size(); ++i) {
    pi[i] *= mean_seconds(r.states[i].dwell);
    total += pi[i];
  }
  for (double& x : pi) x /= total;
  return pi;
}

}  // namespace plegsim::models
