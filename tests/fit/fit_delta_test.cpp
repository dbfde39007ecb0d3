// Two scrapes of one kubelet (plegsim --metrics at 1 h and at 5 h of the same seeded
// run, which share their first hour exactly): the fit of their difference gives the
// calls per relist and the churn between them.
//
// Pods are created at 30/h and each deleted at 3/h: about 10 pods at equilibrium, so the
// gauges' mean stands for the time average (crashes are checked on a fixed set of pods,
// whose gauges hold). Tolerances: over 4 h, 30/h pod creations
// and deletions are ~120 events each
// (Poisson, 9 % standard error), crashes 3/h on 20 containers ~240 (6.5 %): 30 % and
// 20 % are about three standard errors.
#include <gtest/gtest.h>

#include <string>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/node_fit.h"
#include "sim/fit/prom_reader.h"
#include "sim/fit/scrape_delta.h"
#include "sim/record/prometheus_sink.h"
#include "sim/scenario/loader.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::fit {
namespace {

std::string churny(
    const std::string& duration,
    const std::string& workload = "{crashRate: 0/h, podCreateRate: 30/h, podDeleteRate: 300%/h}") {
  return "name: delta\nduration: " + duration +
         "\nwarmup: 0s\nseed: 3\nkubelet: {version: \"1.13\"}\n"
         "node: {pods: 10, containersPerPod: 2}\n"
         "workload: " +
         workload +
         "\n"
         "runtime:\n  profile: none\n  concurrency: unlimited\n"
         "  background:\n    - {op: ListContainers, every: 2s}\n";
}

KubeletScrape scrape_of(const std::string& yaml, const std::string& name) {
  testing::SimRun r(yaml);
  record::PrometheusSink prom(13);
  r.sim->add_sink(&prom);
  r.run();
  return extract(parse_scrape(prom.text(), name));
}

TEST(FitDelta, TwoScrapesOfOneKubeletGiveItsChurnAndCallsPerRelist) {
  KubeletScrape early = scrape_of(churny("1h"), "1h.prom");
  KubeletScrape late = scrape_of(churny("5h"), "5h.prom");
  KubeletScrape d = scrape_difference(early, late);
  EXPECT_TRUE(d.difference);
  EXPECT_EQ(d.calls.at("list_containers"),
            late.calls.at("list_containers") - early.calls.at("list_containers"));
  NodeFit f = fit_node({d}, {});
  ASSERT_TRUE(f.churn);
  EXPECT_NEAR(f.churn->seconds / (4 * 3600), 1, 0.02);
  EXPECT_NEAR(f.churn->pod_create_per_hour / 30, 1, 0.3);
  EXPECT_NEAR(f.churn->pod_delete_per_hour / 30, 1, 0.3);
  EXPECT_LT(f.churn->crash_per_container_hour, 0.3);  // new pods' starts are not restarts
  // One ListContainers caller every 2 s besides the PLEG; both lists also serve the pod
  // workers' GetPodStatus, one of each per call, so the difference of their calls per
  // relist is the caller's interval / 2 s.
  ASSERT_EQ(f.background.size(), 2u);
  EXPECT_EQ(f.background[1].cri, "ListContainers");
  double extra = f.background[1].calls_per_relist - f.background[0].calls_per_relist;
  EXPECT_NEAR(extra / (f.background[1].interval_seconds / 2), 1, 0.03);
  // The fragment carries the churn as a workload: section that loads.
  std::string yaml = format_runtime_yaml(f, {"5h.prom"});
  ASSERT_NE(yaml.find("workload:\n  podCreateRate: "), std::string::npos) << yaml;
  scenario::Scenario s = scenario::load_scenario_text(yaml, "<fit>", {});
  EXPECT_GT(s.workload.crash_rate.per_second(), 0);
}

TEST(FitDelta, RestartsPerContainerHourGiveTheCrashRate) {
  // A fixed set of 10 pods of 2 containers: the gauges hold (but for containers in
  // back-off), so restarts / containers / hours is the crash rate.
  const std::string w = "{crashRate: 3/h}";
  NodeFit f = fit_node({scrape_difference(scrape_of(churny("1h", w), "1h.prom"),
                                          scrape_of(churny("5h", w), "5h.prom"))},
                       {});
  ASSERT_TRUE(f.churn);
  EXPECT_NEAR(f.churn->crash_per_container_hour / 3, 1, 0.2);
  EXPECT_EQ(f.churn->pod_create_per_hour, 0);
}

TEST(FitDelta, OneScrapeSaysChurnWasNotInferred) {
  NodeFit f = fit_node({scrape_of(churny("1h"), "1h.prom")}, {});
  EXPECT_FALSE(f.churn);
  bool said = false;
  for (const auto& n : f.not_inferred) said = said || n.starts_with("churn");
  EXPECT_TRUE(said);
}

TEST(FitDelta, ScrapesInTheWrongOrderOrOfAnotherKubeletAreRefused) {
  KubeletScrape early = scrape_of(churny("1h"), "1h.prom");
  KubeletScrape late = scrape_of(churny("2h"), "2h.prom");
  try {
    scrape_difference(late, early);
    FAIL() << "a counter that went down was accepted";
  } catch (const ScrapeError& e) {
    EXPECT_NE(std::string(e.what()).find("went down"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1h.prom since 2h.prom"), std::string::npos);
  }
  KubeletScrape hist = extract(parse_scrape(
      "# TYPE kubelet_runtime_operations_duration_seconds histogram\n"
      "kubelet_runtime_operations_duration_seconds_bucket{operation_type=\"list_containers\","
      "le=\"+Inf\"} 1\n"
      "kubelet_runtime_operations_duration_seconds_sum{operation_type=\"list_containers\"} 1\n"
      "kubelet_runtime_operations_duration_seconds_count{operation_type=\"list_containers\"} 1\n",
      "h.prom"));
  EXPECT_THROW(scrape_difference(early, hist), ScrapeError);
}

}  // namespace
}  // namespace plegsim::fit
