// The kubelet's metrics registry read from the step harness: generic_test.go's
// TestRunningPodAndContainerCount (1.16+) with upstream's expected text compared as
// testutil.GatherAndCompare compares it, and the HELP lines of each release (the real
// 1.13 scrape's, component-base's "[ALPHA] " from 1.16, the running-pods Help of 1.22).
#include <fstream>
#include <map>
#include <sstream>

#include "sim/record/kubelet_metric_help.h"
#include "tests/unit/prom_compare.h"
#include "tests/unit/step_helpers.h"

namespace plegsim::step::testing {
namespace {

struct Want {
  const char* containers_family;
  const char* containers;
  const char* pods_family;
  const char* pods;
};

// Upstream's `wants`, verbatim, per era of generic_test.go.
// 1.16-1.18 (metrics.Register(runtimeCache); the pods listed without sandboxes).
const Want kWant116 = {"kubelet_running_container_count", R"(
# HELP kubelet_running_container_count [ALPHA] Number of containers currently running
# TYPE kubelet_running_container_count gauge
kubelet_running_container_count{container_state="exited"} 1
kubelet_running_container_count{container_state="running"} 1
kubelet_running_container_count{container_state="unknown"} 2
)",
                       "kubelet_running_pod_count", R"(
# HELP kubelet_running_pod_count [ALPHA] Number of pods currently running
# TYPE kubelet_running_pod_count gauge
kubelet_running_pod_count 2
)"};
// 1.19-1.21: no tree of that era was read; #92407's names with the Help #101308 replaced.
const Want kWant119 = {"kubelet_running_containers", R"(
# HELP kubelet_running_containers [ALPHA] Number of containers currently running
# TYPE kubelet_running_containers gauge
kubelet_running_containers{container_state="exited"} 1
kubelet_running_containers{container_state="running"} 1
kubelet_running_containers{container_state="unknown"} 2
)",
                       "kubelet_running_pods", R"(
# HELP kubelet_running_pods [ALPHA] Number of pods currently running
# TYPE kubelet_running_pods gauge
kubelet_running_pods 2
)"};
// 1.22+ (the 1.26+ and 1.32+ trees read).
const Want kWant122 = {"kubelet_running_containers", R"(
# HELP kubelet_running_containers [ALPHA] Number of containers currently running
# TYPE kubelet_running_containers gauge
kubelet_running_containers{container_state="exited"} 1
kubelet_running_containers{container_state="running"} 1
kubelet_running_containers{container_state="unknown"} 2
)",
                       "kubelet_running_pods", R"(
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 2
)"};

class StepMetrics : public ::testing::TestWithParam<std::string> {};

// TestRunningPodAndContainerCount: one relist of upstream's two pods (sandbox s3 in the
// unknown state), then each gauge's family gathered and compared with upstream's text.
TEST_P(StepMetrics, RunningPodAndContainerCount) {
  constexpr cri::ContainerId s1 = 11, s2 = 12, s3 = 13;
  HarnessOptions o;
  o.version = GetParam();
  o.channel_capacity = 100;
  PlegHarness h(o);
  h.runtime().set_pods(
      {pod(1234, {container(c1, kRunning), container(c2, kUnknown), container(c3, kUnknown)},
           {sandbox(s1, kReady), sandbox(s2, kReady), sandbox(s3, kUnknownSb)}),
       pod(4567, {container(c1, kExited)}, {sandbox(s1, kReady), sandbox(s2, kNotReady)})});
  h.relist();
  const int minor = h.profile().minor;
  const Want& want = minor >= 22 ? kWant122 : minor >= 19 ? kWant119 : kWant116;
  EXPECT_EQ(gathered(h.metric_family(want.containers_family)), gathered(want.containers));
  EXPECT_EQ(gathered(h.metric_family(want.pods_family)), gathered(want.pods));
}

INSTANTIATE_TEST_SUITE_P(Releases, StepMetrics,
                         ::testing::Values("1.16", "1.19", "1.22", "1.28", "1.33", "1.36"),
                         release_name);

// "# HELP <name> ..." lines of an exposition, by family name.
std::map<std::string, std::string> help_lines(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) out[line.substr(7, line.find(' ', 7) - 7)] = line;
  }
  return out;
}

// A harness's exposition after one relist of one running pod and one failed call, so
// that every family of the release is written (runtime errors included).
std::string scrape(const std::string& version) {
  HarnessOptions o;
  o.version = version;
  PlegHarness h(o);
  h.runtime().set_pods({pod(1, {container(c1, kRunning)}, {sandbox(kInfra, kReady)})});
  h.relist();
  h.runtime().add_rule({models::Op::kListPodSandbox, std::nullopt, {}, cri::Code::kUnavailable, 1});
  h.advance(Duration::seconds(1));
  h.relist();
  return h.metrics_text();
}

// 1.13: every family plegsim writes that the real 1.13 scrape also has carries the
// scrape's HELP line, byte for byte.
TEST(StepMetricsHelp, Release113MatchesTheRealScrape) {
  std::ifstream f(PLEGSIM_SOURCE_DIR "/tests/data/kubelet-1.13-minikube.prom");
  ASSERT_TRUE(f) << "tests/data/kubelet-1.13-minikube.prom";
  std::stringstream real;
  real << f.rdbuf();
  const auto want = help_lines(real.str());
  int compared = 0;
  for (const auto& [name, line] : help_lines(scrape("1.13"))) {
    if (!want.contains(name)) continue;
    EXPECT_EQ(line, want.at(name));
    ++compared;
  }
  // The scrape's seven families: the PLEG's two summaries, the running pod and
  // container counts, and the three runtime-operation families.
  EXPECT_EQ(compared, 7);
}

