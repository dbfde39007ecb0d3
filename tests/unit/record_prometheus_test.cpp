// The kubelet's metrics (sim/record/prometheus_sink.h): the families of each release
// match pleg-spec §5, samples appear when the kubelet observes them, and values are
// formatted like the Go client.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "sim/record/prometheus_sink.h"
#include "sim/record/replay.h"
#include "tests/fidelity/fixtures.h"

namespace plegsim::testing {
namespace {

using Families = std::map<std::string, std::string>;  // name -> type

Families families(const std::string& text) {
  Families out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    std::istringstream l(line.substr(7));
    std::string name, type;
    l >> name >> type;
    out[name] = type;
  }
  return out;
}

// The value of the sample line starting with `prefix` + " ", or NaN.
double sample(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix + " ", 0) == 0) return std::stod(line.substr(prefix.size() + 1));
  }
  return std::nan("");
}

// A sink for release 1.`minor` that saw one relist, one failed CRI call and one dropped
// event: enough for every family of that release to appear.
std::string scrape(int minor) {
  record::PrometheusSink s(minor);
  record::RelistFinished rf;
  rf.start = Time{} + sec(1);
  rf.end = rf.start + ms(30);
  rf.running_pods = 3;
  rf.containers_by_state = {0, 6, 1, 0};
  s.on(record::RelistStarted{rf.start, sec(1)});
  s.on(rf);
  s.on(record::CriCallFinished{static_cast<int>(models::Op::kContainerStatus), rf.start,
                               rf.start + ms(8), 1});
  s.on(record::EventDropped{rf.end, 1, record::EventType::kContainerDied, 9});
  s.finish(Time{} + sec(2));
  return s.text();
}

const Families kPlegsim = {{"plegsim_event_detection_seconds", "histogram"},
                           {"plegsim_changes_undetected_total", "counter"}};

Families with_plegsim(Families f) {
  f.insert(kPlegsim.begin(), kPlegsim.end());
  return f;
}

const Families kMicrosecondEra = {
    {"kubelet_pleg_relist_latency_microseconds", "summary"},
    {"kubelet_pleg_relist_interval_microseconds", "summary"},
    {"kubelet_runtime_operations", "counter"},
    {"kubelet_runtime_operations_latency_microseconds", "summary"},
    {"kubelet_runtime_operations_errors", "counter"},
};
const Families kSecondsEra = {
    {"kubelet_pleg_relist_duration_seconds", "histogram"},
    {"kubelet_pleg_relist_interval_seconds", "histogram"},
    {"kubelet_pleg_discard_events", "counter"},
    {"kubelet_runtime_operations_total", "counter"},
    {"kubelet_runtime_operations_duration_seconds", "histogram"},
    {"kubelet_runtime_operations_errors_total", "counter"},
};
const Families kCountGauges = {{"kubelet_running_pod_count", "gauge"},
                               {"kubelet_running_container_count", "gauge"}};
const Families kRenamedGauges = {{"kubelet_running_pods", "gauge"},
                                 {"kubelet_running_containers", "gauge"}};
const Families kLastSeen = {{"kubelet_pleg_last_seen_seconds", "gauge"}};
// Registered from 1.26 (#111384), gate on or off.
const Families kEvented = {{"kubelet_evented_pleg_connection_error_count", "counter"},
                           {"kubelet_evented_pleg_connection_success_count", "counter"},
                           {"kubelet_evented_pleg_connection_latency_seconds", "histogram"}};

Families merged(std::initializer_list<Families> parts) {
  Families out;
  for (const auto& p : parts) out.insert(p.begin(), p.end());
  return with_plegsim(out);
}

