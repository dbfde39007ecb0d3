#include "models/dwell.h"

#include <cmath>

namespace plegsim::models {

Duration sample_dwell(const Dwell& d, core::RngStream& rng) {
  double ns = 0;
  if (d.kind == Dwell::Kind::kExponential) {
    ns = -std::log(1.0 - rng.uniform01()) * static_cast<double>(d.scale.ns);
  } else {
    ns = static_cast<double>(d.scale.ns) * sample_noise(d.noise, rng);
  }
  if (!(ns >= 1.0)) return Duration{1};
  if (ns > 9.0e18) return Duration::max();
  return Duration{static_cast<std::int64_t>(ns + 0.5)};
}

double noise_mean(const Noise& n) {
  switch (n.kind) {
    case Noise::Kind::kConstant:
    case Noise::Kind::kGamma:
      return 1.0;
    case Noise::Kind::kLognormal:
      return std::exp(n.sigma * n.sigma / 2.0);
    case Noise::Kind::kWeibull:
      return std::tgamma(1.0 + 1.0 / n.shape) / std::pow(std::log(2.0), 1.0 / n.shape);
    case Noise::Kind::kEmpirical: {
      // The inverse CDF is piecewise linear over evenly spaced quantiles: trapezoids.
      const auto& q = n.quantiles;
      if (q.size() < 2) return q.empty() ? 1.0 : q[0];
      double sum = 0;
      for (std::size_t i = 0; i + 1 < q.size(); ++i) sum += (q[i] + q[i + 1]) / 2.0;
      return sum / static_cast<double>(q.size() - 1);
    }
    case Noise::Kind::kMixture:
      return (1.0 - n.tail_probability) * noise_mean(n.parts.at(0)) +
             n.tail_probability * n.tail_factor * noise_mean(n.parts.at(1));
  }
  return 1.0;
}

double mean_seconds(const Dwell& d) {
  double s = d.scale.seconds_f();
  return d.kind == Dwell::Kind::kExponential ? s : s * noise_mean(d.noise);
}

}  // namespace plegsim::models
