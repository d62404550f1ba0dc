#include "indicators/distribution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/status_matchers.h"

namespace alley::indicators {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(DistributionTest, EqualAmountsAreEven) {
  ASSERT_OK_AND_ASSIGN(DistributionResult d, Distribution({{5, 5, 5, 5, 5}, {}, {}, {}}));
  EXPECT_EQ(d.units, 5);
  EXPECT_DOUBLE_EQ(*d.gini, 0.0);
  EXPECT_DOUBLE_EQ(*d.theil_t, 0.0);
  EXPECT_DOUBLE_EQ(*d.quintile_ratio, 1.0);
}

TEST(DistributionTest, QuintileRatioOfTenUnits) {
  // 1..10: the poorest two average 1.5, the richest two 9.5.
  ASSERT_OK_AND_ASSIGN(DistributionResult d,
                       Distribution({{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, {}, {}, {}}));
  EXPECT_DOUBLE_EQ(*d.bottom20_mean, 1.5);
  EXPECT_DOUBLE_EQ(*d.top20_mean, 9.5);
  EXPECT_DOUBLE_EQ(*d.quintile_ratio, 9.5 / 1.5);
  EXPECT_DOUBLE_EQ(*d.mean, 5.5);
  // The Gini of 1..n is (n - 1) / (3n): 0.3 for n = 10.
  EXPECT_NEAR(*d.gini, 0.3, 1e-12);
}

TEST(DistributionTest, WeightsSplitTheBoundaryUnit) {
  // Values 1 (weight 1), 2 (weight 3), 10 (weight 1): total 5, a fifth is 1.
  ASSERT_OK_AND_ASSIGN(DistributionResult d, Distribution({{2, 1, 10}, {3, 1, 1}, {}, {}}));
  EXPECT_DOUBLE_EQ(*d.bottom20_mean, 1.0);
  EXPECT_DOUBLE_EQ(*d.top20_mean, 10.0);
  // Total 10, a fifth is 2: the poorest fifth is 1 of value 1 and 1 of value 2.
  ASSERT_OK_AND_ASSIGN(DistributionResult e, Distribution({{2, 1, 10}, {3, 1, 6}, {}, {}}));
  EXPECT_DOUBLE_EQ(*e.bottom20_mean, 1.5);
  EXPECT_DOUBLE_EQ(*e.top20_mean, 10.0);
  // A weighted unit counts as that many people with its value (equity.h).
  ASSERT_OK_AND_ASSIGN(DistributionResult same, Distribution({{2, 2, 2, 1, 10}, {}, {}, {}}));
  EXPECT_NEAR(*d.gini, *same.gini, 1e-12);
  EXPECT_NEAR(*d.theil_t, *same.theil_t, 1e-12);
}

TEST(DistributionTest, MissingUnitsAreLeftOutAndCounted) {
  ASSERT_OK_AND_ASSIGN(DistributionResult d,
                       Distribution({{1, kNaN, 3, 5}, {1, 1, kNaN, 1}, {}, {}}));
  EXPECT_EQ(d.units, 2);
  EXPECT_EQ(d.missing, 2);
  EXPECT_DOUBLE_EQ(*d.mean, 3.0);
}

TEST(DistributionTest, NothingToMeasureIsMissingNotZero) {
  ASSERT_OK_AND_ASSIGN(DistributionResult d, Distribution({{kNaN}, {}, {}, {}}));
  EXPECT_FALSE(d.mean);
  EXPECT_FALSE(d.gini);
  EXPECT_FALSE(d.theil_t);
  EXPECT_FALSE(d.quintile_ratio);
  // The poorest fifth has nothing: no ratio.
  ASSERT_OK_AND_ASSIGN(DistributionResult zero, Distribution({{0, 0, 0, 0, 7}, {}, {}, {}}));
  EXPECT_FALSE(zero.quintile_ratio);
  EXPECT_DOUBLE_EQ(*zero.top20_mean, 7.0);
}

TEST(DistributionTest, TheilSplitsIntoWithinAndBetween) {
  // Urban 4 and 6, rural 1 and 3.
  ASSERT_OK_AND_ASSIGN(DistributionResult d,
                       Distribution({{4, 6, 1, 3}, {}, {0, 0, 1, 1}, {"urban", "rural"}}));
  EXPECT_NEAR(*d.theil_t, *d.theil_within + *d.theil_between, 1e-12);
  ASSERT_EQ(d.groups.size(), 2U);
  EXPECT_EQ(d.groups[0].name, "urban");
  EXPECT_DOUBLE_EQ(*d.groups[0].mean, 5.0);
  EXPECT_DOUBLE_EQ(*d.groups[1].mean, 2.0);
  // Between: s_u ln(5/3.5) + s_r ln(2/3.5) with shares 10/14 and 4/14.
  EXPECT_NEAR(*d.theil_between, 10.0 / 14 * std::log(5.0 / 3.5) + 4.0 / 14 * std::log(2.0 / 3.5),
              1e-12);
}

TEST(DistributionTest, BadInput) {
  EXPECT_THAT(Distribution({{1, 2}, {1}, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2 values but 1 weights")));
  EXPECT_THAT(Distribution({{1, -2}, {}, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("value -2 of unit 1")));
  EXPECT_THAT(Distribution({{1, 2}, {1, -1}, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("weight -1 of unit 1")));
  EXPECT_THAT(Distribution({{1, 2}, {}, {0, 2}, {"a", "b"}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("group 2 of unit 1")));
}

TEST(DistributionTest, UrbanRuralGap) {
  // The national per-capita disposable income of 2024: 54,188 and 23,119 yuan.
  UrbanRuralGap gap = UrbanRural(54188.0, 23119.0);
  EXPECT_NEAR(*gap.ratio, 2.34, 5e-3);
  EXPECT_DOUBLE_EQ(*gap.difference, 31069.0);
  EXPECT_FALSE(UrbanRural(1.0, 0.0).ratio);
  EXPECT_DOUBLE_EQ(*UrbanRural(1.0, 0.0).difference, 1.0);
  EXPECT_FALSE(UrbanRural(std::nullopt, 1.0).difference);
}

}  // namespace
}  // namespace alley::indicators
