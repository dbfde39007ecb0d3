// `plegsim compare A B`: two run files (plegsim run -o X.h5), two sweep CSVs
// (plegsim sweep -o X.csv, with or without --raw) or sweep files (plegsim sweep -o
// X.h5), field by field and point by point:
// both values, the difference B - A and, where both sides have replications, Welch's
// confidence interval on it and whether it excludes 0 (docs/output.md, "Comparing").
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plegsim::regress {

// A file that cannot be read or is neither a run file nor a sweep CSV; what() names it
// (and the line and column for a bad cell).
struct CompareInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One field's values at one point: the replications (run files and --raw CSVs), or a
// sweep's aggregate (mean, 95% half-width, n) from which the spread is recovered.
struct FieldSample {
  double mean = 0;
  double variance = 0;  // sample variance; 0 with fewer than two values
  std::size_t n = 0;    // values present (a null counts none)
};

struct ComparePoint {
  std::vector<std::string> axis_values;                     // as written, in the file's axis order
  std::vector<std::pair<std::string, FieldSample>> fields;  // canonical names
};

enum class CompareInputKind { kRun, kSweepRaw, kSweepMeans, kSweepFile };
std::string_view kind_name(CompareInputKind k);

struct CompareInput {
  std::string path;
  CompareInputKind kind = CompareInputKind::kRun;
  std::vector<std::string> axes;     // none for a run file
  std::vector<std::string> fields;   // numeric fields present, in the file's order
  std::vector<ComparePoint> points;  // a run file: one point with no axis values
  std::size_t max_replications = 0;  // the most values any field has at a point
};

// Reads a run file or a sweep file (HDF5 signature; the root `format` attribute tells
// them apart) or a sweep CSV. Throws CompareInputError.
CompareInput read_compare_input(const std::string& path);

struct FieldComparison {
  std::string field;
  std::optional<double> a, b;  // means; nullopt when a side has no value
  std::size_t a_n = 0, b_n = 0;
  std::optional<double> difference;  // b - a
  std::optional<double> low, high;   // the 1 - alpha interval on b - a (Welch)
  std::optional<double> p;           // Welch's two-sided p-value
  std::optional<bool> significant;   // the interval excludes 0 (p < alpha)
  std::string note;                  // why there is no interval, when there is none
};

struct PointComparison {
  std::vector<std::string> axis_values;
  std::vector<FieldComparison> fields;
};

struct Comparison {
  double alpha = 0.05;
  std::vector<std::string> axes;
  std::vector<PointComparison> points;
  std::vector<std::string> fields_only_in_a, fields_only_in_b;
  std::vector<std::vector<std::string>> points_only_in_a, points_only_in_b;
};

// Compares b against a. Throws CompareInputError when the axes differ (their names
// are said) or when no point is in both.
Comparison compare_inputs(const CompareInput& a, const CompareInput& b, double alpha);

// Welch's interval on mean(b) - mean(a) from two samples' moments (both n >= 2);
// fills low, high, p and significant.
void welch_interval(const FieldSample& a, const FieldSample& b, double alpha, FieldComparison& out);

std::string compare_text(const CompareInput& a, const CompareInput& b, const Comparison& c);
std::string compare_json(const CompareInput& a, const CompareInput& b, const Comparison& c);

}  // namespace plegsim::regress
