#include "sim/record/output_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "sim/record/atomic_file.h"

namespace plegsim::record {
namespace fs = std::filesystem;

namespace {

std::string parent_of(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// The path made absolute, with "." and ".." and symbolic links in its existing part
// resolved; the path itself when that fails.
std::string resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

std::optional<std::pair<dev_t, ino_t>> identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_pair(st.st_dev, st.st_ino);
}

}  // namespace

void check_output_target(const std::string& path) {
  if (path.empty()) throw OutputError("cannot write an output with an empty file name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      throw OutputError("cannot write " + path +
                        ": it is a symbolic link; refusing to replace it (name the file "
                        "it points to, or remove the link)");
    }
    if (S_ISDIR(st.st_mode)) throw OutputError("cannot write " + path + ": it is a directory");
    if (!S_ISREG(st.st_mode)) {
      throw OutputError("cannot write " + path +
                        ": it exists and is not a regular file (a device, FIFO or socket); "
                        "refusing to replace it");
    }
  } else if (errno != ENOENT) {
    throw OutputError("cannot write " + path + ": " + std::strerror(errno));
  }
  std::string dir = parent_of(path);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0) {
    throw OutputError("cannot write " + path + ": directory " + dir + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(dst.st_mode)) {
    throw OutputError("cannot write " + path + ": " + dir + " is not a directory");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw OutputError("cannot write " + path + ": directory " + dir + ": " + std::strerror(errno));
  }
}

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const auto& [opt_a, a] = outputs[i];
      const auto& [opt_b, b] = outputs[j];
      bool same = a == b;
      if (!same && a != kStdoutPath && b != kStdoutPath) {
        same = resolved(a) == resolved(b);
        auto ia = identity(a);
        same = same || (ia && ia == identity(b));
      }
      if (same) {
        throw OutputError(opt_a + " and " + opt_b + " name the same file (" + a +
                          "); give each output its own path");
      }
    }
  }
}

}  // namespace plegsim::record
