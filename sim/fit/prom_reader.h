// A reader of the Prometheus text exposition format (0.0.4), robust to what real
// kubelets and plegsim's own --metrics write: # HELP / # TYPE lines, samples with
// labels in any order and escaped values, NaN / +Inf / -Inf, optional timestamps.
// Errors name source:line:column; inputs and lines beyond the bounds are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plegsim::fit {

// Bad input: the message is "source:line[:column]: what".
class ScrapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReadLimits {
  std::size_t max_bytes = 64u << 20;  // a whole scrape (the kubelet's is ~100 KiB)
  std::size_t max_line = 64u << 10;   // one line
};

// Label pairs sorted by name, so a series has one spelling whatever the input's order.
using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  int line = 0;

  // The label's value, or nullptr.
  const std::string* label(std::string_view key) const;
};

struct Scrape {
  std::string source;
  std::map<std::string, std::string> types;  // family name -> counter|gauge|summary|...
  std::vector<Sample> samples;               // in input order

  // Every sample of that exact name (a summary's quantiles, a histogram's _bucket, ...).
  std::vector<const Sample*> named(std::string_view name) const;
};

// Parses `text`, naming `source` in errors.
Scrape parse_scrape(std::string_view text, const std::string& source,
                    const ReadLimits& limits = {});

// Reads and parses a file; a file bigger than limits.max_bytes is refused unread.
Scrape read_scrape(const std::string& path, const ReadLimits& limits = {});

}  // namespace plegsim::fit
