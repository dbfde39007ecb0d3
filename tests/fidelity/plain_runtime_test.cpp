// cri::Runtime is an interface a second runtime can implement: the kubelet asks for the
// simulated runtime's change feed and falls back to materialised lists without it. A
// PlainRuntime (every call forwarded, no capability) must give exactly the results of
// the simulated runtime itself: the summary, the relists, the events and the CRI calls,
// on the default scenario, a churny 250-pod node and every incident.
#include "sim/cri/plain_runtime.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/fidelity/fixtures.h"
#include "tests/fidelity/same_run.h"

namespace plegsim::testing {
namespace {

struct Run {
  std::unique_ptr<run::Simulation> sim;
  record::MemorySink sink;
  Run(const scenario::Scenario& s, bool with_feed) {
    run::BuildOptions o;
    o.incremental_relist = with_feed;  // false: the kubelet talks to a cri::PlainRuntime
    sim = std::make_unique<run::Simulation>(s, o);
    sim->add_sink(&sink);
    sim->run();
  }
};

void expect_same(const scenario::Scenario& s) {
  SCOPED_TRACE(s.name);
  Run feed(s, true), plain(s, false);
  EXPECT_EQ(json_without_wall(feed.sim->summary()), json_without_wall(plain.sim->summary()));
  expect_same_observations(feed.sink, plain.sink);
  EXPECT_GT(feed.sink.relists.size(), 0u);
}

TEST(PlainRuntime, OffersNoCapabilityAndForwardsCalls) {
  core::Kernel k;
  cri::Store store;
  cri::SimRuntime sim(k, store, {});
  cri::PlainRuntime plain(sim);
  EXPECT_NE(static_cast<cri::Runtime&>(sim).change_feed(), nullptr);
  EXPECT_EQ(plain.change_feed(), nullptr);
}

TEST(PlainRuntime, DefaultScenarioGivesTheSameRun) {
  expect_same(scenario::load_default_scenario({"duration=6h"}));
}

TEST(PlainRuntime, Churny250PodNodeGivesTheSameRun) {
  expect_same(scenario::load_default_scenario({"node.pods=250", "workload.podCreateRate=20/h",
                                               "workload.podDeleteRate=20/h", "duration=3h"}));
}

TEST(PlainRuntime, EveryIncidentGivesTheSameRun) {
  const std::filesystem::path dir =
      std::filesystem::path(PLEGSIM_SOURCE_DIR) / "scenarios/incidents";
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    expect_same(scenario::load_scenario_file(e.path().string()));
    ++n;
  }
  EXPECT_GE(n, 10);
}

}  // namespace
}  // namespace plegsim::testing
