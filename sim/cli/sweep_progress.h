// The progress of a sweep on stderr: on a terminal, a bar with the runs done and an ETA,
// rewritten in place; otherwise a plain line at every tenth of the runs. Never stdout.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace plegsim::cli {

// "12/40 runs, ETA 8 s" (no ETA before the first run finishes).
std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds);

class SweepProgress {
 public:
  SweepProgress(std::ostream& err, bool terminal);
  // After each finished run (one call at a time).
  void update(std::size_t done, std::size_t total);
  // Ends a bar's line (a terminal's).
  void finish();

 private:
  std::ostream& err_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  std::size_t last_tenth_ = 0;
  bool drawn_ = false;
};

}  // namespace plegsim::cli
