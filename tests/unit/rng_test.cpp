// The random streams and the deterministic exp the latency models draw through.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>

#include "models/det_exp.h"
#include "sim/core/rng.h"

namespace {

using plegsim::core::RngStream;
using plegsim::core::Xoshiro256pp;
using plegsim::models::det_exp;

TEST(Rng, Xoshiro256ppMatchesTheReferenceOutputs) {
  // The first outputs of the authors' reference xoshiro256++ from state {1, 2, 3, 4}.
  auto g = Xoshiro256pp::from_state(1, 2, 3, 4);
  const std::uint64_t want[] = {41943041ULL,
                                58720359ULL,
                                3588806011781223ULL,
                                3591011842654386ULL,
                                9228616714210784205ULL,
                                9973669472204895162ULL,
                                14011001112246962877ULL,
                                12406186145184390807ULL,
                                15849039046786891736ULL,
                                10450023813501588000ULL};
  for (std::uint64_t w : want) EXPECT_EQ(g(), w);
}

TEST(Rng, StreamsDependOnSeedAndComponentOnly) {
  RngStream a(7, "cri.latency"), b(7, "cri.latency"), c(8, "cri.latency"), d(7, "cri.faults");
  std::uint64_t x = a.engine()();
  EXPECT_EQ(x, b.engine()());
  EXPECT_NE(x, c.engine()());
  EXPECT_NE(x, d.engine()());
}

TEST(Rng, Uniform01AndBelowStayInRangeAndCoverIt) {
  RngStream r(1, "test");
  double lo = 1, hi = 0, sum = 0;
  std::set<std::uint64_t> seen;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double u = r.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
    std::uint64_t k = r.below(10);
    ASSERT_LT(k, 10u);
    seen.insert(k);
  }
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1 - 1e-4);
  EXPECT_NEAR(sum / n, 0.5, 0.005);  // sd of the mean ~0.00065
  EXPECT_EQ(seen.size(), 10u);
}

std::int64_t ulps(double a, double b) {
  auto ia = std::bit_cast<std::int64_t>(a), ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(DetExp, WithinOneUlpOfLibmOverTheWholeRange) {
  Xoshiro256pp g(3);
  std::int64_t worst = 0;
  for (int i = 0; i < 2000000; ++i) {
    double u = static_cast<double>(g() >> 11) * 0x1.0p-53;
    // Half over [-700, 700], half over [-8, 8] where the latency noise lives.
    double x = (i & 1) ? (u * 1400 - 700) : (u * 16 - 8);
    worst = std::max(worst, ulps(det_exp(x), std::exp(x)));
  }
  EXPECT_LE(worst, 1);
}

TEST(DetExp, ExactAtTheEdges) {
  EXPECT_EQ(det_exp(0.0), 1.0);
  EXPECT_EQ(det_exp(-0.0), 1.0);
  EXPECT_EQ(det_exp(1.0), 0x1.5bf0a8b145769p+1);          // e, correctly rounded
  EXPECT_LE(ulps(det_exp(-709.0), std::exp(-709.0)), 1);  // subnormal: std::exp
  EXPECT_EQ(det_exp(1000.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(det_exp(-1000.0), 0.0);
  EXPECT_TRUE(std::isnan(det_exp(std::numeric_limits<double>::quiet_NaN())));
  // Around the table's steps (k = 64m + j) and across the sign of the reduction.
  for (int k = -130; k <= 130; ++k) {
    double x = k * 0x1.62e42fefa39efp-7;  // k ln2 / 64
    for (double dx : {-1e-9, 0.0, 1e-9}) EXPECT_LE(ulps(det_exp(x + dx), std::exp(x + dx)), 1);
  }
}

}  // namespace
