// Latency of one runtime operation: median = base + perReturned x returned + perScanned
// x scanned, times a noise draw with median 1; and the share of it spent holding the
// runtime's store lock. Pure math over an RNG stream; knows nothing of the kernel queue.
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
// What a call counts (CallEngine decides, docs/scenario.md): `returned`, the objects it
// answers with; `scanned`, the objects of that kind the runtime walks to find them. A
// full list returns what it scans; a list filtered by pod returns the pod's objects but
// scans the whole store, then filters (realworld.md R1, R10, R12).
struct alignas(64) OpLatency {
  Duration base{};
  // Per returned object: YAML perReturned, or perItem, its first name (kept as an alias).
  Duration per_item{};
  Noise noise;
  // Per scanned object: YAML perScanned. After `noise`, so that the aggregate
  // {base, perItem, noise} reads as it always did.
  Duration per_scanned{};
  // The share, in [0, 1], of a call's service time spent holding the runtime's single
  // exclusive store lock (YAML locked); 0: the call never takes it.
  double locked = 0.0;

  bool operator==(const OpLatency&) const = default;
  // Median for `returned` and `scanned` objects, before noise.
  Duration median(std::int64_t returned, std::int64_t scanned) const {
    Duration m = base + per_item * returned;
    return per_scanned.ns != 0 ? m + per_scanned * scanned : m;
  }
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

// Draws one service time around a median. Inline, with the lognormal draw (the common
// model) in line: it runs once per simulated CRI call.
inline Duration sample_around(Duration med, const Noise& n, core::RngStream& rng) {
  if (n.kind == Noise::Kind::kConstant) return med;
  if (n.kind == Noise::Kind::kLognormal) return scale_median(med, lognormal_noise(n.sigma, rng));
  return scale_median(med, sample_noise(n, rng));
}

// Draws one service time for `returned` and `scanned` objects.
inline Duration sample_latency(const OpLatency& m, std::int64_t returned, std::int64_t scanned,
                               core::RngStream& rng) {
  return sample_around(m.median(returned, scanned), m.noise, rng);
}

// A call that returns every object it scans (a full list): returned = scanned = items.
inline Duration sample_latency(const OpLatency& m, std::int64_t items, core::RngStream& rng) {
  return sample_latency(m, items, items, rng);
}

// The locked part of a service time `work`: locked x work, rounded to the nanosecond,
// never more than `work` (1: all of it).
inline Duration locked_part(Duration work, double locked) {
  if (locked >= 1.0) return work;
  double v = static_cast<double>(work.ns) * locked;
  if (!(v > 0)) return Duration{};
  auto ns = static_cast<std::int64_t>(v + 0.5);
  return Duration{ns < work.ns ? ns : work.ns};
}

std::string describe(const Noise& n);

}  // namespace plegsim::models
