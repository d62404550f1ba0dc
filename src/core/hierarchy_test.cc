#include "core/hierarchy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<HierarchyRow> Tree() {
  return {
      {"0", "", UnitLevel::kNation, "中华人民共和国"},
      {"32", "0", UnitLevel::kProvince, "江苏省"},
      {"11", "0", UnitLevel::kProvince, "北京市"},
      {"3207", "32", UnitLevel::kCity, "连云港市"},
      {"3201", "32", UnitLevel::kCity, "南京市"},
      {"320706", "3207", UnitLevel::kCounty, "海州区"},
      {"320706006", "320706", UnitLevel::kStreet, "新海街道"},
      {"320706006010", "320706006", UnitLevel::kCommunity, "海连社区居委会"},
      {"320706006009", "320706006", UnitLevel::kCommunity, "星化社区居委会"},
      {"320706006010001", "320706006010", UnitLevel::kCompound, "海连新村"},
      {"1101", "11", UnitLevel::kCity, "市辖区"},
  };
}

std::vector<std::string> Codes(const Hierarchy& h) {
  std::vector<std::string> codes;
  for (UnitIndex i{0}; i.value < static_cast<int32_t>(h.size()); ++i) {
    codes.emplace_back(h.Code(i));
  }
  return codes;
}

TEST(HierarchyTest, PreorderWithSiblingsByCode) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  EXPECT_THAT(Codes(h), ElementsAre("0", "11", "1101", "32", "3201", "3207", "320706", "320706006",
                                    "320706006009", "320706006010", "320706006010001"));
}

TEST(HierarchyTest, InputOrderDoesNotMatter) {
  ASSERT_OK_AND_ASSIGN(Hierarchy a, Hierarchy::Build(Tree()));
  std::vector<HierarchyRow> shuffled = Tree();
  std::mt19937 gen(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), gen);
    ASSERT_OK_AND_ASSIGN(Hierarchy b, Hierarchy::Build(shuffled));
    EXPECT_EQ(Codes(a), Codes(b));
  }
}

TEST(HierarchyTest, SubtreesAreRanges) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  UnitIndex js = *h.Find("32");
  UnitIndex hailian = *h.Find("320706006010");
  UnitIndex beijing = *h.Find("11");
  EXPECT_EQ(h.SubtreeEnd(js).value - js.value, 8);  // 32 and 7 below it
  EXPECT_EQ(h.SubtreeEnd(h.Root()).value, 11);
  EXPECT_TRUE(h.IsAncestorOrSelf(js, hailian));
  EXPECT_TRUE(h.IsAncestorOrSelf(hailian, hailian));
  EXPECT_FALSE(h.IsAncestorOrSelf(hailian, js));
  EXPECT_FALSE(h.IsAncestorOrSelf(beijing, hailian));
  EXPECT_TRUE(h.IsAncestorOrSelf(h.Root(), hailian));
  EXPECT_EQ(h.SubtreeEnd(*h.Find("320706006010001")).value, h.Find("320706006010001")->value + 1);
}

TEST(HierarchyTest, PathParentsAndChildren) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  UnitIndex hailian = *h.Find("320706006010");
  std::vector<std::string> names;
  for (UnitIndex i : h.Path(hailian)) names.emplace_back(h.Name(i));
  EXPECT_THAT(names, ElementsAre("中华人民共和国", "江苏省", "连云港市", "海州区", "新海街道",
                                 "海连社区居委会"));
  EXPECT_EQ(h.Depth(hailian), 5);
  EXPECT_EQ(h.Level(hailian), UnitLevel::kCommunity);
  EXPECT_EQ(h.Code(h.Parent(hailian)), "320706006");
  EXPECT_FALSE(h.Parent(h.Root()).valid());
  EXPECT_EQ(h.ChildCount(*h.Find("32")), 2);
  EXPECT_EQ(h.ChildCount(*h.Find("320706006")), 2);
  EXPECT_EQ(h.ChildCount(*h.Find("1101")), 0);
  std::vector<std::string> children;
  for (UnitIndex c : h.Children(h.Root())) children.emplace_back(h.Code(c));
  EXPECT_THAT(children, ElementsAre("11", "32"));
  EXPECT_FALSE(h.Find("99").has_value());
}

TEST(HierarchyTest, FindByName) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  std::vector<UnitIndex> m = h.FindByName("社区", 10);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(h.Code(m[0]), "320706006009");
  EXPECT_EQ(h.FindByName("社区", 1).size(), 1u);
  EXPECT_TRUE(h.FindByName("上海", 10).empty());
}

TEST(HierarchyTest, SurvivesAMove) {
  ASSERT_OK_AND_ASSIGN(Hierarchy a, Hierarchy::Build({{"0", "", UnitLevel::kNation, "n"}}));
  Hierarchy b = std::move(a);
  EXPECT_TRUE(b.Find("0").has_value());
  EXPECT_EQ(b.Name(b.Root()), "n");
}

TEST(HierarchyTest, Errors) {
  auto with = [](HierarchyRow extra) {
    std::vector<HierarchyRow> rows = Tree();
    rows.push_back(std::move(extra));
    return Hierarchy::Build(std::move(rows)).status();
  };
  EXPECT_THAT(with({"3207", "32", UnitLevel::kCity, "again"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unit 3207: duplicate code")));
  EXPECT_THAT(with({"3301", "33", UnitLevel::kCity, "x"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unit 3301: unknown parent 33")));
  EXPECT_THAT(with({"9", "", UnitLevel::kNation, "x"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("one root only")));
  EXPECT_THAT(with({"320799", "320706", UnitLevel::kCounty, "x"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("is not below its parent")));
  EXPECT_THAT(Hierarchy::Build(
                  {{"32", "0", UnitLevel::kProvince, "x"}, {"0", "32", UnitLevel::kNation, "y"}}),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Hierarchy::Build({{"0", "", UnitLevel::kNation, "n"},
                                {"a", "b", UnitLevel::kCity, "a"},
                                {"b", "a", UnitLevel::kCounty, "b"}}),
              StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace alley::core
