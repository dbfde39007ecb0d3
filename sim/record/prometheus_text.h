// Prometheus text exposition format 0.0.4, as the Go client writes it: families with
// HELP and TYPE lines, samples with sorted label pairs, floats formatted like Go's
// strconv 'g' shortest form ("0.005", "1.234567e+06", "+Inf", "NaN").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/record/buckets.h"

namespace plegsim::record::prom {

using Labels = std::vector<std::pair<std::string, std::string>>;

// A float as Go's client_golang writes it.
std::string format_value(double v);

// The lines of family `name` in an exposition `text` as Exposition writes it: its HELP
// and TYPE, then its samples (name, name_bucket, _sum, _count, with or without labels),
// as testutil.GatherAndCompare filters a gather by name; "" when absent.
std::string family_text(const std::string& text, const std::string& name);

class Exposition {
 public:
  // Starts a family: "# HELP name help" and "# TYPE name type".
  void family(const std::string& name, const std::string& help, const std::string& type);
  void sample(const std::string& name, const Labels& labels, double value);

  // A histogram's _bucket (cumulative, le), _sum and _count samples.
  void histogram(const std::string& name, const Labels& labels, const BucketHistogram& h);
  // A summary's quantile samples, _sum and _count.
  void summary(const std::string& name, const Labels& labels,
               const std::vector<std::pair<double, double>>& quantile_values, double sum,
               double count);

  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace plegsim::record::prom
