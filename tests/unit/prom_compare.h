// Prometheus text compared as the kubelet's tests compare it with
// testutil.GatherAndCompare (k8s.io/component-base/metrics/testutil): both sides parsed
// into families, families sorted by name, each family's samples sorted by their labels,
// then the texts compared, HELP and TYPE lines included. Blank lines and the indentation
// of a Go raw string do not matter; everything else does.
#pragma once

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace plegsim::step::testing {

inline std::string gathered(const std::string& text) {
  struct Family {
    std::vector<std::string> head;  // HELP, TYPE
    std::vector<std::string> samples;
  };
  std::map<std::string, Family> families;  // sorted by name, as the gatherer sorts them
  std::istringstream in(text);
  std::string line;
  Family* cur = nullptr;
  while (std::getline(in, line)) {
    line.erase(0, line.find_first_not_of(" \t"));
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0) {
      std::string name = line.substr(7, line.find(' ', 7) - 7);
      cur = &families[name];
    }
    if (cur == nullptr) return "sample outside any family: " + line;
    (line[0] == '#' ? cur->head : cur->samples).push_back(line);
  }
  std::string out;
  for (auto& [name, f] : families) {
    // One sample name per label set: sorting the lines sorts a gauge's or counter's
    // samples by their label values, as the gatherer does.
    std::sort(f.samples.begin(), f.samples.end());
    for (const auto& l : f.head) out += l + "\n";
    for (const auto& l : f.samples) out += l + "\n";
  }
  return out;
}

}  // namespace plegsim::step::testing
