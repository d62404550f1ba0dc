#include "registry/units.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/id_number.h"
#include "registry/ledger.h"
#include "registry/test_util.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class UnitsTest : public testing::TempStoreTest {
 protected:
  core::Date today_ = *core::Date::FromYmd(2026, 6, 30);
};

TEST_F(UnitsTest, ImportsEveryLevelAndClassifiesSettlements) {
  ASSERT_OK_AND_ASSIGN(DivisionImportReport r, ImportDivisions(*store_, WriteDivisions()));
  EXPECT_THAT(r.per_level, ElementsAre(2, 1, 1, 1, 3));
  EXPECT_EQ(r.total, 8);
  EXPECT_EQ(r.settlements[0], 2);  // two 社区居委会
  EXPECT_EQ(r.settlements[1], 1);  // one 村民委员会
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, "320706006010", today_));
  EXPECT_EQ(s.unit.settlement, "urban");
  std::vector<std::string> path;
  for (const auto& u : s.path) path.push_back(u.name);
  EXPECT_THAT(path, ElementsAre("江苏省", "连云港市", "海州区", "新海街道", "海连社区居委会"));
}

TEST_F(UnitsTest, ReimportIsIdempotent) {
  std::filesystem::path d = WriteDivisions();
  ASSERT_OK(ImportDivisions(*store_, d));
  ASSERT_OK(ImportDivisions(*store_, d));
  ASSERT_OK_AND_ASSIGN(core::Hierarchy h, LoadHierarchy(*store_));
  EXPECT_EQ(h.size(), 9u);
}

TEST_F(UnitsTest, FindsThePackageLayout) {
  std::filesystem::path d = WriteDivisions();
  std::filesystem::path package = dir_ / "pkg";
  std::filesystem::create_directories(package / "package");
  std::filesystem::rename(d, package / "package" / "dist");
  ASSERT_OK_AND_ASSIGN(DivisionImportReport r, ImportDivisions(*store_, package));
  EXPECT_EQ(r.total, 8);
}

struct BadRow {
  const char* file;
  const char* content;
  const char* expected;
};

class BadDivisionTest : public UnitsTest, public ::testing::WithParamInterface<BadRow> {};

TEST_P(BadDivisionTest, NamesFileAndLineAndWritesNothing) {
  std::filesystem::path d = WriteDivisions();
  WriteFile(d / GetParam().file, GetParam().content);
  Status s = ImportDivisions(*store_, d).status();
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument,
                          HasSubstr((d / GetParam().file).string() + GetParam().expected)));
  EXPECT_THAT(LoadHierarchy(*store_), StatusIs(StatusCode::kFailedPrecondition));
}

INSTANTIATE_TEST_SUITE_P(
    Rows, BadDivisionTest,
    ::testing::Values(
        BadRow{"cities.csv", "code,name,provinceCode\n3207,\"连云港市\",32\n3299,\"无\",39\n",
               ":3: column provinceCode \"39\" does not match code 3299"},
        BadRow{"cities.csv", "code,name,provinceCode\n3207,\"连云港市\",32\n3207,\"重\",32\n",
               ":3: duplicate code 3207"},
        BadRow{"areas.csv", "code,name,cityCode,provinceCode\n32070,\"短\",3207,32\n",
               ":2: code \"32070\" is not a county code"},
        BadRow{"streets.csv",
               "code,name,areaCode,provinceCode,cityCode\n320799001,\"孤\",320799,32,3207\n",
               ":2: unknown parent 320799 of 320799001"},
        BadRow{"villages.csv", "code,name\n320706006010,\"海连\"\n", ":1: missing column"},
        BadRow{"provinces.csv", "code,name\n32,\"江苏省\n", ":2: "},
        BadRow{"provinces.csv", "code,name\n32,\n", ":2: empty name"}));

TEST_F(UnitsTest, MissingFileIsNotFound) {
  std::filesystem::path d = WriteDivisions();
  std::filesystem::remove(d / "streets.csv");
  EXPECT_THAT(ImportDivisions(*store_, d),
              StatusIs(StatusCode::kNotFound, HasSubstr("streets.csv")));
}

