#include "models/latency.h"

#include <cmath>
#include <cstdio>

#include <boost/random/gamma_distribution.hpp>

namespace plegsim::models {

double sample_noise(const Noise& n, core::RngStream& rng) {
  switch (n.kind) {
    case Noise::Kind::kConstant:
      return 1.0;
    case Noise::Kind::kLognormal:
      return lognormal_noise(n.sigma, rng);
    case Noise::Kind::kGamma: {
      boost::random::gamma_distribution<double> gamma(n.shape, 1.0 / n.shape);
      return gamma(rng.engine());
    }
    case Noise::Kind::kEmpirical: {
      const auto& q = n.quantiles;
      double u = rng.uniform01() * static_cast<double>(q.size() - 1);
      auto i = static_cast<std::size_t>(u);
      if (i + 1 >= q.size()) return q.back();
      double f = u - static_cast<double>(i);
      return q[i] + (q[i + 1] - q[i]) * f;
    }
    case Noise::Kind::kWeibull: {
      // Inverse CDF, one uniform per draw; the scale 1 / ln(2)^(1/K) puts the median at 1.
      double u = rng.uniform01();
      double inv = 1.0 / n.shape;
      return std::pow(std::log1p(-u) / -std::log(2.0), inv);
    }
    case Noise::Kind::kMixture: {
      // One uniform picks the component, then the component draws (parser: 2 parts).
      if (rng.uniform01() < n.tail_probability) {
        return n.tail_factor * sample_noise(n.parts[1], rng);
      }
      return sample_noise(n.parts[0], rng);
    }
  }
  return 1.0;
}

std::string describe(const Noise& n) {
  char buf[96];
  switch (n.kind) {
    case Noise::Kind::kConstant:
      return "constant";
    case Noise::Kind::kLognormal:
      std::snprintf(buf, sizeof buf, "lognormal(sigma=%g)", n.sigma);
      return buf;
    case Noise::Kind::kGamma:
      std::snprintf(buf, sizeof buf, "gamma(shape=%g)", n.shape);
      return buf;
    case Noise::Kind::kEmpirical:
      std::snprintf(buf, sizeof buf, "empirical(%zu quantiles)", n.quantiles.size());
      return buf;
    case Noise::Kind::kWeibull:
      std::snprintf(buf, sizeof buf, "weibull(shape=%g)", n.shape);
      return buf;
    case Noise::Kind::kMixture: {
      if (n.parts.size() != 2) return "mixture(?)";
      std::snprintf(buf, sizeof buf, ", p=%g, x%g)", n.tail_probability, n.tail_factor);
      return "mixture(" + describe(n.parts[0]) + ", tail=" + describe(n.parts[1]) + buf;
    }
  }
  return "?";
}

}  // namespace plegsim::models
