// plegsim limit: the largest value of one numeric axis (node.pods, a rate, a latency
// factor) in [lo, hi] at which a criterion on the summary holds, found by bisection on
// replicated runs with common random numbers (docs/limit.md). Assumes the criterion
// only gets worse as the axis grows; never answers outside [lo, hi].
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace plegsim::limit {

// A --criterion or --axis that does not parse; the message names the bad token (and,
// for an unknown field, lists the valid ones).
class LimitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class Op { kLess, kLessEqual, kGreater, kGreaterEqual };

// `FIELD OP X` on the mean of a numeric summary field over replications, or
// `P(FIELD > 0) OP p` on the share of replications where the field is above zero.
struct Criterion {
  bool probability = false;
  std::string field;  // canonical snake_case name (record::summary_fields)
  Op op = Op::kLess;
  double threshold = 0;
  std::string text;  // as given
};

Criterion parse_criterion(const std::string& text);
std::string op_text(Op op);

// "node.pods=10..500", "workload.crashRate=0.5/h..20/h": a key --set takes and two
// numbers with the same unit suffix (or none).
struct LimitAxis {
  std::string path;
  double lo = 0;
  double hi = 0;
  std::string unit;      // suffix appended to every value, "/h", "ms", ""
  bool integer = false;  // decided by limit_search: the key takes only integers
};

LimitAxis parse_limit_axis(const std::string& text);
// The --set value for `v` on this axis ("250", "2.5/h").
std::string axis_value(const LimitAxis& axis, double v);

enum class Verdict { kPass, kFail, kUndecided };
std::string verdict_text(Verdict v);

// One probed value: the estimate (mean, or share of runs with the field > 0) and its
// interval at the stated confidence over `runs` replications.
struct Probe {
  double value = 0;
  Verdict verdict = Verdict::kUndecided;
  std::size_t runs = 0;  // replications run (0 .. runs-1)
  std::size_t n = 0;     // replications where the field had a value
  double estimate = 0;
  double lower = 0;
  double upper = 0;
};

enum class Censored { kNone, kBelow, kAbove };  // the limit is below lo / at least hi

struct LimitOptions {
  double confidence = 0.95;
  std::optional<double> width;  // default: 1 for an integer axis, 5 % of hi - lo else
  std::uint64_t max_reps = 64;  // per point; then the point is undecided (fails)
  unsigned threads = 1;         // results do not depend on it
  bool allow_large = false;
  const std::atomic<bool>* stop = nullptr;  // no new batch starts once set
  // Runs replications [from, to) of the scenario the search's base gives with
  // `overrides` (the search's overrides, then axis=value) and returns the criterion
  // field's value in each (empty where a run has none), in replication order. Empty:
  // run here, on `threads` threads (run::run_batch). Python hands batches to Dask
  // through it; whatever runs them must return what run_batch would.
  std::function<std::vector<std::optional<double>>(const std::vector<std::string>& overrides,
                                                   std::uint64_t from, std::uint64_t to)>
      run_batch = nullptr;
};

struct LimitResult {
  LimitAxis axis;
  Criterion criterion;
  double confidence = 0;
  double width = 0;
  Censored censored = Censored::kNone;
  // The largest probed value that passed and the smallest that failed (or was
  // undecided): the limit lies in [pass, fail). Absent on the censored side.
  std::optional<double> pass;
  std::optional<double> fail;
  std::vector<Probe> probes;  // in the order probed
  std::size_t runs = 0;
  bool stopped = false;  // LimitOptions::stop ended the search early
};

// The scenario's YAML with `overrides` then `axis.path=value` applied at each probed
// value. Throws scenario::ScenarioError / run::BuildError before any run when lo or hi
// does not load or build.
LimitResult limit_search(const scenario::Scenario& base, const std::vector<std::string>& overrides,
                         LimitAxis axis, const Criterion& criterion, const LimitOptions& options);

// The report: a table of probes and the limit with its interval (text), or JSON.
std::string limit_text(const LimitResult& r);
std::string limit_json(const LimitResult& r, double wall_seconds);
// limit_json's object without the final newline, every line after the first indented by
// `indent` (to sit inside another JSON document).
std::string limit_json_object(const LimitResult& r, double wall_seconds, const std::string& indent);
// "none", "below", "above".
std::string censored_text(Censored c);

}  // namespace plegsim::limit
