// plegsim regress: reruns goldens' seeded replications and fails (exit 1) when a
// statistic moved beyond its tolerance; --update re-blesses (docs/regression.md).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <boost/program_options.hpp>

#include "plegsim/output.h"
#include "plegsim/regress.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace plegsim::cli {
namespace {

constexpr std::uint64_t kMaxReplications = 10000;
constexpr std::uint64_t kMaxThreads = 256;
constexpr std::uint64_t kDefaultReplications = 20;
constexpr const char* kGoldenSuffix = ".golden";

struct Target {
  std::string golden_path;
  std::string scenario_path;  // set for a SCENARIO.yaml argument
};

// `golden_at`: where a SCENARIO.yaml's golden is (a folder, or a file for one target).
std::vector<Target> expand_targets(const std::vector<std::string>& args,
                                   const std::string& golden_at) {
  std::vector<Target> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(a, ec)) {
        if (e.is_regular_file(ec) && e.path().extension() == kGoldenSuffix) {
          found.push_back(e.path().string());
        }
      }
      if (found.empty()) throw CliError(a + ": no *" + std::string(kGoldenSuffix) + " files");
      std::sort(found.begin(), found.end());
      for (auto& f : found) out.push_back({f, {}});
    } else if (fs::path(a).extension() == kGoldenSuffix) {
      out.push_back({a, {}});
    } else {
      fs::path p(a);
      std::string golden = (p.parent_path() / p.stem()).string() + kGoldenSuffix;
      if (!golden_at.empty()) {
        golden = fs::is_directory(golden_at, ec)
                     ? (fs::path(golden_at) / p.stem()).string() + kGoldenSuffix
                     : golden_at;
      }
      out.push_back({golden, a});
    }
  }
  return out;
}

double parse_alpha(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v > 0 && v < 1)) {
    throw CliError("--alpha: expected a number between 0 and 1 (got \"" + s + "\")");
  }
  return v;
}

void write_golden(const regress::Golden& g) {
  record::write_file_atomically(g.path, regress::to_text(g));
}

}  // namespace

