// `plegsim fit SCRAPE... [--since EARLIER] [--pods N]... [--profile P] [-o runtime.yaml]`: a
// runtime: section fitted to kubelet /metrics scrapes (docs/fit.md). With `--validate
// --scenario NODE.yaml`, the node runs with the fitted section over it and is compared
// with the scrape, as `plegsim validate` does.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "plegsim/fit.h"
#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "plegsim/simulation.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"
#include "sim/cli/validate.h"

namespace po = boost::program_options;

namespace plegsim::cli {
namespace {

// A directory only this process can enter (mkdtemp: a fresh name, mode 0700), removed
// with what it holds on every way out of the scope: where --validate puts the fitted
// fragment when -o names no file.
class PrivateDir {
 public:
  PrivateDir() {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec)
      throw record::OutputError("no temporary directory for the fitted file: " + ec.message());
    std::string name = (base / "plegsim-fit-XXXXXX").string();
    if (!mkdtemp(name.data()))
      throw record::OutputError("cannot create a temporary directory " + name + ": " +
                                std::strerror(errno));
    path_ = name;
  }
  ~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;

  // Writes `text` to a new file `name` in the directory (never an existing one).
  std::string write(const std::string& name, const std::string& text) const {
    std::string path = (std::filesystem::path(path_) / name).string();
    std::FILE* f = std::fopen(path.c_str(), "wx");
    bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (f) ok = std::fclose(f) == 0 && ok;
    if (!ok) throw record::OutputError("cannot write " + path + ": " + std::strerror(errno));
    return path;
  }

 private:
  std::string path_;
};

}  // namespace

int cmd_fit(const std::vector<std::string>& args) {
  po::options_description opts("plegsim fit");
  opts.add_options()("help,h", "this help")(
      "pods", po::value<std::vector<std::string>>(),
      "pods on the node: once for all scrapes or once per scrape, in order (default: the "
      "scrape's kubelet_running_pod_count / kubelet_running_pods)")(
      "profile", po::value<std::string>()->default_value("dockershim"),
      "runtime.profile the fitted values override (dockershim, containerd, cri-o)")(
      "output,o", po::value<std::string>(), "write the runtime: section (a scenario file) here")(
      "since", po::value<std::string>(),
      "an earlier scrape of the same kubelet: fit what happened between the two (rates "
      "from counter deltas, churn from lifecycle counts); one SCRAPE only")(
      "validate", po::bool_switch(),
      "then run --scenario NODE.yaml with the fitted runtime: section over it and compare "
      "it with the scrape (plegsim validate; one SCRAPE, or --since's difference)")(
      "scenario", po::value<std::string>(), "with --validate: the node's scenario")(
      "json", po::bool_switch(), "with --validate: the comparison as one JSON object, alone")(
      "scrape", po::value<std::vector<std::string>>(), "kubelet /metrics scrape(s)");
  add_validate_options(opts, false);
  po::positional_options_description pos;
  pos.add("scrape", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << usage() << opts;
    return 0;
  }
  if (!vm.count("scrape")) {
    std::cerr << "plegsim fit: missing the scrape (plegsim fit SCRAPE.prom...)\n";
    return 2;
  }
  const auto paths = vm["scrape"].as<std::vector<std::string>>();
  fit::FitOptions o;
  o.profile = vm["profile"].as<std::string>();
  if (vm.count("pods"))
    for (const auto& p : vm["pods"].as<std::vector<std::string>>())
      o.pods.push_back(static_cast<double>(parse_count("--pods", p, 1, 100000)));
  std::optional<std::string> out_path;
  if (vm.count("output")) out_path = vm["output"].as<std::string>();
  const bool do_validate = vm["validate"].as<bool>();
  std::optional<ValidateCli> vcli;
  if (do_validate) {
    if (!vm.count("scenario")) {
      std::cerr << "plegsim fit: --validate needs --scenario NODE.yaml (the node to simulate)\n";
      return 2;
    }
    if (paths.size() != 1) {
      std::cerr << "plegsim fit: --validate compares one scrape with NODE.yaml (" << paths.size()
                << " given); compare the others with plegsim validate\n";
      return 2;
    }
    vcli = read_validate_options(vm);
    vcli->json = vm["json"].as<bool>();
  } else if (vm.count("scenario") || vm["json"].as<bool>()) {
    std::cerr << "plegsim fit: --scenario and --json go with --validate\n";
    return 2;
  }
  if (do_validate) {
    // NODE.yaml's own errors before anything is fitted or written.
    try {
      (void)scenario::load_scenario_file(vm["scenario"].as<std::string>(), vcli->overrides);
    } catch (const scenario::ScenarioError& e) {
      std::cerr << "plegsim fit: " << e.what() << "\n";
      return 2;
    }
  }
  // With --validate --json, standard output carries the JSON alone.
  std::ostream& report = vcli && vcli->json ? std::cerr : std::cout;
  try {
    if (out_path) record::check_output_target(*out_path);
    std::vector<fit::KubeletScrape> scrapes;
    if (vm.count("since")) {
      if (paths.size() != 1) {
        std::cerr << "plegsim fit: --since takes one later SCRAPE (" << paths.size() << " given)\n";
        return 2;
      }
      scrapes.push_back(
          fit::scrape_difference(fit::extract(fit::read_scrape(vm["since"].as<std::string>())),
                                 fit::extract(fit::read_scrape(paths[0]))));
    } else {
      for (const auto& p : paths) scrapes.push_back(fit::extract(fit::read_scrape(p)));
    }
    fit::NodeFit f = fit::fit_node(scrapes, o);
    report << fit::format_report(f);
    std::string yaml = fit::format_runtime_yaml(f, paths);
    if (out_path) {
      record::AtomicFile file(*out_path);
      file.write(yaml);
      file.commit();
      report << "wrote " << *out_path << "\n";
    } else {
      report << "\n" << yaml;
    }
    if (do_validate) {
      // The node with the fitted section over its own keys: -o's file when there is one
      // (errors then name it), else a private copy removed when the comparison is done.
      std::optional<PrivateDir> dir;
      std::string overlay = out_path ? *out_path : dir.emplace().write("fitted-runtime.yaml", yaml);
      scenario::Scenario sc = scenario::load_scenario_file_with_overlays(
          vm["scenario"].as<std::string>(), {overlay}, vcli->overrides);
      report << "\n";
      return validate_and_print(sc, scrapes[0], *vcli);
    }
  } catch (const fit::ScrapeError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const record::OutputError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const scenario::ScenarioError& e) {  // an unknown --profile, or NODE.yaml's
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const run::BuildError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const validate::ValidateError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace plegsim::cli
