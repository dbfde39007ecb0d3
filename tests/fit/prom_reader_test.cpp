// The Prometheus text reader (sim/fit/prom_reader.h) and the kubelet families it picks
// out (kubelet_scrape.h): the real 1.13 scrape reads back exactly, every malformed
// input gets its file:line, and what does not concern the fit is ignored.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/fit/kubelet_scrape.h"
#include "sim/fit/prom_reader.h"

namespace plegsim::fit {
namespace {

const std::string kRealScrape = PLEGSIM_SOURCE_DIR "/tests/data/kubelet-1.13-minikube.prom";

// The message of the ScrapeError `text` raises, or "" when it parses.
std::string error_of(const std::string& text, const ReadLimits& limits = {}) {
  try {
    parse_scrape(text, "s.prom", limits);
  } catch (const ScrapeError& e) {
    return e.what();
  }
  return "";
}

TEST(PromReader, TheRealKubelet113ScrapeReadsBackExactly) {
  Scrape s = read_scrape(kRealScrape);
  KubeletScrape k = extract(s);
  ASSERT_TRUE(k.ops.count("list_podsandbox"));
  const Latency& lp = k.ops.at("list_podsandbox");
  EXPECT_FALSE(lp.histogram);
  ASSERT_EQ(lp.quantiles.size(), 3u);
  EXPECT_EQ(lp.quantiles[0].first, 0.5);
  EXPECT_DOUBLE_EQ(lp.quantiles[0].second, 6645e-6);
  EXPECT_DOUBLE_EQ(lp.quantiles[2].second, 21220e-6);
  EXPECT_DOUBLE_EQ(*lp.sum_seconds, 1.7650737e+07 * 1e-6);
  EXPECT_EQ(*lp.count, 2562);
  // container_status: every quantile NaN (no call in the window), sum and count kept.
  const Latency& cs = k.ops.at("container_status");
  EXPECT_TRUE(cs.quantiles.empty());
  EXPECT_EQ(*cs.count, 90);
  EXPECT_EQ(k.calls.at("list_containers"), 2586);
  EXPECT_EQ(k.calls.at("list_podsandbox"), 2562);
  EXPECT_EQ(k.errors.at("container_status"), 14);
  EXPECT_EQ(*k.running_pods, 9);
  EXPECT_EQ(*k.running_containers, 9);
  ASSERT_TRUE(k.relist && k.interval);
  EXPECT_EQ(*k.relist->count, 1369);
  EXPECT_EQ(*k.interval->count, 1368);
  EXPECT_DOUBLE_EQ(k.interval->quantiles[0].second, 1.013125);
  // Unknown families (go_*, process_*, ...) are read and ignored.
  EXPECT_GT(s.samples.size(), 60u);
}

TEST(PromReader, LabelsInAnyOrderEscapesSpecialValuesAndTimestamps) {
  Scrape s = parse_scrape(
      "# a comment\n"
      "# HELP m a help \\n line\n"
      "# TYPE m gauge\n"
      "m{b=\"x\",a=\"q\\\"uo\\\\te\\n\"} 1.5 1712345678000\n"
      "m{a=\"1\"} NaN\n"
      "m{a=\"2\"} +Inf\n"
      "m{a=\"3\"} -Inf\r\n"
      "\n"
      "  m{ a = \"4\" , } 2e-3\n",
      "s.prom");
  ASSERT_EQ(s.samples.size(), 5u);
  const Sample& x = s.samples[0];
  ASSERT_EQ(x.labels.size(), 2u);
  EXPECT_EQ(x.labels[0].first, "a");
  EXPECT_EQ(x.labels[0].second, "q\"uo\\te\n");
  EXPECT_EQ(*x.label("b"), "x");
  EXPECT_EQ(x.value, 1.5);
  EXPECT_EQ(*x.timestamp_ms, 1712345678000);
  EXPECT_EQ(x.line, 4);
  EXPECT_TRUE(std::isnan(s.samples[1].value));
  EXPECT_EQ(s.samples[2].value, HUGE_VAL);
  EXPECT_EQ(s.samples[3].value, -HUGE_VAL);
  EXPECT_EQ(s.samples[4].value, 2e-3);
  EXPECT_EQ(s.types.at("m"), "gauge");
}

TEST(PromReader, MalformedInputsNameTheirLine) {
  EXPECT_EQ(error_of("ok 1\nm{a=\"b\n"),
            "s.prom:2:7: line ends inside a label value (no closing '\"')");
  EXPECT_EQ(error_of("m{a=\"b\"}\n"), "s.prom:1:9: line ends early: expected the sample's value");
  EXPECT_EQ(error_of("m 1\nm 1.2.3\n"), "s.prom:2:3: bad number \"1.2.3\"");
  EXPECT_EQ(error_of("m 12abc\n"), "s.prom:1:3: bad number \"12abc\"");
  EXPECT_EQ(error_of("m 1 soon\n"),
            "s.prom:1:5: bad timestamp \"soon\" (milliseconds, an integer)");
  EXPECT_EQ(error_of("m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 3\n"),
            "s.prom:2: duplicate series m{a=\"1\",b=\"2\",} (first at line 1)");
  EXPECT_EQ(error_of("h_bucket{le=\"1\"} 1\n# TYPE h histogram\n"),
            "s.prom:2: # TYPE h comes after samples of its family");
  EXPECT_EQ(error_of("# TYPE h histogrm\n"),
            "s.prom:1:10: unknown metric type \"histogrm\" (counter, gauge, summary, histogram "
            "or untyped)");
  EXPECT_EQ(error_of("# TYPE h\n"), "s.prom:1:9: line ends early: # TYPE h needs a type");
  EXPECT_EQ(error_of("m{a=\"1\",a=\"2\"} 1\n"), "s.prom:1:9: label \"a\" given twice");
  EXPECT_EQ(error_of("9m 1\n"), "s.prom:1:1: expected a metric name");
  ReadLimits small;
  small.max_line = 16;
  EXPECT_EQ(error_of("m 1\nm{a=\"0123456789\"} 1\n", small),
            "s.prom:2: line of 19 bytes, longer than the 16 allowed");
  small.max_bytes = 8;
  EXPECT_EQ(error_of("m 1\nn 2\nk 3\n", small),
            "s.prom: 12 bytes, more than the 8 a scrape may have");
}

TEST(PromReader, AFileBeyondTheBoundIsRefusedUnread) {
  ReadLimits small;
  small.max_bytes = 1000;
  try {
    read_scrape(kRealScrape, small);
    FAIL() << "no error";
  } catch (const ScrapeError& e) {
    EXPECT_NE(std::string(e.what()).find("more than 1000 bytes"), std::string::npos);
  }
  EXPECT_THROW(read_scrape("/nonexistent/x.prom"), ScrapeError);
}

TEST(PromReader, AScrapeWithoutUsableFamiliesSaysWhichItNeeds) {
  Scrape s = parse_scrape("# TYPE go_goroutines gauge\ngo_goroutines 12\n", "s.prom");
  try {
    extract(s);
    FAIL() << "no error";
  } catch (const ScrapeError& e) {
    EXPECT_NE(std::string(e.what()).find("kubelet_runtime_operations_duration_seconds"),
              std::string::npos);
    EXPECT_NE(std::string(e.what()).find("kubelet_runtime_operations_latency_microseconds"),
              std::string::npos);
  }
}

TEST(PromReader, HistogramsInSecondsAndCountersWithTotal) {
  KubeletScrape k = extract(parse_scrape(
      "# TYPE kubelet_runtime_operations_duration_seconds histogram\n"
      "kubelet_runtime_operations_duration_seconds_bucket{le=\"0.01\",operation_type=\"status\"} "
      "3\n"
      "kubelet_runtime_operations_duration_seconds_bucket{operation_type=\"status\",le=\"+Inf\"} "
      "4\n"
      "kubelet_runtime_operations_duration_seconds_bucket{operation_type=\"status\",le=\"0.005\"} "
      "1\n"
      "kubelet_runtime_operations_duration_seconds_count{operation_type=\"status\"} 4\n"
      "# TYPE kubelet_runtime_operations_total counter\n"
      "kubelet_runtime_operations_total{operation_type=\"status\"} 4\n"
      "# TYPE kubelet_running_pods gauge\n"
      "kubelet_running_pods 7\n"
      "kubelet_running_containers{container_state=\"exited\"} 2\n"
      "kubelet_running_containers{container_state=\"running\"} 14\n",
      "s.prom"));
  const Latency& l = k.ops.at("status");
  EXPECT_TRUE(l.histogram);
  ASSERT_EQ(l.buckets.size(), 3u);
  EXPECT_EQ(l.buckets[0].first, 0.005);
  EXPECT_EQ(l.buckets[2].first, HUGE_VAL);
  EXPECT_EQ(l.buckets[2].second, 4);
  EXPECT_FALSE(l.sum_seconds.has_value());  // a missing _sum is no error
  EXPECT_EQ(k.calls.at("status"), 4);
  EXPECT_EQ(*k.running_pods, 7);
  EXPECT_EQ(*k.running_containers, 14);
}

}  // namespace
}  // namespace plegsim::fit
