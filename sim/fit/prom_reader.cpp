#include "sim/fit/prom_reader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace plegsim::fit {
namespace {

const std::set<std::string, std::less<>> kTypes = {"counter",   "gauge",   "summary",
                                                   "histogram", "untyped", "gaugehistogram",
                                                   "stateset",  "info",    "unknown"};

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

class LineParser {
 public:
  LineParser(std::string_view line, const std::string& source, int lineno)
      : s_(line), source_(source), lineno_(lineno) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw ScrapeError(source_ + ":" + std::to_string(lineno_) + ":" + std::to_string(pos_ + 1) +
                      ": " + what);
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  void skip_blanks() {
    while (!at_end() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  std::string name(const char* what) {
    std::size_t start = pos_;
    if (at_end() || !name_start(s_[pos_])) fail(std::string("expected ") + what);
    while (!at_end() && name_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  std::string token() {
    std::size_t start = pos_;
    while (!at_end() && s_[pos_] != ' ' && s_[pos_] != '\t') ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  std::string_view rest() const { return s_.substr(std::min(pos_, s_.size())); }
  std::size_t pos() const { return pos_; }
  void seek(std::size_t p) { pos_ = p; }
  void expect(char c, const char* what) {
    if (peek() != c)
      fail(at_end() ? std::string("line ends early: expected ") + what
                    : std::string("expected ") + what);
    ++pos_;
  }

  std::string label_value() {
    expect('"', "'\"' opening a label value");
    std::string out;
    while (true) {
      if (at_end()) fail("line ends inside a label value (no closing '\"')");
      char c = s_[pos_++];
      if (c == '"') return out;
      if (c == '\\') {
        if (at_end()) fail("line ends inside an escape");
        char e = s_[pos_++];
        if (e == 'n')
          out += '\n';
        else if (e == '\\' || e == '"')
          out += e;
        else {
          --pos_;
          fail(std::string("unknown escape '\\") + e + "' in a label value");
        }
      } else {
        out += c;
      }
    }
  }

  Labels labels() {
    Labels out;
    if (peek() != '{') return out;
    ++pos_;
    skip_blanks();
    while (peek() != '}') {
      if (at_end()) fail("line ends inside the labels (no closing '}')");
      std::size_t at = pos_;
      std::string key = name("a label name");
      skip_blanks();
      expect('=', "'=' after a label name");
      skip_blanks();
      std::string value = label_value();
      for (const auto& [k, v] : out)
        if (k == key) {
          pos_ = at;
          fail("label \"" + key + "\" given twice");
        }
      out.emplace_back(std::move(key), std::move(value));
      skip_blanks();
      if (peek() == ',') {
        ++pos_;
        skip_blanks();
      } else if (peek() != '}') {
        fail(at_end() ? "line ends inside the labels (no closing '}')"
                      : "expected ',' or '}' after a label value");
      }
    }
    ++pos_;
    std::sort(out.begin(), out.end());
    return out;
  }

  double value() {
    std::size_t at = pos_;
    std::string t = token();
    if (t.empty()) fail("line ends early: expected the sample's value");
    if (t == "NaN" || t == "nan") return std::nan("");
    if (t == "+Inf" || t == "Inf" || t == "+inf" || t == "inf") return HUGE_VAL;
    if (t == "-Inf" || t == "-inf") return -HUGE_VAL;
    const char* b = t.c_str();
    char* e = nullptr;
    errno = 0;
    double v = std::strtod(b, &e);
    bool ok = e == b + t.size() && !t.empty() &&
              t.find_first_not_of("0123456789+-.eE") == std::string::npos;
    if (!ok || (errno == ERANGE && std::isinf(v))) {
      pos_ = at;
      fail("bad number \"" + t + "\"");
    }
    return v;
  }

  std::optional<std::int64_t> timestamp() {
    skip_blanks();
    if (at_end()) return std::nullopt;
    std::size_t at = pos_;
    std::string t = token();
    const char* b = t.c_str();
    char* e = nullptr;
    errno = 0;
    long long v = std::strtoll(b, &e, 10);
    if (e != b + t.size() || errno == ERANGE || t.find_first_of(" \t") != std::string::npos) {
      pos_ = at;
      fail("bad timestamp \"" + t + "\" (milliseconds, an integer)");
    }
    skip_blanks();
    if (!at_end()) fail("unexpected text after the timestamp");
    return v;
  }

 private:
  std::string_view s_;
  const std::string& source_;
  int lineno_;
  std::size_t pos_ = 0;
};

// The family a sample belongs to: its own name, or its name without a summary's or
// histogram's suffix when that family was typed so.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  if (types.count(name)) return name;
  for (std::string_view suffix : {"_bucket", "_sum", "_count", "_total", "_created"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string base = name.substr(0, name.size() - suffix.size());
      if (types.count(base)) return base;
    }
  }
  return name;
}

std::string series_key(const Sample& s) {
  std::string k = s.name + "{";
  for (const auto& [a, b] : s.labels) k += a + "=\"" + b + "\",";
  return k + "}";
}

}  // namespace

const std::string* Sample::label(std::string_view key) const {
  for (const auto& [k, v] : labels)
    if (k == key) return &v;
  return nullptr;
}

std::vector<const Sample*> Scrape::named(std::string_view name) const {
  std::vector<const Sample*> out;
  for (const auto& s : samples)
    if (s.name == name) out.push_back(&s);
  return out;
}

Scrape parse_scrape(std::string_view text, const std::string& source, const ReadLimits& limits) {
  if (text.size() > limits.max_bytes)
    throw ScrapeError(source + ": " + std::to_string(text.size()) + " bytes, more than the " +
                      std::to_string(limits.max_bytes) + " a scrape may have");
  Scrape out;
  out.source = source;
  std::set<std::string> families_with_samples;
  std::map<std::string, int> series;  // key -> line
  int lineno = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineno;
    if (line.size() > limits.max_line)
      throw ScrapeError(source + ":" + std::to_string(lineno) + ": line of " +
                        std::to_string(line.size()) + " bytes, longer than the " +
                        std::to_string(limits.max_line) + " allowed");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\0') != std::string_view::npos)
      throw ScrapeError(source + ":" + std::to_string(lineno) + ": a NUL byte: not a text scrape");
    LineParser p(line, source, lineno);
    p.skip_blanks();
    if (p.at_end()) continue;
    if (p.peek() == '#') {
      std::string_view rest = p.rest().substr(1);
      while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t')) rest.remove_prefix(1);
      bool is_type = rest.starts_with("TYPE ") || rest.starts_with("TYPE\t");
      bool is_help = rest.starts_with("HELP ") || rest.starts_with("HELP\t");
      if (!is_type && !is_help) continue;  // a comment
      LineParser q(line, source, lineno);
      q.skip_blanks();
      q.expect('#', "#");
      q.skip_blanks();
      q.token();  // TYPE or HELP
      q.skip_blanks();
      std::string name = q.name("a metric name after # TYPE / # HELP");
      if (!is_type) continue;
      q.skip_blanks();
      std::size_t type_at = q.pos();
      std::string type = q.token();
      if (type.empty()) q.fail("line ends early: # TYPE " + name + " needs a type");
      if (!kTypes.count(type)) {
        q.seek(type_at);
        q.fail("unknown metric type \"" + type +
               "\" (counter, gauge, summary, histogram or untyped)");
      }
      q.skip_blanks();
      if (!q.at_end()) q.fail("unexpected text after the type");
      if (families_with_samples.count(name))
        throw ScrapeError(source + ":" + std::to_string(lineno) + ": # TYPE " + name +
                          " comes after samples of its family");
      auto [it, fresh] = out.types.emplace(name, type);
      if (!fresh)
        throw ScrapeError(source + ":" + std::to_string(lineno) + ": a second # TYPE line for " +
                          name);
      continue;
    }
    Sample s;
    s.line = lineno;
    s.name = p.name("a metric name");
    s.labels = p.labels();
    if (p.at_end()) p.fail("line ends early: expected the sample's value");
    if (p.peek() != ' ' && p.peek() != '\t') p.fail("expected a blank before the value");
    p.skip_blanks();
    s.value = p.value();
    s.timestamp_ms = p.timestamp();
    std::string key = series_key(s);
    auto [it, fresh] = series.emplace(key, lineno);
    if (!fresh)
      throw ScrapeError(source + ":" + std::to_string(lineno) + ": duplicate series " + key +
                        " (first at line " + std::to_string(it->second) + ")");
    std::string family = family_of(s.name, out.types);
    families_with_samples.insert(family);
    // A family typed later must not claim samples already read: also remember the
    // suffix-stripped names.
    for (std::string_view suffix : {"_bucket", "_sum", "_count", "_total", "_created"})
      if (s.name.size() > suffix.size() && s.name.ends_with(suffix))
        families_with_samples.insert(s.name.substr(0, s.name.size() - suffix.size()));
    out.samples.push_back(std::move(s));
  }
  return out;
}

Scrape read_scrape(const std::string& path, const ReadLimits& limits) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ScrapeError(path + ": a directory, not a scrape");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScrapeError(path + ": cannot open");
  std::string text;
  std::size_t cap = limits.max_bytes + 1;
  text.resize(std::min<std::size_t>(cap, 1u << 20));
  std::size_t got = 0;
  while (in) {
    if (got == text.size()) {
      if (text.size() >= cap) break;
      text.resize(std::min(cap, text.size() * 2));
    }
    in.read(text.data() + got, static_cast<std::streamsize>(text.size() - got));
    got += static_cast<std::size_t>(in.gcount());
  }
  text.resize(got);
  if (got > limits.max_bytes)
    throw ScrapeError(path + ": more than " + std::to_string(limits.max_bytes) +
                      " bytes: not a kubelet scrape (refused unread)");
  return parse_scrape(text, path, limits);
}

}  // namespace plegsim::fit