int cmd_regress(const std::vector<std::string>& args) {
  po::options_description opts("plegsim regress");
  opts.add_options()("help,h", "this help")(
      "update", po::bool_switch(),
      "re-bless: rerun and overwrite the goldens (create them for SCENARIO.yaml), printing "
      "what moved")("alpha", po::value<std::string>()->default_value("0.01"),
                    "family-wise false-alarm rate of the whole check")(
      "threads,j", po::value<std::string>(),
      "worker threads, 1 to 256 (default: the cores; results do not depend on it)")(
      "replications,r", po::value<std::string>(),
      "replications of a new golden, or of a re-blessed one (default 20)")(
      "first-seed", po::value<std::string>(),
      "run seeds FIRST.. instead of the golden's (a new seed stream; with --update: the "
      "golden's seeds)")("set", po::value<std::vector<std::string>>()->composing(),
                         "override: path=value, after the golden's own (with --update: stored)")(
      "duration", po::value<std::string>(), "simulated time per run, as --set duration=D")(
      "golden", po::value<std::string>(),
      "a SCENARIO.yaml's golden: this file, or FOLDER/SCENARIO.golden (default: beside it)")(
      "moved-only", po::bool_switch(), "print only the statistics that moved")(
      "target", po::value<std::vector<std::string>>()->composing(),
      "SCENARIO.yaml (its golden: SCENARIO.golden beside it), GOLDEN file or folder");
  po::positional_options_description pos;
  pos.add("target", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout
        << "usage: plegsim regress [SCENARIO.yaml|GOLDEN|GOLDEN_DIR]... [--update]\n"
           "                       [--alpha A] [-j N] [--set path=value]... [--first-seed S]\n"
           "Exit codes: 0 nothing moved (or re-blessed), 1 a statistic moved, 2 bad input.\n"
        << opts;
    return 0;
  }
  if (!vm.count("target")) {
    std::cerr << "plegsim regress: name a SCENARIO.yaml, GOLDEN file or folder of goldens\n";
    return 2;
  }
  bool update = vm["update"].as<bool>();
  regress::CheckOptions copt;
  copt.alpha = parse_alpha(vm["alpha"].as<std::string>());
  copt.threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads")) {
    copt.threads = static_cast<unsigned>(
        parse_count("--threads", vm["threads"].as<std::string>(), 1, kMaxThreads));
  }
  if (vm.count("set")) copt.extra_overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("duration")) {
    copt.extra_overrides.push_back("duration=" + vm["duration"].as<std::string>());
  }
  std::optional<std::uint64_t> reps;
  if (vm.count("replications")) {
    reps = parse_count("--replications", vm["replications"].as<std::string>(), 2, kMaxReplications);
  }
  if (vm.count("first-seed")) {
    copt.first_seed =
        parse_count("--first-seed", vm["first-seed"].as<std::string>(), 0, UINT64_MAX / 2);
  }
  std::vector<regress::Golden> goldens;
  try {
    auto targets = vm["target"].as<std::vector<std::string>>();
    std::string golden_at = vm.count("golden") ? vm["golden"].as<std::string>() : "";
    std::error_code dir_ec;
    if (!golden_at.empty() && targets.size() > 1 && !fs::is_directory(golden_at, dir_ec)) {
      std::cerr << "plegsim regress: --golden FILE takes one scenario; use a folder\n";
      return 2;
    }
    for (const auto& t : expand_targets(targets, golden_at)) {
      std::error_code ec;
      if (!t.scenario_path.empty() && !fs::exists(t.golden_path, ec)) {
        if (!update) {
          std::cerr << "plegsim regress: " << t.golden_path << " does not exist; bless it with "
                    << "plegsim regress --update " << t.scenario_path << "\n";
          return 2;
        }
        regress::Golden g;
        g.path = t.golden_path;
        // Stored relative to the golden's folder, so the pair can move together.
        fs::path base = fs::absolute(fs::path(t.golden_path)).parent_path();
        g.scenario =
            fs::absolute(t.scenario_path).lexically_normal().lexically_relative(base).string();
        if (g.scenario.empty()) g.scenario = fs::absolute(t.scenario_path).string();
        g.replications = reps.value_or(kDefaultReplications);
        g.first_seed = copt.first_seed.value_or(1);
        goldens.push_back(std::move(g));
        continue;
      }
      goldens.push_back(regress::read_golden(t.golden_path));
    }
  } catch (const regress::GoldenError& e) {
    std::cerr << "plegsim regress: " << e.what() << "\n";
    return 2;
  }
  try {
    if (update) {
      regress::CheckResult moved;
      moved.alpha = copt.alpha;
      std::vector<regress::Golden> fresh;
      for (auto& g : goldens) {
        regress::Golden spec = g;
        spec.overrides.insert(spec.overrides.end(), copt.extra_overrides.begin(),
                              copt.extra_overrides.end());
        if (reps) spec.replications = *reps;
        if (copt.first_seed) spec.first_seed = *copt.first_seed;
        regress::CaseResult c;
        c.golden_path = g.path;
        c.golden_hash = g.scenario_hash;
        c.fresh = regress::bless(spec, copt.threads);
        c.new_hash = c.fresh.scenario_hash;
        if (!g.values.empty()) c.stats = regress::compare(g, c.fresh);
        fresh.push_back(c.fresh);
        moved.cases.push_back(std::move(c));
      }
      regress::adjust(moved);
      std::cout << regress::render(moved, vm["moved-only"].as<bool>());
      for (const auto& g : fresh) {
        write_golden(g);
        std::cout << "blessed " << g.path << " (" << g.replications << " replications, "
                  << g.blessed_by << ")\n";
      }
      return 0;
    }
    auto result = regress::check(goldens, copt);
    std::cout << regress::render(result, vm["moved-only"].as<bool>());
    return result.moved() ? 1 : 0;
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const run::BuildError& e) {
    std::cerr << "plegsim regress: " << e.what() << "\n";
    return 2;
  } catch (const record::OutputError& e) {
    std::cerr << "plegsim regress: " << e.what() << "\n";
    return 2;
  } catch (const regress::GoldenError& e) {
    std::cerr << "plegsim regress: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace plegsim::cli
