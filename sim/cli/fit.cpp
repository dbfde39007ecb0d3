// `plegsim fit SCRAPE... [--since EARLIER] [--pods N]... [--profile P] [-o runtime.yaml]`: a
// runtime: section fitted to kubelet /metrics scrapes (docs/fit.md).
#include <iostream>

#include <boost/program_options.hpp>

#include "plegsim/fit.h"
#include "plegsim/output.h"
#include "plegsim/scenario.h"
#include "sim/cli/commands.h"
#include "sim/cli/options.h"

namespace po = boost::program_options;

namespace plegsim::cli {

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
      "scrape", po::value<std::vector<std::string>>(), "kubelet /metrics scrape(s)");
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
    std::cout << fit::format_report(f);
    std::string yaml = fit::format_runtime_yaml(f, paths);
    if (out_path) {
      record::AtomicFile file(*out_path);
      file.write(yaml);
      file.commit();
      std::cout << "wrote " << *out_path << "\n";
    } else {
      std::cout << "\n" << yaml;
    }
  } catch (const fit::ScrapeError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const record::OutputError& e) {
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  } catch (const scenario::ScenarioError& e) {  // an unknown --profile
    std::cerr << "plegsim fit: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace plegsim::cli
