// Reading a sweep file back (sweep_hdf5.h): for `plegsim compare` and tests.
#include <cstring>
#include <fstream>

#include "sim/record/hdf5_util.h"
#include "sim/run/sweep_hdf5.h"

namespace plegsim::run {
namespace {

namespace h5 = record::h5;

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw SweepFileError(path + ": " + what);
}

bool has_hdf5_signature(const std::string& path) {
  std::ifstream is(path, std::ios::binary);
  char magic[8] = {};
  is.read(magic, sizeof magic);
  return is.gcount() == 8 && std::memcmp(magic, "\x89HDF\r\n\x1a\n", 8) == 0;
}

std::vector<std::string> string_list(const H5::H5Object& obj, const std::string& path,
                                     const std::string& name) {
  if (!obj.attrExists(name)) bad(path, "attribute " + name + " missing");
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_STRING || a.getSpace().getSimpleExtentNdims() != 1) {
    bad(path, "attribute " + name + " is not a list of strings");
  }
  auto n = static_cast<std::size_t>(a.getSpace().getSimpleExtentNpoints());
  std::vector<char*> ptrs(n, nullptr);
  H5::StrType t = h5::string_type();
  if (n) a.read(t, ptrs.data());
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (n) {
    hsize_t dims = n;
    H5::DataSpace space(1, &dims);
    H5Dvlen_reclaim(t.getId(), space.getId(), H5P_DEFAULT, ptrs.data());
  }
  return out;
}

// One member of a compound dataset, read alone (HDF5 matches members by name).
template <class T>
std::vector<T> read_member(H5::DataSet& ds, const std::string& name, const H5::DataType& mem,
                           std::size_t rows) {
  H5::CompType type(sizeof(T));
  type.insertMember(name, 0, mem);
  std::vector<T> out(rows);
  if (rows) ds.read(out.data(), type);
  return out;
}

std::vector<SweepFileColumn> read_table(H5::H5File& f, const std::string& path,
                                        const std::string& name, std::size_t& rows) {
  if (!f.nameExists(name)) bad(path, "table " + name + " missing");
  H5::DataSet ds = f.openDataSet(name);
  if (ds.getTypeClass() != H5T_COMPOUND || ds.getSpace().getSimpleExtentNdims() != 1) {
    bad(path, "table " + name + " is not a one-dimensional compound dataset");
  }
  rows = static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints());
  // Each row takes at least a byte of storage: a larger extent is corrupt.
  if (rows > ds.getStorageSize()) bad(path, "table " + name + " claims more rows than it stores");
  H5::CompType type = ds.getCompType();
  std::vector<SweepFileColumn> out;
  for (int i = 0; i < type.getNmembers(); ++i) {
    SweepFileColumn c;
    c.name = type.getMemberName(static_cast<unsigned>(i));
    switch (type.getMemberClass(static_cast<unsigned>(i))) {
      case H5T_INTEGER:
        c.kind = SweepCell::Kind::kCount;
        c.counts = read_member<std::uint64_t>(ds, c.name, H5::PredType::NATIVE_UINT64, rows);
        break;
      case H5T_FLOAT:
        c.kind = SweepCell::Kind::kValue;
        c.values = read_member<double>(ds, c.name, H5::PredType::NATIVE_DOUBLE, rows);
        break;
      case H5T_STRING: {
        c.kind = SweepCell::Kind::kText;
        H5::StrType t = h5::string_type();
        auto ptrs = read_member<char*>(ds, c.name, t, rows);
        for (char* p : ptrs) c.texts.emplace_back(p ? p : "");
        H5::CompType mem(sizeof(char*));
        mem.insertMember(c.name, 0, t);
        hsize_t n = rows;
        H5::DataSpace space(1, &n);
        if (rows) H5Dvlen_reclaim(mem.getId(), space.getId(), H5P_DEFAULT, ptrs.data());
        break;
      }
      default:
        bad(path, "table " + name + ": column " + c.name + " is not a number or a string");
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

bool is_sweep_hdf5(const std::string& path) {
  if (!has_hdf5_signature(path)) return false;
  h5::quiet_errors();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    return h5::read_string_attr(f, "format").value_or("") == kSweepFileFormat;
  } catch (const H5::Exception&) {
    return false;
  }
}

SweepFile read_sweep_hdf5(const std::string& path) {
  if (!has_hdf5_signature(path)) bad(path, "not an HDF5 file");
  h5::quiet_errors();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    if (h5::read_string_attr(f, "format").value_or("") != kSweepFileFormat) {
      bad(path, "not a sweep file (its format attribute is not \"" + std::string(kSweepFileFormat) +
                    "\")");
    }
    SweepFile s;
    auto str = [&](const char* name) { return h5::read_string_attr(f, name).value_or(""); };
    s.plegsim_version = str("plegsim_version");
    s.scenario_name = str("scenario_name");
    s.fingerprint = str("sweep_fingerprint");
    s.seed = h5::read_uint_attr(f, "seed").value_or(0);
    s.replications = h5::read_uint_attr(f, "replications").value_or(0);
    s.axes = string_list(f, path, "axes");
    s.axis_kinds = string_list(f, path, "axis_kinds");
    s.fields = string_list(f, path, "fields");
    if (s.axis_kinds.size() != s.axes.size()) bad(path, "axis_kinds and axes differ in length");
    s.runs = read_table(f, path, "runs", s.run_rows);
    s.points = read_table(f, path, "points", s.point_rows);
    return s;
  } catch (const H5::Exception& e) {
    bad(path, e.getDetailMsg());
  }
}

}  // namespace plegsim::run
