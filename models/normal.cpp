#include "models/normal.h"

#include <cmath>

#include "models/det_exp.h"

namespace plegsim::models::detail {

double normal_outside_core(core::RngStream& rng, std::uint64_t bits, double x) {
  while (true) {
    unsigned i = static_cast<unsigned>(bits & 0xff);
    bool negative = (bits & 0x100) != 0;
    if (x < kZigX[i + 1]) return negative ? -x : x;  // a redraw that fell in the core
    if (i == 0) {
      // The tail beyond r (Marsaglia 1964): r + a, a ~ Exp(r) thinned by exp(-a^2/2).
      double a = 0;
      double b = 0;
      do {
        // Uniforms in (0, 1]: no log(0).
        double u1 = static_cast<double>((rng.engine()() >> 11) + 1) * 0x1.0p-53;
        double u2 = static_cast<double>((rng.engine()() >> 11) + 1) * 0x1.0p-53;
        a = -std::log(u1) / kZigR;
        b = -std::log(u2);
      } while (b + b < a * a);
      return negative ? -(kZigR + a) : kZigR + a;
    }
    // The wedge of layer i: (x, y) with y uniform between the layer's heights.
    double y = kZigF[i] + rng.uniform01() * (kZigF[i + 1] - kZigF[i]);
    if (y < det_exp(-0.5 * x * x)) return negative ? -x : x;
    bits = rng.engine()();
    x = static_cast<double>(bits >> 11) * 0x1.0p-53 * kZigX[bits & 0xff];
  }
}

}  // namespace plegsim::models::detail
