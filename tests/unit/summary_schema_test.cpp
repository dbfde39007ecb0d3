// The summary's field table (sim/record/summary_schema.h) drives every output: JSON,
// the terminal summary, the HDF5 group, `expect:`; docs/output.md's table is generated
// from it; and every field, first_* included, counts only the measured window.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/record/hdf5_summary.h"
#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"

namespace plegsim::record {
namespace {

// A summary whose every field holds a distinct non-default value, set through the table.
Summary filled() {
  Summary s;
  int i = 0;
  for (const auto& f : summary_fields()) {
    ++i;
    switch (f.type) {
      case FieldType::kText:
        field_ref<std::string>(f, s) = "text " + std::to_string(i);
        break;
      case FieldType::kCount:
        field_ref<std::uint64_t>(f, s) = 1000 + static_cast<std::uint64_t>(i);
        break;
      case FieldType::kReal:
        field_ref<double>(f, s) = 0.25 + i;
        break;
      case FieldType::kOptionalReal:
        field_ref<std::optional<double>>(f, s) = 0.5 + i;
        break;
      case FieldType::kBool:
        field_ref<bool>(f, s) = true;
        break;
      case FieldType::kCauseSeconds:
        field_ref<CauseSeconds>(f, s) = {{"cause a", 1.5 + i}, {"cause b", 2.5 + i}};
        break;
      case FieldType::kOpCounts:
        field_ref<OpCounts>(f, s)[1] = 7 + static_cast<std::uint64_t>(i);
        field_ref<OpCounts>(f, s)[3] = 9;
        break;
    }
  }
  return s;
}

// The top-level names: fields and the objects holding members, in table order.
std::vector<std::string> top_level_names() {
  std::vector<std::string> out;
  for (const auto& f : summary_fields()) {
    std::string top = f.object().empty() ? f.name : std::string(f.object());
    if (out.empty() || out.back() != top) out.push_back(top);
  }
  return out;
}

TEST(SummarySchema, NamesAreUniqueAndMembersAreContiguous) {
  std::set<std::string> seen, objects;
  std::string last_object;
  for (const auto& f : summary_fields()) {
    EXPECT_TRUE(seen.insert(f.name).second) << f.name;
    EXPECT_FALSE(f.doc.empty()) << f.name;
    std::string object(f.object());
    if (!object.empty() && object != last_object) {
      EXPECT_TRUE(objects.insert(object).second) << object << " split in two";
    }
    last_object = object;
  }
}

TEST(SummarySchema, JsonListsExactlyTheTableInOrder) {
  std::string json = to_json(filled());
  // Every top-level name appears once as a key, in the table's order.
  std::size_t at = 0;
  for (const auto& top : top_level_names()) {
    std::string key = "\"" + top + "\": ";
    std::size_t pos = json.find(key);
    ASSERT_NE(pos, std::string::npos) << top;
    EXPECT_EQ(json.find(key, pos + 1), std::string::npos) << top;
    EXPECT_GE(pos, at) << top << " out of order";
    at = pos;
  }
  // Members sit inside their object, with the value the accessor reads.
  Summary s = filled();
  for (const auto& f : summary_fields()) {
    if (f.object().empty()) continue;
    std::size_t obj = json.find("\"" + std::string(f.object()) + "\": {");
    std::size_t close = json.find('}', obj);
    std::string body = json.substr(obj, close - obj);
    EXPECT_NE(body.find("\"" + std::string(f.key()) + "\": "), std::string::npos) << f.name;
  }
  // Top-level keys outside objects are the table's and nothing else.
  std::size_t keys = 0;
  int depth = 0;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '{') ++depth;
    if (json[i] == '}') --depth;
    if (depth == 1 && json.compare(i, 3, "\": ") == 0) ++keys;
  }
  EXPECT_EQ(keys, top_level_names().size());
}

