// The calibration set (../shared/data/realworld.md): the runtime profiles must give the
// relist shapes real kubelets showed. Each scenario in scenarios/calibration/ describes
// one observed node; the targets below are that node's figures, cited by row.
//
// The quantiles of M2 and M3 come from the kubelet's summaries (a 10-minute window);
// they are compared with quantiles over the whole simulated window after warm-up.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/record/sink.h"
#include "sim/run/simulation.h"
#include "sim/scenario/loader.h"

namespace plegsim {
namespace {

using core::Duration;
using core::Time;
using models::Op;

// Relist durations and CRI calls after the warm-up.
class CalibrationSink final : public record::Sink {
 public:
  explicit CalibrationSink(Time from) : from_(from) {}
  void on(const record::RelistFinished& o) override {
    if (o.start < from_) return;
    durations.push_back((o.end - o.start).ns);
  }
  void on(const record::CriCallFinished& o) override {
    if (o.end < from_) return;
    auto i = static_cast<std::size_t>(o.op);
    ++calls[i];
    if (o.code != 0) ++errors[i];
  }
  // A call reported OK that answered an error after all (NotFound, decided on return).
  void on(const record::CriCallAnswered& o) override {
    if (o.end < from_) return;
    ++errors[static_cast<std::size_t>(o.op)];
  }
  std::vector<std::int64_t> durations;
  std::array<std::int64_t, models::kOpCount> calls{};
  std::array<std::int64_t, models::kOpCount> errors{};

 private:
  Time from_;
};

struct Pooled {
  std::vector<std::int64_t> durations;  // ns, sorted
  std::array<std::int64_t, models::kOpCount> calls{};
  std::array<std::int64_t, models::kOpCount> errors{};

