#include "sim/regress/stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

#include "sim/core/stats.h"

namespace plegsim::regress {
namespace {

struct Moments {
  double mean = 0;
  double var = 0;  // unbiased
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  if (x.empty()) return m;
  m.mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  if (x.size() < 2) return m;
  double ss = 0;
  for (double v : x) ss += (v - m.mean) * (v - m.mean);
  m.var = ss / static_cast<double>(x.size() - 1);
  return m;
}

}  // namespace

double welch_t_p(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) return 1;
  Moments ma = moments(a), mb = moments(b);
  double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  double va = ma.var / na, vb = mb.var / nb;
  double se2 = va + vb;
  if (se2 <= 0) return ma.mean == mb.mean ? 1 : 0;
  double t = (ma.mean - mb.mean) / std::sqrt(se2);
  double nu = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
  return std::min(1.0, 2 * core::student_t_cdf(-std::fabs(t), nu));
}

double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) return 1;
  struct Item {
    double v;
    bool from_a;
  };
  std::vector<Item> all;
  all.reserve(a.size() + b.size());
  for (double v : a) all.push_back({v, true});
  for (double v : b) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Item& x, const Item& y) { return x.v < y.v; });
  double n = static_cast<double>(all.size());
  double rank_sum_a = 0, tie_term = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].v == all[i].v) ++j;
    double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;  // mid-rank
    double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].from_a) rank_sum_a += rank;
    }
    i = j;
  }
  double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  double u = rank_sum_a - na * (na + 1) / 2;
  double mu = na * nb / 2;
  double var = na * nb / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (var <= 0) return 1;
  double diff = std::fabs(u - mu);
  double z = std::max(0.0, diff - 0.5) / std::sqrt(var);
  return std::min(1.0, 2 * core::normal_cdf(-z));
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  std::vector<double> adj(p.size());
  double running = 0;
  double m = static_cast<double>(p.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    double v = std::min(1.0, (m - static_cast<double>(r)) * p[order[r]]);
    running = std::max(running, v);
    adj[order[r]] = running;
  }
  return adj;
}

}  // namespace plegsim::regress
