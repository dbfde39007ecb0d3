#include "sim/fit/kubelet_scrape.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace plegsim::fit {
namespace {

// Fills one Latency from a summary (`unit` converts to seconds) or a histogram family.
void add_summary(const Scrape& s, const std::string& name, double unit,
                 std::map<std::string, Latency>& by_op, const std::string& label) {
  auto key = [&](const Sample& x) {
    const std::string* v = label.empty() ? nullptr : x.label(label);
    return v ? *v : std::string();
  };
  for (const Sample* x : s.named(name)) {
    const std::string* q = x->label("quantile");
    if (!q) continue;
    Latency& l = by_op[key(*x)];
    l.family = name;
    if (!std::isnan(x->value))
      l.quantiles.emplace_back(std::strtod(q->c_str(), nullptr), x->value * unit);
  }
  for (const Sample* x : s.named(name + "_sum")) {
    Latency& l = by_op[key(*x)];
    l.family = name;
    l.sum_seconds = x->value * unit;
  }
  for (const Sample* x : s.named(name + "_count")) {
    Latency& l = by_op[key(*x)];
    l.family = name;
    l.count = x->value;
  }
}

void add_histogram(const Scrape& s, const std::string& name, std::map<std::string, Latency>& by_op,
                   const std::string& label) {
  auto key = [&](const Sample& x) {
    const std::string* v = label.empty() ? nullptr : x.label(label);
    return v ? *v : std::string();
  };
  for (const Sample* x : s.named(name + "_bucket")) {
    const std::string* le = x->label("le");
    if (!le) continue;
    Latency& l = by_op[key(*x)];
    l.histogram = true;
    l.family = name;
    double b = *le == "+Inf" ? HUGE_VAL : std::strtod(le->c_str(), nullptr);
    l.buckets.emplace_back(b, x->value);
  }
  for (const Sample* x : s.named(name + "_sum")) {
    Latency& l = by_op[key(*x)];
    l.histogram = true;
    l.family = name;
    l.sum_seconds = x->value;
  }
  for (const Sample* x : s.named(name + "_count")) {
    Latency& l = by_op[key(*x)];
    l.histogram = true;
    l.family = name;
    l.count = x->value;
  }
  for (auto& [op, l] : by_op) std::sort(l.buckets.begin(), l.buckets.end());
}

void add_counter(const Scrape& s, const std::string& name, std::map<std::string, double>& out) {
  for (const Sample* x : s.named(name))
    if (const std::string* op = x->label("operation_type")) out[*op] = x->value;
}

std::optional<Latency> single(const std::map<std::string, Latency>& m) {
  auto it = m.find("");
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string usable_families() {
  return "kubelet_runtime_operations_latency_microseconds (summary, before 1.14) or "
         "kubelet_runtime_operations_duration_seconds (histogram, 1.14 on)";
}

KubeletScrape extract(const Scrape& s) {
  KubeletScrape k;
  k.source = s.source;
  // The histogram form first: a 1.14-1.16 scrape has both; seconds buckets are exact.
  add_histogram(s, "kubelet_runtime_operations_duration_seconds", k.ops, "operation_type");
  std::map<std::string, Latency> summaries;
  add_summary(s, "kubelet_runtime_operations_latency_microseconds", 1e-6, summaries,
              "operation_type");
  for (auto& [op, l] : summaries)
    if (!k.ops.count(op)) k.ops.emplace(op, std::move(l));
  // Counters: the _total spelling wins when both are present.
  add_counter(s, "kubelet_runtime_operations", k.calls);
  add_counter(s, "kubelet_runtime_operations_total", k.calls);
  add_counter(s, "kubelet_runtime_operations_errors", k.errors);
  add_counter(s, "kubelet_runtime_operations_errors_total", k.errors);
  for (std::string g : {"kubelet_running_pod_count", "kubelet_running_pods"})
    for (const Sample* x : s.named(g)) k.running_pods = x->value;
  for (std::string g : {"kubelet_running_container_count", "kubelet_running_containers"})
    for (const Sample* x : s.named(g)) {
      const std::string* st = x->label("container_state");
      if (!st || *st == "running") k.running_containers = x->value;
    }
  std::map<std::string, Latency> m;
  add_histogram(s, "kubelet_pleg_relist_duration_seconds", m, "");
  k.relist = single(m);
  m.clear();
  add_summary(s, "kubelet_pleg_relist_latency_microseconds", 1e-6, m, "");
  if (!k.relist) k.relist = single(m);
  m.clear();
  add_histogram(s, "kubelet_pleg_relist_interval_seconds", m, "");
  k.interval = single(m);
  m.clear();
  add_summary(s, "kubelet_pleg_relist_interval_microseconds", 1e-6, m, "");
  if (!k.interval) k.interval = single(m);
  if (k.ops.empty())
    throw ScrapeError(s.source + ": no usable family: the fit needs " + usable_families());
  return k;
}

}  // namespace plegsim::fit
