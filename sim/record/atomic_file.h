// Output files that never look finished before they are: written under a temporary
// name in the same directory ("<final>.tmp-<pid>") and renamed over the final name
// only by commit(). Destroying an uncommitted AtomicFile removes the temporary file.
#pragma once

#include <stdexcept>
#include <string>

namespace plegsim::record {

// An output file that cannot be created, written or renamed; what() names the path.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  // Checks that the temporary file can be created (OutputError when not) and leaves it
  // empty for the writer.
  explicit AtomicFile(std::string final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& temp_path() const { return temp_; }
  const std::string& final_path() const { return final_; }
  bool committed() const { return committed_; }
  // Replaces the temporary file's content with `text` (OutputError on failure).
  void write(const std::string& text);
  // Renames the temporary file to the final name (OutputError on failure).
  void commit();
  // Removes the temporary file.
  void discard();

 private:
  std::string final_;
  std::string temp_;
  int slot_ = -1;  // in the signal-cleanup registry
  bool committed_ = false;
};

// Writes `text` to `path` through an AtomicFile.
void write_file_atomically(const std::string& path, const std::string& text);

// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of live AtomicFiles
// before the process dies of the signal. For programs (the CLI); the library installs
// no handler by itself. SIGKILL cannot be caught: its temporary file stays, under its
// temporary name.
void remove_temp_files_on_signals();

}  // namespace plegsim::record
