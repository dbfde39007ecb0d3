#include "sim/record/hdf5_validate.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <vector>

#include "sim/record/hdf5_reader.h"
#include "sim/record/hdf5_rows.h"
#include "sim/record/hdf5_summary.h"
#include "sim/record/hdf5_util.h"

namespace plegsim::record {
namespace {

constexpr std::array<unsigned char, 8> kSignature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

// The longest string attribute a run file holds is the scenario YAML; 64 MiB is far
// beyond any loadable scenario.
constexpr hsize_t kMaxStringBytes = hsize_t{64} << 20;

std::uintmax_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw RunFileError(path + ": no such file");
  if (!S_ISREG(st.st_mode)) throw RunFileError(path + ": not a regular file");
  return static_cast<std::uintmax_t>(st.st_size);
}

struct TableSpec {
  const char* name;
  H5::CompType (*type)();
  bool required;
};

H5::CompType health_type() {
  return h5::transition_type("healthy");
}
H5::CompType ready_type() {
  return h5::transition_type("ready");
}

constexpr TableSpec kTableSpecs[] = {
    {"relists", &h5::relist_type, true},  {"health", &health_type, true},
    {"node_ready", &ready_type, true},    {"calls", &h5::call_type, false},
    {"events", &h5::event_type, false},   {"detections", &h5::detection_type, false},
    {"cri_ops", &h5::cri_op_type, false},
};

void check_string_attrs(const H5::H5Object& obj, const std::string& path) {
  for (int i = 0, n = obj.getNumAttrs(); i < n; ++i) {
    H5::Attribute a = obj.openAttribute(static_cast<unsigned>(i));
    if (a.getSpace().getSimpleExtentNpoints() > 1 << 20) {
      throw RunFileError(path + ": attribute " + a.getName() + " is implausibly large");
    }
    if (a.getTypeClass() != H5T_STRING) continue;
    H5::StrType t = a.getStrType();
    if (!t.isVariableStr() && t.getSize() > kMaxStringBytes) {
      throw RunFileError(path + ": attribute " + a.getName() + " is implausibly large");
    }
    if (a.getSpace().getSimpleExtentType() == H5S_SCALAR) {
      std::string value;
      a.read(t, value);
      if (value.size() > kMaxStringBytes) {
        throw RunFileError(path + ": attribute " + a.getName() + " is implausibly large");
      }
    }
  }
}

std::uint64_t le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// libhdf5 1.10 trusts the object sizes inside a global heap collection (the storage of
// variable-length strings, which has no checksum): a corrupt size makes H5HG_read copy
// past the collection, and a zero-sized free-space object loops for ever. So every
// collection ("GCOL", version 1) is walked here first, as H5HG__cache_heap_deserialize
// walks it, and must tile exactly. Lengths are 8 bytes (plegsim's files use HDF5's
// default sizes).
void check_global_heaps(const std::string& path, std::uintmax_t size) {
  constexpr std::size_t kHeader = 16, kObjectHeader = 16, kBlock = 1 << 20;
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> buf;
  auto read_at = [&](std::uintmax_t at, std::size_t n, std::vector<unsigned char>& out) {
    out.resize(n);
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    return static_cast<bool>(
        in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(n)));
  };
  std::vector<unsigned char> heap;
  for (std::uintmax_t at = 0; at < size; at += kBlock) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uintmax_t>(kBlock + 3, size - at));
    if (!read_at(at, n, buf)) throw RunFileError(path + ": cannot read");
    for (std::size_t i = 0; i + 4 <= n && i < kBlock; ++i) {
      if (std::memcmp(buf.data() + i, "GCOL", 4) != 0) continue;
      std::uintmax_t start = at + i;
      auto bad = [&](const std::string& why) {
        return RunFileError(path + ": corrupt global heap at byte " + std::to_string(start) + ": " +
                            why);
      };
      if (start + kHeader > size || !read_at(start, kHeader, heap)) throw bad("truncated");
      if (heap[4] != 1) continue;  // not a collection header: "GCOL" inside some data
      std::uint64_t coll = le64(heap.data() + 8);
      if (coll < kHeader || coll > size - start) throw bad("its size runs past the file");
      if (!read_at(start, static_cast<std::size_t>(coll), heap)) throw bad("truncated");
      std::uint64_t pos = kHeader;
      while (pos < coll) {
        if (pos + kObjectHeader > coll) break;  // a tail too small for a header: free space
        unsigned idx = heap[pos] | (heap[pos + 1] << 8);
        std::uint64_t obj = le64(heap.data() + pos + 8);
        std::uint64_t need = idx > 0 ? kObjectHeader + ((obj + 7) / 8) * 8 : obj;
        if (obj > coll || need == 0 || need > coll - pos) {
          throw bad("object " + std::to_string(idx) + " does not fit its collection");
        }
        pos += need;
      }
    }
  }
}

}  // namespace

