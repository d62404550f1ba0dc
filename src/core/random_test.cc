#include "core/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace alley::core {
namespace {

TEST(RngTest, SameSeedSameSequence) {
  Rng a(42);
  Rng b(42);
  Rng c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs = differs || x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, MatchesTheReferenceAlgorithm) {
  // splitmix64(0) seeds, then xoshiro256**: values computed from the
  // published reference implementations (prng.di.unimi.it).
  Rng rng(0);
  EXPECT_EQ(rng.Next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(rng.Next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(rng.Next(), 0x1a5f849d4933e6e0ULL);
}

TEST(RngTest, UniformStaysInBounds) {
  Rng rng(1);
  std::array<int, 7> seen{};
  for (int i = 0; i < 70'000; ++i) {
    uint64_t x = rng.Uniform(7);
    ASSERT_LT(x, 7u);
    ++seen[x];
  }
  for (int count : seen) EXPECT_NEAR(count, 10'000, 500);
  for (int i = 0; i < 1000; ++i) {
    double r = rng.UniformReal();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
  }
}

TEST(RngTest, WeightedFrequencies) {
  Rng rng(2);
  const std::array<double, 4> weights = {1, 0, 3, 6};
  std::array<int, 4> seen{};
  for (int i = 0; i < 100'000; ++i) ++seen[rng.Weighted(weights)];
  EXPECT_EQ(seen[1], 0);
  EXPECT_NEAR(seen[0], 10'000, 600);
  EXPECT_NEAR(seen[2], 30'000, 900);
  EXPECT_NEAR(seen[3], 60'000, 900);
}

TEST(RngTest, NormalAndBernoulli) {
  Rng rng(3);
  double sum = 0;
  double sq = 0;
  int heads = 0;
  const int n = 50'000;
  for (int i = 0; i < n; ++i) {
    double x = rng.Normal(10, 2);
    sum += x;
    sq += x * x;
    heads += rng.Bernoulli(0.25) ? 1 : 0;
  }
  double mean = sum / n;
  EXPECT_NEAR(mean, 10, 0.05);
  EXPECT_NEAR(std::sqrt(sq / n - mean * mean), 2, 0.05);
  EXPECT_NEAR(heads, n / 4.0, 500);
  EXPECT_FALSE(rng.Bernoulli(0));
  EXPECT_TRUE(rng.Bernoulli(1));
}

TEST(RngTest, ForkIsIndependentAndDoesNotAdvance) {
  Rng a(5);
  Rng copy = a;
  Rng f1 = a.Fork(1);
  Rng f2 = a.Fork(2);
  EXPECT_EQ(a.Next(), copy.Next());
  EXPECT_NE(f1.Next(), f2.Next());
  EXPECT_EQ(Rng(5).Fork(1).Next(), Rng(5).Fork(1).Next());
}

}  // namespace
}  // namespace alley::core
