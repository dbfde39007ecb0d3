// plegsim fit recovers what plegsim was told: scrapes written by plegsim's own
// PrometheusSink (1.13: summaries in microseconds; 1.20: histograms in seconds) from
// nodes with lognormal latencies of known median and sigma, fitted back.
//
// Tolerances. A 1.13 summary's quantiles cover only the last 10 minutes (about 1,000
// calls of each list at one relist a second): the standard error of ln p50 is
// sigma * 1.25 / sqrt(n) ~ 1.2 % at sigma 0.3, and of the fitted sigma (from p50 to
// p99, z = 2.33) ~ 4 %; 5 % on the median and 12 % on sigma are ~4 and ~3 standard
// errors. Histogram fits use every call of a 3 h run (~10^4) but only the buckets
// (DefBuckets: 5, 10, 25, 50 ms, ...): 5 % and 10 %. The seed is fixed, so the test
// is deterministic; the tolerances say how far another seed may move it.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/lognormal_fit.h"
#include "sim/fit/node_fit.h"
#include "sim/fit/prom_reader.h"
#include "sim/record/prometheus_sink.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::fit {
namespace {

std::string node_yaml(int pods, const std::string& version, const std::string& latency,
                      const std::string& duration = "3h") {
  return "name: fit\nduration: " + duration + "\nwarmup: 0s\nseed: 11\n" + "kubelet: {version: \"" +
         version + "\"}\n" + "node: {pods: " + std::to_string(pods) + ", containersPerPod: 2}\n" +
         "workload: {crashRate: 0/h}\n" +
         "runtime:\n  profile: none\n  concurrency: unlimited\n  latency:\n" + latency +
         "  background:\n"
         "    - {op: ListPodSandbox, every: 2s}\n"
         "    - {op: ListContainers, every: 4s}\n";
}

// The scrape plegsim --metrics writes at the end of the run.
KubeletScrape scrape_of(const std::string& yaml, int minor, const std::string& name) {
  testing::SimRun r(yaml);
  record::PrometheusSink prom(minor);
  r.sim->add_sink(&prom);
  r.run();
  return extract(parse_scrape(prom.text(), name));
}

const OpFit& op(const NodeFit& f, const std::string& metric) {
  for (const auto& o : f.ops)
    if (o.metric == metric) return o;
  throw std::runtime_error("no fit for " + metric);
}

const std::string kLists =
    "    ListPodSandbox: {base: 4ms, noise: {lognormal: {sigma: 0.3}}}\n"
    "    ListContainers: {base: 7ms, noise: {lognormal: {sigma: 0.5}}}\n";

TEST(FitRecovery, SummariesOf113GiveBackMedianAndSigma) {
  KubeletScrape k = scrape_of(node_yaml(10, "1.13", kLists), 13, "m113.prom");
  EXPECT_FALSE(k.ops.at("list_podsandbox").histogram);
  NodeFit f = fit_node({k}, {});
  const auto& lp = op(f, "list_podsandbox").latency;
  const auto& lc = op(f, "list_containers").latency;
  EXPECT_EQ(lp.method, "log-quantile least squares");
  // Lognormal truths keep the lognormal family (the mixture is not worth its parameters).
  EXPECT_EQ(lp.family, Family::kLognormal) << lp.choice;
  EXPECT_EQ(lc.family, Family::kLognormal) << lc.choice;
  EXPECT_NEAR(lp.median / 4e-3, 1, 0.05);
  EXPECT_NEAR(lp.sigma / 0.3, 1, 0.12);
  EXPECT_NEAR(lc.median / 7e-3, 1, 0.05);
  EXPECT_NEAR(lc.sigma / 0.5, 1, 0.12);
  EXPECT_LT(lp.max_error, 0.1);
  // Calls per relist: the PLEG's one and a caller every `every` + its call, over a
  // relist interval of 1 s + the relist (~11 ms): the fitted period is every + the
  // call's time, within 3 %.
  ASSERT_EQ(f.background.size(), 2u);
  EXPECT_EQ(f.background[0].cri, "ListPodSandbox");
  ASSERT_TRUE(f.background[0].every_seconds);
  EXPECT_NEAR(*f.background[0].every_seconds / 2.004, 1, 0.03);
  ASSERT_TRUE(f.background[1].every_seconds);
  EXPECT_NEAR(*f.background[1].every_seconds / 4.007, 1, 0.03);
}

TEST(FitRecovery, HistogramsOf120GiveBackMedianAndSigma) {
  // Medians among DefBuckets' bounds (5 ms ... 10 s), so the buckets see the body.
  const std::string lat =
      "    ListPodSandbox: {base: 20ms, noise: {lognormal: {sigma: 0.4}}}\n"
      "    ListContainers: {base: 40ms, noise: {lognormal: {sigma: 0.8}}}\n";
  KubeletScrape k = scrape_of(node_yaml(10, "1.20", lat), 20, "m120.prom");
  EXPECT_TRUE(k.ops.at("list_podsandbox").histogram);
  NodeFit f = fit_node({k}, {});
  const auto& lp = op(f, "list_podsandbox").latency;
  const auto& lc = op(f, "list_containers").latency;
  EXPECT_EQ(lp.method, "bucket maximum likelihood");
  EXPECT_EQ(lp.family, Family::kLognormal) << lp.choice;
  EXPECT_EQ(lc.family, Family::kLognormal) << lc.choice;
  EXPECT_NEAR(lp.median / 20e-3, 1, 0.05);
  EXPECT_NEAR(lp.sigma / 0.4, 1, 0.10);
  EXPECT_NEAR(lc.median / 40e-3, 1, 0.05);
  EXPECT_NEAR(lc.sigma / 0.8, 1, 0.10);
  EXPECT_LT(lp.max_error, 0.02);  // the CDF at the bounds, absolute
}

TEST(FitRecovery, TwoPodCountsSeparateBaseFromPerReturned) {
  // Median = base + perReturned x returned; ListContainers returns 2 per pod.
  const std::string lat =
      "    ListPodSandbox: {base: 2ms, perReturned: 200us, noise: {lognormal: {sigma: 0.2}}}\n"
      "    ListContainers: {base: 3ms, perReturned: 100us, noise: {lognormal: {sigma: 0.2}}}\n";
  KubeletScrape a = scrape_of(node_yaml(10, "1.13", lat, "1h"), 13, "p10.prom");
  KubeletScrape b = scrape_of(node_yaml(40, "1.13", lat, "1h"), 13, "p40.prom");
  NodeFit f = fit_node({a, b}, {});
  EXPECT_EQ(f.pods, (std::vector<double>{10, 40}));  // from the running-pods gauge
  const auto& lp = op(f, "list_podsandbox");
  const auto& lc = op(f, "list_containers");
  ASSERT_TRUE(lp.per_returned && lc.per_returned);
  // Medians within ~1.5 % each (sigma 0.2, ~600 calls): base and slope within 8 %.
  EXPECT_NEAR(lp.per_returned->base / 2e-3, 1, 0.08);
  EXPECT_NEAR(lp.per_returned->per / 200e-6, 1, 0.08);
  EXPECT_NEAR(lc.per_returned->base / 3e-3, 1, 0.08);
  EXPECT_NEAR(lc.per_returned->per / 100e-6, 1, 0.08);
  EXPECT_NEAR(lp.latency.sigma / 0.2, 1, 0.15);
  // The fragment loads as a scenario and carries the fitted values.
  std::string yaml = format_runtime_yaml(f, {"p10.prom", "p40.prom"});
  EXPECT_NE(yaml.find("ListPodSandbox: {base: "), std::string::npos);
  scenario::Scenario s = scenario::load_scenario_text(yaml, "<fit>", {});
  (void)s;
}

TEST(FitRecovery, TheReal113ScrapeFitsAndItsFragmentLoads) {
  KubeletScrape k =
      extract(read_scrape(PLEGSIM_SOURCE_DIR "/tests/data/kubelet-1.13-minikube.prom"));
  NodeFit f = fit_node({k}, {});
  const auto& lp = op(f, "list_podsandbox").latency;
  // p50 6,645 us, p90 11,038, p99 21,220: the fitted line passes within 10 % of each.
  EXPECT_NEAR(lp.median * 1e6, 6645, 6645 * 0.1);
  EXPECT_LT(lp.max_error, 0.1);
  // 2562 ListPodSandbox calls over 1369 relists: 1.87 per relist.
  ASSERT_FALSE(f.background.empty());
  EXPECT_NEAR(f.background[0].calls_per_relist, 2562.0 / 1369, 1e-9);
  std::string yaml = format_runtime_yaml(f, {"kubelet-1.13-minikube.prom"});
  scenario::Scenario s = scenario::load_scenario_text(yaml, "<fit>", {});
  // container_status had only NaN quantiles: the profile's lognormal noise stays, and the
  // median is set so that the mean is M3's 64.8 ms (90 calls).
  const models::OpLatency& cs = s.runtime.latency[static_cast<int>(models::Op::kContainerStatus)];
  ASSERT_EQ(cs.noise.kind, models::Noise::Kind::kLognormal);
  double mean_ms =
      static_cast<double>(cs.base.ns) / 1e6 * std::exp(cs.noise.sigma * cs.noise.sigma / 2);
  EXPECT_NEAR(mean_ms, 64.78, 0.01);
  // ... and its sigma is listed as not inferred.
  bool said = false;
  for (const auto& n : f.not_inferred) said = said || n.starts_with("ContainerStatus sigma");
  EXPECT_TRUE(said);
}

TEST(FitMath, NormalQuantileInvertsTheCdf) {
  for (double p : {1e-6, 0.01, 0.3, 0.5, 0.9, 0.99, 0.999999})
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-12 + p * 1e-9);
  EXPECT_NEAR(normal_quantile(0.99), 2.3263478740408408, 1e-9);
}

}  // namespace
}  // namespace plegsim::fit
