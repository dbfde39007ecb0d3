#include "sim/run/sweep_hdf5.h"

#include <sys/stat.h>

#include <cstring>
#include <limits>
#include <memory>
#include <set>

#include "sim/core/version.h"
#include "sim/record/atomic_file.h"
#include "sim/record/hdf5_util.h"

namespace plegsim::run {
namespace {

using record::h5::write_attr;

// Every cell takes 8 bytes in a row (uint64, float64 or a char* to a vlen string).
constexpr std::size_t kCellBytes = 8;
static_assert(sizeof(const char*) == kCellBytes && sizeof(double) == kCellBytes);

struct Layout {
  std::vector<std::string> names;
  std::vector<SweepCell::Kind> kinds;
  std::vector<bool> numeric_text;  // a text (axis) column stored as float64
};

Layout layout(const SweepTable& t, bool raw) {
  Layout l;
  l.names = sweep_columns(t, raw);
  // The cells of a stand-in row give each column's kind, even for an empty table.
  SweepTable shape = t;
  shape.axis_values.assign(1, std::vector<std::string>(t.axes.size()));
  RunValues r;
  r.values.resize(t.fields.size());
  PointRow p;
  p.means.resize(t.fields.size());
  p.trips.resize(kTripFields.size());
  for (const auto& c : raw ? run_cells(shape, r) : point_cells(shape, p)) l.kinds.push_back(c.kind);
  for (std::size_t i = 0; i < l.names.size(); ++i) {
    bool axis = i >= 1 && i <= t.axes.size();
    l.numeric_text.push_back(axis && numeric_axis(t, i - 1));
  }
  return l;
}

H5::CompType row_type(const Layout& l) {
  H5::CompType type(kCellBytes * l.names.size());
  for (std::size_t i = 0; i < l.names.size(); ++i) {
    std::size_t offset = i * kCellBytes;
    if (l.kinds[i] == SweepCell::Kind::kCount) {
      type.insertMember(l.names[i], offset, H5::PredType::NATIVE_UINT64);
    } else if (l.kinds[i] == SweepCell::Kind::kValue || l.numeric_text[i]) {
      type.insertMember(l.names[i], offset, H5::PredType::NATIVE_DOUBLE);
    } else {
      type.insertMember(l.names[i], offset, record::h5::string_type());
    }
  }
  return type;
}

template <class Rows, class Cells>
void write_table(H5::H5File& f, const std::string& name, const SweepTable& t, bool raw,
                 const Rows& rows, Cells cells_of) {
  Layout l = layout(t, raw);
  H5::CompType type = row_type(l);
  std::vector<unsigned char> buf(rows.size() * l.names.size() * kCellBytes);
  std::set<std::string> texts;  // the strings the rows point to, kept until written
  unsigned char* at = buf.data();
  for (const auto& row : rows) {
    for (std::size_t i = 0; const auto& c : cells_of(row)) {
      if (c.kind == SweepCell::Kind::kCount) {
        std::memcpy(at, &c.count, kCellBytes);
      } else if (c.kind == SweepCell::Kind::kValue) {
        double v = c.value.value_or(std::numeric_limits<double>::quiet_NaN());
        std::memcpy(at, &v, kCellBytes);
      } else if (l.numeric_text[i]) {
        double v = std::strtod(c.text.c_str(), nullptr);
        std::memcpy(at, &v, kCellBytes);
      } else {
        const char* s = texts.insert(c.text).first->c_str();
        std::memcpy(at, &s, kCellBytes);
      }
      at += kCellBytes;
      ++i;
    }
  }
  record::h5::guarded("writing table " + name, [&] {
    hsize_t n = rows.size();
    H5::DataSet ds = f.createDataSet(name, type, H5::DataSpace(1, &n));
    if (n) ds.write(buf.data(), type);
  });
}

}  // namespace

void write_sweep_hdf5(const std::string& path, const SweepTable& t, const SweepFileInfo& info) {
  std::unique_ptr<H5::H5File> file;
  record::AtomicFile out(path, [&](const std::string& temp) {
    struct stat st {};
    if (::lstat(temp.c_str(), &st) == 0) return false;  // taken: try another name
    record::h5::quiet_errors();
    file = record::h5::guarded("creating " + temp, [&] {
      H5::FileAccPropList fapl;
      fapl.setFcloseDegree(H5F_CLOSE_STRONG);
      // As run files: the 1.8+ format, with checksums on every metadata object.
      fapl.setLibverBounds(record::h5::kRunFileLibverLow, H5F_LIBVER_LATEST);
      return std::make_unique<H5::H5File>(temp, H5F_ACC_EXCL, H5::FileCreatPropList::DEFAULT, fapl);
    });
    return true;
  });
  H5::H5File& f = *file;
  record::h5::guarded("writing " + path, [&] {
    write_attr(f, "format", kSweepFileFormat);
    write_attr(f, "format_version", kSweepFileFormatVersion);
    write_attr(f, "plegsim_version", PLEGSIM_VERSION);
    write_attr(f, "plegsim_git_revision", PLEGSIM_GIT_REVISION);
    write_attr(f, "scenario_name", info.scenario_name);
    write_attr(f, "seed", info.seed);
    write_attr(f, "sweep_fingerprint", info.fingerprint);
    write_attr(f, "axes", t.axes);
    std::vector<std::string> kinds;
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
      kinds.emplace_back(numeric_axis(t, a) ? "numeric" : "text");
    }
    write_attr(f, "axis_kinds", kinds);
    write_attr(f, "replications", t.replications);
    write_attr(f, "fields", t.fields);
    std::vector<std::string> trips(kTripFields.begin(), kTripFields.end());
    write_attr(f, "trip_fields", trips);
  });
  write_table(f, "runs", t, true, t.runs, [&](const RunValues& r) { return run_cells(t, r); });
  write_table(f, "points", t, false, t.points,
              [&](const PointRow& p) { return point_cells(t, p); });
  record::h5::guarded("closing " + path, [&] { f.close(); });
  out.commit();
}

}  // namespace plegsim::run
