#include "sim/record/atomic_file.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>

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

}  // namespace

AtomicFile::AtomicFile(std::string final_path)
    : final_(std::move(final_path)), temp_(final_ + ".tmp-" + std::to_string(getpid())) {
  slot_ = register_path(temp_);
  std::ofstream probe(temp_, std::ios::trunc);
  if (!probe) {
    std::string why = errno_text();
    unregister_path(slot_);
    throw OutputError("cannot write " + final_ + ": " + why);
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::commit() {
  if (committed_) return;
  if (std::rename(temp_.c_str(), final_.c_str()) != 0) {
    throw OutputError("cannot rename " + temp_ + " to " + final_ + ": " + errno_text());
  }
  committed_ = true;
  unregister_path(slot_);
  slot_ = -1;
}

void AtomicFile::discard() {
  std::remove(temp_.c_str());
  unregister_path(slot_);
  slot_ = -1;
}

void AtomicFile::write(const std::string& text) {
  std::ofstream out(temp_, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw OutputError("cannot write " + final_ + ": " + errno_text());
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
