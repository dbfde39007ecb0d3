// The fit's families: the mixture's CDF and quantile, the minimiser, recovery of a known
// mixture from plegsim's own scrapes (1.20 histograms, 1.13 summaries), the choice of
// family by the stated criterion (docs/fit.md, "Families"), and that choice on the real
// 1.13 scrape (M3 of ../shared/data/realworld.md).
//
// Tolerances. A 3 h run of 10 pods gives ~13,500 ListContainers calls; 5 % of them in
// the tail is ~680 calls, so p's standard error is ~4 % and the fit rests on buckets
// (DefBuckets) rather than calls: 25 % on p and F, 15 % on sigma, 5 % on the median.
// A 1.13 summary holds ~1,000 calls in its 10-minute window, so only its quantiles
// (which the mixture matches exactly) and the family are checked there.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/latency_fit.h"
#include "sim/fit/mixture_fit.h"
#include "sim/fit/nelder_mead.h"
#include "sim/fit/node_fit.h"
#include "sim/fit/prom_reader.h"
#include "sim/record/prometheus_sink.h"
#include "sim/scenario/loader.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::fit {
namespace {

std::string node_yaml(const std::string& version, const std::string& latency,
                      const std::string& duration) {
  return "name: fit\nduration: " + duration + "\nwarmup: 0s\nseed: 5\nkubelet: {version: \"" +
         version + "\"}\nnode: {pods: 10, containersPerPod: 2}\nworkload: {crashRate: 0/h}\n" +
         "runtime:\n  profile: none\n  concurrency: unlimited\n  latency:\n" + latency +
         "  background:\n    - {op: ListContainers, every: 4s}\n";
}

KubeletScrape scrape_of(const std::string& yaml, int minor) {
  testing::SimRun r(yaml);
  record::PrometheusSink prom(minor);
  r.sim->add_sink(&prom);
  r.run();
  return extract(parse_scrape(prom.text(), "self.prom"));
}

const LatencyFit& fit_of(const NodeFit& f, const std::string& metric) {
  for (const auto& o : f.ops)
    if (o.metric == metric) return o.latency;
  throw std::runtime_error("no fit for " + metric);
}

const std::string kMixture =
    "    ListPodSandbox: {base: 20ms, noise: {lognormal: {sigma: 0.3}}}\n"
    "    ListContainers: {base: 20ms, noise: {mixture: {body: {lognormal: {sigma: 0.3}}, "
    "tail: {lognormal: {sigma: 0.3}}, tailProbability: 0.05, tailFactor: 8}}}\n";

TEST(FitFamily, MixtureQuantileInvertsItsCdfAndReducesToTheLognormal) {
  for (double q : {0.001, 0.5, 0.9, 0.97, 0.99, 0.999}) {
    double x = mixture_quantile(q, 2e-3, 0.4, 0.03, 6);
    EXPECT_NEAR(mixture_cdf(x, 2e-3, 0.4, 0.03, 6), q, 1e-9);
    EXPECT_NEAR(mixture_quantile(q, 2e-3, 0.4, 0, 1) / (2e-3 * std::exp(0.4 * normal_quantile(q))),
                1, 1e-9);
  }
  LatencyFit f;
  f.family = Family::kMixture;
  f.median = 1;
  f.sigma = 0.5;
  f.tail_probability = 0.1;
  f.tail_factor = 3;
  EXPECT_NEAR(f.mean(), std::exp(0.125) * (0.9 + 0.3), 1e-12);
}

TEST(FitFamily, NelderMeadFindsRosenbrocksMinimum) {
  auto rosen = [](const std::array<double, 2>& x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  auto m = nelder_mead<2>(rosen, {-1.2, 1}, {0.5, 0.5}, 5000, 1e-20);
  EXPECT_NEAR(m.x[0], 1, 1e-4);
  EXPECT_NEAR(m.x[1], 1, 1e-4);
}

TEST(FitFamily, HistogramsOf120RecoverAMixtureAndKeepALognormal) {
  KubeletScrape k = scrape_of(node_yaml("1.20", kMixture, "3h"), 20);
  NodeFit f = fit_node({k}, {});
  const LatencyFit& lc = fit_of(f, "list_containers");
  ASSERT_EQ(lc.family, Family::kMixture) << lc.choice;
  EXPECT_NEAR(lc.median / 20e-3, 1, 0.05);
  EXPECT_NEAR(lc.sigma / 0.3, 1, 0.15);
  EXPECT_NEAR(lc.tail_probability / 0.05, 1, 0.25);
  EXPECT_NEAR(lc.tail_factor / 8, 1, 0.25);
  EXPECT_LT(lc.max_error, 0.01);
  const LatencyFit& lp = fit_of(f, "list_podsandbox");
  EXPECT_EQ(lp.family, Family::kLognormal) << lp.choice;
  EXPECT_NEAR(lp.sigma / 0.3, 1, 0.1);
}

TEST(FitFamily, SummariesOf113ChooseTheMixtureForAHeavyTail) {
  KubeletScrape k = scrape_of(node_yaml("1.13", kMixture, "1h"), 13);
  NodeFit f = fit_node({k}, {});
  const LatencyFit& lc = fit_of(f, "list_containers");
  ASSERT_EQ(lc.family, Family::kMixture) << lc.choice;
  EXPECT_LT(lc.max_error, 0.01);  // three quantiles, three free parameters
  const LatencyFit& lp = fit_of(f, "list_podsandbox");
  EXPECT_EQ(lp.family, Family::kLognormal) << lp.choice;
  // The fragment carries the mixture as plegsim's noise, and it loads back.
  std::string yaml = format_runtime_yaml(f, {"self.prom"});
  scenario::Scenario s = scenario::load_scenario_text(yaml, "<fit>", {});
  const models::Noise& n = s.runtime.latency[static_cast<int>(models::Op::kListContainers)].noise;
  ASSERT_EQ(n.kind, models::Noise::Kind::kMixture);
}

TEST(FitFamily, TheReal113ScrapesListsNeedTheMixture) {
  // M3's lists: p99/p50 of 3.2 (sandboxes) and 5.4 (containers) with p90/p50 of 1.66 and
  // 1.79: tails heavier than any lognormal through the body, by far more than the
  // summaries' sampling and rank error. The short status calls stay lognormal.
  KubeletScrape k =
      extract(read_scrape(PLEGSIM_SOURCE_DIR "/tests/data/kubelet-1.13-minikube.prom"));
  NodeFit f = fit_node({k}, {});
  for (const char* m : {"list_podsandbox", "list_containers"}) {
    const LatencyFit& l = fit_of(f, m);
    EXPECT_EQ(l.family, Family::kMixture) << m << ": " << l.choice;
    EXPECT_LT(l.max_error, 0.005) << m;
  }
  EXPECT_EQ(fit_of(f, "status").family, Family::kLognormal);
  // The fitted node drops the profile's episodes (the fitted tail replaces them).
  std::string yaml = format_runtime_yaml(f, {"kubelet-1.13-minikube.prom"});
  scenario::Scenario s = scenario::load_scenario_text(yaml, "<fit>", {});
  EXPECT_FALSE(s.runtime.regime.enabled());
}

}  // namespace
}  // namespace plegsim::fit
