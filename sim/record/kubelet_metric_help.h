// The HELP text of every kubelet metric family plegsim exposes, per release, as the
// kubelet's registry writes it: the family's Help string of that release
// (pkg/kubelet/metrics/metrics.go), behind component-base's stability prefix from 1.16.
// The one table of these strings is in kubelet_metric_help.cpp; docs/output.md §
// "HELP text per release" lists it with its sources.
#pragma once

#include <string>
#include <string_view>

namespace plegsim::record {

// "# HELP <family> <this>" for `family` in release 1.`minor`. Throws std::logic_error
// for a family plegsim does not expose in that release (a sink asking for one is a bug).
std::string kubelet_metric_help(std::string_view family, int minor);

// The first release whose kubelet metrics went through k8s.io/component-base/metrics
// (#81534, in 1.16's release notes: "kubelet metrics for /metrics and /metrics/probes
// are now marked as with the ALPHA stability level"), whose opts annotate each Help
// string as "[<StabilityLevel>] <Help>" (staging/src/k8s.io/component-base/metrics/
// opts.go, annotateStabilityLevel). Its markDeprecated, "(Deprecated since <version>) ",
// applies only to metrics given a DeprecatedVersion, which none of these is.
inline constexpr int kStabilityFrameworkMinor = 16;

}  // namespace plegsim::record
