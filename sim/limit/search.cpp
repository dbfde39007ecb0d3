// The limit search: each probed value runs replications in batches (common random
// numbers: replication r has the same seed at every value) until the criterion's
// interval lies wholly on one side of the threshold; bisection between the largest
// passing and the smallest failing value.
#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/core/stats.h"
#include "sim/limit/limit.h"
#include "sim/record/summary_schema.h"
#include "sim/run/simulation.h"
#include "sim/run/sweep.h"
#include "sim/run/sweep_batch.h"
#include "sim/run/sweep_table.h"
#include "sim/scenario/loader.h"

namespace plegsim::limit {
namespace {

// The first batch at every value; later batches double the replications run so far.
// Fixed, so the runs (and so the result) do not depend on the thread count.
constexpr std::uint64_t kFirstBatch = 8;

// Replications [from, to) at `overrides`: the criterion field's value in each.
std::vector<std::optional<double>> run_here(const scenario::Scenario& base,
                                            const std::vector<std::string>& overrides,
                                            const std::string& field, std::uint64_t from,
                                            std::uint64_t to, const LimitOptions& o) {
  auto points = run::expand_sweep(base, overrides, std::vector<run::SweepAxis>{});
  std::vector<run::RunId> ids;
  for (std::uint64_t r = from; r < to; ++r) ids.push_back({0, r});
  auto runs = run::run_batch(points, ids, run::resolve_fields({field}), o.threads, o.allow_large);
  std::vector<std::optional<double>> out;
  for (const auto& v : runs) out.push_back(v.values[0]);
  return out;
}

// The estimate and its two-sided interval at `confidence` over the summaries.
void estimate(const Criterion& c, double confidence, const std::vector<std::optional<double>>& runs,
              Probe& p) {
  p.runs = runs.size();
  if (c.probability) {
    // Wilson score interval on the share of runs with the field above 0 (an absent
    // optional value counts as not above 0).
    std::size_t k = 0;
    for (const auto& x : runs) k += x.value_or(0) > 0 ? 1 : 0;
    core::Proportion share = core::wilson_interval(k, runs.size(), confidence);
    p.n = runs.size();
    p.estimate = share.share;
    p.lower = share.lower;
    p.upper = share.upper;
    return;
  }
  // Student t interval on the mean of the runs where the field has a value.
  std::vector<double> v;
  for (const auto& x : runs) {
    if (x) v.push_back(*x);
  }
  core::MeanInterval m = core::mean_interval(v, confidence);
  p.n = m.n;
  if (m.n == 0) return;
  p.estimate = m.mean;
  // One value gives no interval: undecided whatever the threshold.
  p.lower = m.n < 2 ? -INFINITY : m.mean - m.half_width;
  p.upper = m.n < 2 ? INFINITY : m.mean + m.half_width;
}

Verdict decide(const Criterion& c, const Probe& p) {
  if (p.n == 0) return Verdict::kUndecided;
  double x = c.threshold;
  switch (c.op) {
    case Op::kLess:
      return p.upper < x ? Verdict::kPass : p.lower >= x ? Verdict::kFail : Verdict::kUndecided;
    case Op::kLessEqual:
      return p.upper <= x ? Verdict::kPass : p.lower > x ? Verdict::kFail : Verdict::kUndecided;
    case Op::kGreater:
      return p.lower > x ? Verdict::kPass : p.upper <= x ? Verdict::kFail : Verdict::kUndecided;
    case Op::kGreaterEqual:
      return p.lower >= x ? Verdict::kPass : p.upper < x ? Verdict::kFail : Verdict::kUndecided;
  }
  return Verdict::kUndecided;
}

// The search's overrides, then axis=value.
std::vector<std::string> overrides_at(const std::vector<std::string>& overrides,
                                      const LimitAxis& axis, double v) {
  std::vector<std::string> all = overrides;
  all.push_back(axis.path + "=" + axis_value(axis, v));
  return all;
}

scenario::Scenario at_value(const scenario::Scenario& base,
                            const std::vector<std::string>& overrides, const LimitAxis& axis,
                            double v) {
  auto points = run::expand_sweep(base, overrides, {{axis.path, {axis_value(axis, v)}}});
  return std::move(points.front().scenario);
}

// Whether the key takes only integers: both ends integral and a value halfway between
// integers refused.
bool integer_axis(const scenario::Scenario& base, const std::vector<std::string>& overrides,
                  LimitAxis axis) {
  if (axis.lo != std::floor(axis.lo) || axis.hi != std::floor(axis.hi)) return false;
  try {
    at_value(base, overrides, axis, axis.lo + 0.5);
    return false;
  } catch (const scenario::ScenarioError&) {
    return true;
  }
}

}  // namespace

LimitResult limit_search(const scenario::Scenario& base, const std::vector<std::string>& overrides,
                         LimitAxis axis, const Criterion& criterion, const LimitOptions& options) {
  axis.integer = integer_axis(base, overrides, axis);
  LimitResult r;
  r.axis = axis;
  r.criterion = criterion;
  r.confidence = options.confidence;
  r.width = options.width.value_or(axis.integer ? 1.0 : 0.05 * (axis.hi - axis.lo));
  if (axis.integer) r.width = std::max(1.0, std::floor(r.width));
  // Both ends must load and build before anything runs.
  for (double v : {axis.lo, axis.hi}) {
    run::check_buildable(at_value(base, overrides, axis, v), options.allow_large);
  }
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  auto probe = [&](double v) {
    const std::vector<std::string> at = overrides_at(overrides, axis, v);
    Probe p;
    p.value = v;
    std::vector<std::optional<double>> runs;
    std::uint64_t done = 0;
    while (done < options.max_reps && !stopped()) {
      std::uint64_t to = std::min(options.max_reps, done == 0 ? kFirstBatch : 2 * done);
      auto batch = options.run_batch ? options.run_batch(at, done, to)
                                     : run_here(base, at, criterion.field, done, to, options);
      if (batch.size() != to - done) {
        throw std::runtime_error("limit: a batch of " + std::to_string(to - done) +
                                 " replications returned " + std::to_string(batch.size()) +
                                 " values");
      }
      runs.insert(runs.end(), batch.begin(), batch.end());
      done = to;
      estimate(criterion, options.confidence, runs, p);
      p.verdict = decide(criterion, p);
      if (p.verdict != Verdict::kUndecided) break;
    }
    r.runs += p.runs;
    r.probes.push_back(p);
    return p.verdict == Verdict::kPass;  // undecided counts as failing
  };
  if (!probe(axis.lo)) {
    r.censored = Censored::kBelow;
    r.fail = axis.lo;
  } else if (r.pass = axis.lo; probe(axis.hi)) {
    r.censored = Censored::kAbove;
    r.pass = axis.hi;
  } else {
    r.fail = axis.hi;
    while (*r.fail - *r.pass > r.width && !stopped()) {
      double mid = 0.5 * (*r.pass + *r.fail);
      if (axis.integer) mid = std::floor(mid);
      (probe(mid) ? r.pass : r.fail) = mid;
    }
  }
  r.stopped = stopped();
  return r;
}

}  // namespace plegsim::limit
