// plegsim fit: from one or more kubelet scrapes to a runtime: section. Per operation a
// latency family chosen by a stated criterion (latency_fit.h); for the two lists, base and
// perReturned from scrapes at different pod counts; calls per relist of each list and the
// background callers' period that explains them (1 + interval / every). The relist duration is read
// but is not an input: it is what a simulation of the fitted node predicts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/latency_fit.h"
#include "sim/fit/lognormal_fit.h"

namespace plegsim::fit {

struct FitOptions {
  std::vector<double> pods;  // --pods, one per scrape or one for all (empty: the gauge)
  std::string profile = "dockershim";
};

struct OpFit {
  std::string metric;  // "list_podsandbox"
  std::string cri;     // "ListPodSandbox", empty when plegsim does not simulate it
  LatencyFit latency;
  std::string source;                     // the scrape the fit came from
  std::optional<LinearFit> per_returned;  // the lists, with >= 2 pod counts
  std::string note;
};

struct BackgroundFit {
  std::string cri;
  double calls_per_relist = 0;
  double interval_seconds = 0;
  std::optional<double> every_seconds;  // none when calls per relist <= 1
  std::string note;
};

// Churn from the lifecycle counters between two scrapes (per hour).
struct ChurnFit {
  double seconds = 0;  // between the scrapes (the relist intervals' sum)
  double pod_create_per_hour = 0;
  double pod_delete_per_hour = 0;
  double crash_per_container_hour = 0;
  std::string note;
};

struct NodeFit {
  std::vector<OpFit> ops;
  std::vector<BackgroundFit> background;
  std::optional<ChurnFit> churn;
  std::vector<std::string> not_inferred;  // what the scrapes could not say, and the option
  std::vector<double> pods;               // per scrape
  std::string profile;
};

// Throws ScrapeError when --pods does not match the scrapes.
NodeFit fit_node(const std::vector<KubeletScrape>& scrapes, const FitOptions& options);

// The human report: per operation the fit and its goodness.
std::string format_report(const NodeFit& fit);

// A scenario file (runtime: {profile, latency, background}) with comments, loadable by
// plegsim run.
std::string format_runtime_yaml(const NodeFit& fit, const std::vector<std::string>& sources);

}  // namespace plegsim::fit
