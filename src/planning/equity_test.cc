#include "planning/equity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/random.h"
#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

// The Gini by its definition, O(n²).
double DefinitionGini(const std::vector<double>& x, const std::vector<double>& w) {
  double pairs = 0;
  double weight = 0;
  double weighted = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    weight += w[i];
    weighted += w[i] * x[i];
    for (std::size_t j = 0; j < x.size(); ++j) pairs += w[i] * w[j] * std::abs(x[i] - x[j]);
  }
  return pairs / (2 * weight * weighted);
}

TEST(Gini, EqualValuesGiveZero) {
  const std::vector<double> x = {3, 3, 3, 3};
  const std::vector<double> w = {1, 5, 2, 9};
  EXPECT_THAT(WeightedGini(x, w), ::alley::testing::IsOk());
  EXPECT_THAT(*WeightedGini(x, w), Optional(0.0));
}

TEST(Gini, OneHolderOfEverything) {
  for (std::size_t n : {2u, 5u, 10u}) {
    std::vector<double> x(n, 0.0);
    x[n / 2] = 7;
    const std::vector<double> w(n, 1.0);
    ASSERT_OK_AND_ASSIGN(std::optional<double> g, WeightedGini(x, w));
    EXPECT_THAT(g,
                Optional(DoubleNear(static_cast<double>(n - 1) / static_cast<double>(n), 1e-15)));
  }
}

TEST(Gini, ByHand) {
  // Values 1, 2, 3 with weights 1, 1, 2: pairs |1-2|·1·1 + |1-3|·1·2 + |2-3|·1·2
  // = 1 + 4 + 2 = 7, doubled 14; W = 4, μ = 9/4: G = 14 / (2·16·9/4) = 7/36.
  const std::vector<double> x = {3, 1, 2};
  const std::vector<double> w = {2, 1, 1};
  ASSERT_OK_AND_ASSIGN(std::optional<double> g, WeightedGini(x, w));
  EXPECT_THAT(g, Optional(DoubleNear(7.0 / 36.0, 1e-15)));
}

TEST(Gini, IntegerWeightsEqualRepeatedHomes) {
  const std::vector<double> x = {4, 1, 9};
  const std::vector<double> w = {2, 3, 1};
  const std::vector<double> repeated = {4, 4, 1, 1, 1, 9};
  const std::vector<double> ones(6, 1.0);
  ASSERT_OK_AND_ASSIGN(std::optional<double> a, WeightedGini(x, w));
  ASSERT_OK_AND_ASSIGN(std::optional<double> b, WeightedGini(repeated, ones));
  EXPECT_THAT(a, Optional(DoubleNear(*b, 1e-15)));
}

TEST(Gini, MatchesTheDefinitionOnRandomValues) {
  core::Rng rng(3);
  std::vector<double> x;
  std::vector<double> w;
  for (int i = 0; i < 300; ++i) {
    x.push_back(rng.Bernoulli(0.2) ? 0.0 : rng.UniformReal() * 5);
    w.push_back(static_cast<double>(rng.Uniform(6)));
  }
  ASSERT_OK_AND_ASSIGN(std::optional<double> g, WeightedGini(x, w));
  EXPECT_THAT(g, Optional(DoubleNear(DefinitionGini(x, w), 1e-12)));
}

TEST(Gini, EmptyOrZeroMeanIsMissing) {
  EXPECT_EQ(*WeightedGini({}, {}), std::nullopt);
  const std::vector<double> zeros = {0, 0};
  const std::vector<double> w = {1, 1};
  const std::vector<double> no_weight = {0, 0};
  const std::vector<double> x = {1, 2};
  EXPECT_EQ(*WeightedGini(zeros, w), std::nullopt);
  EXPECT_EQ(*WeightedGini(x, no_weight), std::nullopt);
}

TEST(Gini, RefusesBadInputByName) {
  const std::vector<double> x = {1, -2};
  const std::vector<double> w = {1, 1};
  const std::vector<double> nan_w = {1, std::nan("")};
  const std::vector<double> ok = {1, 2};
  EXPECT_THAT(WeightedGini(x, w), StatusIs(StatusCode::kInvalidArgument, HasSubstr("values[1]")));
  EXPECT_THAT(WeightedGini(ok, nan_w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("weights[1]")));
  EXPECT_THAT(WeightedGini(ok, std::vector<double>{1}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("differ in length")));
}

