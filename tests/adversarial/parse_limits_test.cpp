// Inputs the fuzz targets (tests/fuzz, docs/hardening.md) found at the edges of the
// scenario, duration and rate parsers: each must be a documented error, never a hang,
// undefined behaviour or a non-finite value.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/rate.h"
#include "plegsim/scenario.h"
#include "sim/core/time.h"

namespace plegsim {
namespace {

TEST(ParseLimits, DurationWholePartAtTheLimitPlusAFractionIsTooLarge) {
  // whole * 1s fits in int64, the fraction then overflowed it (signed overflow, UBSan).
  EXPECT_THROW(core::parse_duration("9223372036.9s"), core::DurationParseError);
  EXPECT_THROW(core::parse_duration("2562047h47m16.854775808s"), core::DurationParseError);
  EXPECT_EQ(core::parse_duration("9223372036.854775807s"), core::Duration::max());
  EXPECT_EQ(core::parse_duration("2562047h47m16.854775807s"), core::Duration::max());
}

TEST(ParseLimits, RateThatOverflowsPerHourIsRejected) {
  // 1e308 is finite; 1e308 per second is not, once stored per hour.
  EXPECT_THROW(models::parse_rate("1e308/s"), std::invalid_argument);
  EXPECT_THROW(models::parse_rate("1e307/m"), std::invalid_argument);
  EXPECT_DOUBLE_EQ(models::parse_rate("1e300/s").per_hour, 3.6e303);
  EXPECT_DOUBLE_EQ(models::parse_rate("1e308/d").per_hour, 1e308 / 24);
}

TEST(ParseLimits, AStrayCommaIsAnErrorNotAnEndlessStreamOfDocuments) {
  // yaml-cpp 0.7's LoadAll never returned on these (yaml-cpp issue #1040).
  for (const char* yaml : {",", ", ", "\n,\n", ",naY': o\nduration: om\n"}) {
    try {
      (void)scenario::load_scenario_text(yaml, "fuzz.yaml");
      ADD_FAILURE() << "loaded: " << yaml;
    } catch (const scenario::ScenarioError& e) {
      EXPECT_NE(e.message.find("invalid YAML"), std::string::npos) << e.what();
    }
  }
  // Multiple documents and empty input still read as before.
  EXPECT_THROW(scenario::load_scenario_text("name: a\n---\nname: b\n", "x"),
               scenario::ScenarioError);
  EXPECT_EQ(scenario::load_scenario_text("", "x").name, "default");
  EXPECT_EQ(scenario::load_scenario_text("# nothing\n", "x").name, "default");
  EXPECT_EQ(scenario::load_scenario_text("---\nname: a\n", "x").name, "a");
}

}  // namespace
}  // namespace plegsim
