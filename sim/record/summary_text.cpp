// The terminal rendering of a Summary (`plegsim run`, `plegsim report`): every field of
// the table (summary_schema.h) under its own name, grouped by the part of the run it
// covers, so what is printed is what `expect:` and `sweep --fields` take.
#include <algorithm>
#include <cstdio>
#include <string>

#include "sim/record/summary.h"
#include "sim/record/summary_schema.h"

namespace plegsim::record {
namespace {

// A user-given name for a terminal: whole (no fixed buffer, no stop at a NUL), with
// control characters escaped as \xNN so they can neither hide text nor move the cursor.
std::string printable(const std::string& v) {
  std::string out;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string real(double v, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string out = buf;
  if (unit == "1") {
    std::snprintf(buf, sizeof buf, " (%.2f %%)", 100.0 * v);
    return out + buf;
  }
  return unit.empty() ? out : out + " " + unit;
}

std::string value_text(const SummaryField& f, const Summary& s) {
  switch (f.type) {
    case FieldType::kText:
      return printable(field_ref<std::string>(f, s));
    case FieldType::kCount:
      return std::to_string(field_ref<std::uint64_t>(f, s));
    case FieldType::kReal:
      return real(field_ref<double>(f, s), f.unit);
    case FieldType::kOptionalReal: {
      const auto& v = field_ref<std::optional<double>>(f, s);
      return v ? real(*v, f.unit) : "none";
    }
    case FieldType::kBool:
      return field_ref<bool>(f, s) ? "true" : "false";
    case FieldType::kCauseSeconds: {
      std::string out;
      for (const auto& [cause, secs] : field_ref<CauseSeconds>(f, s)) {
        out += "\n    " + real(secs, f.unit) + ": " + printable(cause);
      }
      return out.empty() ? "none" : out.substr(1);
    }
    case FieldType::kOpCounts: {
      std::string out;
      const auto& v = field_ref<OpCounts>(f, s);
      for (int i = 0; i < models::kOpCount; ++i) {
        if (v[i] == 0) continue;
        out += (out.empty() ? "" : "  ") +
               std::string(models::cri_name(static_cast<models::Op>(i))) + " " +
               std::to_string(v[i]);
      }
      return out.empty() ? "none" : out;
    }
  }
  return "?";
}

std::string heading(FieldWindow w, const Summary& s) {
  char buf[128];
  switch (w) {
    case FieldWindow::kRun:
      return "run\n";
    case FieldWindow::kMeasured:
      std::snprintf(buf, sizeof buf, "measured window, %.6g s to %.6g s (warm-up excluded)\n",
                    s.warmup_seconds, s.simulated_seconds);
      return buf;
    case FieldWindow::kEnd:
      return "at the end\n";
  }
  return "\n";
}

}  // namespace

std::string to_text(const Summary& s) {
  constexpr int kNameWidth = 34;
  std::string out;
  for (FieldWindow w : {FieldWindow::kRun, FieldWindow::kMeasured, FieldWindow::kEnd}) {
    out += heading(w, s);
    std::string_view open;  // the object whose line is being written
    for (const auto& f : summary_fields()) {
      if (f.window != w) continue;
      if (!f.object().empty() && f.object() == open) {
        out += "  " + std::string(f.key()) + " " + value_text(f, s);
        continue;
      }
      if (!open.empty()) out += "\n";
      open = f.object();
      std::string name = open.empty() ? f.name : std::string(open);
      std::string value =
          open.empty() ? value_text(f, s) : std::string(f.key()) + " " + value_text(f, s);
      if (f.type == FieldType::kCauseSeconds && value != "none") {
        out += "  " + name + "\n" + value + "\n";
        continue;
      }
      name.resize(std::max<std::size_t>(name.size(), kNameWidth), ' ');
      out += "  " + name + " " + value;
      if (open.empty()) out += "\n";
    }
    if (!open.empty()) out += "\n";
  }
  return out;
}

}  // namespace plegsim::record
