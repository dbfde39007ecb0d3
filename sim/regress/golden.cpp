#include "sim/regress/golden.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace plegsim::regress {
namespace {

constexpr std::uintmax_t kMaxGoldenBytes = std::uintmax_t{16} << 20;

[[noreturn]] void fail(const std::string& path, int line, const std::string& msg) {
  throw GoldenError(path + (line ? ":" + std::to_string(line) : std::string()) + ": " + msg);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::uint64_t to_u64(const std::string& path, int line, const std::string& s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18) {
    fail(path, line, "expected a whole number, got \"" + s + "\"");
  }
  return std::stoull(s);
}

double to_double(const std::string& path, int line, const std::string& s) {
  const char* begin = s.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (s.empty() || end != begin + s.size()) fail(path, line, "bad number \"" + s + "\"");
  return v;
}

std::string num17(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string Golden::scenario_path() const {
  std::filesystem::path p(scenario);
  if (p.is_absolute()) return scenario;
  return (std::filesystem::path(path).parent_path() / p).lexically_normal().string();
}

std::vector<double> Golden::column(const std::string& name) const {
  std::vector<double> out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] != name) continue;
    for (const auto& row : values) out.push_back(row[c]);
  }
  return out;
}

Golden parse_golden(const std::string& text, const std::string& path) {
  Golden g;
  g.path = path;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  bool magic = false, header = false, seeds = false;
  std::uint64_t expect_seed = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string s = trim(raw);
    if (s.empty() || s[0] == '#') continue;
    if (header) {
      auto cells = split(s, ',');
      if (cells.size() != g.columns.size() + 1) {
        fail(path, line,
             "expected " + std::to_string(g.columns.size() + 1) + " values, got " +
                 std::to_string(cells.size()));
      }
      std::uint64_t seed = to_u64(path, line, trim(cells[0]));
      if (seed != expect_seed) {
        fail(path, line, "expected seed " + std::to_string(expect_seed) + " (seeds in order)");
      }
      ++expect_seed;
      std::vector<double> row;
      for (std::size_t c = 1; c < cells.size(); ++c)
        row.push_back(to_double(path, line, trim(cells[c])));
      g.values.push_back(std::move(row));
      continue;
    }
    if (s.rfind("seed,", 0) == 0) {
      if (!magic || !seeds || g.scenario.empty()) {
        fail(path, line, "the CSV header comes after plegsim-golden:, scenario: and seeds:");
      }
      auto cells = split(s, ',');
      for (std::size_t c = 1; c < cells.size(); ++c) {
        std::string name = trim(cells[c]);
        if (name.empty()) fail(path, line, "an empty column name");
        g.columns.push_back(name);
      }
      header = true;
      expect_seed = g.first_seed;
      continue;
    }
    auto colon = s.find(':');
    if (colon == std::string::npos) fail(path, line, "expected key: value");
    std::string key = trim(s.substr(0, colon)), value = trim(s.substr(colon + 1));
    if (key == "plegsim-golden") {
      if (value != "1") fail(path, line, "unknown golden format version \"" + value + "\"");
      magic = true;
    } else if (key == "scenario") {
      g.scenario = value;
    } else if (key == "set") {
      g.overrides.push_back(value);
    } else if (key == "seeds") {
      auto dash = value.find('-');
      if (dash == std::string::npos) fail(path, line, "seeds: expected FIRST-LAST");
      g.first_seed = to_u64(path, line, trim(value.substr(0, dash)));
      std::uint64_t last = to_u64(path, line, trim(value.substr(dash + 1)));
      if (last < g.first_seed) fail(path, line, "seeds: LAST is below FIRST");
      g.replications = last - g.first_seed + 1;
      seeds = true;
    } else if (key == "blessed-by") {
      g.blessed_by = value;
    } else if (key == "scenario-hash") {
      g.scenario_hash = value;
    } else {
      fail(path, line, "unknown key \"" + key + "\"");
    }
  }
  if (!magic) fail(path, 0, "not a plegsim golden file (no \"plegsim-golden: 1\" line)");
  if (!header) fail(path, 0, "no CSV header (seed,...)");
  if (g.values.size() != g.replications) {
    fail(path, 0,
         "seeds: names " + std::to_string(g.replications) + " replications, the table has " +
             std::to_string(g.values.size()));
  }
  return g;
}

Golden read_golden(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) fail(path, 0, "not a readable regular file");
  if (std::filesystem::file_size(path, ec) > kMaxGoldenBytes) fail(path, 0, "larger than 16 MiB");
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(path, 0, "cannot be opened");
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse_golden(ss.str(), path);
}

std::string to_text(const Golden& g) {
  std::string out =
      "# plegsim regression golden (docs/regression.md): per-replication statistics.\n"
      "# Re-bless with: plegsim regress --update THIS_FILE\n";
  out += "plegsim-golden: 1\n";
  out += "scenario: " + g.scenario + "\n";
  for (const auto& o : g.overrides) out += "set: " + o + "\n";
  out += "seeds: " + std::to_string(g.first_seed) + "-" +
         std::to_string(g.first_seed + g.replications - 1) + "\n";
  out += "blessed-by: " + g.blessed_by + "\n";
  out += "scenario-hash: " + g.scenario_hash + "\n";
  out += "seed";
  for (const auto& c : g.columns) out += "," + c;
  out += "\n";
  for (std::size_t r = 0; r < g.values.size(); ++r) {
    out += std::to_string(g.first_seed + r);
    for (double v : g.values[r]) out += "," + num17(v);
    out += "\n";
  }
  return out;
}

}  // namespace plegsim::regress
