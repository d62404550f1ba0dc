#include "core/division.h"

#include <gtest/gtest.h>

namespace alley::core {
namespace {

TEST(DivisionTest, LevelsOfOfficialCodes) {
  EXPECT_EQ(OfficialLevelOfCode("32"), UnitLevel::kProvince);
  EXPECT_EQ(OfficialLevelOfCode("3207"), UnitLevel::kCity);
  EXPECT_EQ(OfficialLevelOfCode("320706"), UnitLevel::kCounty);
  EXPECT_EQ(OfficialLevelOfCode("320706006"), UnitLevel::kStreet);
  EXPECT_EQ(OfficialLevelOfCode("320706006010"), UnitLevel::kCommunity);
  EXPECT_FALSE(OfficialLevelOfCode("32070").has_value());
  EXPECT_FALSE(OfficialLevelOfCode("3207a6").has_value());
  EXPECT_FALSE(OfficialLevelOfCode("").has_value());
  EXPECT_FALSE(OfficialLevelOfCode("320706006010001").has_value());
}

TEST(DivisionTest, ParentCodes) {
  EXPECT_EQ(OfficialParentCode("320706006010"), "320706006");
  EXPECT_EQ(OfficialParentCode("320706006"), "320706");
  EXPECT_EQ(OfficialParentCode("3207"), "32");
  EXPECT_EQ(OfficialParentCode("32"), kNationCode);
}

TEST(DivisionTest, ChildCodesNest) {
  EXPECT_EQ(ChildCode("320706006010", 1), "320706006010001");
  EXPECT_EQ(ChildCode("320706006010001", 42), "320706006010001042");
  EXPECT_EQ(ChildCode("320706006010", 999), "320706006010999");
  EXPECT_TRUE(IsCodePrefixAncestor("3207", "320706006010001"));
  EXPECT_TRUE(IsCodePrefixAncestor(kNationCode, "11"));
  EXPECT_FALSE(IsCodePrefixAncestor("3201", "320706"));
}

TEST(DivisionTest, LevelNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(UnitLevel::kGrid); ++i) {
    auto level = static_cast<UnitLevel>(i);
    EXPECT_EQ(ParseUnitLevel(UnitLevelName(level)), level);
  }
  EXPECT_EQ(UnitLevelName(UnitLevel::kCommunity), "community");
  EXPECT_FALSE(ParseUnitLevel("village").has_value());
}

TEST(DivisionTest, SettlementFromRealNames) {
  EXPECT_EQ(ClassifySettlement("海连社区居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("四道口居民委员会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("朱庄村社区居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("朱庄村村民委员会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("前进村委会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("巴彦嘎查"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("阳光社区"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("红旗农场虚拟生活区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("第一街委员会"), Settlement::kUnknown);
  EXPECT_EQ(SettlementName(Settlement::kRural), "rural");
}

}  // namespace
}  // namespace alley::core
