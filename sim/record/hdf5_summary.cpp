#include "sim/record/hdf5_summary.h"

#include <cmath>
#include <limits>

#include "sim/record/summary_schema.h"

namespace plegsim::record {
namespace {

using h5::write_attr;

// The group a field lives in: `summary` itself, or the subgroup of its object, created
// (writing) or opened (reading) on first use.
H5::Group subgroup(H5::Group& g, std::string_view object, bool create) {
  std::string name(object);
  if (g.nameExists(name)) return g.openGroup(name);
  if (!create) throw h5::Hdf5Error("summary/" + name + ": missing");
  return g.createGroup(name);
}

double need_double(const H5::H5Object& o, const std::string& where, const std::string& name) {
  auto v = h5::read_double_attr(o, name);
  if (!v) throw h5::Hdf5Error(where + ": attribute " + name + " missing");
  return *v;
}

std::uint64_t need_uint(const H5::H5Object& o, const std::string& where, const std::string& name) {
  auto v = h5::read_uint_attr(o, name);
  if (!v) throw h5::Hdf5Error(where + ": attribute " + name + " missing");
  return *v;
}

void write_field(H5::Group& g, const SummaryField& f, const Summary& s) {
  const std::string key(f.key());
  switch (f.type) {
    case FieldType::kText:
      write_attr(g, key, field_ref<std::string>(f, s));
      return;
    case FieldType::kCount:
      write_attr(g, key, field_ref<std::uint64_t>(f, s));
      return;
    case FieldType::kReal:
      write_attr(g, key, field_ref<double>(f, s));
      return;
    case FieldType::kOptionalReal:
      write_attr(g, key,
                 field_ref<std::optional<double>>(f, s).value_or(
                     std::numeric_limits<double>::quiet_NaN()));
      return;
    case FieldType::kBool:
      write_attr(g, key, field_ref<bool>(f, s));
      return;
    case FieldType::kCauseSeconds: {
      H5::Group sub = g.createGroup(key);
      for (const auto& [cause, secs] : field_ref<CauseSeconds>(f, s)) write_attr(sub, cause, secs);
      return;
    }
    case FieldType::kOpCounts: {
      H5::Group sub = g.createGroup(key);
      const auto& v = field_ref<OpCounts>(f, s);
      for (int i = 0; i < models::kOpCount; ++i) {
        if (v[i] != 0) write_attr(sub, std::string(models::cri_name(models::Op(i))), v[i]);
      }
      return;
    }
  }
}

void read_field(H5::Group& g, const SummaryField& f, Summary& s) {
  const std::string key(f.key());
  const std::string where = f.object().empty() ? "summary" : "summary/" + std::string(f.object());
  switch (f.type) {
    case FieldType::kText:
      field_ref<std::string>(f, s) = h5::read_string_attr(g, key).value_or("");
      return;
    case FieldType::kCount:
      field_ref<std::uint64_t>(f, s) = need_uint(g, where, key);
      return;
    case FieldType::kReal:
      field_ref<double>(f, s) = need_double(g, where, key);
      return;
    case FieldType::kOptionalReal: {
      double x = need_double(g, where, key);
      field_ref<std::optional<double>>(f, s) =
          std::isnan(x) ? std::nullopt : std::optional<double>(x);
      return;
    }
    case FieldType::kBool:
      field_ref<bool>(f, s) = need_double(g, where, key) != 0;
      return;
    case FieldType::kCauseSeconds: {
      H5::Group sub = subgroup(g, key, false);
      auto& m = field_ref<CauseSeconds>(f, s);
      for (const auto& cause : h5::attr_names(sub)) m[cause] = need_double(sub, key, cause);
      return;
    }
    case FieldType::kOpCounts: {
      H5::Group sub = subgroup(g, key, false);
      auto& v = field_ref<OpCounts>(f, s);
      for (const auto& name : h5::attr_names(sub)) {
        auto op = models::op_from_cri_name(name);
        if (!op) throw h5::Hdf5Error(where + "/" + key + ": unknown operation " + name);
        v[static_cast<std::size_t>(*op)] = need_uint(sub, key, name);
      }
      return;
    }
  }
}

}  // namespace

void write_summary(H5::Group& g, const Summary& s) {
  h5::guarded("writing summary", [&] {
    write_attr(g, "json", to_json(s));
    for (const auto& f : summary_fields()) {
      if (f.object().empty()) {
        write_field(g, f, s);
      } else {
        H5::Group sub = subgroup(g, f.object(), true);
        write_field(sub, f, s);
      }
    }
  });
}

Summary read_summary(const H5::Group& group) {
  return h5::guarded("reading summary", [&] {
    Summary s;
    H5::Group g = group;  // H5::Group handles are shared; reading changes nothing
    for (const auto& f : summary_fields()) {
      if (f.object().empty()) {
        read_field(g, f, s);
      } else {
        H5::Group sub = subgroup(g, f.object(), false);
        read_field(sub, f, s);
      }
    }
    return s;
  });
}

}  // namespace plegsim::record