TEST(TheilT, EqualValuesGiveZeroAndOneHolderLogN) {
  const std::vector<double> equal = {2, 2, 2};
  const std::vector<double> w = {1, 1, 1};
  ASSERT_OK_AND_ASSIGN(TheilResult t, TheilT(equal, w, {}, 0));
  EXPECT_THAT(t.total, Optional(DoubleNear(0.0, 1e-15)));
  EXPECT_EQ(t.within, std::nullopt);

  const std::vector<double> one = {0, 6, 0, 0};
  const std::vector<double> w4 = {1, 1, 1, 1};
  ASSERT_OK_AND_ASSIGN(t, TheilT(one, w4, {}, 0));
  EXPECT_THAT(t.total, Optional(DoubleNear(std::log(4.0), 1e-15)));
}

TEST(TheilT, ByHandWithItsDecomposition) {
  // Group 0: values 1, 3 (μ0 = 2); group 1: value 4 (weight 2, μ1 = 4).
  // μ = (1 + 3 + 8) / 4 = 3.
  // T = [1·ln(1/3) + 3·ln(3/3) + 2·4·ln(4/3)] / 12.
  // T0 = [1·ln(1/2) + 3·ln(3/2)] / 4, T1 = 0; s0 = 4/12, s1 = 8/12.
  const std::vector<double> x = {1, 3, 4};
  const std::vector<double> w = {1, 1, 2};
  const std::vector<std::uint32_t> g = {0, 0, 1};
  ASSERT_OK_AND_ASSIGN(TheilResult t, TheilT(x, w, g, 3));
  const double total = (std::log(1.0 / 3) + 8 * std::log(4.0 / 3)) / 12;
  const double t0 = (std::log(0.5) + 3 * std::log(1.5)) / 4;
  EXPECT_THAT(t.total, Optional(DoubleNear(total, 1e-15)));
  EXPECT_THAT(t.group_index[0], Optional(DoubleNear(t0, 1e-15)));
  EXPECT_THAT(t.group_index[1], Optional(DoubleNear(0.0, 1e-15)));
  EXPECT_EQ(t.group_index[2], std::nullopt);  // an empty group
  EXPECT_THAT(t.group_mean, ElementsAre(Optional(2.0), Optional(4.0), std::nullopt));
  EXPECT_THAT(t.within, Optional(DoubleNear(t0 * 4 / 12, 1e-15)));
  EXPECT_THAT(t.between,
              Optional(DoubleNear((4 * std::log(2.0 / 3) + 8 * std::log(4.0 / 3)) / 12, 1e-15)));
}

TEST(TheilT, DecompositionSumsToTheTotal) {
  core::Rng rng(9);
  std::vector<double> x;
  std::vector<double> w;
  std::vector<std::uint32_t> g;
  for (int i = 0; i < 500; ++i) {
    const auto group = static_cast<std::uint32_t>(rng.Uniform(7));
    g.push_back(group);
    // Group 6 has nothing (mean 0): it adds nothing.
    x.push_back(group == 6 || rng.Bernoulli(0.1) ? 0.0 : rng.UniformReal() * (1 + group));
    w.push_back(static_cast<double>(rng.Uniform(5)));
  }
  ASSERT_OK_AND_ASSIGN(TheilResult t, TheilT(x, w, g, 8));
  ASSERT_TRUE(t.total && t.within && t.between);
  EXPECT_NEAR(*t.within + *t.between, *t.total, 1e-12);
  EXPECT_GT(*t.between, 0);
  EXPECT_EQ(t.group_index[6], std::nullopt);
}

TEST(TheilL, ByHandAndDecomposition) {
  const std::vector<double> x = {1, 3, 4};
  const std::vector<double> w = {1, 1, 2};
  const std::vector<std::uint32_t> g = {0, 0, 1};
  ASSERT_OK_AND_ASSIGN(TheilResult l, TheilL(x, w, g, 2));
  const double total = (std::log(3.0) + std::log(1.0) + 2 * std::log(3.0 / 4)) / 4;
  EXPECT_THAT(l.total, Optional(DoubleNear(total, 1e-15)));
  ASSERT_TRUE(l.within && l.between);
  EXPECT_NEAR(*l.within + *l.between, *l.total, 1e-15);
  EXPECT_THAT(l.group_index[0],
              Optional(DoubleNear((std::log(2.0) + std::log(2.0 / 3)) / 2, 1e-15)));
}

