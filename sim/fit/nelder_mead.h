// A small deterministic Nelder-Mead minimiser (standard coefficients: reflection 1,
// expansion 2, contraction 1/2, shrink 1/2) for the fits' few-parameter problems, where
// the objective is cheap and has no derivatives worth writing.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace plegsim::fit {

template <std::size_t N>
struct Minimum {
  std::array<double, N> x{};
  double value = 0;
};

// Minimises f from `start` with initial steps `step` per coordinate, for `iters`
// iterations or until the simplex's values agree within `tol`.
template <std::size_t N, class F>
Minimum<N> nelder_mead(F f, std::array<double, N> start, std::array<double, N> step,
                       int iters = 2000, double tol = 1e-12) {
  std::array<std::array<double, N>, N + 1> p{};
  std::array<double, N + 1> v{};
  for (std::size_t i = 0; i <= N; ++i) {
    p[i] = start;
    if (i > 0) p[i][i - 1] += step[i - 1];
    v[i] = f(p[i]);
  }
  auto along = [&](const std::array<double, N>& c, const std::array<double, N>& w, double t) {
    std::array<double, N> r{};
    for (std::size_t k = 0; k < N; ++k) r[k] = c[k] + t * (w[k] - c[k]);
    return r;
  };
  for (int it = 0; it < iters; ++it) {
    // Order: best first (stable, so the run is deterministic).
    std::array<std::size_t, N + 1> idx{};
    for (std::size_t i = 0; i <= N; ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    auto p2 = p;
    auto v2 = v;
    for (std::size_t i = 0; i <= N; ++i) {
      p[i] = p2[idx[i]];
      v[i] = v2[idx[i]];
    }
    if (v[N] - v[0] <= tol * (1 + std::abs(v[0]))) break;
    std::array<double, N> c{};
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t k = 0; k < N; ++k) c[k] += p[i][k] / N;
    auto xr = along(c, p[N], -1);
    double fr = f(xr);
    if (fr < v[0]) {
      auto xe = along(c, p[N], -2);
      double fe = f(xe);
      if (fe < fr) {
        p[N] = xe;
        v[N] = fe;
      } else {
        p[N] = xr;
        v[N] = fr;
      }
    } else if (fr < v[N - 1]) {
      p[N] = xr;
      v[N] = fr;
    } else {
      bool outside = fr < v[N];
      auto xc = outside ? along(c, xr, 0.5) : along(c, p[N], 0.5);
      double fc = f(xc);
      if (fc < (outside ? fr : v[N])) {
        p[N] = xc;
        v[N] = fc;
      } else {
        for (std::size_t i = 1; i <= N; ++i) {
          p[i] = along(p[0], p[i], 0.5);
          v[i] = f(p[i]);
        }
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i <= N; ++i)
    if (v[i] < v[best]) best = i;
  return {p[best], v[best]};
}

}  // namespace plegsim::fit
