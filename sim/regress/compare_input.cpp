// Reading `plegsim compare`'s inputs: a run file through the HDF5 reader (a sweep
// HDF5 file through compare_sweep_file.h), a sweep CSV (per-run rows with --raw,
// per-point aggregates without) by its header.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>

#include "sim/core/stats.h"
#include "sim/record/hdf5_reader.h"
#include "sim/record/summary_schema.h"
#include "sim/regress/compare_runs.h"
#include "sim/regress/compare_sweep_file.h"
#include "sim/run/sweep.h"
#include "sim/run/sweep_hdf5.h"
#include "sim/run/sweep_table.h"

namespace plegsim::regress {

std::string_view kind_name(CompareInputKind k) {
  switch (k) {
    case CompareInputKind::kRun:
      return "run file";
    case CompareInputKind::kSweepRaw:
      return "sweep CSV, one row per run";
    case CompareInputKind::kSweepMeans:
      return "sweep CSV, one row per point";
    case CompareInputKind::kSweepFile:
      return "sweep HDF5 file";
  }
  return "";
}

namespace {

[[noreturn]] void fail(const std::string& msg) {
  throw CompareInputError(msg);
}

// Cells of one CSV line (RFC 4180 quoting), each with its 1-based column.
std::vector<std::pair<std::string, std::size_t>> split_csv(const std::string& line) {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::string cell;
  std::size_t col = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back(std::move(cell), col);
      cell.clear();
      col = i + 2;
    } else {
      cell += c;
    }
  }
  out.emplace_back(std::move(cell), col);
  return out;
}

// The t the sweep multiplied its standard error by for n values (run::estimate: the
// two-sided 95% Student t quantile).
double sweep_t(std::size_t n) {
  return core::student_t_quantile(0.975, static_cast<double>(n - 1));
}

std::string canonical(const std::string& column) {
  auto c = record::canonical_numeric_field(column);
  return c ? *c : column;
}

FieldSample moments(const std::vector<double>& v) {
  FieldSample s;
  s.n = v.size();
  if (s.n == 0) return s;
  for (double x : v) s.mean += x / static_cast<double>(s.n);
  if (s.n < 2) return s;
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.variance = ss / static_cast<double>(s.n - 1);
  return s;
}

CompareInput read_run(const std::string& path) {
  record::RunFile f;
  try {
    f = record::read_run_file(path);
  } catch (const record::RunFileError& e) {
    fail(e.what());
  }
  CompareInput in;
  in.path = path;
  in.kind = CompareInputKind::kRun;
  in.points.emplace_back();
  for (const auto& field : record::summary_fields()) {
    if (!field.numeric()) continue;
    in.fields.push_back(field.name);
    std::vector<double> v;
    if (auto x = record::numeric_value(field, f.summary)) v.push_back(*x);
    in.points[0].fields.emplace_back(field.name, moments(v));
  }
  in.max_replications = 1;
  return in;
}

class CsvReader {
 public:
  explicit CsvReader(std::string path) : path_(std::move(path)) {}

