// core::parse_duration and format_duration against Go's time.ParseDuration and
// Duration.String(), whose behaviour the expected values below are taken from.
#include "sim/core/time.h"

#include <gtest/gtest.h>

namespace plegsim::core {
namespace {

TEST(FormatDuration, MatchesGo) {
  EXPECT_EQ(format_duration(Duration{}), "0s");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1)), "1ns");
  EXPECT_EQ(format_duration(Duration::nanoseconds(999)), "999ns");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1500)), "1.5µs");
  EXPECT_EQ(format_duration(Duration::microseconds(100)), "100µs");
  EXPECT_EQ(format_duration(Duration::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(Duration::microseconds(1500)), "1.5ms");
  EXPECT_EQ(format_duration(Duration::seconds(1)), "1s");
  EXPECT_EQ(format_duration(Duration::nanoseconds(1'000'001'000)), "1.000001s");
  EXPECT_EQ(format_duration(Duration::seconds(90)), "1m30s");
  EXPECT_EQ(format_duration(Duration::nanoseconds(180'322'579'259)), "3m0.322579259s");
  EXPECT_EQ(format_duration(Duration::hours(1)), "1h0m0s");
  EXPECT_EQ(format_duration(Duration::hours(26) + Duration::seconds(5)), "26h0m5s");
  EXPECT_EQ(format_duration(Duration::nanoseconds(-1500)), "-1.5µs");
  EXPECT_EQ(format_duration(Duration::seconds(-90)), "-1m30s");
  EXPECT_EQ(format_duration(Duration::max()), "2562047h47m16.854775807s");
}

TEST(ParseDuration, AcceptsGoSyntax) {
  EXPECT_EQ(parse_duration("0"), Duration{});
  EXPECT_EQ(parse_duration("0s"), Duration{});
  EXPECT_EQ(parse_duration("250ms"), Duration::milliseconds(250));
  EXPECT_EQ(parse_duration("90s"), Duration::seconds(90));
  EXPECT_EQ(parse_duration("1m30s"), Duration::seconds(90));
  EXPECT_EQ(parse_duration("1h"), Duration::hours(1));
  EXPECT_EQ(parse_duration("1h0m0s"), Duration::hours(1));
  EXPECT_EQ(parse_duration("2.5s"), Duration::milliseconds(2500));
  EXPECT_EQ(parse_duration(".5s"), Duration::milliseconds(500));
  EXPECT_EQ(parse_duration("1.s"), Duration::seconds(1));
  EXPECT_EQ(parse_duration("+5s"), Duration::seconds(5));
  EXPECT_EQ(parse_duration("1.5us"), Duration::nanoseconds(1500));
  EXPECT_EQ(parse_duration("1.5µs"), Duration::nanoseconds(1500));  // U+00B5 micro sign
  EXPECT_EQ(parse_duration("1.5μs"), Duration::nanoseconds(1500));  // U+03BC Greek mu
  EXPECT_EQ(parse_duration("100ns"), Duration::nanoseconds(100));
  EXPECT_EQ(parse_duration("3m0.322579259s"), Duration::nanoseconds(180'322'579'259));
  EXPECT_EQ(parse_duration("1.0000000001s"), Duration::seconds(1));  // truncates like Go
  EXPECT_EQ(parse_duration("2562047h47m16.854775807s"), Duration::max());
}

TEST(ParseDuration, RejectsMalformed) {
  for (const char* bad : {"", "-1s", "-0", "1x", "s", "1.", "1", "00", ".s", "1m-5s", "1 s", "1h30",
                          "2562047h47m16.854775808s", "9223372036854775808ns"}) {
    EXPECT_THROW(parse_duration(bad), DurationParseError) << "\"" << bad << "\"";
  }
}

TEST(ParseDuration, ErrorSaysWhatIsValid) {
  try {
    parse_duration("1x");
    FAIL() << "no exception";
  } catch (const DurationParseError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("\"1x\""), std::string::npos) << what;
    EXPECT_NE(what.find("unknown unit"), std::string::npos) << what;
    EXPECT_NE(what.find("250ms"), std::string::npos) << what;
  }
}

// Go's time.ParseDuration has no day unit; the error says how to write one.
TEST(ParseDuration, DaysAreRefusedWithTheHourSpelling) {
  for (const char* bad : {"1d", "2w", "1h1d"}) {
    try {
      parse_duration(bad);
      FAIL() << "accepted " << bad;
    } catch (const DurationParseError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("a day is 24h"), std::string::npos) << what;
    }
  }
}

TEST(ParseDuration, RoundTripsFormat) {
  for (std::int64_t ns : {1LL, 999LL, 1'000LL, 1'500LL, 123'456'789LL, 1'000'000'000LL,
                          59'999'999'999LL, 3'600'000'000'001LL, 86'400'000'000'000LL}) {
    Duration d{ns};
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

// Issue 16: relistThreshold, a latency's base or a slowdown at the top of the range
// overflowed Time::operator+ and Duration::operator* (UBSan: signed overflow; in
// release builds a time in the past, SIGABRT). Time and Duration saturate instead.
TEST(TimeArithmetic, SaturatesInsteadOfWrapping) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(Time{5} + Duration::max(), Time::never());
  EXPECT_EQ(Time::never() + Duration{1}, Time::never());
  EXPECT_EQ(Time{kMin + 1} - Duration{5}, Time{kMin});
  EXPECT_EQ(Duration::max() + Duration{1}, Duration::max());
  EXPECT_EQ(Duration{kMin} - Duration{1}, Duration{kMin});
  EXPECT_EQ(Duration::hours(2562047) * 2, Duration::max());
  EXPECT_EQ(Duration{-3} * kMax, Duration{kMin});
  EXPECT_EQ(Time::never() - Time{-5}, Duration::max());
  Duration d = Duration::max();
  d += Duration{7};
  EXPECT_EQ(d, Duration::max());
  // Inside the range nothing changes.
  EXPECT_EQ(Time{10} + Duration{-3}, Time{7});
  EXPECT_EQ(Duration{-4} * -3, Duration{12});
  EXPECT_EQ(Time{3} - Time{10}, Duration{-7});
  static_assert(Time{1} + Duration{2} == Time{3});  // still constexpr
}

}  // namespace
}  // namespace plegsim::core
