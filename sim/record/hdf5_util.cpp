#include "sim/record/hdf5_util.h"

namespace plegsim::record::h5 {

void quiet_errors() {
  H5::Exception::dontPrint();
}

H5::EnumType bool_type() {
  H5::EnumType e(H5::PredType::NATIVE_INT8);
  std::int8_t v = 0;
  e.insert("FALSE", &v);
  v = 1;
  e.insert("TRUE", &v);
  return e;
}

H5::StrType string_type() {
  H5::StrType s(H5::PredType::C_S1, H5T_VARIABLE);
  s.setCset(H5T_CSET_UTF8);
  return s;
}

namespace {
H5::Attribute fresh_attr(H5::H5Object& obj, const std::string& name, const H5::DataType& type,
                         const H5::DataSpace& space) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  return obj.createAttribute(name, type, space);
}

template <class T>
void scalar_attr(H5::H5Object& obj, const std::string& name, const H5::DataType& type, T v) {
  guarded("writing attribute " + name,
          [&] { fresh_attr(obj, name, type, H5::DataSpace(H5S_SCALAR)).write(type, &v); });
}
}  // namespace

void write_attr(H5::H5Object& obj, const std::string& name, const std::string& value) {
  write_attr(obj, name, value.c_str());
}

void write_attr(H5::H5Object& obj, const std::string& name, const char* value) {
  scalar_attr(obj, name, H5::DataType(string_type()), value);
}

void write_attr(H5::H5Object& obj, const std::string& name, double value) {
  scalar_attr(obj, name, H5::PredType::NATIVE_DOUBLE, value);
}

void write_attr(H5::H5Object& obj, const std::string& name, std::int64_t value) {
  scalar_attr(obj, name, H5::PredType::NATIVE_INT64, value);
}

void write_attr(H5::H5Object& obj, const std::string& name, std::uint64_t value) {
  scalar_attr(obj, name, H5::PredType::NATIVE_UINT64, value);
}

void write_attr(H5::H5Object& obj, const std::string& name, bool value) {
  scalar_attr(obj, name, H5::DataType(bool_type()), static_cast<std::int8_t>(value ? 1 : 0));
}

void write_attr(H5::H5Object& obj, const std::string& name, const std::vector<double>& values) {
  guarded("writing attribute " + name, [&] {
    hsize_t n = values.size();
    fresh_attr(obj, name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &n))
        .write(H5::PredType::NATIVE_DOUBLE, values.data());
  });
}

void write_attr(H5::H5Object& obj, const std::string& name,
                const std::vector<std::string>& values) {
  guarded("writing attribute " + name, [&] {
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    hsize_t n = ptrs.size();
    H5::StrType t = string_type();
    fresh_attr(obj, name, t, H5::DataSpace(1, &n)).write(t, ptrs.data());
  });
}

std::optional<std::string> read_string_attr(const H5::H5Object& obj, const std::string& name) {
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_STRING) return std::nullopt;
  std::string out;
  a.read(a.getStrType(), out);
  return out;
}

std::optional<double> read_double_attr(const H5::H5Object& obj, const std::string& name) {
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getSpace().getSimpleExtentNpoints() != 1) return std::nullopt;
  switch (a.getTypeClass()) {
    case H5T_ENUM: {
      std::int8_t v = 0;
      a.read(bool_type(), &v);
      return v;
    }
    case H5T_INTEGER:
    case H5T_FLOAT: {
      double v = 0;
      a.read(H5::PredType::NATIVE_DOUBLE, &v);
      return v;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::uint64_t> read_uint_attr(const H5::H5Object& obj, const std::string& name) {
  if (!obj.attrExists(name)) return std::nullopt;
  H5::Attribute a = obj.openAttribute(name);
  if (a.getTypeClass() != H5T_INTEGER || a.getSpace().getSimpleExtentNpoints() != 1) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  a.read(H5::PredType::NATIVE_UINT64, &v);
  return v;
}

std::vector<std::string> attr_names(const H5::H5Object& obj) {
  std::vector<std::string> out;
  int n = obj.getNumAttrs();
  for (int i = 0; i < n; ++i) out.push_back(obj.openAttribute(static_cast<unsigned>(i)).getName());
  return out;
}

}  // namespace plegsim::record::h5
