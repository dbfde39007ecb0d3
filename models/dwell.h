// How long an episode lasts: a regime state's stay, a random fault's window. Either
// exponential with a mean (memoryless: a true Markov chain), or a median times a draw
// of the latency noise catalogue (models/latency.h).
#pragma once

#include "models/latency.h"
#include "sim/core/rng.h"
#include "sim/core/time.h"

namespace plegsim::models {

struct Dwell {
  enum class Kind { kExponential, kNoise };
  Kind kind = Kind::kExponential;
  Duration scale{};  // exponential: the mean; noise: the median
  Noise noise;       // kNoise: the multiplier around the median

  bool operator==(const Dwell&) const = default;
};

// One draw, at least 1 ns (an episode always has an extent).
Duration sample_dwell(const Dwell& d, core::RngStream& rng);
// The noise's mean multiplier (lognormal exp(sigma^2/2), gamma 1, weibull
// Gamma(1+1/K)/ln2^(1/K), empirical the interpolated average, mixture the weighted mean).
double noise_mean(const Noise& n);
// The dwell's mean in seconds.
double mean_seconds(const Dwell& d);

}  // namespace plegsim::models
