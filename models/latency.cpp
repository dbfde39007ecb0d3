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
  }
  return "?";
}

}  // namespace plegsim::models
