// Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000) with 256
// layers of equal area: one 64-bit draw, two table loads and a compare for 99% of
// draws; the wedges and the tail (beyond r = 3.654) are out of line. Deterministic:
// the tables are generated once (models/gen_normal_tables.py) and the wedge test uses
// det_exp; only the tail (1 draw in 3,800) calls std::log.
#pragma once

#include <bit>
#include <cstdint>

#include "models/normal_tables.h"
#include "sim/core/rng.h"

namespace plegsim::models {

namespace detail {
// The draw `bits` (layer i, value x) fell outside its layer's core: the wedge test,
// or the tail for the base layer; a rejected draw starts over.
double normal_outside_core(core::RngStream& rng, std::uint64_t bits, double x);
}  // namespace detail

inline double standard_normal(core::RngStream& rng) {
  // Bits 0-7: the layer; bit 8: the sign; bits 11-63: a uniform in [0, 1).
  std::uint64_t bits = rng.engine()();
  unsigned i = static_cast<unsigned>(bits & 0xff);
  double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * detail::kZigX[i];
  if (x < detail::kZigX[i + 1]) [[likely]] {
    // The sign by bit arithmetic: a branch on a fair coin would mispredict half the time.
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((bits & 0x100) << 55));
  }
  return detail::normal_outside_core(rng, bits, x);
}

}  // namespace plegsim::models
