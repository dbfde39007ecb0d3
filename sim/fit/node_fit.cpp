#include "sim/fit/node_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "models/operation.h"
#include "sim/scenario/loader.h"

namespace plegsim::fit {
namespace {

std::string cri_of(const std::string& metric) {
  for (const auto& n : models::kOpNames)
    if (n.metric == metric) return std::string(n.cri);
  return "";
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// A duration as the scenario reads it, to 0.1 us.
std::string dur(double seconds) {
  if (seconds <= 0) return "0s";
  if (seconds >= 1) return fmt("%.7fs", seconds);
  if (seconds >= 1e-3) return fmt("%.4fms", seconds * 1e3);
  return fmt("%.1fus", seconds * 1e6);
}

std::string pct(double x) {
  return fmt("%.1f %%", x * 100);
}

bool is_list(const std::string& m) {
  return m == "list_podsandbox" || m == "list_containers";
}

// Objects a list of the whole store returns: sandboxes = pods; containers = the
// running-container gauge when there is one, else pods.
double returned(const KubeletScrape& s, const std::string& metric, double pods) {
  if (metric == "list_containers" && s.running_containers) return *s.running_containers;
  return pods;
}

// The lognormal sigma profile `profile` gives CRI operation `cri` (0 for another noise,
// an unknown operation or no profile).
double profile_sigma(const std::string& profile, const std::string& cri) {
  auto op = models::op_from_cri_name(cri);
  if (!op || profile.empty() || profile == "none") return 0.0;
  scenario::Scenario s =
      scenario::load_scenario_text("runtime: {profile: " + profile + "}\n", "--profile " + profile);
  const models::Noise& n = s.runtime.latency[static_cast<int>(*op)].noise;
  return n.kind == models::Noise::Kind::kLognormal ? n.sigma : 0.0;
}

// The share of a scrape's calls inside a pre-1.14 summary's window: the Go client's
// 10 minutes over the kubelet's uptime, estimated as relists x mean interval.
double window_share(const KubeletScrape& s) {
  if (!s.relist || !s.relist->count || !s.interval || !s.interval->sum_seconds) return 1;
  double uptime = *s.interval->sum_seconds;
  return uptime > 600 ? 600 / uptime : 1;
}

// The noise of a fit, as the scenario reads it ("" keeps the profile's).
std::string noise_yaml(const LatencyFit& f) {
  if (!f.sigma_known) return "";
  if (f.sigma <= 0 && f.family == Family::kLognormal) return ", noise: constant";
  std::string ln = "{lognormal: {sigma: " + fmt("%.4f", f.sigma) + "}}";
  if (f.family == Family::kLognormal) return ", noise: " + ln;
  return ", noise: {mixture: {body: " + ln + ", tail: " + ln +
         ", tailProbability: " + fmt("%.4g", f.tail_probability) +
         ", tailFactor: " + fmt("%.4g", f.tail_factor) + "}}";
}

double counter(const KubeletScrape& s, const char* op) {
  auto it = s.calls.find(op);
  return it == s.calls.end() ? 0 : it->second;
}

// Churn from a difference of two scrapes: pods created (run_podsandbox), deleted
// (stop_podsandbox) and container restarts (start_container beyond the new pods' own).
void infer_churn(const std::vector<KubeletScrape>& scrapes, NodeFit& out) {
  const KubeletScrape* d = nullptr;
  for (const auto& s : scrapes)
    if (s.difference) d = &s;
  if (!d || !d->interval || !d->interval->sum_seconds || *d->interval->sum_seconds <= 0) {
    out.not_inferred.push_back(
        "churn (workload.crashRate, podCreateRate, podDeleteRate): one scrape's lifecycle "
        "counters include the kubelet's own start; give an earlier scrape of the same kubelet "
        "with --since, or set workload: yourself");
    return;
  }
  ChurnFit c;
  c.seconds = *d->interval->sum_seconds;
  double hours = c.seconds / 3600;
  double runs = counter(*d, "run_podsandbox"), stops = counter(*d, "stop_podsandbox"),
         starts = counter(*d, "start_container");
  double pods = d->running_pods.value_or(0), containers = d->running_containers.value_or(0);
  double per_pod = pods > 0 && containers > 0 ? containers / pods : 1;
  c.pod_create_per_hour = runs / hours;
  c.pod_delete_per_hour = stops / hours;
  double restarts = std::max(0.0, starts - runs * per_pod);
  c.crash_per_container_hour = containers > 0 ? restarts / containers / hours : 0;
  c.note = fmt("%.0f", runs) + " run_podsandbox, " + fmt("%.0f", stops) + " stop_podsandbox, " +
           fmt("%.0f", starts) + " start_container in " + fmt("%.0f s", c.seconds) + " (" +
           d->source + "); restarts = starts - new pods x " + fmt("%.3g", per_pod) +
           " containers per pod, over " + fmt("%.0f", containers) + " running containers";
  if (containers <= 0)
    out.not_inferred.push_back(
        "workload.crashRate: no running-container gauge to divide the restarts by");
  out.churn = c;
}

}  // namespace

NodeFit fit_node(const std::vector<KubeletScrape>& scrapes, const FitOptions& options) {
  NodeFit out;
  out.profile = options.profile;
  if (!options.pods.empty() && options.pods.size() != 1 && options.pods.size() != scrapes.size())
    throw ScrapeError("--pods: give one count for all scrapes or one per scrape (" +
                      std::to_string(scrapes.size()) + " scrapes, " +
                      std::to_string(options.pods.size()) + " counts)");
  bool missing_pods = false;
  for (std::size_t i = 0; i < scrapes.size(); ++i) {
    if (!options.pods.empty())
      out.pods.push_back(options.pods.size() == 1 ? options.pods[0] : options.pods[i]);
    else if (scrapes[i].running_pods)
      out.pods.push_back(*scrapes[i].running_pods);
    else {
      out.pods.push_back(NAN);
      missing_pods = true;
    }
  }
  if (missing_pods)
    out.not_inferred.push_back(
        "the pod count of a scrape without kubelet_running_pod_count / kubelet_running_pods: "
        "give --pods N (needed to separate base from perReturned)");

  std::map<std::string, bool> metrics;
  for (const auto& s : scrapes)
    for (const auto& [m, l] : s.ops) metrics[m] = true;
  for (const auto& [metric, _] : metrics) {
    OpFit op;
    op.metric = metric;
    op.cri = cri_of(metric);
    // Per scrape; the one with the most observations is the reported fit.
    std::vector<std::pair<double, double>> points;  // (returned, median)
    std::vector<std::pair<Family, double>> sigmas;
    bool have = false;
    for (std::size_t i = 0; i < scrapes.size(); ++i) {
      auto it = scrapes[i].ops.find(metric);
      if (it == scrapes[i].ops.end()) continue;
      auto f = fit_latency(it->second, {window_share(scrapes[i])});
      if (!f) continue;
      if (!have || f->observations > op.latency.observations) {
        op.latency = *f;
        op.source = scrapes[i].source;
        have = true;
      }
      if (f->sigma_known) sigmas.emplace_back(f->family, f->sigma);
      if (is_list(metric) && std::isfinite(out.pods[i]))
        points.emplace_back(returned(scrapes[i], metric, out.pods[i]), f->median);
    }
    if (!have) continue;
    if (is_list(metric)) {
      op.per_returned = fit_linear(points);
      if (op.per_returned) {
        double sum = 0;
        int n = 0;
        for (auto [fam, sg] : sigmas)
          if (fam == op.latency.family) {
            sum += sg;
            ++n;
          }
        if (n > 0) op.latency.sigma = sum / n;
        op.note = "base and perReturned by least squares on (returned, median) over " +
                  std::to_string(points.size()) + " scrapes; sigma the mean of the " +
                  std::to_string(n) + " " + family_name(op.latency.family) + " fits";
        if (op.per_returned->per < 0 || op.per_returned->base < 0)
          op.note += " (a negative coefficient: the scrapes disagree; check --pods)";
      } else {
        out.not_inferred.push_back(op.cri +
                                   " perReturned: needs scrapes at two or more pod counts "
                                   "(several SCRAPE files, --pods per scrape); base is the "
                                   "median at the scraped count");
      }
    }
    if (!op.latency.sigma_known) {
      // Only the mean is known, and the profile's noise stays: the median that gives
      // that mean under it is mean / e^(sigma^2 / 2) for a lognormal.
      double sigma = profile_sigma(options.profile, op.cri);
      op.latency.median /= std::exp(sigma * sigma / 2);
      if (sigma > 0) {
        op.note = "median = mean / e^(sigma^2/2) with the profile's sigma " + fmt("%g", sigma);
      }
      out.not_inferred.push_back(
          (op.cri.empty() ? metric : op.cri) +
          " sigma: every quantile is NaN (no call in the summary's window); the profile's "
          "noise is kept (runtime.latency." +
          (op.cri.empty() ? metric : op.cri) + ".noise) and the median set to give the mean");
    }
    if (op.cri.empty()) op.note = "not simulated by plegsim: reported, not written";
    out.ops.push_back(std::move(op));
  }

  infer_churn(scrapes, out);
  out.not_inferred.push_back(
      "slowness episodes (runtime.regime): quantiles cannot tell them from per-call noise; "
      "the fitted noise carries the tail and the profile's regime is removed (regime: none)");

  // Calls per relist: from the scrape with the most relists.
  const KubeletScrape* best = nullptr;
  for (const auto& s : scrapes)
    if (s.relist && s.relist->count && s.interval && s.interval->count &&
        (!best || *s.relist->count > *best->relist->count))
      best = &s;
  if (!best) {
    out.not_inferred.push_back(
        "the background callers: no relist count and interval in any scrape "
        "(kubelet_pleg_relist_*); the profile's are kept (runtime.background)");
    return out;
  }
  double relists = *best->relist->count;
  double interval = best->interval->sum_seconds && *best->interval->count > 0
                        ? *best->interval->sum_seconds / *best->interval->count
                        : 1.0;
  for (std::string metric : {"list_podsandbox", "list_containers"}) {
    auto it = best->calls.find(metric);
    if (it == best->calls.end() || relists <= 0) {
      out.not_inferred.push_back(cri_of(metric) +
                                 " calls per relist: no kubelet_runtime_operations counter");
      continue;
    }
    BackgroundFit b;
    b.cri = cri_of(metric);
    b.calls_per_relist = it->second / relists;
    b.interval_seconds = interval;
    b.note = fmt("%.0f", it->second) + " calls / " + fmt("%.0f", relists) + " relists in " +
             best->source + ", mean relist interval " + fmt("%.4f s", interval);
    if (b.calls_per_relist > 1.001)
      b.every_seconds = interval / (b.calls_per_relist - 1);
    else
      b.note += ": no caller besides the PLEG";
    out.background.push_back(std::move(b));
  }
  return out;
}

std::string format_report(const NodeFit& fit) {
  std::string r;
  r += "operation            method                           median      sigma  max error\n";
  for (const auto& op : fit.ops) {
    const auto& f = op.latency;
    char line[256];
    std::snprintf(line, sizeof line, "%-20s %-32.32s %9.1fus  %5s  %s%s\n", op.metric.c_str(),
                  f.method.c_str(), f.median * 1e6,
                  f.sigma_known ? fmt("%.3f", f.sigma).c_str() : "  -  ",
                  f.checks.empty() ? "-" : pct(f.max_error).c_str(),
                  f.checks.empty() || !f.method.starts_with("bucket") ? "" : " (CDF)");
    r += line;
    for (const auto& c : f.checks) {
      if (f.method.starts_with("bucket"))
        r += "    le " + fmt("%g s", c.q) + ": observed " + fmt("%.4f", c.observed) + ", fitted " +
             fmt("%.4f", c.fitted) + "\n";
      else
        r += "    p" + fmt("%g", c.q * 100) + ": observed " + fmt("%.1fus", c.observed * 1e6) +
             ", fitted " + fmt("%.1fus", c.fitted * 1e6) + "\n";
    }
    if (!f.choice.empty()) r += "    family: " + f.choice + "\n";
    if (f.family == Family::kMixture)
      r += "    tail: probability " + fmt("%.4g", f.tail_probability) + ", factor " +
           fmt("%.4g", f.tail_factor) + " (fitted mean " + fmt("%.1fus", f.mean() * 1e6) + ")\n";
    if (op.per_returned)
      r += "    base " + dur(op.per_returned->base) + ", perReturned " + dur(op.per_returned->per) +
           " (max relative error of the medians " + pct(op.per_returned->max_rel_error) + ")\n";
    if (!op.note.empty()) r += "    " + op.note + "\n";
  }
  for (const auto& b : fit.background)
    r += b.cri + ": " + fmt("%.3f", b.calls_per_relist) + " calls per relist" +
         (b.every_seconds ? ", one background caller every " + fmt("%.3f s", *b.every_seconds)
                          : std::string()) +
         " (" + b.note + ")\n";
  if (fit.churn)
    r += "churn: " + fmt("%.3g", fit.churn->pod_create_per_hour) + " pods created/h, " +
         fmt("%.3g", fit.churn->pod_delete_per_hour) + " deleted/h, " +
         fmt("%.3g", fit.churn->crash_per_container_hour) + " restarts per container-hour (" +
         fit.churn->note + ")\n";
  if (!fit.not_inferred.empty()) {
    r += "not inferred:\n";
    for (const auto& n : fit.not_inferred) r += "  - " + n + "\n";
  }
  return r;
}

std::string format_runtime_yaml(const NodeFit& fit, const std::vector<std::string>& sources) {
  std::string y = "# Written by plegsim fit from:";
  for (const auto& s : sources) y += " " + s;
  y += "\n# Pod counts:";
  for (double p : fit.pods) y += std::isfinite(p) ? " " + fmt("%g", p) : std::string(" ?");
  y += "\n# The relist duration was not an input: simulate this node to predict it.\n";
  y += "runtime:\n  profile: " + fit.profile + "\n  latency:\n";
  for (const auto& op : fit.ops) {
    if (op.cri.empty()) continue;
    const auto& f = op.latency;
    y += "    # " + op.metric + ": " + f.method + " (" + fmt("%.0f", f.observations) + " calls, " +
         op.source + ")";
    if (!f.checks.empty()) y += ", max error " + pct(f.max_error);
    y += "\n";
    if (!f.choice.empty()) y += "    # family: " + f.choice + "\n";
    if (!op.note.empty()) y += "    # " + op.note + "\n";
    std::string base = dur(f.median), per = "0s";
    if (op.per_returned) {
      base = dur(op.per_returned->base);
      per = dur(op.per_returned->per);
    }
    std::string noise = noise_yaml(f);
    y += "    " + op.cri + ": {base: " + base;
    if (is_list(op.metric)) y += ", perReturned: " + per + ", perScanned: 0s";
    y += noise + "}\n";
  }
  y += "  # A scrape's quantiles cannot tell slowness episodes from per-call noise: the\n"
       "  # fitted noise carries the whole tail, so the profile's episodes are removed (kept,\n"
       "  # they would count the tail twice). Add a regime or faults to study long stalls.\n"
       "  regime: none\n";
  bool any = false;
  for (const auto& b : fit.background) any = any || b.every_seconds;
  if (!fit.background.empty()) {
    y += "  # calls per relist = 1 + interval / every (the PLEG's own call and one background\n"
         "  # caller per list)\n";
    if (!any) {
      y += "  background: []\n";
    } else {
      y += "  background:\n";
      for (const auto& b : fit.background) {
        if (!b.every_seconds) continue;
        y += "    # " + fmt("%.3f", b.calls_per_relist) + " calls per relist: " + b.note + "\n";
        y += "    - {op: " + b.cri + ", every: " + dur(*b.every_seconds) + "}\n";
      }
    }
  }
  if (fit.churn) {
    const ChurnFit& c = *fit.churn;
    y += "# Churn between the scrapes: " + c.note + "\n";
    y += "workload:\n  podCreateRate: " + fmt("%.6g/h", c.pod_create_per_hour) +
         "\n  podDeleteRate: " + fmt("%.6g/h", c.pod_delete_per_hour) +
         "\n  crashRate: " + fmt("%.6g/h", std::min(c.crash_per_container_hour, 3600.0)) + "\n";
  }
  if (!fit.not_inferred.empty()) {
    y += "# Not inferred (the profile's values stand):\n";
    for (const auto& n : fit.not_inferred) y += "#   " + n + "\n";
  }
  return y;
}

}  // namespace plegsim::fit
