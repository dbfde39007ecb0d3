// Latency of one runtime operation: median = base + perItem x items, times a noise
// draw with median 1. Pure math over an RNG stream; knows nothing of the kernel queue.
#pragma once

#include <string>
#include <vector>

#include "sim/core/rng.h"
#include "sim/core/time.h"

namespace plegsim::models {

using core::Duration;

// Multiplicative noise around the median.
struct Noise {
  enum class Kind { kConstant, kLognormal, kGamma, kEmpirical };
  Kind kind = Kind::kConstant;
  double sigma = 0.0;  // lognormal: exp(sigma * N(0,1)), median 1
  double shape = 1.0;  // gamma: Gamma(shape, 1/shape), mean 1
  // empirical: multipliers at evenly spaced quantiles 0..1 (>= 2 points, ascending),
  // sampled by linear interpolation of the inverse CDF.
  std::vector<double> quantiles;
};

struct OpLatency {
  Duration base{};
  Duration per_item{};
  Noise noise;
  // Median for `items` objects, before noise.
  Duration median(std::int64_t items) const { return base + per_item * items; }
};

// Draws one service time. Never negative; rounds to the nanosecond.
Duration sample_latency(const OpLatency& m, std::int64_t items, core::RngStream& rng);
// Draws the noise multiplier alone (median 1 for lognormal, mean 1 for gamma).
double sample_noise(const Noise& n, core::RngStream& rng);

std::string describe(const Noise& n);

}  // namespace plegsim::models
