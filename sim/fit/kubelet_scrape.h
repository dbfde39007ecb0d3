// What a fit needs from one kubelet scrape, whatever the release wrote: per-operation
// latencies (summaries in microseconds before 1.14, histograms in seconds from 1.14),
// call and error counters (with or without _total), the running-pod and container
// gauges, and the relist's count and interval. Everything in seconds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/fit/prom_reader.h"

namespace plegsim::fit {

struct Latency {
  bool histogram = false;
  std::vector<std::pair<double, double>> quantiles;  // (q, seconds); NaN values dropped
  std::vector<std::pair<double, double>> buckets;    // (le seconds, cumulative count), sorted
  std::optional<double> sum_seconds;
  std::optional<double> count;
  std::string family;  // the family it came from
};

struct KubeletScrape {
  std::string source;
  std::map<std::string, Latency> ops;  // by operation_type ("list_podsandbox")
  std::map<std::string, double> calls;
  std::map<std::string, double> errors;
  std::optional<double> running_pods;
  std::optional<double> running_containers;  // running only (the state label's "running")
  std::optional<Latency> relist;             // duration (not a fit input)
  std::optional<Latency> interval;
  bool difference = false;  // counters are differences between two scrapes (scrape_delta.h)
};

// The families the fit can use, for the message of a scrape with none of them.
std::string usable_families();

// Throws ScrapeError naming usable_families() when the scrape holds none of them.
KubeletScrape extract(const Scrape& scrape);

}  // namespace plegsim::fit
