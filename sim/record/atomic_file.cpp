#include "sim/record/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>

#include "sim/record/output_path.h"

namespace plegsim::record {
namespace {

// Temporary paths a signal handler may unlink: fixed storage, no allocation there.
constexpr int kSlots = 16;
constexpr std::size_t kPathMax = 4096;
std::array<std::array<char, kPathMax>, kSlots> g_paths;
// Slot states: free, claimed (path being copied), ready (the handler may unlink it).
enum : int { kFree, kClaimed, kReady };
std::array<std::atomic<int>, kSlots> g_state{};

int register_path(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_state[i].compare_exchange_strong(expected, kClaimed)) continue;
    std::memcpy(g_paths[i].data(), path.c_str(), path.size() + 1);
    g_state[i].store(kReady);
    return i;
  }
  return -1;  // not registered: only a signal would leave it behind
}

void unregister_path(int slot) {
  if (slot >= 0) g_state[slot].store(kFree);
}

extern "C" void remove_and_reraise(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_state[i].load() == kReady) unlink(g_paths[i].data());
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

std::string errno_text() {
  return std::strerror(errno);
}

// 16 hex digits from the operating system's random source: a name nobody can predict
// (and so plant a file or link under) before it is created.
std::string random_suffix() {
  static thread_local std::random_device rd;
  std::uint64_t v = (std::uint64_t{rd()} << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

constexpr int kAttempts = 32;

}  // namespace

AtomicFile::AtomicFile(std::string final_path) : final_(std::move(final_path)) {
  check_output_target(final_);
  create_temp([this](const std::string& temp) {
    fd_ = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ >= 0) return true;
    if (errno == EEXIST) return false;
    throw OutputError("cannot write " + final_ + ": " + errno_text());
  });
}

AtomicFile::AtomicFile(std::string final_path,
                       const std::function<bool(const std::string&)>& create)
    : final_(std::move(final_path)) {
  check_output_target(final_);
  create_temp(create);
}

void AtomicFile::create_temp(const std::function<bool(const std::string&)>& create) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::string temp = final_ + ".tmp-" + random_suffix();
    // Registered before it exists, so that no signal can leave it behind.
    int slot = register_path(temp);
    bool created = false;
    try {
      created = create(temp);
    } catch (...) {
      unregister_path(slot);
      throw;
    }
    if (created) {
      temp_ = std::move(temp);
      slot_ = slot;
      return;
    }
    unregister_path(slot);
  }
  throw OutputError("cannot write " + final_ + ": no unused temporary name after " +
                    std::to_string(kAttempts) + " tries");
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::close_fd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void AtomicFile::commit() {
  if (committed_) return;
  close_fd();
  try {
    check_output_target(final_);  // what it names may have changed while we wrote
  } catch (...) {
    discard();
    throw;
  }
  if (std::rename(temp_.c_str(), final_.c_str()) != 0) {
    std::string why = errno_text();
    discard();
    throw OutputError("cannot rename " + temp_ + " to " + final_ + ": " + why);
  }
  committed_ = true;
  unregister_path(slot_);
  slot_ = -1;
}

void AtomicFile::discard() {
  close_fd();
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  unregister_path(slot_);
  slot_ = -1;
}

void AtomicFile::write(const std::string& text) {
  if (fd_ < 0) throw OutputError("cannot write " + final_ + ": the file is not open");
  if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) {
    throw OutputError("cannot write " + final_ + ": " + errno_text());
  }
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw OutputError("cannot write " + final_ + ": " + errno_text());
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void write_file_atomically(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.write(text);
  f.commit();
}

void remove_temp_files_on_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_and_reraise);
}

}  // namespace plegsim::record