TEST(RecordPrometheus, FamiliesPerReleaseMatchTheSpecTable) {
  EXPECT_EQ(families(scrape(11)), merged({kMicrosecondEra, kCountGauges}));
  EXPECT_EQ(families(scrape(13)), merged({kMicrosecondEra, kCountGauges}));
  // 1.14-1.16: seconds histograms plus the deprecated microsecond summaries.
  EXPECT_EQ(families(scrape(14)), merged({kMicrosecondEra, kSecondsEra, kCountGauges}));
  EXPECT_EQ(families(scrape(16)), merged({kMicrosecondEra, kSecondsEra, kCountGauges}));
  EXPECT_EQ(families(scrape(17)), merged({kSecondsEra, kCountGauges}));
  EXPECT_EQ(families(scrape(18)), merged({kSecondsEra, kCountGauges, kLastSeen}));
  EXPECT_EQ(families(scrape(19)), merged({kSecondsEra, kRenamedGauges, kLastSeen}));
  EXPECT_EQ(families(scrape(25)), merged({kSecondsEra, kRenamedGauges, kLastSeen}));
  EXPECT_EQ(families(scrape(26)), merged({kSecondsEra, kRenamedGauges, kLastSeen, kEvented}));
  EXPECT_EQ(families(scrape(30)), merged({kSecondsEra, kRenamedGauges, kLastSeen, kEvented}));
}

TEST(RecordPrometheus, DeprecatedNamesAreMarkedAndLabelsFollowTheRelease) {
  EXPECT_NE(scrape(15).find("# HELP kubelet_pleg_relist_latency_microseconds (Deprecated)"),
            std::string::npos);
  EXPECT_EQ(scrape(13).find("(Deprecated)"), std::string::npos);
  // <= 1.15: running containers only, no label; 1.16+: by container_state.
  EXPECT_EQ(sample(scrape(15), "kubelet_running_container_count"), 6);
  EXPECT_EQ(sample(scrape(16), "kubelet_running_container_count{container_state=\"running\"}"), 6);
  EXPECT_EQ(sample(scrape(16), "kubelet_running_container_count{container_state=\"exited\"}"), 1);
  EXPECT_TRUE(std::isnan(
      sample(scrape(16), "kubelet_running_container_count{container_state=\"created\"}")));
  EXPECT_EQ(sample(scrape(25), "kubelet_running_pods"), 3);
}

// Every family every release writes has that release's HELP (kubelet_metric_help.h
// throws for one it lacks), from the oldest release plegsim models to beyond the newest.
TEST(RecordPrometheus, EveryFamilyOfEveryReleaseHasItsHelp) {
  for (int minor = 2; minor <= 40; ++minor) {
    std::string text;
    EXPECT_NO_THROW(text = scrape(minor)) << "1." << minor;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("# HELP ", 0) != 0) continue;
      const auto space = line.find(' ', 7);
      EXPECT_TRUE(space != std::string::npos && space + 1 < line.size()) << line;
    }
  }
}

TEST(RecordPrometheus, RuntimeOperationBucketsWidenIn121) {
  const std::string le =
      "kubelet_runtime_operations_duration_seconds_bucket{operation_type="
      "\"container_status\",le=";
  EXPECT_EQ(sample(scrape(20), le + "\"10\"}"), 1);
  EXPECT_TRUE(std::isnan(sample(scrape(20), le + "\"298.0232238769531\"}")));
  EXPECT_EQ(sample(scrape(21), le + "\"0.005\"}"), 0);
  EXPECT_EQ(sample(scrape(21), le + "\"0.0125\"}"), 1);
  EXPECT_EQ(sample(scrape(21), le + "\"298.0232238769531\"}"), 1);
  EXPECT_EQ(sample(scrape(21), le + "\"745.0580596923828\"}"), 1);
}

TEST(RecordPrometheus, ValuesAreFormattedLikeTheGoClient) {
  using record::prom::format_value;
  EXPECT_EQ(format_value(0.005), "0.005");
  EXPECT_EQ(format_value(0.0001), "0.0001");
  EXPECT_EQ(format_value(0.00001), "1e-05");
  EXPECT_EQ(format_value(120), "120");
  EXPECT_EQ(format_value(123456), "123456");
  EXPECT_EQ(format_value(1234567), "1.234567e+06");
  EXPECT_EQ(format_value(1767225600), "1.7672256e+09");
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
}