TEST_F(UnitsTest, AddsCompoundsAndGridsWithNestedCodes) {
  ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
  ASSERT_OK_AND_ASSIGN(store::UnitRow a,
                       AddUnit(*store_, "320706006010", core::UnitLevel::kCompound, "海连新村"));
  EXPECT_EQ(a.code, "320706006010001");
  ASSERT_OK_AND_ASSIGN(store::UnitRow b,
                       AddUnit(*store_, "320706006010", core::UnitLevel::kGrid, " 第一网格 "));
  EXPECT_EQ(b.code, "320706006010002");
  EXPECT_EQ(b.name, "第一网格");
  ASSERT_OK_AND_ASSIGN(store::UnitRow c, AddUnit(*store_, a.code, core::UnitLevel::kGrid, "一"));
  EXPECT_EQ(c.code, "320706006010001001");
  EXPECT_THAT(AddUnit(*store_, "320706006010", core::UnitLevel::kCompound, "海连新村"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(AddUnit(*store_, "320706006", core::UnitLevel::kCompound, "x"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("must be a community")));
  EXPECT_THAT(AddUnit(*store_, a.code, core::UnitLevel::kCompound, "x"),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(AddUnit(*store_, "320706006099", core::UnitLevel::kCompound, "x"),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(AddUnit(*store_, "320706006010", core::UnitLevel::kCompound, "  "),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, "32", today_));
  EXPECT_EQ(s.compounds, 1);
  ASSERT_OK_AND_ASSIGN(std::vector<store::UnitRow> children,
                       ListChildUnits(*store_, "320706006010"));
  EXPECT_EQ(children.size(), 2u);
}

TEST_F(UnitsTest, FindByFragmentGivesPaths) {
  ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
  ASSERT_OK_AND_ASSIGN(core::Hierarchy h, LoadHierarchy(*store_));
  ASSERT_OK_AND_ASSIGN(std::vector<UnitMatch> m, FindUnits(h, "海连", 10));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].code, "320706006010");
  EXPECT_EQ(m[0].path.size(), 5u);
  ASSERT_OK_AND_ASSIGN(std::vector<UnitMatch> many, FindUnits(h, "社区", 10));
  EXPECT_EQ(many.size(), 2u);
  EXPECT_THAT(FindUnits(h, "", 10), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(UnitsTest, AgeBands) {
  EXPECT_EQ(AgeBands()[AgeBandOf(0)].label, "0-2");
  EXPECT_EQ(AgeBands()[AgeBandOf(2)].label, "0-2");
  EXPECT_EQ(AgeBands()[AgeBandOf(3)].label, "3-5");
  EXPECT_EQ(AgeBands()[AgeBandOf(14)].label, "6-14");
  EXPECT_EQ(AgeBands()[AgeBandOf(59)].label, "15-59");
  EXPECT_EQ(AgeBands()[AgeBandOf(60)].label, "60-79");
  EXPECT_EQ(AgeBands()[AgeBandOf(103)].label, "80+");
}

TEST_F(UnitsTest, SummaryOfUnknownUnit) {
  EXPECT_THAT(SummarizeUnit(*store_, "99", today_), StatusIs(StatusCode::kNotFound));
}

TEST_F(UnitsTest, ChildrenComeWithTheirOwnCounts) {
  ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
  ImportOptions options;
  options.unit_code = "320706006010";
  options.today = today_;
  options.effective = *core::Date::FromYmd(2026, 1, 1);
  std::string roster = "name,id_number,compound\n";
  for (int i = 0; i < 3; ++i) {
    roster += "居民" + std::to_string(i) + "," +
              *core::MakeIdNumber("320706", *core::Date::FromYmd(1980, 1, 1), i, core::Sex::kMale) +
              (i == 0 ? ",\n" : ",海连新村\n");
  }
  ASSERT_OK(ImportResidents(*store_, "r.csv", roster, options));
  ASSERT_OK(AddUnit(*store_, "320706006010001", core::UnitLevel::kGrid, "一网格"));
  ASSERT_OK_AND_ASSIGN(std::vector<store::UnitChildRow> street,
                       ListChildUnitsWithCounts(*store_, "320706006", today_));
  ASSERT_EQ(street.size(), 3u);
  EXPECT_EQ(street[0].unit.name, "星化社区居委会");
  EXPECT_EQ(street[0].residents, 0);
  EXPECT_EQ(street[1].unit.name, "海连社区居委会");
  EXPECT_EQ(street[1].children, 1);
  EXPECT_EQ(street[1].residents, 3);  // the community's own resident and its compound's two
  ASSERT_OK_AND_ASSIGN(std::vector<store::UnitChildRow> hailian,
                       ListChildUnitsWithCounts(*store_, "320706006010", today_));
  ASSERT_EQ(hailian.size(), 1u);
  EXPECT_EQ(hailian[0].unit.name, "海连新村");
  EXPECT_EQ(hailian[0].children, 1);
  EXPECT_EQ(hailian[0].residents, 2);
  ASSERT_OK_AND_ASSIGN(
      std::vector<store::UnitChildRow> before,
      ListChildUnitsWithCounts(*store_, "320706006010", options.effective.AddDays(-1)));
  EXPECT_EQ(before.at(0).residents, 0);
  EXPECT_THAT(ListChildUnitsWithCounts(*store_, "99", today_), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace alley::registry
