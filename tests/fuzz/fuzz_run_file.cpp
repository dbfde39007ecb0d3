// Fuzzes the run-file readers: the input is written to a temporary file, which
// record::validate_run_file and then record::read_run_file read. Every outcome must be a
// normal return or a RunFileError (or another std::exception); a crash, a sanitizer
// report or any other exception type (e.g. H5::Exception escaping) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "plegsim/output.h"

using plegsim::record::RunFileError;

namespace {

const std::string& temp_path() {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("plegsim-fuzz-run-file-" + std::to_string(::getpid()) + ".h5"))
                                      .string();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  H5::Exception::dontPrint();  // libhdf5's error stack on stderr would drown the log
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = temp_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) return 0;  // a full /tmp is not a finding
  }
  try {
    plegsim::record::validate_run_file(path);
    (void)plegsim::record::read_run_file(path);
  } catch (const RunFileError&) {
    // the documented rejection
  } catch (const std::exception&) {
    // tolerated (e.g. std::bad_alloc under -rss_limit_mb is reported by libFuzzer itself)
  }
  std::remove(path.c_str());
  return 0;
}
