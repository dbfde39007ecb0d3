// Durable raw sweeps (`plegsim sweep --raw -o FILE`): each run's row is appended and
// flushed as soon as it and every run before it (in (point, replication) order) have
// finished, so a killed sweep leaves a prefix of the table; `--resume` reads that
// prefix, checks it is this sweep's, and the sweep runs only the rest.
#pragma once

#include <cstddef>
#include <fstream>
#include <functional>
#include <map>
#include <string>

namespace plegsim::cli {

class DurableCsv {
 public:
  // Opens `path` with `header` (the first line, with its newline). Fresh: creates or
  // truncates it and writes the header. Resume: the file must start with `header`; each
  // complete row i must start with `row_prefix(i)`; a partial last row is cut off.
  // std::invalid_argument naming the file otherwise.
  DurableCsv(const std::string& path, const std::string& header, bool resume,
             const std::function<std::string(std::size_t)>& row_prefix, std::size_t total);

  // The rows the file holds (all finished runs, in order): the runs to skip.
  std::size_t rows() const { return next_; }
  // Row `index` (with its newline); written and flushed once rows 0..index-1 are.
  void add(std::size_t index, std::string row);

 private:
  std::ofstream out_;
  std::size_t next_ = 0;
  std::map<std::size_t, std::string> pending_;
};

}  // namespace plegsim::cli
