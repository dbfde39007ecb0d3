// Checks on output paths, made before anything is simulated: what a file output may
// replace, and that two outputs of one command do not name the same file.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace plegsim::record {

// The path an output command line names for standard output ("-"), where documented.
inline constexpr const char* kStdoutPath = "-";

// Throws OutputError unless `path` can be written as a file output: its directory exists
// and is writable, and the path is absent or a regular file. A symbolic link, directory,
// device, FIFO or socket is refused, never replaced or followed.
void check_output_target(const std::string& path);

// Throws OutputError naming both options when two outputs are one file: the same path
// once made absolute and normal, the same path through symbolic links in its
// directories, or (for files that exist) the same device and inode. `outputs` holds
// (option, path) pairs; "-" (standard output) is compared by name too.
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs);

}  // namespace plegsim::record
