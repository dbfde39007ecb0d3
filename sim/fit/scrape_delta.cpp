#include "sim/fit/scrape_delta.h"

#include <cstdio>

#include "sim/fit/prom_reader.h"

namespace plegsim::fit {
namespace {

[[noreturn]] void refuse(const KubeletScrape& e, const KubeletScrape& l, const std::string& what) {
  throw ScrapeError(l.source + " since " + e.source + ": " + what +
                    " (give an earlier scrape of the same kubelet, with no restart between)");
}

std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

double less(const KubeletScrape& e, const KubeletScrape& l, const std::string& name, double a,
            double b) {
  if (b < a) refuse(e, l, name + " went down from " + num(a) + " to " + num(b));
  return b - a;
}

Latency latency_difference(const KubeletScrape& e, const KubeletScrape& l, const std::string& name,
                           const Latency& a, const Latency& b) {
  if (a.histogram != b.histogram) refuse(e, l, name + " is a histogram in one scrape only");
  Latency d = b;
  if (a.count && b.count) d.count = less(e, l, name + "_count", *a.count, *b.count);
  if (a.sum_seconds && b.sum_seconds) d.sum_seconds = *b.sum_seconds - *a.sum_seconds;
  if (b.histogram) {
    if (a.buckets.size() != b.buckets.size()) refuse(e, l, name + "'s bucket bounds differ");
    for (std::size_t i = 0; i < b.buckets.size(); ++i) {
      if (a.buckets[i].first != b.buckets[i].first) refuse(e, l, name + "'s bucket bounds differ");
      d.buckets[i].second = less(e, l, name + "_bucket{le=\"" + num(b.buckets[i].first) + "\"}",
                                 a.buckets[i].second, b.buckets[i].second);
    }
  }
  return d;
}

std::map<std::string, double> counter_difference(const KubeletScrape& e, const KubeletScrape& l,
                                                 const std::string& family,
                                                 const std::map<std::string, double>& a,
                                                 const std::map<std::string, double>& b) {
  std::map<std::string, double> d;
  for (const auto& [op, v] : b) {
    auto it = a.find(op);
    d[op] =
        less(e, l, family + "{operation_type=\"" + op + "\"}", it == a.end() ? 0 : it->second, v);
  }
  return d;
}

}  // namespace

KubeletScrape scrape_difference(const KubeletScrape& earlier, const KubeletScrape& later) {
  KubeletScrape d = later;
  d.source = later.source + " since " + earlier.source;
  d.difference = true;
  // A node whose pod count drifts between the scrapes: the gauges' mean.
  if (earlier.running_pods && later.running_pods)
    d.running_pods = (*earlier.running_pods + *later.running_pods) / 2;
  if (earlier.running_containers && later.running_containers)
    d.running_containers = (*earlier.running_containers + *later.running_containers) / 2;
  for (auto& [op, lat] : d.ops) {
    auto it = earlier.ops.find(op);
    if (it != earlier.ops.end())
      lat = latency_difference(earlier, later, op, it->second, later.ops.at(op));
  }
  d.calls =
      counter_difference(earlier, later, "kubelet_runtime_operations", earlier.calls, later.calls);
  d.errors = counter_difference(earlier, later, "kubelet_runtime_operations_errors", earlier.errors,
                                later.errors);
  if (!earlier.relist || !later.relist || !earlier.interval || !later.interval)
    refuse(earlier, later, "a relist duration or interval family is missing");
  d.relist = latency_difference(earlier, later, "relist duration", *earlier.relist, *later.relist);
  d.interval =
      latency_difference(earlier, later, "relist interval", *earlier.interval, *later.interval);
  if (!d.relist->count || *d.relist->count <= 0) refuse(earlier, later, "no relist between them");
  return d;
}

}  // namespace plegsim::fit