TEST(SummarySchema, TextListsEveryFieldByItsName) {
  std::string text = to_text(filled());
  std::istringstream in(text);
  std::string line;
  std::map<std::string, std::string> lines;  // field or object name -> rest of the line
  while (std::getline(in, line)) {
    if (line.rfind("  ", 0) != 0 || line[2] == ' ') continue;  // headings, cause lines
    std::istringstream words(line);
    std::string name;
    words >> name;
    EXPECT_TRUE(lines.emplace(name, line).second) << "printed twice: " << name;
  }
  const auto tops = top_level_names();
  std::set<std::string> expected(tops.begin(), tops.end());
  for (const auto& [name, rest] : lines)
    EXPECT_TRUE(expected.count(name)) << "not a field: " << name;
  for (const auto& f : summary_fields()) {
    std::string top = f.object().empty() ? f.name : std::string(f.object());
    ASSERT_TRUE(lines.count(top)) << f.name;
    if (!f.object().empty()) {
      EXPECT_NE(lines[top].find("  " + std::string(f.key()) + " "), std::string::npos) << f.name;
    }
  }
  EXPECT_NE(text.find(" s: cause a\n"), std::string::npos) << text;
}

TEST(SummarySchema, Hdf5RoundTripsEveryFieldAndWritesNothingElse) {
  H5::Exception::dontPrint();
  auto path = std::filesystem::temp_directory_path() /
              ("plegsim_schema_" + std::to_string(getpid()) + ".h5");
  Summary s = filled();
  Summary back;
  std::set<std::string> names;
  {
    H5::H5File file(path.string(), H5F_ACC_TRUNC);
    H5::Group g = file.createGroup("summary");
    write_summary(g, s);
    back = read_summary(g);
    for (const auto& n : h5::attr_names(g)) names.insert(n);
    for (hsize_t i = 0; i < g.getNumObjs(); ++i) names.insert(g.getObjnameByIdx(i));
  }
  std::filesystem::remove(path);
  EXPECT_EQ(to_json(back), to_json(s));
  for (const auto& f : summary_fields()) {
    if (f.numeric()) {
      EXPECT_EQ(numeric_value(f, back), numeric_value(f, s)) << f.name;
    }
  }
  const auto tops = top_level_names();
  std::set<std::string> expected(tops.begin(), tops.end());
  expected.insert("json");
  EXPECT_EQ(names, expected);
}

TEST(SummarySchema, NumericFieldsByNameAndAlias) {
  Summary s = filled();
  for (const auto& f : summary_fields()) {
    EXPECT_EQ(known_summary_field(f.name), f.numeric()) << f.name;
    if (f.numeric()) {
      EXPECT_EQ(summary_field(s, f.name), numeric_value(f, s)) << f.name;
    }
  }
  for (const auto& [old_name, name] : summary_field_aliases()) {
    ASSERT_NE(find_summary_field(name), nullptr) << name;
    EXPECT_EQ(summary_field(s, old_name), summary_field(s, name)) << old_name;
  }
  EXPECT_EQ(summary_field(s, "relist_duration_p99_seconds"), s.relist_duration_seconds.p99);
  EXPECT_FALSE(known_summary_field("cri_calls"));
  EXPECT_FALSE(known_summary_field("relist_duration_seconds"));
  EXPECT_FALSE(known_summary_field("no_such_field"));
}

TEST(SummarySchema, ExpectAcceptsEveryNumericField) {
  std::string yaml = "expect:\n";
  for (const auto& name : summary_field_names()) {
    yaml += "  " + scenario::detail::camel_case(name) + ": {min: 0}\n";
  }
  auto sc = scenario::load_scenario_text(yaml, "all.yaml");
  ASSERT_EQ(sc.expect.size(), summary_field_names().size());
  for (std::size_t i = 0; i < sc.expect.size(); ++i) {
    EXPECT_EQ(sc.expect[i].field, summary_field_names()[i]);
  }
}

TEST(SummarySchema, ExpectTakesWhatJsonPrints) {
  auto sc = scenario::load_scenario_text(
      "expect:\n  changesDropped: 0\n  changes_superseded: {max: 5}\n"
      "  kernelEvents: {min: 1}\n  relistDurationSeconds.p99: {max: 1}\n"
      "  relist_duration_p90_seconds: {max: 2}\n",
      "e.yaml");
  ASSERT_EQ(sc.expect.size(), 5u);
  EXPECT_EQ(sc.expect[0].field, "changes_dropped");
  EXPECT_EQ(sc.expect[1].field, "changes_superseded");
  EXPECT_EQ(sc.expect[2].field, "kernel_events");
  EXPECT_EQ(sc.expect[3].field, "relist_duration_seconds.p99");
  EXPECT_EQ(sc.expect[4].field, "relist_duration_seconds.p90");  // an old alias
}