void check_superblock(const std::string& path) {
  std::uintmax_t size = file_size(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunFileError(path + ": cannot open for reading");
  // The superblock sits at offset 0, 512, 1024, 2048, ... (a user block before it).
  for (std::uintmax_t at = 0; at + kSignature.size() + 1 <= size; at = at ? at * 2 : 512) {
    std::array<unsigned char, 9> head{};
    in.seekg(static_cast<std::streamoff>(at));
    if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) break;
    if (std::memcmp(head.data(), kSignature.data(), kSignature.size()) != 0) continue;
    int version = head[8];
    if (version < h5::kMinSuperblockVersion) {
      throw RunFileError(path + ": HDF5 file without metadata checksums (superblock version " +
                         std::to_string(version) + "): not a plegsim run file of format_version " +
                         std::to_string(h5::kRunFormatVersion) +
                         " (files from older plegsim releases must be written again)");
    }
    check_global_heaps(path, size);
    return;
  }
  throw RunFileError(path + ": not an HDF5 file");
}

H5::H5File open_checked_run_file(const std::string& path) {
  h5::quiet_errors();
  check_superblock(path);
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    check_string_attrs(f, path);
    auto format = h5::read_string_attr(f, "format");
    if (!format || *format != "plegsim run") {
      throw RunFileError(path + ": not a plegsim run file (no format = \"plegsim run\" attribute)");
    }
    auto version = h5::read_uint_attr(f, "format_version");
    if (!version || *version != static_cast<std::uint64_t>(h5::kRunFormatVersion)) {
      throw RunFileError(path + ": format_version " +
                         (version ? std::to_string(*version) : std::string("missing")) +
                         ", but this plegsim reads format_version " +
                         std::to_string(h5::kRunFormatVersion) + " only");
    }
    return f;
  } catch (const H5::Exception& e) {
    throw RunFileError(path + ": cannot read: " + e.getDetailMsg());
  } catch (const h5::Hdf5Error& e) {
    throw RunFileError(path + ": cannot read: " + e.what());
  }
}

void validate_run_file(const std::string& path) {
  H5::H5File f = open_checked_run_file(path);
  std::uintmax_t size = file_size(path);
  try {
    for (const TableSpec& t : kTableSpecs) {
      if (!f.nameExists(t.name)) {
        if (t.required) throw RunFileError(path + ": table " + t.name + " missing");
        continue;
      }
      if (f.childObjType(t.name) != H5O_TYPE_DATASET) {
        throw RunFileError(path + ": " + t.name + " is not a table");
      }
      H5::DataSet ds = f.openDataSet(t.name);
      H5::DataSpace space = ds.getSpace();
      if (space.getSimpleExtentNdims() != 1) {
        throw RunFileError(path + ": table " + t.name + " is not one-dimensional");
      }
      H5::CompType expected = t.type();
      if (ds.getTypeClass() != H5T_COMPOUND || !(ds.getCompType() == expected)) {
        throw RunFileError(path + ": table " + t.name + " has another row type than plegsim's");
      }
      // Every stored row takes at least a byte: more rows than bytes is a corrupt extent
      // (and would make a reader allocate for rows that are not there).
      auto rows = static_cast<std::uintmax_t>(space.getSimpleExtentNpoints());
      if (rows > size) {
        throw RunFileError(path + ": table " + t.name + " claims " + std::to_string(rows) +
                           " rows in a file of " + std::to_string(size) + " bytes");
      }
      check_string_attrs(ds, path);
    }
    if (!f.nameExists("summary") || f.childObjType("summary") != H5O_TYPE_GROUP) {
      throw RunFileError(path + ": no summary group (incomplete run?)");
    }
    check_string_attrs(f.openGroup("summary"), path);
  } catch (const H5::Exception& e) {
    throw RunFileError(path + ": " + e.getDetailMsg());
  }
  // Reading the tables with variable-length strings walks their heap once.
  read_health(path);
  read_node_ready(path);
}

}  // namespace plegsim::record
