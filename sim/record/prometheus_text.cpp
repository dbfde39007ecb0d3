#include "sim/record/prometheus_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace plegsim::record::prom {
namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string escape_help(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string label_text(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out += (i ? "," : "") + labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
  }
  return out + "}";
}

}  // namespace

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return "0";
  // Shortest round-trip digits; Go's 'g' with shortest precision switches to the
  // exponent form when the decimal exponent is < -4 or >= 6.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);  // "-1.2345e+06"
  auto e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  std::string mant = sci.substr(0, e);
  if (exp < -4 || exp >= 6) {
    // Go pads the exponent to two digits: e+06, e-05.
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return mant + ebuf;
  }
  r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string family_text(const std::string& text, const std::string& name) {
  // Exposition writes a family's lines together, behind its HELP line.
  std::istringstream in(text);
  std::string out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) inside = line.compare(7, name.size() + 1, name + " ") == 0;
    if (inside) out += line + "\n";
  }
  return out;
}

void Exposition::family(const std::string& name, const std::string& help, const std::string& type) {
  out_ += "# HELP " + name + " " + escape_help(help) + "\n";
  out_ += "# TYPE " + name + " " + type + "\n";
}

void Exposition::sample(const std::string& name, const Labels& labels, double value) {
  out_ += name + label_text(labels) + " " + format_value(value) + "\n";
}

void Exposition::histogram(const std::string& name, const Labels& labels,
                           const BucketHistogram& h) {
  const auto& le = h.le_seconds();
  for (std::size_t i = 0; i <= le.size(); ++i) {
    Labels l = labels;
    l.emplace_back("le", i < le.size() ? format_value(le[i]) : "+Inf");
    sample(name + "_bucket", l, static_cast<double>(h.cumulative(i)));
  }
  sample(name + "_sum", labels, h.sum_seconds());
  sample(name + "_count", labels, static_cast<double>(h.count()));
}

void Exposition::summary(const std::string& name, const Labels& labels,
                         const std::vector<std::pair<double, double>>& quantile_values, double sum,
                         double count) {
  for (const auto& [q, v] : quantile_values) {
    Labels l = labels;
    l.emplace_back("quantile", format_value(q));
    sample(name, l, v);
  }
  sample(name + "_sum", labels, sum);
  sample(name + "_count", labels, count);
}

}  // namespace plegsim::record::prom
