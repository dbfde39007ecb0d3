// Small helpers over the HDF5 C++ API for plegsim's run files: the types h5py maps to
// numpy (bool enum, UTF-8 variable-length strings), and typed attributes. HDF5's own
// exceptions (not std::exception) are turned into Hdf5Error.
#pragma once

#include <H5Cpp.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plegsim::record::h5 {

// The run file format this build writes and reads (attribute `format_version`). 2: the
// HDF5 1.8+ format with metadata checksums (superblock version 2 or later).
inline constexpr std::int64_t kRunFormatVersion = 2;
inline constexpr H5F_libver_t kRunFileLibverLow = H5F_LIBVER_V18;
inline constexpr int kMinSuperblockVersion = 2;

// Any HDF5 failure; what() says what was being done and HDF5's detail.
struct Hdf5Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Silences HDF5's automatic error-stack printing (we report errors ourselves).
void quiet_errors();

// Runs `f`; an H5::Exception becomes Hdf5Error("<what>: <detail>").
template <class F>
auto guarded(const std::string& what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const H5::Exception& e) {
    throw Hdf5Error(what + ": " + e.getDetailMsg());
  }
}

// int8 enum {FALSE, TRUE}: h5py reads it as numpy bool.
H5::EnumType bool_type();
// Variable-length UTF-8 string (char* in memory).
H5::StrType string_type();

void write_attr(H5::H5Object& obj, const std::string& name, const std::string& value);
void write_attr(H5::H5Object& obj, const std::string& name, const char* value);
void write_attr(H5::H5Object& obj, const std::string& name, double value);
void write_attr(H5::H5Object& obj, const std::string& name, std::int64_t value);
void write_attr(H5::H5Object& obj, const std::string& name, std::uint64_t value);
void write_attr(H5::H5Object& obj, const std::string& name, bool value);
void write_attr(H5::H5Object& obj, const std::string& name, const std::vector<double>& values);
void write_attr(H5::H5Object& obj, const std::string& name, const std::vector<std::string>& values);

// Attribute readers; nullopt when absent or of another kind.
std::optional<std::string> read_string_attr(const H5::H5Object& obj, const std::string& name);
std::optional<double> read_double_attr(const H5::H5Object& obj, const std::string& name);
std::optional<std::uint64_t> read_uint_attr(const H5::H5Object& obj, const std::string& name);
// Names of all attributes of `obj`, in storage order.
std::vector<std::string> attr_names(const H5::H5Object& obj);

}  // namespace plegsim::record::h5
