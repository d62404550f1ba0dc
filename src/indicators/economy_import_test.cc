#include "indicators/economy_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/status_matchers.h"

namespace alley::indicators {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<store::ProvinceNameRow>& Provinces() {
  static const std::vector<store::ProvinceNameRow> kProvinces = {
      {"11", "北京市"},         {"32", "江苏省"},           {"45", "广西壮族自治区"},
      {"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"}, {"15", "内蒙古自治区"},
      {"81", "香港特别行政区"}};
  return kProvinces;
}

TEST(EconomyImportTest, ShortNames) {
  EXPECT_EQ(ProvinceShortName("江苏省"), "江苏");
  EXPECT_EQ(ProvinceShortName("北京市"), "北京");
  EXPECT_EQ(ProvinceShortName("广西壮族自治区"), "广西");
  EXPECT_EQ(ProvinceShortName("宁夏回族自治区"), "宁夏");
  EXPECT_EQ(ProvinceShortName("新疆维吾尔自治区"), "新疆");
  EXPECT_EQ(ProvinceShortName("内蒙古自治区"), "内蒙古");
  EXPECT_EQ(ProvinceShortName("香港特别行政区"), "香港");
  EXPECT_EQ(ProvinceShortName("台湾"), "台湾");
  EXPECT_EQ(ProvinceShortName("省"), "省");
}

TEST(EconomyImportTest, ResolvesByCodeFullNameAndShortName) {
  for (std::string_view given : {"32", "江苏省", "江苏"}) {
    ResolvedRegion r = ResolveRegion(given, Provinces());
    EXPECT_EQ(r.code, "32") << given;
    EXPECT_EQ(r.name, given);
  }
  EXPECT_EQ(ResolveRegion("广西", Provinces()).code, "45");
  EXPECT_EQ(ResolveRegion("新疆", Provinces()).code, "65");
  EXPECT_EQ(ResolveRegion("内蒙古", Provinces()).code, "15");
  ResolvedRegion unknown = ResolveRegion("长三角", Provinces());
  EXPECT_EQ(unknown.name, "长三角");
  EXPECT_EQ(unknown.code, "");
  // Without the hierarchy every name stays a name.
  EXPECT_EQ(ResolveRegion("江苏", {}).code, "");
  for (std::string_view nation : {"全国", "全国(national)"}) {
    ResolvedRegion n = ResolveRegion(nation, Provinces());
    EXPECT_EQ(n.name, "全国");
    EXPECT_EQ(n.code, "");
  }
}

TEST(EconomyImportTest, ParsesTheLongForm) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<store::EconomyValueRow> rows,
      ParseEconomyCsv("region,period,series,value\n江苏,2024,gdp,137008.0\n"
                      "全国(national),2024Q3,gdp,-1.5e3\n北京, 2024 ,real_growth,\n",
                      "gdp.csv", Provinces(), 42));
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].region, "江苏");
  EXPECT_EQ(rows[0].region_code, "32");
  EXPECT_EQ(rows[0].value, std::optional<double>(137008.0));
  EXPECT_EQ(rows[0].source, "gdp.csv");
  EXPECT_EQ(rows[0].imported_at, 42);
  EXPECT_EQ(rows[1].region, "全国");
  EXPECT_EQ(rows[1].period, "2024Q3");
  EXPECT_EQ(rows[1].value, std::optional<double>(-1500.0));
  EXPECT_EQ(rows[2].region_code, "11");
  EXPECT_EQ(rows[2].period, "2024");
  EXPECT_FALSE(rows[2].value.has_value());
}

