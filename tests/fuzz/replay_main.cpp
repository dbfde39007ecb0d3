// A fuzz target without libFuzzer: the default CI's short version of each target
// (docs/hardening.md). It feeds every seed file (arguments: files or directories, read
// recursively) to LLVMFuzzerTestOneInput, then `--mutants N` mutants of each made by a
// deterministic generator (bit flips, byte insertions and deletions, splices with
// another seed), so every CI run replays the same inputs on the ordinary (gcc) build.
// Any abort, crash or uncaught exception fails it; the input being run is printed when
// that happens. The coverage-guided, sanitized search is the `fuzz` preset's.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

char g_current[512] = "(none)";

extern "C" void report_and_die(int sig) {
  const char head[] = "\nfuzz replay: died on input ";
  (void)!::write(2, head, sizeof head - 1);
  (void)!::write(2, g_current, std::strlen(g_current));
  (void)!::write(2, "\n", 1);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

struct Rng {  // xorshift64*: small, deterministic, good enough for mutation choices
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

std::string mutate(const std::string& in, const std::vector<std::string>& seeds, Rng& rng) {
  std::string out = in;
  int edits = 1 + static_cast<int>(rng.below(8));
  for (int e = 0; e < edits; ++e) {
    switch (rng.below(4)) {
      case 0:  // flip a bit
        if (!out.empty()) out[rng.below(out.size())] ^= static_cast<char>(1 << rng.below(8));
        break;
      case 1:  // insert a byte, often a YAML-significant one
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(rng.below(out.size() + 1)),
                   "\0\n:-[]{},#&*!|>'\"%@ 9"[rng.below(22)]);
        break;
      case 2:  // delete a run
        if (!out.empty()) {
          std::size_t at = rng.below(out.size());
          out.erase(at, 1 + rng.below(std::min<std::size_t>(16, out.size() - at)));
        }
        break;
      default: {  // splice a piece of another seed
        const std::string& other = seeds[rng.below(seeds.size())];
        if (other.empty()) break;
        std::size_t from = rng.below(other.size());
        std::size_t len = 1 + rng.below(std::min<std::size_t>(64, other.size() - from));
        out.insert(rng.below(out.size() + 1), other.substr(from, len));
      }
    }
  }
  return out;
}

void run_one(const std::string& input, const std::string& what) {
  std::snprintf(g_current, sizeof g_current, "%s", what.c_str());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, report_and_die);
  long mutants = 0;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutants" && i + 1 < argc) {
      mutants = std::stol(argv[++i]);
      continue;
    }
    if (fs::is_directory(a)) {
      for (const auto& e : fs::recursive_directory_iterator(a)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else {
      files.emplace_back(a);
    }
  }
  std::sort(files.begin(), files.end());  // the same order on every machine
  std::vector<std::string> seeds;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "fuzz replay: no seed files\n");
    return 2;
  }
  Rng rng{0x9E3779B97F4A7C15ULL};
  for (std::size_t i = 0; i < seeds.size(); ++i) run_one(seeds[i], files[i].string());
  for (long m = 0; m < mutants; ++m) {
    std::size_t i = rng.below(seeds.size());
    run_one(mutate(seeds[i], seeds, rng), files[i].string() + " mutant " + std::to_string(m));
  }
  std::printf("fuzz replay: %zu seeds, %ld mutants, no finding\n", seeds.size(), mutants);
  return 0;
}
