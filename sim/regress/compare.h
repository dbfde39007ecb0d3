// Compares fresh replications with goldens: per statistic, Welch's t test on the means
// and the Mann-Whitney U test on the distributions (p = min(1, 2 min(p_t, p_U))), then
// Holm's correction over every statistic of every golden checked together, so the whole
// check falsely alarms with probability at most alpha when nothing changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/regress/golden.h"

namespace plegsim::regress {

struct CheckOptions {
  double alpha = 0.01;  // family-wise false-alarm rate of one check
  unsigned threads = 1;
  std::optional<std::uint64_t> first_seed;   // run other seeds than the golden's
  std::vector<std::string> extra_overrides;  // applied after the golden's own
};

struct StatResult {
  std::string name;
  double golden_mean = 0;
  double new_mean = 0;
  double relative_change = 0;  // (new - golden) / |golden|; 0 when both are 0
  double p_welch = 1;
  double p_mann_whitney = 1;
  double p = 1;            // min(1, 2 min(p_welch, p_mann_whitney))
  double p_adjusted = 1;   // Holm, over the whole check
  bool identical = false;  // bit-identical per-replication values
  bool moved = false;      // p_adjusted <= alpha
};

struct CaseResult {
  std::string golden_path;
  std::string golden_hash;  // the scenario's resolved-YAML hash at blessing
  std::string new_hash;     // and now: they differ when the scenario changed
  Golden fresh;             // the new replications, as a golden (what --update writes)
  std::vector<StatResult> stats;
  bool scenario_changed() const { return golden_hash != new_hash; }
  bool moved() const;
};

struct CheckResult {
  std::vector<CaseResult> cases;
  double alpha = 0.01;
  bool moved() const;
};

// The golden `spec` (scenario, overrides, seeds) with fresh values, hash and blessing.
// Throws scenario::ScenarioError, run::BuildError, GoldenError (a column that names no
// statistic).
Golden bless(const Golden& spec, unsigned threads, const std::vector<std::string>& extra = {},
             std::optional<std::uint64_t> first_seed = std::nullopt);

// Statistics of golden vs fresh for one pair, p-values unadjusted.
std::vector<StatResult> compare(const Golden& golden, const Golden& fresh);

// Sets p_adjusted (Holm over every statistic of every case) and moved.
void adjust(CheckResult& r);

// Reruns every golden and tests it; Holm over all statistics together.
CheckResult check(const std::vector<Golden>& goldens, const CheckOptions& opts);

// The table: statistic, golden mean, new mean, relative change, p (adjusted), verdict.
std::string render(const CheckResult& r, bool moved_only = false);

}  // namespace plegsim::regress
