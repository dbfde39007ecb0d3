// plegsim's public API: validating a simulated node against a real kubelet's /metrics
// scrape (`plegsim validate`, docs/fit.md). validate::validate() runs a scenario's seeded
// replications, keeps exact samples after warm-up (validate::SampleSink) and compares
// them with what fit::extract() read: relist duration and interval, per-operation
// latencies, calls per relist. format_table() and format_json() print the same rows.
#pragma once

#include "plegsim/fit.h"
#include "plegsim/scenario.h"
#include "sim/validate/comparison.h"
#include "sim/validate/samples.h"
#include "sim/validate/validate.h"
