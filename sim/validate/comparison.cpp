#include "sim/validate/comparison.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace plegsim::validate {
namespace {

// The rows of one latency family: its quantiles or finite buckets, then its mean.
void latency_rows(const std::string& metric, const std::string& operation, const fit::Latency& obs,
                  const std::vector<std::int64_t>& sim, Comparison& c) {
  auto add = [&](Statistic st, double at, double observed, std::optional<double> simulated) {
    c.rows.push_back({metric, operation, st, at, observed, simulated});
  };
  const bool have_sim = !sim.empty();
  if (obs.histogram) {
    // Cumulative fractions of the +Inf bucket (what _count also holds).
    double total = obs.count.value_or(0);
    if (!obs.buckets.empty() && std::isinf(obs.buckets.back().first))
      total = obs.buckets.back().second;
    for (const auto& [le, cumulative] : obs.buckets) {
      if (std::isinf(le) || !(total > 0)) continue;
      add(Statistic::kBucket, le, cumulative / total,
          have_sim ? std::optional(fraction_at_or_below(sim, le)) : std::nullopt);
    }
  } else {
    if (!obs.quantiles.empty()) c.observed_summary = true;
    for (const auto& [q, v] : obs.quantiles)
      add(Statistic::kQuantile, q, v,
          have_sim ? std::optional(quantile_seconds(sim, q)) : std::nullopt);
  }
  if (obs.sum_seconds && obs.count && *obs.count > 0)
    add(Statistic::kMean, 0, *obs.sum_seconds / *obs.count,
        have_sim ? std::optional(mean_seconds(sim)) : std::nullopt);
}

}  // namespace

std::optional<models::Op> op_from_metric_name(const std::string& operation_type) {
  for (int i = 0; i < models::kOpCount; ++i)
    if (models::kOpNames[static_cast<std::size_t>(i)].metric == operation_type)
      return static_cast<models::Op>(i);
  return std::nullopt;
}

std::optional<double> Row::error() const {
  if (!simulated) return std::nullopt;
  if (absolute_error()) return *simulated - observed;
  if (observed == 0) return std::nullopt;
  return *simulated / observed - 1;
}

const char* Row::unit() const {
  switch (statistic) {
    case Statistic::kBucket:
      return "fraction";
    case Statistic::kPerRelist:
      return "calls";
    default:
      return "s";
  }
}

std::string Row::label() const {
  char buf[48];
  switch (statistic) {
    case Statistic::kQuantile:
      std::snprintf(buf, sizeof buf, "p%g", at * 100);
      return buf;
    case Statistic::kBucket:
      std::snprintf(buf, sizeof buf, "le=%g", at);
      return buf;
    case Statistic::kMean:
      return "mean";
    case Statistic::kPerRelist:
      return "per relist";
  }
  return "";
}

Comparison compare(const fit::KubeletScrape& observed, const Samples& sorted) {
  Comparison c;
  c.simulated_relists = sorted.relist_ns.size();
  c.observed_difference = observed.difference;
  if (observed.relist) {
    latency_rows("relist_duration", "", *observed.relist, sorted.relist_ns, c);
    c.observed_relists = static_cast<std::uint64_t>(observed.relist->count.value_or(0));
  }
  if (observed.interval)
    latency_rows("relist_interval", "", *observed.interval, sorted.interval_ns, c);

  std::set<std::string> operations;  // every operation the scrape names, in label order
  for (const auto& [op, l] : observed.ops) operations.insert(op);
  for (const auto& [op, n] : observed.calls) operations.insert(op);
  for (const auto& name : operations) {
    auto op = op_from_metric_name(name);
    if (!op) {
      c.not_simulated.push_back(name);
      continue;
    }
    auto it = observed.ops.find(name);
    if (it != observed.ops.end())
      latency_rows("operation_latency", name, it->second,
                   sorted.call_ns[static_cast<std::size_t>(*op)], c);
  }
  // Calls per relist, as the fit computes them: the calls counter over the relist
  // duration's _count.
  if (c.observed_relists > 0) {
    for (const auto& name : operations) {
      auto op = op_from_metric_name(name);
      if (!op) continue;
      std::optional<double> calls;
      if (auto it = observed.calls.find(name); it != observed.calls.end())
        calls = it->second;
      else if (auto l = observed.ops.find(name); l != observed.ops.end())
        calls = l->second.count;
      if (!calls) continue;
      std::optional<double> sim;
      if (c.simulated_relists > 0)
        sim = static_cast<double>(sorted.call_ns[static_cast<std::size_t>(*op)].size()) /
              static_cast<double>(c.simulated_relists);
      c.rows.push_back({"calls_per_relist", name, Statistic::kPerRelist, 0,
                        *calls / static_cast<double>(c.observed_relists), sim});
    }
  }
  return c;
}

}  // namespace plegsim::validate
