// Seeded random streams: one per component, derived from (seed, component name), so
// adding a component never perturbs another's draws.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace plegsim::core {

// splitmix64 finaliser: spreads nearby seeds over the whole 64-bit space.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the name; stable across platforms and compilers (unlike std::hash).
constexpr std::uint64_t name_hash(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

constexpr std::uint64_t derive_seed(std::uint64_t seed, std::string_view component) {
  return mix64(mix64(seed) ^ name_hash(component));
}

// One component's random stream.
class RngStream {
 public:
  using Engine = boost::random::mt19937_64;
  RngStream(std::uint64_t seed, std::string_view component)
      : engine_(derive_seed(seed, component)) {}
  Engine& engine() { return engine_; }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n); n > 0. Lemire's multiply-shift, deterministic everywhere.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
  }

 private:
  Engine engine_;
};

}  // namespace plegsim::core
