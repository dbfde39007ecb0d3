#include "sim/cli/sweep_progress.h"

#include <cmath>

namespace plegsim::cli {
namespace {

std::string eta(double seconds) {
  auto s = static_cast<long long>(std::ceil(seconds));
  if (s < 120) return std::to_string(s) + " s";
  if (s < 7200) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

std::string progress_text(std::size_t done, std::size_t total, double elapsed_seconds) {
  std::string out = std::to_string(done) + "/" + std::to_string(total) + " runs";
  if (done == 0 || done >= total) return out;
  double left = elapsed_seconds / static_cast<double>(done) * static_cast<double>(total - done);
  return out + ", ETA " + eta(left);
}

SweepProgress::SweepProgress(std::ostream& err, bool terminal) : err_(err), terminal_(terminal) {}

void SweepProgress::update(std::size_t done, std::size_t total) {
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  if (terminal_) {
    // At most ten redraws a second, and always the last.
    if (done < total && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    constexpr std::size_t kWidth = 30;
    std::size_t filled = total == 0 ? kWidth : done * kWidth / total;
    err_ << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] "
         << progress_text(done, total, elapsed) << "   " << std::flush;
    last_draw_ = now;
    drawn_ = true;
    return;
  }
  std::size_t tenth = total == 0 ? 10 : done * 10 / total;
  if (tenth <= last_tenth_) return;
  last_tenth_ = tenth;
  err_ << "plegsim sweep: " << progress_text(done, total, elapsed) << "\n" << std::flush;
}

void SweepProgress::finish() {
  if (terminal_ && drawn_) err_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace plegsim::cli
