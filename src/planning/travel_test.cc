#include "planning/travel.h"

#include <gtest/gtest.h>

namespace alley::planning {
namespace {

TEST(WalkDeciseconds, RoundsToTheNearestDecisecond) {
  EXPECT_EQ(WalkDeciseconds(120.0), 1200u);
  EXPECT_EQ(WalkDeciseconds(1.04), 10u);
  EXPECT_EQ(WalkDeciseconds(1.06), 11u);
  EXPECT_EQ(WalkDeciseconds(100.0, 1.25), 800u);
}

TEST(WalkDeciseconds, IsAtLeastOne) {
  EXPECT_EQ(WalkDeciseconds(0.0), 1u);
  EXPECT_EQ(WalkDeciseconds(0.01), 1u);
}

TEST(WalkDeciseconds, ClampsBelowUnreachable) {
  EXPECT_EQ(WalkDeciseconds(1e12), kUnreachable - 1);
}

TEST(MinutesToDeciseconds, FifteenMinutes) {
  static_assert(MinutesToDeciseconds(15) == 9000);
  EXPECT_EQ(MinutesToDeciseconds(5), 3000u);
}

}  // namespace
}  // namespace alley::planning