TEST(SummarySchema, ExpectUnknownFieldListsTheValidOnes) {
  try {
    scenario::load_scenario_text("expect:\n  changesLost: 0\n", "u.yaml");
    FAIL() << "accepted";
  } catch (const scenario::ScenarioError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("u.yaml:2:3"), std::string::npos) << m;
    EXPECT_NE(m.find("unknown summary field"), std::string::npos) << m;
    for (const auto& name : summary_field_names()) {
      EXPECT_NE(m.find(scenario::detail::camel_case(name)), std::string::npos) << name;
    }
  }
}

// Warm-up ends at 100 s; a flip during it counts nowhere, first_* included.
TEST(SummarySchema, FirstFlipIsTheFirstInTheMeasuredWindow) {
  auto at = [](double s) { return Time{static_cast<std::int64_t>(s * 1e9)}; };
  SummarySink sink(at(100), Duration{180'000'000'000});
  sink.on(HealthChanged{at(0), true, "", true});
  sink.on(NodeReadyChanged{at(0), true, "", true});
  sink.on(HealthChanged{at(40), false, "PLEG is not healthy: x", false});
  sink.on(NodeReadyChanged{at(45), false, "PLEG is not healthy: x", false});
  sink.on(HealthChanged{at(60), true, "", false});
  sink.on(NodeReadyChanged{at(65), true, "", false});
  sink.finish(at(99));
  EXPECT_EQ(sink.summary().pleg_unhealthy_transitions, 0u);
  EXPECT_EQ(sink.summary().first_unhealthy_at_seconds, std::nullopt);
  EXPECT_EQ(sink.summary().node_not_ready_transitions, 0u);
  EXPECT_EQ(sink.summary().first_not_ready_at_seconds, std::nullopt);

  SummarySink later(at(100), Duration{180'000'000'000});
  later.on(HealthChanged{at(0), true, "", true});
  later.on(NodeReadyChanged{at(0), true, "", true});
  later.on(HealthChanged{at(40), false, "PLEG is not healthy: x", false});
  later.on(NodeReadyChanged{at(45), false, "PLEG is not healthy: x", false});
  later.on(HealthChanged{at(60), true, "", false});
  later.on(NodeReadyChanged{at(65), true, "", false});
  later.on(HealthChanged{at(150), false, "PLEG is not healthy: x", false});
  later.on(NodeReadyChanged{at(155), false, "PLEG is not healthy: x", false});
  later.finish(at(200));
  const Summary& s = later.summary();
  EXPECT_EQ(s.pleg_unhealthy_transitions, 1u);
  EXPECT_EQ(s.first_unhealthy_at_seconds, 150.0);
  EXPECT_EQ(s.node_not_ready_transitions, 1u);
  EXPECT_EQ(s.first_not_ready_at_seconds, 155.0);
  EXPECT_DOUBLE_EQ(s.node_not_ready_seconds, 45.0);
  // Every measured field is a statistic of the window: no first_* without a transition.
  for (const auto& f : summary_fields()) {
    if (f.type == FieldType::kOptionalReal) {
      EXPECT_EQ(f.window, FieldWindow::kMeasured) << f.name;
    }
  }
}

// docs/output.md holds the table `plegsim fields --markdown` prints, between markers.
TEST(SummarySchema, DocsTableIsCurrent) {
  std::ifstream in(std::string(PLEGSIM_SOURCE_DIR) + "/docs/output.md");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const std::string begin = "<!-- summary-fields: generated by `plegsim fields --markdown` -->\n";
  const std::string end = "<!-- end of summary-fields -->";
  auto b = doc.find(begin);
  auto e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string table = doc.substr(b + begin.size(), e - b - begin.size());
  EXPECT_EQ(table, summary_fields_markdown())
      << "docs/output.md is stale: replace the table with `plegsim fields --markdown`";
}

}  // namespace
}  // namespace plegsim::record
