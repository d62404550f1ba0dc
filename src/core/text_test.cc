#include "core/text.h"

#include <gtest/gtest.h>

namespace alley::core {
namespace {

TEST(TextTest, TrimBlanksRemovesSpacesAndTabsAroundOnly) {
  EXPECT_EQ(TrimBlanks(" \t4.5 \t"), "4.5");
  EXPECT_EQ(TrimBlanks("a b"), "a b");
  EXPECT_EQ(TrimBlanks("  "), "");
}

TEST(TextTest, ParseFiniteNumberReadsTheWholeTextOrNothing) {
  EXPECT_EQ(ParseFiniteNumber("4.5"), std::optional<double>(4.5));
  EXPECT_EQ(ParseFiniteNumber("-2"), std::optional<double>(-2));
  EXPECT_EQ(ParseFiniteNumber("1e3"), std::optional<double>(1000));
  EXPECT_EQ(ParseFiniteNumber(""), std::nullopt);
  EXPECT_EQ(ParseFiniteNumber("4.5x"), std::nullopt);
  EXPECT_EQ(ParseFiniteNumber(" 4"), std::nullopt);
  EXPECT_EQ(ParseFiniteNumber("inf"), std::nullopt);
  EXPECT_EQ(ParseFiniteNumber("nan"), std::nullopt);
  EXPECT_EQ(ParseFiniteNumber("1e999"), std::nullopt);
}

}  // namespace
}  // namespace alley::core