TEST(RecordPrometheus, SummaryQuantilesCoverTheLastTenMinutesOnly) {
  // Age buckets of 2 min from t = 0: an observation at 1 s is in every bucket; the
  // head rotates at 2, 4, ... min, and the last bucket holding it is emptied at 10 min.
  record::prom::MicrosecondSummary s;
  s.observe(Time{} + sec(1), ms(40));
  s.observe(Time{} + sec(200), ms(20));
  EXPECT_EQ(s.quantiles(Time{} + sec(60))[2].second, 40000);
  EXPECT_EQ(s.quantiles(Time{} + Duration::minutes(9))[2].second, 40000);
  EXPECT_EQ(s.quantiles(Time{} + Duration::minutes(10))[2].second, 20000);
  EXPECT_TRUE(std::isnan(s.quantiles(Time{} + Duration::minutes(14))[0].second));
  EXPECT_EQ(s.count(), 2u);
  EXPECT_EQ(s.sum_us(), 60000);
}

TEST(RecordPrometheus, AStuckRelistRecordsNoDurationUntilItReturns) {
  // Quiet 5-pod node, 1.18: ListPodSandbox hangs from 100 s. The relist that starts
  // after 100 s returns only at its 2 min deadline; until then the duration histogram
  // does not move and last_seen stays at the last successful relist's start.
  SimRun r(quiet_yaml(5, "1.18"), {"faults=[{kind: hang, op: ListPodSandbox, from: 100s}]"});
  record::PrometheusSink prom(r.sim->profile().minor);
  r.sim->add_sink(&prom);
  r.run_until(sec(150));
  const std::string at150 = prom.text();
  r.run_until(sec(200));
  const std::string at200 = prom.text();
  const std::string count = "kubelet_pleg_relist_duration_seconds_count";
  EXPECT_EQ(sample(at150, count), sample(at200, count));
  EXPECT_EQ(sample(at150, count), static_cast<double>(r.sink.relists.size()));
  r.run_until(sec(260));
  const std::string at260 = prom.text();
  EXPECT_EQ(sample(at260, count), sample(at200, count) + 1);
  EXPECT_EQ(sample(at260, "kubelet_pleg_relist_duration_seconds_bucket{le=\"10\"}"),
            sample(at200, count));
  Time last_ok{};
  for (const auto& rl : r.sink.relists) {
    if (rl.ok) last_ok = rl.start;
  }
  EXPECT_EQ(sample(at260, "kubelet_pleg_last_seen_seconds"),
            static_cast<double>(record::kSimulatedEpochUnixSeconds + last_ok.ns / 1'000'000'000));
  EXPECT_EQ(
      sample(at260, "kubelet_runtime_operations_errors_total{operation_type=\"list_podsandbox\"}"),
      1);
}

TEST(RecordPrometheus, AReplayedMemorySinkScrapesLikeTheLiveSink) {
  // Result.metrics_text() replays a MemorySink; it must equal the sink that watched the
  // run, Evented PLEG streams (broken by an error window) included.
  SimRun r(quiet_yaml(3, "1.27"),
           {"kubelet.featureGates.EventedPLEG=true", "workload.crashRate=6/h",
            "faults=[{kind: errors, op: GetContainerEvents, probability: 1, from: 5m, "
            "for: 10m}]"});
  record::PrometheusSink live(27);
  r.sim->add_sink(&live);
  r.run();
  std::string replayed = record::metrics_text(r.sink, r.sim->kernel().now(), 27);
  EXPECT_EQ(replayed, live.text());
  EXPECT_NE(replayed.find("kubelet_evented_pleg_connection_error_count 5"), std::string::npos);
}

}  // namespace
}  // namespace plegsim::testing
