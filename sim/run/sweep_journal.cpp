#include "sim/run/sweep_journal.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "sim/scenario/loader.h"

namespace plegsim::run {
namespace {

// The journal's format; a change of the row layout changes it (and so refuses old ones).
constexpr const char* kJournalFormat = "# plegsim sweep journal 1";

struct Fnv1a {
  std::uint64_t h = 14695981039346656037ull;
  void add(const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // a separator no text holds, so ("ab","c") != ("a","bc")
    h *= 1099511628211ull;
  }
};

[[noreturn]] void bad(const std::string& path, std::size_t line, const std::string& what) {
  throw std::invalid_argument(path + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

std::string journal_path(const std::string& output_path) {
  return output_path + ".journal";
}

std::string sweep_fingerprint(const std::vector<SweepAxis>& axes,
                              const std::vector<SweepPoint>& points, std::uint64_t replications,
                              const std::vector<std::string>& fields) {
  Fnv1a f;
  for (const auto& a : axes) f.add(a.path);
  for (const auto& p : points) {
    for (const auto& o : p.overrides) f.add(o);
    f.add(scenario::to_yaml(p.scenario));
  }
  f.add(std::to_string(replications));
  for (const auto& name : fields) f.add(name);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(f.h));
  return buf;
}

std::string journal_header(const std::string& fingerprint, const std::vector<std::string>& fields) {
  std::string out = std::string(kJournalFormat) + " fingerprint=" + fingerprint + "\n";
  out += "# point replication seed";
  for (auto t : kTripFields) out += " " + std::string(t) + ">0";
  for (const auto& f : fields) out += " " + f;
  return out + "\n";
}

std::string journal_prefix(std::size_t point, std::uint64_t replication, std::uint64_t seed) {
  return std::to_string(point) + " " + std::to_string(replication) + " " + std::to_string(seed) +
         " ";
}

std::string journal_row(const RunValues& r) {
  std::string out = journal_prefix(r.point, r.replication, r.seed);
  for (std::size_t t = 0; t < r.tripped.size(); ++t)
    out += (t ? " " : "") + std::string(r.tripped[t] ? "1" : "0");
  for (const auto& v : r.values) {
    if (!v) {
      out += " -";
      continue;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, " %.17g", *v);
    out += buf;
  }
  return out + "\n";
}

std::vector<RunValues> read_journal(const std::string& path, const std::string& header,
                                    std::size_t rows, std::size_t fields) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) throw std::invalid_argument(path + ": cannot be read");
  std::istringstream is(text.substr(std::min(header.size(), text.size())));
  std::size_t lineno = static_cast<std::size_t>(std::count(header.begin(), header.end(), '\n'));
  std::vector<RunValues> out;
  std::string line;
  while (out.size() < rows && std::getline(is, line)) {
    ++lineno;
    std::istringstream cells(line);
    RunValues r;
    if (!(cells >> r.point >> r.replication >> r.seed))
      bad(path, lineno, "no point, replication and seed");
    for (auto& t : r.tripped) {
      int flag = -1;
      if (!(cells >> flag) || (flag != 0 && flag != 1))
        bad(path, lineno, "a trip flag is not 0 or 1");
      t = flag == 1;
    }
    std::string cell;
    while (cells >> cell) {
      if (cell == "-") {
        r.values.emplace_back();
        continue;
      }
      char* end = nullptr;
      // (No ERANGE check: %.17g of a subnormal reads back exactly, with ERANGE set.)
      double v = std::strtod(cell.c_str(), &end);
      if (*end != '\0') bad(path, lineno, "not a number: \"" + cell + "\"");
      r.values.emplace_back(v);
    }
    if (r.values.size() != fields) {
      bad(path, lineno,
          std::to_string(r.values.size()) + " values, the sweep has " + std::to_string(fields) +
              " fields");
    }
    out.push_back(std::move(r));
  }
  if (out.size() < rows) bad(path, lineno, "fewer rows than were checked");
  return out;
}

}  // namespace plegsim::run