TEST(EconomyImportTest, ABadRowNamesFileLineAndColumn) {
  auto parse = [](std::string_view body) {
    std::string text = "region,period,series,value\n江苏,2024,gdp,1\n";
    text += body;
    return ParseEconomyCsv(text, "gdp.csv", Provinces(), 0);
  };
  EXPECT_THAT(parse("江苏,2024,gdp,12.5x\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("gdp.csv:3: column value: \"12.5x\" is not a number")));
  EXPECT_THAT(parse("江苏,2024,gdp,nan\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("gdp.csv:3: column value")));
  EXPECT_THAT(parse("江苏,2024,gdp,inf\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("gdp.csv:3: column value")));
  EXPECT_THAT(parse("江苏,2024Q5,gdp,1\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("gdp.csv:3: column period: period \"2024Q5\": quarter 5")));
  EXPECT_THAT(parse(",2024,gdp,1\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("gdp.csv:3: column region: empty")));
  EXPECT_THAT(parse("江苏,2024,GDP 总量,1\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("gdp.csv:3: column series")));
  EXPECT_THAT(parse("江苏省,2024,gdp,2\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("gdp.csv:3: column region: 江苏省 2024 gdp is also on line 2")));
  EXPECT_THAT(parse("江苏,2024,gdp\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("gdp.csv:3: expected 4 fields")));
  EXPECT_THAT(
      ParseEconomyCsv("region,period,series\n", "x.csv", {}, 0),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("x.csv:1: missing column \"value\"")));
  EXPECT_THAT(ParseEconomyCsv("", "x.csv", {}, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("x.csv: the file is empty")));
  EXPECT_THAT(ParseEconomyCsv("region,period,series,value\n", "x.csv", {}, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("x.csv: the file has no rows")));
}

class EconomyImportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_econ_import_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_OK_AND_ASSIGN(store_, store::OpenStore((dir_ / "t.db").string()));
    std::vector<store::UnitRow> units(2);
    units[0].code = "0";
    units[0].level = core::UnitLevel::kNation;
    units[0].name = "中华人民共和国";
    units[0].source = "test";
    units[1].code = "32";
    units[1].parent_code = "0";
    units[1].level = core::UnitLevel::kProvince;
    units[1].name = "江苏省";
    units[1].source = "test";
    ASSERT_OK(store_->Write([&](store::Writer& w) { return w.UpsertUnits(units); }));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<store::EconomyValueRow> Stored() {
    std::vector<store::EconomyValueRow> rows;
    EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(rows, store::ListEconomyValues(r, ""));
      return OkStatus();
    }));
    return rows;
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(EconomyImportStoreTest, NamesAndCodesOfOneProvinceAreOneRow) {
  ASSERT_OK_AND_ASSIGN(EconomyImportResult first,
                       ImportEconomyCsv(*store_,
                                        "region,period,series,value\n江苏,2024,gdp,1\n"
                                        "浙江,2024,gdp,\n",
                                        "a.csv", 1));
  EXPECT_EQ(first.rows, 2);
  EXPECT_EQ(first.missing, 1);
  EXPECT_THAT(first.unresolved, ElementsAre("浙江"));
  ASSERT_OK(ImportEconomyCsv(*store_, "region,period,series,value\n32,2024,gdp,2\n", "b.csv", 2)
                .status());
  std::vector<store::EconomyValueRow> rows = Stored();
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].region_code, "32");
  EXPECT_EQ(rows[0].value, std::optional<double>(2.0));
  EXPECT_EQ(rows[0].source, "b.csv");
  EXPECT_EQ(rows[1].region, "浙江");
  EXPECT_FALSE(rows[1].value.has_value());
}

TEST_F(EconomyImportStoreTest, ARefusedFileStoresNothing) {
  ASSERT_OK(ImportEconomyCsv(*store_, "region,period,series,value\n江苏,2024,gdp,1\n", "a.csv", 1)
                .status());
  EXPECT_THAT(
      ImportEconomyCsv(*store_, "region,period,series,value\n江苏,2024,gdp,5\n江苏,2025,gdp,x\n",
                       "b.csv", 2),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("b.csv:3: column value")));
  std::vector<store::EconomyValueRow> rows = Stored();
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].value, std::optional<double>(1.0));
}

}  // namespace
}  // namespace alley::indicators
