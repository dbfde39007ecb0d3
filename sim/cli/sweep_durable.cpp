#include "sim/cli/sweep_durable.h"

#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace plegsim::cli {
namespace {

[[noreturn]] void bad(const std::string& path, const std::string& message) {
  throw std::invalid_argument(path + ": " + message);
}

}  // namespace

DurableCsv::DurableCsv(const std::string& path, const std::string& header, bool resume,
                       const std::function<std::string(std::size_t)>& row_prefix,
                       std::size_t total) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto st = fs::symlink_status(path, ec);
  bool exists = !ec && fs::exists(st);
  if (exists && !fs::is_regular_file(st)) bad(path, "not a regular file; refusing to write it");
  if (!resume) {
    out_.open(path, std::ios::binary | std::ios::trunc);
    if (!out_) bad(path, "cannot be written");
    out_ << header << std::flush;
    return;
  }
  if (!exists) bad(path, "--resume: no such file (run the sweep without --resume first)");
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  if (text.compare(0, header.size(), header) != 0) {
    bad(path, "--resume: its header is not this sweep's (same axes and --fields?)");
  }
  std::size_t end = header.size();  // the end of the last complete row
  while (true) {
    std::size_t nl = text.find('\n', end);
    if (nl == std::string::npos) break;
    if (next_ >= total) bad(path, "--resume: more rows than the sweep has runs");
    std::string prefix = row_prefix(next_);
    if (text.compare(end, prefix.size(), prefix) != 0) {
      bad(path, "--resume: row " + std::to_string(next_ + 2) +
                    " is not this sweep's run (same scenario, axes, -r and --fields?)");
    }
    end = nl + 1;
    ++next_;
  }
  fs::resize_file(path, end, ec);  // a row cut short by a kill
  if (ec) bad(path, "--resume: cannot truncate: " + ec.message());
  out_.open(path, std::ios::binary | std::ios::app);
  if (!out_) bad(path, "cannot be written");
}

void DurableCsv::add(std::size_t index, std::string row) {
  pending_.emplace(index, std::move(row));
  while (!pending_.empty() && pending_.begin()->first == next_) {
    out_ << pending_.begin()->second;
    pending_.erase(pending_.begin());
    ++next_;
  }
  out_.flush();
}

}  // namespace plegsim::cli
