// plegsim's public API: regression of latency models against goldens (`plegsim
// regress`, docs/regression.md). regress::Golden is one scenario's per-replication
// statistics as blessed (read_golden, to_text); regress::bless reruns a golden's seeds;
// regress::check tests fresh replications against goldens (Welch t and Mann-Whitney U
// per statistic, Holm over all of them) and render prints the table.
#pragma once

#include "plegsim/scenario.h"
#include "plegsim/simulation.h"
#include "sim/regress/compare.h"
#include "sim/regress/golden.h"
#include "sim/regress/replicate.h"
#include "sim/regress/stats.h"
