#include "sim/record/causes.h"

#include <algorithm>

namespace plegsim::record {
namespace {
std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}
}  // namespace

std::vector<std::string> split_errors(const std::string& message) {
  std::string m = trim(message);
  if (m.size() >= 2 && m.front() == '[' && m.back() == ']') m = m.substr(1, m.size() - 2);
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= m.size()) {
    std::size_t comma = m.find(',', from);
    std::string part = trim(m.substr(from, comma == std::string::npos ? comma : comma - from));
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

std::string cause_of(const std::string& error) {
  static const std::string kNotHealthy = " is not healthy";
  auto pos = error.find(kNotHealthy + ":");
  if (pos != std::string::npos) return error.substr(0, pos + kNotHealthy.size());
  static const std::string kActive = "last seen active ";
  static const std::string kAgo = " ago";
  std::string out = error;
  auto a = out.find(kActive);
  if (a != std::string::npos) {
    auto from = a + kActive.size();
    auto to = out.find(kAgo, from);
    if (to != std::string::npos) out.replace(from, to - from, "<elapsed>");
  }
  return out;
}

std::vector<std::string> causes_of(const std::string& message) {
  std::vector<std::string> out;
  for (const auto& e : split_errors(message)) {
    std::string c = cause_of(e);
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace plegsim::record
