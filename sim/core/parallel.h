// Runs body(i) for every i in [from, to) on `threads` threads (the calling one among
// them), each index once, and returns when all have finished. The first exception a body
// throws stops the handing out of indices and is rethrown here. Which thread ran an
// index is not observable in the results as long as body(i) writes only slot i: the
// replications, sweeps and searches built on it are independent of the thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace plegsim::core {

template <class Body>
void parallel_for(std::uint64_t from, std::uint64_t to, unsigned threads, Body&& body,
                  const std::atomic<bool>* stop = nullptr) {
  if (from >= to) return;
  std::atomic<std::uint64_t> next{from};
  std::exception_ptr failure;
  std::mutex mu;
  auto work = [&] {
    for (;;) {
      if (stop != nullptr && stop->load()) return;
      std::uint64_t i = next.fetch_add(1);
      if (i >= to) return;
      try {
        body(i);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!failure) failure = std::current_exception();
        next.store(to);
        return;
      }
    }
  };
  const auto n = static_cast<unsigned>(
      std::clamp<std::uint64_t>(threads, 1, std::max<std::uint64_t>(to - from, 1)));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace plegsim::core
