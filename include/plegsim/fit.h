// plegsim's public API: fitting a node from its kubelet's /metrics scrapes (docs/fit.md).
// fit::read_scrape() reads the Prometheus text format (fit::ScrapeError on bad input,
// naming file:line:column); fit::extract() picks out what the kubelet publishes;
// fit::fit_node() fits per-operation lognormals, list costs and background callers;
// format_report() and format_runtime_yaml() print the result.
#pragma once

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/latency_fit.h"
#include "sim/fit/lognormal_fit.h"
#include "sim/fit/node_fit.h"
#include "sim/fit/prom_reader.h"
#include "sim/fit/scrape_delta.h"