// 1.19: the HELP lines of a 1.19 kubelet's /metrics as published in public notes
// ("Pulled from 1.19"; the kubelet section lists HELP and TYPE lines only), for every
// family both have.
TEST(StepMetricsHelp, Release119MatchesAKubeletDump) {
  const std::map<std::string, std::string> want = {
      {"kubelet_pleg_discard_events",
       "# HELP kubelet_pleg_discard_events [ALPHA] The number of discard events in PLEG."},
      {"kubelet_pleg_last_seen_seconds",
       "# HELP kubelet_pleg_last_seen_seconds [ALPHA] Timestamp in seconds when PLEG was last "
       "seen active."},
      {"kubelet_pleg_relist_duration_seconds",
       "# HELP kubelet_pleg_relist_duration_seconds [ALPHA] Duration in seconds for relisting "
       "pods in PLEG."},
      {"kubelet_pleg_relist_interval_seconds",
       "# HELP kubelet_pleg_relist_interval_seconds [ALPHA] Interval in seconds between "
       "relisting in PLEG."},
      {"kubelet_running_containers",
       "# HELP kubelet_running_containers [ALPHA] Number of containers currently running"},
      {"kubelet_running_pods",
       "# HELP kubelet_running_pods [ALPHA] Number of pods currently running"},
      {"kubelet_runtime_operations_duration_seconds",
       "# HELP kubelet_runtime_operations_duration_seconds [ALPHA] Duration in seconds of "
       "runtime operations. Broken down by operation type."},
      {"kubelet_runtime_operations_total",
       "# HELP kubelet_runtime_operations_total [ALPHA] Cumulative number of runtime operations "
       "by operation type."},
  };
  const auto got = help_lines(scrape("1.19"));
  for (const auto& [name, line] : want) {
    ASSERT_TRUE(got.contains(name)) << name;
    EXPECT_EQ(got.at(name), line);
  }
}

// HELP per release, as upstream's registry writes it: no stability prefix before 1.16,
// "[ALPHA] " on every kubelet family from 1.16 (#81534), plegsim's own never; the
// running-pods Help of 1.2-1.21 ("currently running") and of 1.22+ (#101308).
TEST(StepMetricsHelp, EachReleaseWritesItsOwnHelp) {
  struct Case {
    const char* version;
    const char* pods_help;
  };
  const std::vector<Case> cases = {
      {"1.6", "# HELP kubelet_running_pod_count Number of pods currently running"},
      {"1.13", "# HELP kubelet_running_pod_count Number of pods currently running"},
      {"1.15", "# HELP kubelet_running_pod_count Number of pods currently running"},
      {"1.16", "# HELP kubelet_running_pod_count [ALPHA] Number of pods currently running"},
      {"1.19", "# HELP kubelet_running_pods [ALPHA] Number of pods currently running"},
      {"1.21", "# HELP kubelet_running_pods [ALPHA] Number of pods currently running"},
      {"1.22",
       "# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox"},
      {"1.36",
       "# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox"},
  };
  for (const auto& c : cases) {
    const auto lines = help_lines(scrape(c.version));
    const int minor = kubelet::profile_for_version(c.version)->minor;
    const std::string pods = minor >= 19 ? "kubelet_running_pods" : "kubelet_running_pod_count";
    ASSERT_TRUE(lines.contains(pods)) << c.version;
    EXPECT_EQ(lines.at(pods), c.pods_help) << c.version;
    const bool alpha = minor >= 16;
    int kubelet_families = 0;
    for (const auto& [name, line] : lines) {
      const std::string text = line.substr(8 + name.size());
      if (name.rfind("plegsim_", 0) == 0) {
        EXPECT_NE(text.rfind("[", 0), 0u) << c.version << ": " << line;
        continue;
      }
      ++kubelet_families;
      EXPECT_EQ(text.rfind("[ALPHA] ", 0) == 0, alpha) << c.version << ": " << line;
    }
    EXPECT_GE(kubelet_families, 5) << c.version;
  }
}

// The deprecated microsecond families: marked by hand from 1.14 (no DeprecatedVersion,
// so component-base adds nothing but the stability prefix in 1.16).
TEST(StepMetricsHelp, DeprecatedSummariesKeepTheirHandWrittenMark) {
  EXPECT_EQ(help_lines(scrape("1.13")).at("kubelet_pleg_relist_latency_microseconds"),
            "# HELP kubelet_pleg_relist_latency_microseconds Latency in microseconds for "
            "relisting pods in PLEG.");
  EXPECT_EQ(help_lines(scrape("1.14")).at("kubelet_runtime_operations"),
            "# HELP kubelet_runtime_operations (Deprecated) Cumulative number of runtime "
            "operations by operation type.");
  EXPECT_EQ(help_lines(scrape("1.16")).at("kubelet_pleg_relist_interval_microseconds"),
            "# HELP kubelet_pleg_relist_interval_microseconds [ALPHA] (Deprecated) Interval in "
            "microseconds between relisting in PLEG.");
}

TEST(StepMetricsHelp, AFamilyOutsideItsReleasesIsABug) {
  EXPECT_THROW(record::kubelet_metric_help("kubelet_running_pods", 18), std::logic_error);
  EXPECT_THROW(record::kubelet_metric_help("kubelet_pleg_relist_latency_microseconds", 17),
               std::logic_error);
  EXPECT_THROW(record::kubelet_metric_help("kubelet_no_such_family", 28), std::logic_error);
}

}  // namespace
}  // namespace plegsim::step::testing
