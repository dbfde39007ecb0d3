#include "sim/cli/sweep_journaled.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "plegsim/output.h"
#include "plegsim/simulation.h"
#include "sim/cli/sweep_durable.h"

namespace plegsim::cli {
namespace {

// Case-insensitive: "OUT.H5" is as much an HDF5 name as "out.h5".
bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  const std::size_t at = s.size() - suffix.size();
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != suffix[i]) return false;
  }
  return true;
}

int fail(const std::string& message) {
  std::cerr << "plegsim sweep: " << message << "\n";
  return 2;
}

}  // namespace

bool hdf5_sweep_path(const std::string& path) {
  return ends_with(path, ".h5") || ends_with(path, ".hdf5");
}

int run_journaled_sweep(const JournaledSweep& s, run::SweepOptions options, SweepProgress& progress,
                        int interrupted) {
  const std::size_t total = s.points.size() * s.replications;
  const std::string journal = run::journal_path(s.out_path);
  const std::string fingerprint =
      run::sweep_fingerprint(s.axes, s.points, s.replications, s.fields);
  const std::string header = run::journal_header(fingerprint, s.fields);
  std::unique_ptr<DurableCsv> log;
  std::vector<run::RunValues> values(total);
  try {
    // The final path is checked before any run: one that cannot be written costs none.
    record::check_output_target(s.out_path);
    if (s.resume && !std::filesystem::exists(journal)) {
      return fail(journal + ": --resume: no journal, so no interrupted sweep to complete (" +
                  s.out_path + " is written whole when a sweep ends); run it without --resume");
    }
    if (!s.resume && std::filesystem::exists(journal)) {
      // Only an interrupted sweep leaves one: say what starting over throws away.
      std::cerr << "plegsim sweep: note: " << journal
                << " (the finished runs of an interrupted sweep) is replaced; --resume "
                   "would have completed that sweep instead\n";
    }
    if (s.resume) {
      // The fingerprint line first: another sweep's journal is named as such.
      std::ifstream in(journal, std::ios::binary);
      std::string first, want = header.substr(0, header.find('\n'));
      std::getline(in, first);
      if (first != want) {
        return fail(journal + ": --resume: the journal of another sweep (\"" + first +
                    "\", this sweep's: \"" + want +
                    "\"): the scenario, axes, -r or --fields differ; left as it is");
      }
    }
    log = std::make_unique<DurableCsv>(
        journal, header, s.resume,
        [&](std::size_t i) {
          std::uint64_t r = i % s.replications;
          return run::journal_prefix(
              i / s.replications, r,
              run::replication_seed(s.points[i / s.replications].scenario.seed, r));
        },
        total);
    auto done = run::read_journal(journal, header, log->rows(), s.fields.size());
    std::move(done.begin(), done.end(), values.begin());
  } catch (const record::OutputError& e) {
    return fail(e.what());
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  auto schema = run::resolve_fields(s.fields);
  options.first_run = log->rows();
  options.on_run = [&](const run::SweepRun& r, std::size_t i) {
    values[i] = run::run_values(r, schema);
    log->add(i, run::journal_row(values[i]));
  };
  try {
    run::run_sweep(s.points, s.replications, options);
  } catch (const run::BuildError& e) {
    progress.finish();
    return fail(e.what());
  }
  progress.finish();
  if (log->rows() < total) {
    std::cerr << "plegsim sweep: interrupted after " << log->rows() << " of " << total << " runs; "
              << journal << " holds them (--resume completes " << s.out_path << ")\n";
    return interrupted;
  }
  run::SweepTable table =
      run::sweep_table_from_values(s.axes, s.points, values, s.replications, s.fields);
  try {
    if (hdf5_sweep_path(s.out_path)) {
      run::write_sweep_hdf5(
          s.out_path, table,
          {.scenario_name = s.scenario_name, .seed = s.seed, .fingerprint = fingerprint});
    } else {
      record::write_file_atomically(s.out_path, run::sweep_csv(table, s.raw));
    }
  } catch (const record::OutputError& e) {
    return fail(e.what());
  } catch (const record::h5::Hdf5Error& e) {
    return fail(s.out_path + ": " + e.what());
  }
  log.reset();
  std::error_code ec;
  std::filesystem::remove(journal, ec);
  if (ec) return fail(journal + ": cannot remove: " + ec.message());
  return 0;
}

}  // namespace plegsim::cli
