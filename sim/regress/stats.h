// Two-sample tests on per-replication values and the Holm correction: the statistics
// of `plegsim regress` (docs/regression.md). Pure functions, no state.
#pragma once

#include <vector>

namespace plegsim::regress {

// Two-sided p-value of Welch's t test for equal means. Degenerate samples (both
// without spread) give 1 when the means are equal and 0 when they differ; fewer than
// two values on a side give 1 (no evidence).
double welch_t_p(const std::vector<double>& a, const std::vector<double>& b);

// Two-sided p-value of the Mann-Whitney U test (normal approximation with tie and
// continuity corrections; accurate from about 8 values per side). All values tied: 1.
double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b);

// Holm's step-down adjustment: adjusted[i] <= alpha rejects hypothesis i with a
// family-wise error rate of at most alpha over all of them.
std::vector<double> holm_adjust(const std::vector<double>& p);

}  // namespace plegsim::regress
