// Latency of one runtime operation: median = base + perItem x items, times a noise
// draw with median 1. Pure math over an RNG stream; knows nothing of the kernel queue.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "models/det_exp.h"
#include "models/normal.h"
#include "sim/core/rng.h"
#include "sim/core/time.h"

namespace plegsim::models {

using core::Duration;

// Multiplicative noise around the median.
struct Noise {
  enum class Kind { kConstant, kLognormal, kGamma, kEmpirical, kWeibull, kMixture };
  Kind kind = Kind::kConstant;
  double sigma = 0.0;  // lognormal: exp(sigma * N(0,1)), median 1
  // gamma: Gamma(shape, 1/shape), mean 1. weibull: Weibull(shape) scaled to median 1.
  double shape = 1.0;
  // empirical: multipliers at evenly spaced quantiles 0..1 (>= 2 points, ascending),
  // sampled by linear interpolation of the inverse CDF.
  std::vector<double> quantiles;
  // mixture: parts = {body, tail}, neither a mixture. With probability
  // tail_probability a draw is the tail's times tail_factor, else the body's.
  std::vector<Noise> parts;
  double tail_probability = 0.0;
  double tail_factor = 1.0;

  bool operator==(const Noise&) const = default;
};

// Aligned so that sizeof is a power of two (128 bytes): the per-call lookup of an
// operation's model is then a shift, not a multiply-add chain (1.6 M instructions per
// node-day once Noise grew the mixture fields).
struct alignas(64) OpLatency {
  Duration base{};
  Duration per_item{};
  Noise noise;
  // Median for `items` objects, before noise.
  Duration median(std::int64_t items) const { return base + per_item * items; }
};
static_assert((sizeof(OpLatency) & (sizeof(OpLatency) - 1)) == 0,
              "OpLatency's size should stay a power of two (see above)");

// Draws the noise multiplier alone (median 1 for lognormal and weibull, mean 1 for gamma).
double sample_noise(const Noise& n, core::RngStream& rng);

// Scales a median by a noise multiplier: never negative, rounded to the nanosecond.
inline Duration scale_median(Duration med, double noise) {
  double v = static_cast<double>(med.ns) * noise;
  if (!(v > 0)) return Duration{};
  if (v > 9.0e18) return Duration::max();
  // v > 0: adding one half and truncating rounds like llround, without the libm call.
  return Duration{static_cast<std::int64_t>(v + 0.5)};
}

// exp(sigma * N(0, 1)): the lognormal multiplier, median 1.
inline double lognormal_noise(double sigma, core::RngStream& rng) {
  return det_exp(sigma * standard_normal(rng));
}

// Draws one service time. Inline, with the lognormal draw (the common model) in line:
// it runs once per simulated CRI call.
inline Duration sample_latency(const OpLatency& m, std::int64_t items, core::RngStream& rng) {
  Duration med = m.median(items);
  if (m.noise.kind == Noise::Kind::kConstant) return med;
  if (m.noise.kind == Noise::Kind::kLognormal) {
    return scale_median(med, lognormal_noise(m.noise.sigma, rng));
  }
  return scale_median(med, sample_noise(m.noise, rng));
}

std::string describe(const Noise& n);

}  // namespace plegsim::models
