// `plegsim validate`: simulate a node and compare what its kubelet would publish with
// what a real kubelet published (a /metrics scrape). The simulated side pools R seeded
// replications (seeds as a sweep derives them: run::replication_seed), each after its
// warm-up; the result does not depend on the thread count. The relist duration is
// compared, never fitted or fed in.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/fit/kubelet_scrape.h"
#include "sim/scenario/scenario.h"
#include "sim/validate/comparison.h"
#include "sim/validate/samples.h"

namespace plegsim::validate {

// A scenario that cannot be validated as given (nothing left after its warm-up).
struct ValidateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::uint64_t replications = 8;
  std::optional<std::uint64_t> seed{};  // the first replication's; default the scenario's
  unsigned threads = 1;
  bool allow_large = false;  // run::BuildOptions::allow_large
};

// Runs the replications and pools their samples in seed order, sorted.
Samples simulate(const scenario::Scenario& s, const Options& o);

struct Validation {
  std::string scrape;           // the scrape's source (file name)
  std::string scenario_source;  // the scenario's file, or how it was given
  std::string scenario_name;
  std::uint64_t replications = 0;
  std::uint64_t seed = 0;       // the first replication's
  double duration_seconds = 0;  // per replication
  double warmup_seconds = 0;
  Comparison comparison;
};

Validation validate(const scenario::Scenario& s, const fit::KubeletScrape& observed,
                    const Options& o);

// The relist duration rows outside `tolerance` (|relative error| of a quantile, or the
// absolute difference of a bucket's cumulative fraction); empty when all are within.
std::vector<const Row*> relist_duration_misses(const Validation& v, double tolerance);

// The table (for a ticket) and the JSON object; both print v.comparison.rows, in order.
std::string format_table(const Validation& v);
std::string format_json(const Validation& v);

}  // namespace plegsim::validate
