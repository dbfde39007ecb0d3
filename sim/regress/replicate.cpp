#include "sim/regress/replicate.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "models/operation.h"
#include "sim/core/parallel.h"
#include "sim/record/summary_schema.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim::regress {
namespace {

constexpr std::string_view kCriPrefix = "cri_calls.";

// The statistics a golden stores besides CRI calls, by the summary schema's names.
constexpr std::string_view kStatistics[] = {"relist_duration_seconds.p50",
                                            "relist_duration_seconds.p90",
                                            "relist_duration_seconds.p99",
                                            "relist_duration_seconds.mean",
                                            "relist_interval_seconds.p50",
                                            "node_not_ready_share",
                                            "pods_inspected"};

// Goldens blessed before the one schema named them so; they still read.
constexpr std::pair<std::string_view, std::string_view> kOldNames[] = {
    {"relist_duration_p50", "relist_duration_seconds.p50"},
    {"relist_duration_p90", "relist_duration_seconds.p90"},
    {"relist_duration_p99", "relist_duration_seconds.p99"},
    {"relist_duration_mean", "relist_duration_seconds.mean"},
    {"relist_interval_p50", "relist_interval_seconds.p50"}};

}  // namespace

std::vector<std::pair<std::string, double>> statistics(const record::Summary& s) {
  std::vector<std::pair<std::string, double>> out;
  for (std::string_view name : kStatistics)
    out.emplace_back(std::string(name), statistic(s, std::string(name)));
  for (int k = 0; k < models::kOpCount; ++k) {
    if (s.cri_calls[static_cast<std::size_t>(k)] == 0) continue;
    out.emplace_back(std::string(kCriPrefix) + std::string(models::kOpNames[k].cri),
                     static_cast<double>(s.cri_calls[static_cast<std::size_t>(k)]));
  }
  return out;
}

double statistic(const record::Summary& s, const std::string& name) {
  if (name.rfind(kCriPrefix, 0) == 0) {
    auto op = models::op_from_cri_name(std::string_view(name).substr(kCriPrefix.size()));
    if (!op) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(s.cri_calls[static_cast<std::size_t>(*op)]);
  }
  std::string canonical = name;
  for (const auto& [old_name, now] : kOldNames)
    if (name == old_name) canonical = now;
  const record::SummaryField* f = record::find_summary_field(canonical);
  if (!f || !f->numeric()) return std::numeric_limits<double>::quiet_NaN();
  return record::numeric_value(*f, s).value_or(std::numeric_limits<double>::quiet_NaN());
}

std::string scenario_hash(const scenario::Scenario& s) {
  scenario::Scenario copy = s;
  copy.seed = 0;
  copy.source_path.clear();  // to_yaml names it in a comment: where it was read from
  std::string yaml = scenario::to_yaml(copy);
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : yaml) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<record::Summary> run_replications(const scenario::Scenario& s, std::uint64_t first_seed,
                                              std::uint64_t replications, unsigned threads) {
  std::vector<record::Summary> out(replications);
  core::parallel_for(0, replications, threads, [&](std::uint64_t r) {
    run::Simulation sim(s, {.seed = first_seed + r});
    sim.run();
    out[r] = sim.summary();
  });
  return out;
}

}  // namespace plegsim::regress