  double number(const std::string& cell, std::size_t line, std::size_t col,
                const std::string& key) const {
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(cell.c_str(), &end);
    if (cell.empty() || *end != '\0' || errno == ERANGE) {
      fail(path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + key +
           ": not a number: \"" + cell + "\"");
    }
    return v;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

CompareInput read_csv(const std::string& path, std::istream& is) {
  CsvReader r(path);
  std::string line;
  if (!std::getline(is, line)) fail(path + ": empty: not a run file (HDF5) or a sweep CSV");
  auto header = split_csv(line);
  if (header.empty() || header[0].first != "point") {
    fail(path +
         ":1:1: not a run file (HDF5) or a sweep CSV (plegsim sweep -o): the first "
         "column is \"" +
         header[0].first + "\", not \"point\"");
  }
  CompareInput in;
  in.path = path;
  std::size_t first_field = 0;
  for (std::size_t i = 1; i < header.size(); ++i) {
    const auto& h = header[i].first;
    if (h == "replication" && i + 1 < header.size() && header[i + 1].first == "seed") {
      in.kind = CompareInputKind::kSweepRaw;
      first_field = i + 2;
      break;
    }
    if (h == "replications" && i + 1 < header.size() && header[i + 1].first == "runs_not_ready") {
      in.kind = CompareInputKind::kSweepMeans;
      first_field = i + 2;
      break;
    }
    in.axes.push_back(h);
  }
  if (first_field == 0) {
    fail(path +
         ":1: not a sweep CSV: no \"replication,seed\" (--raw) or "
         "\"replications,runs_not_ready\" columns");
  }
  // Field columns: a raw CSV's field -> its column; a means CSV's field -> _mean, _ci95, _n.
  struct Columns {
    std::size_t mean = 0, ci = 0, n = 0;
  };
  std::vector<std::pair<std::string, Columns>> fields;
  if (in.kind == CompareInputKind::kSweepRaw) {
    for (std::size_t i = first_field; i < header.size(); ++i) {
      fields.push_back({canonical(header[i].first), {i, 0, 0}});
    }
  } else {
    // The trip shares' columns (run::kTripFields) close the table; means come before.
    std::size_t end = header.size();
    const std::string first_trip =
        std::string(run::kTripFields[0]) + std::string(run::kTripSuffixes[0]);
    for (std::size_t i = first_field; i < header.size(); ++i) {
      if (header[i].first == first_trip) end = std::min(end, i);
    }
    for (std::size_t i = first_field; i + 2 < end; i += 3) {
      const std::string& m = header[i].first;
      const std::string suffix = "_mean";
      if (m.size() <= suffix.size() || m.compare(m.size() - suffix.size(), suffix.size(), suffix)) {
        fail(path + ":1:" + std::to_string(header[i].second) +
             ": expected a column NAME_mean, got \"" + m + "\"");
      }
      std::string name = m.substr(0, m.size() - suffix.size());
      if (header[i + 1].first != name + "_ci95" || header[i + 2].first != name + "_n") {
        fail(path + ":1:" + std::to_string(header[i + 1].second) + ": expected " + name + "_ci95," +
             name + "_n after " + m);
      }
      fields.push_back({canonical(name), {i, i + 1, i + 2}});
    }
  }
  for (const auto& f : fields) in.fields.push_back(f.first);

  // Raw rows gather per point (its axis values) before their moments are taken.
  std::map<std::vector<std::string>, std::size_t> index;
  std::vector<std::vector<std::vector<double>>> raw;  // point -> field -> values
  std::size_t lineno = 1;
  while (std::getline(is, line)) {
    ++lineno;
    if (line.empty()) continue;
    auto cells = split_csv(line);
    if (cells.size() != header.size()) {
      fail(path + ":" + std::to_string(lineno) + ": " + std::to_string(cells.size()) +
           " cells, the header has " + std::to_string(header.size()));
    }
    std::vector<std::string> key;
    for (std::size_t a = 0; a < in.axes.size(); ++a) key.push_back(cells[1 + a].first);
    auto [it, added] = index.emplace(key, in.points.size());
    if (added) {
      in.points.push_back({key, {}});
      raw.emplace_back(fields.size());
    } else if (in.kind == CompareInputKind::kSweepMeans) {
      fail(path + ":" + std::to_string(lineno) + ": a second row for the same point");
    }
    ComparePoint& p = in.points[it->second];
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const auto& [name, c] = fields[f];
      const auto& cell = cells[c.mean];
      if (in.kind == CompareInputKind::kSweepRaw) {
        if (!cell.first.empty()) {
          raw[it->second][f].push_back(r.number(cell.first, lineno, cell.second, name));
        }
        continue;
      }
      FieldSample s;
      s.n = static_cast<std::size_t>(
          r.number(cells[c.n].first, lineno, cells[c.n].second, name + "_n"));
      if (s.n > 0) s.mean = r.number(cell.first, lineno, cell.second, name + "_mean");
      if (s.n > 1) {
        double hw = r.number(cells[c.ci].first, lineno, cells[c.ci].second, name + "_ci95");
        double sd = hw * std::sqrt(static_cast<double>(s.n)) / sweep_t(s.n);
        s.variance = sd * sd;
      }
      p.fields.emplace_back(name, s);
      in.max_replications = std::max(in.max_replications, s.n);
    }
  }
  if (in.kind == CompareInputKind::kSweepRaw) {
    for (std::size_t p = 0; p < in.points.size(); ++p) {
      for (std::size_t f = 0; f < fields.size(); ++f) {
        in.points[p].fields.emplace_back(fields[f].first, moments(raw[p][f]));
        in.max_replications = std::max(in.max_replications, raw[p][f].size());
      }
    }
  }
  if (in.points.empty()) fail(path + ": a sweep CSV without rows");
  return in;
}

}  // namespace

FieldSample sample_moments(const std::vector<double>& values) {
  return moments(values);
}

CompareInput read_compare_input(const std::string& path) {
  std::ifstream is(path, std::ios::binary);
  if (!is) fail(path + ": cannot open: " + std::strerror(errno));
  char magic[8] = {};
  is.read(magic, sizeof magic);
  if (is.gcount() == 8 && std::memcmp(magic, "\x89HDF\r\n\x1a\n", 8) == 0) {
    is.close();
    return run::is_sweep_hdf5(path) ? read_sweep_file_input(path) : read_run(path);
  }
  is.clear();
  is.seekg(0);
  return read_csv(path, is);
}

}  // namespace plegsim::regress