TEST(TheilL, UndefinedWhenSomeoneHasNothing) {
  const std::vector<double> x = {0, 3, 4};
  const std::vector<double> w = {1, 1, 2};
  const std::vector<std::uint32_t> g = {0, 1, 1};
  ASSERT_OK_AND_ASSIGN(TheilResult l, TheilL(x, w, g, 2));
  EXPECT_EQ(l.total, std::nullopt);
  EXPECT_EQ(l.within, std::nullopt);
  EXPECT_EQ(l.group_index[0], std::nullopt);
  EXPECT_TRUE(l.group_index[1].has_value());  // group 1's own L is defined
  // A home of weight 0 with value 0 takes no part.
  const std::vector<double> w0 = {0, 1, 2};
  ASSERT_OK_AND_ASSIGN(l, TheilL(x, w0, g, 2));
  EXPECT_TRUE(l.total.has_value());
}

TEST(Theil, EmptyZeroMeanAndBadGroups) {
  ASSERT_OK_AND_ASSIGN(TheilResult t, TheilT({}, {}, {}, 0));
  EXPECT_EQ(t.total, std::nullopt);
  const std::vector<double> zeros = {0, 0};
  const std::vector<double> w = {1, 1};
  ASSERT_OK_AND_ASSIGN(t, TheilT(zeros, w, {}, 0));
  EXPECT_EQ(t.total, std::nullopt);
  const std::vector<std::uint32_t> past = {0, 5};
  EXPECT_THAT(TheilT(w, w, past, 2),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("groups[1]: group 5")));
  EXPECT_THAT(TheilL(w, w, past, 2), StatusIs(StatusCode::kOutOfRange));
}

WorstServed Decile(const std::vector<double>& x, const std::vector<double>& w) {
  StatusOr<WorstServed> d = WorstServedShare(x, w);
  EXPECT_OK(d);
  return d.ok() ? *d : WorstServed{};
}

TEST(WorstServed, TheLowestDecileWithTies) {
  // Ten homes of one resident each, values 0..9: the decile is home 3 (value 0).
  std::vector<double> x = {5, 8, 2, 0, 9, 1, 7, 3, 4, 6};
  const std::vector<double> w(10, 1.0);
  WorstServed d = Decile(x, w);
  EXPECT_THAT(d.threshold, Optional(0.0));
  EXPECT_THAT(d.homes, ElementsAre(3u));
  EXPECT_DOUBLE_EQ(d.share, 0.1);
  // Ties at the threshold come along: three homes at 0.
  x[2] = 0;
  x[5] = 0;
  d = Decile(x, w);
  EXPECT_THAT(d.homes, ElementsAre(2u, 3u, 5u));
  EXPECT_DOUBLE_EQ(d.share, 0.3);
}

TEST(WorstServed, WeightsCountPeople) {
  // 30 people: the decile needs 3. Home 1 (value 1, 2 people) is not enough;
  // home 0 (value 2) brings it to 5.
  const std::vector<double> x = {2, 1, 5, 9};
  WorstServed d = Decile(x, {3, 2, 0, 25});
  EXPECT_THAT(d.threshold, Optional(2.0));
  EXPECT_THAT(d.homes, ElementsAre(1u, 0u));
  EXPECT_EQ(d.weight, 5.0);
  // 0.1 × 30 is exactly 3 people: a home of 3 at the bottom is the decile.
  d = Decile(x, {2, 3, 0, 25});
  EXPECT_THAT(d.homes, ElementsAre(1u));
}

TEST(WorstServed, EmptyAndBadFraction) {
  ASSERT_OK_AND_ASSIGN(WorstServed d, WorstServedShare({}, {}));
  EXPECT_EQ(d.threshold, std::nullopt);
  EXPECT_TRUE(d.homes.empty());
  const std::vector<double> x = {1};
  EXPECT_THAT(WorstServedShare(x, x, 0.0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("fraction")));
  EXPECT_THAT(WorstServedShare(x, x, 1.5), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Decile(x, x).homes, ElementsAre(0u));
}

}  // namespace
}  // namespace alley::planning
