#include "sim/record/kubelet_metric_help.h"

#include <limits>
#include <stdexcept>

namespace plegsim::record {
namespace {

constexpr int kOpen = std::numeric_limits<int>::max();

// One Help string of one family over releases [first, last], with the family's
// component-base StabilityLevel (every family here is ALPHA in every tree read; a BETA
// or STABLE one would carry that level, written "[BETA] " / "[STABLE] " the same way).
struct HelpRow {
  std::string_view family;
  int first;
  int last;
  std::string_view help;
  std::string_view level = "ALPHA";
};

// Sources, by the releases they pin:
//  * 1.13: the real scrape tests/data/kubelet-1.13-minikube.prom (its HELP lines);
//    before 1.13 the same strings are assumed (PLEG summaries from #19017, 1.2; the
//    pod and container collector from #4792, 2015): no older tree was read.
//  * 1.14 and 1.15: pkg/kubelet/metrics/metrics.go of those trees (prometheus
//    client, no stability level; the microsecond summaries hand-marked "(Deprecated) ").
//  * 1.16-1.18: generic_test.go's TestRunningPodAndContainerCount of that era expects
//    "[ALPHA] Number of pods currently running" / "[ALPHA] Number of containers currently
//    running" (issue #85450 shows the same HELP on 1.16.3). The deprecated summaries,
//    without a DeprecatedVersion, keep the hand-written "(Deprecated) " behind the
//    stability prefix, as a 1.16-era scrape shows for the kubelet's docker summaries
//    ("[ALPHA] (Deprecated) Latency in microseconds of Docker operations. ...").
//  * 1.19: #92407 renamed the running gauges, Help unchanged; a 1.19 kubelet's /metrics
//    HELP lines, published in public notes, show every family here that 1.19 has.
//  * 1.22+: #101308 (opened 2021-04-21, after 1.21.0) changed kubelet_running_pods' Help
//    from "Number of pods currently running" to "Number of pods that have a running pod
//    sandbox"; generic_test.go of 1.2x+ and the newest metrics.go read carry it.
//  * 1.18+ kubelet_pleg_last_seen_seconds (#86251), 1.26+ the Evented PLEG's (#111384):
//    the newest metrics.go read (every family there StabilityLevel: metrics.ALPHA).
constexpr HelpRow kRows[] = {
    {"kubelet_pleg_relist_duration_seconds", 14, kOpen,
     "Duration in seconds for relisting pods in PLEG."},
    {"kubelet_pleg_relist_interval_seconds", 14, kOpen,
     "Interval in seconds between relisting in PLEG."},
    {"kubelet_pleg_discard_events", 14, kOpen, "The number of discard events in PLEG."},
    {"kubelet_pleg_last_seen_seconds", 18, kOpen,
     "Timestamp in seconds when PLEG was last seen active."},
    {"kubelet_evented_pleg_connection_error_count", 26, kOpen,
     "The number of errors encountered during the establishment of streaming connection "
     "with the CRI runtime."},
    {"kubelet_evented_pleg_connection_success_count", 26, kOpen,
     "The number of times a streaming client was obtained to receive CRI Events."},
    {"kubelet_evented_pleg_connection_latency_seconds", 26, kOpen,
     "The latency of streaming connection with the CRI runtime, measured in seconds."},
    {"kubelet_pleg_relist_latency_microseconds", 2, 13,
     "Latency in microseconds for relisting pods in PLEG."},
    {"kubelet_pleg_relist_latency_microseconds", 14, 16,
     "(Deprecated) Latency in microseconds for relisting pods in PLEG."},
    {"kubelet_pleg_relist_interval_microseconds", 2, 13,
     "Interval in microseconds between relisting in PLEG."},
    {"kubelet_pleg_relist_interval_microseconds", 14, 16,
     "(Deprecated) Interval in microseconds between relisting in PLEG."},
    {"kubelet_runtime_operations_total", 14, kOpen,
     "Cumulative number of runtime operations by operation type."},
    {"kubelet_runtime_operations_duration_seconds", 14, kOpen,
     "Duration in seconds of runtime operations. Broken down by operation type."},
    {"kubelet_runtime_operations_errors_total", 14, kOpen,
     "Cumulative number of runtime operation errors by operation type."},
    {"kubelet_runtime_operations", 2, 13,
     "Cumulative number of runtime operations by operation type."},
    {"kubelet_runtime_operations", 14, 16,
     "(Deprecated) Cumulative number of runtime operations by operation type."},
    {"kubelet_runtime_operations_latency_microseconds", 2, 13,
     "Latency in microseconds of runtime operations. Broken down by operation type."},
    {"kubelet_runtime_operations_latency_microseconds", 14, 16,
     "(Deprecated) Latency in microseconds of runtime operations. Broken down by operation "
     "type."},
    {"kubelet_runtime_operations_errors", 2, 13,
     "Cumulative number of runtime operation errors by operation type."},
    {"kubelet_runtime_operations_errors", 14, 16,
     "(Deprecated) Cumulative number of runtime operation errors by operation type."},
    {"kubelet_running_pod_count", 2, 18, "Number of pods currently running"},
    {"kubelet_running_pods", 19, 21, "Number of pods currently running"},
    {"kubelet_running_pods", 22, kOpen, "Number of pods that have a running pod sandbox"},
    {"kubelet_running_container_count", 2, 18, "Number of containers currently running"},
    {"kubelet_running_containers", 19, kOpen, "Number of containers currently running"},
};

}  // namespace

std::string kubelet_metric_help(std::string_view family, int minor) {
  for (const HelpRow& r : kRows) {
    if (r.family != family || minor < r.first || minor > r.last) continue;
    std::string out;
    if (minor >= kStabilityFrameworkMinor) {
      out += "[";
      out += r.level;
      out += "] ";
    }
    out += r.help;
    return out;
  }
  throw std::logic_error("no HELP text for " + std::string(family) + " in 1." +
                         std::to_string(minor));
}

}  // namespace plegsim::record
