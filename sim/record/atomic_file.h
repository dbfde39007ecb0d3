// Output files that never look finished before they are, and never write through
// anything planted in their way. The content goes to a temporary file in the final
// file's directory, "<final>.tmp-<16 random hex digits>", created exclusively (O_EXCL:
// an existing file or symbolic link of that name is never opened, let alone followed);
// commit() renames it over the final name. The final name is checked first and again
// just before the rename (check_output_target): a symbolic link, directory, device,
// FIFO or socket is refused, not replaced. Destroying an uncommitted AtomicFile removes
// the temporary file.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace plegsim::record {

// An output file that cannot be created, written or renamed; what() names the path.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  // Checks the final path and creates the temporary file, empty, for write()
  // (OutputError when either fails).
  explicit AtomicFile(std::string final_path);
  // For writers that create the file themselves (HDF5): `create(temp_path)` must create
  // it exclusively, returning false when that name exists (another one is tried) and
  // throwing on any other failure.
  AtomicFile(std::string final_path, const std::function<bool(const std::string&)>& create);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& temp_path() const { return temp_; }
  const std::string& final_path() const { return final_; }
  bool committed() const { return committed_; }
  // Replaces the temporary file's content with `text`, through the descriptor opened at
  // creation (OutputError on failure; only for files this class created).
  void write(const std::string& text);
  // Checks the final path again and renames the temporary file to it (OutputError on
  // failure; the temporary file is then removed).
  void commit();
  // Removes the temporary file.
  void discard();

 private:
  void create_temp(const std::function<bool(const std::string&)>& create);
  void close_fd();

  std::string final_;
  std::string temp_;
  int fd_ = -1;
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