  double quantile_us(double q) const {
    // Nearest rank, as the kubelet's summaries and plegsim's histograms report.
    auto n = durations.size();
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
    return static_cast<double>(durations[std::clamp<std::size_t>(rank, 1, n) - 1]) / 1e3;
  }
  double per_relist(Op op) const {
    return static_cast<double>(calls[static_cast<int>(op)]) / static_cast<double>(durations.size());
  }
  // Relists longer than `seconds`, per 100,000.
  double over_per_1e5(double seconds) const {
    auto limit = static_cast<std::int64_t>(seconds * 1e9);
    auto n = std::count_if(durations.begin(), durations.end(),
                           [limit](std::int64_t d) { return d > limit; });
    return static_cast<double>(n) * 1e5 / static_cast<double>(durations.size());
  }
};

std::string calibration_file(const std::string& name) {
  return std::string(PLEGSIM_SOURCE_DIR) + "/scenarios/calibration/" + name + ".yaml";
}

// The long label runs more replications (PLEGSIM_CALIBRATION_REPS).
int reps(int short_default) {
  if (const char* v = std::getenv("PLEGSIM_CALIBRATION_REPS")) return std::max(1, std::atoi(v));
  return short_default;
}

// Pooled over `replications` seeds; from the warm-up on, or from the start.
Pooled run_pooled(const std::string& name, int replications, bool from_start = false) {
  scenario::Scenario s = scenario::load_scenario_file(calibration_file(name));
  Pooled out;
  for (int r = 0; r < replications; ++r) {
    run::Simulation sim(s, {.seed = s.seed + static_cast<std::uint64_t>(r)});
    CalibrationSink sink(from_start ? Time{} : Time{} + s.warmup);
    sim.add_sink(&sink);
    sim.run();
    out.durations.insert(out.durations.end(), sink.durations.begin(), sink.durations.end());
    for (int i = 0; i < models::kOpCount; ++i) {
      out.calls[i] += sink.calls[i];
      out.errors[i] += sink.errors[i];
    }
  }
  std::sort(out.durations.begin(), out.durations.end());
  return out;
}

void expect_within(double got, double want, double tolerance, const std::string& what) {
  EXPECT_LE(std::abs(got / want - 1.0), tolerance)
      << what << ": simulated " << got << ", observed " << want;
}

// M2: dockershim, 2 pods; relist p50 2,412 us, p90 2,562, p99 15,997.
TEST(Calibration, M2RelistQuantilesWithin20Percent) {
  Pooled p = run_pooled("m2", reps(8));
  ASSERT_GT(p.durations.size(), 1000u);
  expect_within(p.quantile_us(0.50), 2412, 0.20, "M2 relist p50 (us)");
  expect_within(p.quantile_us(0.90), 2562, 0.20, "M2 relist p90 (us)");
  expect_within(p.quantile_us(0.99), 15997, 0.20, "M2 relist p99 (us)");
}

// M3: dockershim, 9 pods; relist p50 12,741 us, p90 16,211, p99 31,234.
TEST(Calibration, M3RelistQuantilesWithin20Percent) {
  Pooled p = run_pooled("m3", reps(8));
  ASSERT_GT(p.durations.size(), 1000u);
  expect_within(p.quantile_us(0.50), 12741, 0.20, "M3 relist p50 (us)");
  expect_within(p.quantile_us(0.90), 16211, 0.20, "M3 relist p90 (us)");
  expect_within(p.quantile_us(0.99), 31234, 0.20, "M3 relist p99 (us)");
}

// M2, M3 and M4: each list 1.84-1.89 times per relist (section 2.1 of realworld.md).
TEST(Calibration, ListCallsPerRelist) {
  for (const char* name : {"m2", "m3", "m4"}) {
    Pooled p = run_pooled(name, 1);
    for (Op op : {Op::kListPodSandbox, Op::kListContainers}) {
      double v = p.per_relist(op);
      EXPECT_GE(v, 1.84) << name << " " << models::cri_name(op);
      EXPECT_LE(v, 1.89) << name << " " << models::cri_name(op);
    }
  }
}

// M4: 1.13, 231,635 relists over ~2.7 days: 39 over 100 ms and 3 over 1 s, i.e. 16.8
// and 1.3 per 100,000; simulated over 3 days a replication, within a factor of 2.
TEST(Calibration, M4TailWithinFactorOf2) {
  Pooled p = run_pooled("m4", reps(4));
  ASSERT_GT(p.durations.size(), 200'000u);
  double over_100ms = p.over_per_1e5(0.1), over_1s = p.over_per_1e5(1.0);
  EXPECT_LE(std::abs(std::log2(over_100ms / (39.0 * 1e5 / 231635))), 1.0)
      << "relists over 100 ms per 1e5: " << over_100ms;
  EXPECT_LE(std::abs(std::log2(over_1s / (3.0 * 1e5 / 231635))), 1.0)
      << "relists over 1 s per 1e5: " << over_1s;
  // Mean 15.3 ms: M4's pod count is not given; the scenario's is chosen to match it.
  double mean = 0;
  for (auto d : p.durations) mean += static_cast<double>(d);
  mean /= static_cast<double>(p.durations.size()) * 1e6;
  expect_within(mean, 15.3, 0.20, "M4 mean relist (ms)");
}

// M3: 14 of 90 ContainerStatus calls failed (NotFound: containers removed between the
// list and the status call, and removals that lost a race, as the previous boot's
// containers were cleaned up). Two removers race, as in M3's kubelet: the container GC
// and the pod container deletor (ContainerDied events), each removal ContainerStatus
// then RemoveContainer (4 of M3's 14 RemoveContainer calls failed). "In M3's order" is
// within a factor of 10 here (docs/assumptions.md); 4 seeds give ~31 % (30 of 95 a run).
TEST(Calibration, M3NotFoundShareInM3sOrder) {
  Pooled p = run_pooled("m3", reps(4), /*from_start=*/true);
  auto i = static_cast<int>(Op::kContainerStatus);
  ASSERT_GT(p.calls[i], 0);
  double share = static_cast<double>(p.errors[i]) / static_cast<double>(p.calls[i]);
  EXPECT_GT(p.errors[i], 0);
  EXPECT_LE(std::abs(std::log10(share / (14.0 / 90.0))), 1.0)
      << "NotFound share " << share << " (" << p.errors[i] << " of " << p.calls[i] << ")";
}

}  // namespace
}  // namespace plegsim
