#include "sim/regress/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/core/version.h"
#include "sim/regress/replicate.h"
#include "sim/regress/stats.h"
#include "sim/scenario/loader.h"

namespace plegsim::regress {
namespace {

double mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string pad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

std::string lpad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}

}  // namespace

bool CaseResult::moved() const {
  return std::any_of(stats.begin(), stats.end(), [](const StatResult& s) { return s.moved; });
}

bool CheckResult::moved() const {
  return std::any_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.moved(); });
}

Golden bless(const Golden& spec, unsigned threads, const std::vector<std::string>& extra,
             std::optional<std::uint64_t> first_seed) {
  std::vector<std::string> overrides = spec.overrides;
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  scenario::Scenario s = scenario::load_scenario_file(spec.scenario_path(), overrides);
  Golden g = spec;
  g.first_seed = first_seed.value_or(spec.first_seed);
  g.scenario_hash = scenario_hash(s);
  g.blessed_by = std::string("plegsim ") + PLEGSIM_VERSION + " (rev " + PLEGSIM_GIT_REVISION + ")";
  auto runs = run_replications(s, g.first_seed, g.replications, threads);
  // The golden's columns, then any operation the new runs call that it did not.
  std::vector<std::string> cols = spec.columns;
  for (const auto& run : runs) {
    for (const auto& [name, v] : statistics(run)) {
      if (std::find(cols.begin(), cols.end(), name) == cols.end()) cols.push_back(name);
    }
  }
  g.columns = cols;
  g.values.clear();
  for (const auto& run : runs) {
    std::vector<double> row;
    for (const auto& c : cols) {
      row.push_back(statistic(run, c));
      if (std::isnan(row.back()))
        throw GoldenError(spec.path + ": unknown statistic \"" + c + "\"");
    }
    g.values.push_back(std::move(row));
  }
  return g;
}

std::vector<StatResult> compare(const Golden& golden, const Golden& fresh) {
  std::vector<StatResult> out;
  for (const auto& name : fresh.columns) {
    std::vector<double> a = golden.column(name), b = fresh.column(name);
    if (a.empty()) a.assign(golden.values.size(), 0.0);  // an operation it did not call
    StatResult r;
    r.name = name;
    r.golden_mean = mean(a);
    r.new_mean = mean(b);
    r.relative_change = r.golden_mean == 0
                            ? (r.new_mean == 0 ? 0 : INFINITY)
                            : (r.new_mean - r.golden_mean) / std::fabs(r.golden_mean);
    r.identical = a == b;
    if (!r.identical) {
      r.p_welch = welch_t_p(a, b);
      r.p_mann_whitney = mann_whitney_p(a, b);
      r.p = std::min(1.0, 2 * std::min(r.p_welch, r.p_mann_whitney));
    }
    out.push_back(r);
  }
  return out;
}

void adjust(CheckResult& r) {
  std::vector<double> ps;
  for (const auto& c : r.cases) {
    for (const auto& s : c.stats) ps.push_back(s.p);
  }
  auto adj = holm_adjust(ps);
  std::size_t i = 0;
  for (auto& c : r.cases) {
    for (auto& s : c.stats) {
      s.p_adjusted = adj[i++];
      s.moved = !s.identical && s.p_adjusted <= r.alpha;
    }
  }
}

CheckResult check(const std::vector<Golden>& goldens, const CheckOptions& opts) {
  CheckResult res;
  res.alpha = opts.alpha;
  for (const auto& g : goldens) {
    CaseResult c;
    c.golden_path = g.path;
    c.golden_hash = g.scenario_hash;
    c.fresh = bless(g, opts.threads, opts.extra_overrides, opts.first_seed);
    c.new_hash = c.fresh.scenario_hash;
    c.stats = compare(g, c.fresh);
    res.cases.push_back(std::move(c));
  }
  adjust(res);
  return res;
}

std::string render(const CheckResult& r, bool moved_only) {
  std::string out;
  std::size_t tests = 0;
  for (const auto& c : r.cases) tests += c.stats.size();
  for (const auto& c : r.cases) {
    out += c.golden_path + " (" + c.fresh.scenario + ", seeds " +
           std::to_string(c.fresh.first_seed) + "-" +
           std::to_string(c.fresh.first_seed + c.fresh.replications - 1) + "): ";
    if (c.stats.empty()) {
      out += "a new golden, nothing to compare\n";
      continue;
    }
    if (c.moved()) {
      out += c.scenario_changed() ? "MOVED; the scenario changed (resolved YAML " + c.golden_hash +
                                        " -> " + c.new_hash + ")\n"
                                  : "MOVED; the scenario is unchanged, so the model changed\n";
    } else {
      out += c.scenario_changed()
                 ? "ok (the scenario changed: " + c.golden_hash + " -> " + c.new_hash + ")\n"
                 : "ok\n";
    }
    out += "  " + pad("statistic", 34) + lpad("golden mean", 13) + lpad("new mean", 13) +
           lpad("change", 10) + lpad("p (Holm)", 10) + "  verdict\n";
    for (const auto& s : c.stats) {
      if (moved_only && !s.moved) continue;
      std::string change = std::isinf(s.relative_change) ? std::string("new")
                                                         : fmt("%+.2f%%", 100 * s.relative_change);
      std::string verdict = s.identical ? "same" : (s.moved ? "MOVED" : "ok");
      out += "  " + pad(s.name, 34) + lpad(fmt("%.6g", s.golden_mean), 13) +
             lpad(fmt("%.6g", s.new_mean), 13) + lpad(change, 10) +
             lpad(s.identical            ? std::string("-")
                  : s.p_adjusted < 1e-99 ? std::string("<1e-99")
                                         : fmt("%.3g", s.p_adjusted),
                  10) +
             "  " + verdict + "\n";
    }
  }
  char buf[200];
  std::snprintf(buf, sizeof buf, "%zu statistics in %zu goldens, family-wise alpha %g (Holm): %s\n",
                tests, r.cases.size(), r.alpha, r.moved() ? "something MOVED" : "nothing moved");
  out += buf;
  return out;
}

}  // namespace plegsim::regress
