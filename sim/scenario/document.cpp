// A scenario file's text, read within bounds, and its one YAML document.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/include.h"
#include "sim/scenario/loader.h"

namespace plegsim::scenario::detail {
namespace {

// Where each document of a YAML stream starts, and where its root node is; nothing
// else is kept.
struct DocumentStarts : YAML::EventHandler {
  std::vector<YAML::Mark> starts;
  std::vector<YAML::Mark> roots;
  void node(const YAML::Mark& m) {
    if (!roots.empty() && roots.back().is_null()) roots.back() = m;
  }
  void OnDocumentStart(const YAML::Mark& mark) override {
    starts.push_back(mark);
    roots.push_back(YAML::Mark::null_mark());
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnMapEnd() override {}
};

[[noreturn]] void fail_at(const std::string& source, const YAML::Mark& at, std::string message) {
  throw ScenarioError(source, at.is_null() ? 0 : at.line + 1, at.is_null() ? 0 : at.column + 1, "",
                      std::move(message));
}

}  // namespace

// One YAML document; syntax errors become ScenarioErrors at the parser's position.
// Not YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on a stream such as ","
// (a token no document consumes; yaml-cpp issue #1040, found by tests/fuzz). The
// documents are counted here, and a document that starts where the previous one did
// is that token, an error; then YAML::Load reads the first.
YAML::Node parse_document(std::string_view yaml, const std::string& source) {
  std::string text(yaml);
  DocumentStarts docs;
  YAML::Node first;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(docs)) {
      std::size_t n = docs.starts.size();
      if (n > 1 && docs.starts[n - 1].pos == docs.starts[n - 2].pos) {
        const YAML::Mark& at = docs.starts[n - 1];
        std::size_t pos = static_cast<std::size_t>(at.pos);
        std::string what = pos < text.size() ? std::string(1, text[pos]) : "end of input";
        fail_at(source, at, "invalid YAML: unexpected \"" + what + "\"");
      }
    }
    if (docs.starts.size() <= 1) first = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail_at(source, e.mark, "invalid YAML: " + e.msg);
  }
  if (docs.starts.size() > 1) {
    fail_at(source, docs.roots[1].is_null() ? docs.starts[1] : docs.roots[1],
            "a scenario is one YAML document; found " + std::to_string(docs.starts.size()) +
                " (separated by ---)");
  }
  if (docs.starts.empty()) return YAML::Node(YAML::NodeType::Map);
  return first;
}

std::string read_scenario_text(const std::string& path) {
  // A scenario is a regular file of bounded size: a directory, device or FIFO (or a
  // /proc file that reads as nothing) is refused, never read as an empty scenario.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw ScenarioError(path, 0, 0, "",
                        std::string("cannot open scenario file: ") + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode))
    throw ScenarioError(path, 0, 0, "", "is a directory, not a scenario file");
  if (!S_ISREG(st.st_mode)) {
    throw ScenarioError(path, 0, 0, "", "is not a regular file (a device, FIFO or socket)");
  }
  if (st.st_size == 0) {
    throw ScenarioError(path, 0, 0, "",
                        "scenario file is empty (write `{}` for a scenario of every default)");
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxScenarioBytes) {
    throw ScenarioError(path, 0, 0, "",
                        "scenario file of " + std::to_string(st.st_size) + " bytes; the limit is " +
                            std::to_string(kMaxScenarioBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(path, 0, 0, "",
                        std::string("cannot open scenario file: ") + std::strerror(errno));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  bool whole = !in.bad() && static_cast<std::size_t>(in.gcount()) == text.size();
  if (!whole || in.peek() != EOF) {
    throw ScenarioError(path, 0, 0, "",
                        "cannot read scenario file (it changed while read, or is not a file)");
  }
  return text;
}

}  // namespace plegsim::scenario::detail
