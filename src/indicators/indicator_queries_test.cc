#include "indicators/indicator_queries.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "registry/units.h"
#include "services/care_test_util.h"

namespace alley::indicators {
namespace {

using ::alley::services::testing::CareTest;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

class IndicatorQueriesTest : public CareTest {
 protected:
  void SetUp() override {
    CareTest::SetUp();
    ASSERT_OK(EnsureCatalogue(*store_));
  }

  store::IndicatorElementRow Element(std::string code, std::string aggregation = "sum") {
    store::IndicatorElementRow e;
    e.code = std::move(code);
    e.name = "元素";
    e.aggregation = std::move(aggregation);
    return e;
  }

  store::IndicatorRow Indicator(std::string code, std::string formula) {
    store::IndicatorRow i;
    i.code = std::move(code);
    i.name = "指标";
    i.formula = std::move(formula);
    return i;
  }

  int64_t StoredValues() {
    int64_t n = 0;
    EXPECT_OK(store_->Read([&](store::Reader& r) {
      return store::ScanIndicatorValues(r, {}, "0", {}, [&](const store::IndicatorValueRow&) {
        ++n;
        return OkStatus();
      });
    }));
    return n;
  }
};

TEST_F(IndicatorQueriesTest, TheCatalogueIsThereOnceEnsured) {
  ASSERT_OK_AND_ASSIGN(nlohmann::json c, CatalogueJson(*store_));
  EXPECT_GE(c["elements"].size(), 20u);
  EXPECT_GE(c["indicators"].size(), 5u);
  ASSERT_OK(EnsureCatalogue(*store_));  // again: nothing to add
  ASSERT_OK_AND_ASSIGN(nlohmann::json again, CatalogueJson(*store_));
  EXPECT_EQ(c, again);
}

TEST_F(IndicatorQueriesTest, AFormulaThatDoesNotParseIsRefusedWithItsColumn) {
  ASSERT_OK(DefineElement(*store_, Element("beds")));
  EXPECT_THAT(DefineIndicator(*store_, Indicator("x", "beds / (residents")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field formula: column")));
  EXPECT_THAT(DefineIndicator(*store_, Indicator("x", "beds / bedz")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown name bedz")));
  ASSERT_OK(DefineIndicator(*store_, Indicator("a", "beds + 1")));
  ASSERT_OK(DefineIndicator(*store_, Indicator("b", "a * 2")));
  EXPECT_THAT(DefineIndicator(*store_, Indicator("a", "b - 1")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("would refer to each other")));
  EXPECT_THAT(DefineIndicator(*store_, Indicator("beds", "1")),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("is a data element")));
  store::IndicatorRow targeted = Indicator("c", "beds");
  targeted.target_op = "=>";
  targeted.target = 1;
  EXPECT_THAT(DefineIndicator(*store_, targeted),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field target")));
}

TEST_F(IndicatorQueriesTest, ElementsAreChecked) {
  EXPECT_THAT(DefineElement(*store_, Element("Beds")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field code")));
  EXPECT_THAT(DefineElement(*store_, Element("beds", "median")),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field aggregation")));
  store::IndicatorElementRow weighted = Element("rate", "average");
  weighted.weight = "nothing";
  EXPECT_THAT(DefineElement(*store_, weighted),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no data element nothing")));
  EXPECT_THAT(DefineElement(*store_, Element("residents")),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("derived")));
}

TEST_F(IndicatorQueriesTest, AnImportIsCheckedWholeBeforeAnythingIsStored) {
  ASSERT_OK(DefineElement(*store_, Element("beds")));
  const std::string good = std::string("element,unit,period,value\n") + "beds," + kHailian +
                           ",2026,4\n" + "beds," + kXinghua + ",2026,\n";
  ASSERT_OK_AND_ASSIGN(ValueImportResult r,
                       ImportValuesCsv(*store_, good, "beds.csv", "0", "tester", 1));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.missing, 1);
  EXPECT_EQ(StoredValues(), 2);

  const std::string bad_number = std::string("element,unit,period,value\n") + "beds," + kHailian +
                                 ",2025,4\n" + "beds," + kXinghua + ",2025,four\n";
  EXPECT_THAT(ImportValuesCsv(*store_, bad_number, "b.csv", "0", "tester", 1),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("b.csv:3: column value")));
  const std::string derived =
      std::string("element,unit,period,value\n") + "residents," + kHailian + ",2025,4\n";
  EXPECT_THAT(ImportValuesCsv(*store_, derived, "d.csv", "0", "tester", 1),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("d.csv:2: column element: residents is derived")));
  const std::string bad_period =
      std::string("element,unit,period,value\n") + "beds," + kHailian + ",2025Q5,4\n";
  EXPECT_THAT(ImportValuesCsv(*store_, bad_period, "p.csv", "0", "tester", 1),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("p.csv:2: column period")));
  const std::string bad_unit = std::string("element,unit,period,value\n") + "beds," + kHailian +
                               ",2025,4\nbeds,999999999999,2025,1\n";
  EXPECT_THAT(ImportValuesCsv(*store_, bad_unit, "u.csv", "0", "tester", 1),
              StatusIs(StatusCode::kNotFound, HasSubstr("u.csv:3: column unit")));
  // Outside the importer's unit.
  EXPECT_THAT(ImportValuesCsv(*store_, good, "beds.csv", kHailian, "hailian", 1),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("beds.csv:3: column unit")));
  EXPECT_EQ(StoredValues(), 2);  // nothing of the refused files
}

TEST_F(IndicatorQueriesTest, TheTableAnswersValuesTargetsAndReporting) {
  ASSERT_OK(DefineElement(*store_, Element("beds")));
  store::IndicatorRow per = Indicator("beds_per_resident", "beds / residents");
  per.target_op = ">=";
  per.target = 1;
  ASSERT_OK(DefineIndicator(*store_, per));
  Adult(kHailian);
  Adult(kHailian);
  ASSERT_OK(EnterValues(*store_, {{"beds", kHailian, "2026", 1}}, "0", "tester", "form", 1));
  ASSERT_OK_AND_ASSIGN(core::Hierarchy h, registry::LoadHierarchy(*store_));
  ASSERT_OK_AND_ASSIGN(IndicatorQuery q,
                       MakeQuery(kStreet, {"beds", "beds_per_resident"}, {"2026"}, "children"));
  ASSERT_OK_AND_ASSIGN(nlohmann::json t,
                       IndicatorTableJson(*store_, h, q, services::testing::T0()));
  ASSERT_EQ(t["rows"].size(), 4u);
  // The street, then its communities by code: 星化 (009), 海连 (010), 朱庄村 (201).
  const nlohmann::json& hailian = t["rows"][2];
  EXPECT_EQ(hailian["unit"], kHailian);
  EXPECT_EQ(hailian["values"]["beds_per_resident"], 0.5);
  EXPECT_EQ(hailian["targets"]["beds_per_resident"]["met"], false);
  EXPECT_EQ(hailian["targets"]["beds_per_resident"]["gap"], 0.5);
  EXPECT_EQ(t["rows"][0]["reporting"]["beds"], 1);
  EXPECT_TRUE(t["rows"][1]["values"]["beds"].is_null());
  EXPECT_THAT(MakeQuery(kStreet, {}, {"2026"}, "planet"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("units")));
}

TEST_F(IndicatorQueriesTest, DistributionComparesTheChildrenNotTheirTotal) {
  ASSERT_OK(DefineElement(*store_, Element("income")));
  ASSERT_OK(DefineElement(*store_, Element("people")));
  ASSERT_OK(EnterValues(*store_,
                        {{"income", kHailian, "2026", 10},
                         {"income", kXinghua, "2026", 30},
                         {"people", kHailian, "2026", 1},
                         {"people", kXinghua, "2026", 1}},
                        "0", "tester", "form", 1));
  ASSERT_OK_AND_ASSIGN(core::Hierarchy h, registry::LoadHierarchy(*store_));
  ASSERT_OK_AND_ASSIGN(IndicatorQuery q, MakeQuery(kStreet, {}, {"2026"}, "children"));
  ASSERT_OK_AND_ASSIGN(nlohmann::json d,
                       IndicatorDistributionJson(*store_, h, q, "income", "people", "settlement",
                                                 services::testing::T0()));
  EXPECT_EQ(d["units"], 2);
  EXPECT_EQ(d["missing"], 1);  // the village entered nothing
  EXPECT_EQ(d["missing_units"][0], "320706006201");
  EXPECT_DOUBLE_EQ(d["mean"].get<double>(), 20);
  // Two equal weights: Gini = |10 - 30| / (2 * 2 * 20) = 0.25.
  EXPECT_DOUBLE_EQ(d["gini"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(d["quintile_ratio"].get<double>(), 3);
  EXPECT_THAT(
      IndicatorDistributionJson(*store_, h, q, "income", "", "province", services::testing::T0()),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("group_by")));
}

TEST_F(IndicatorQueriesTest, WhatAFormulaReadsIsNotRemoved) {
  ASSERT_OK(DefineElement(*store_, Element("beds")));
  ASSERT_OK(DefineIndicator(*store_, Indicator("twice", "beds * 2")));
  EXPECT_THAT(RemoveDefinition(*store_, "beds"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("read by indicator twice")));
  ASSERT_OK(RemoveDefinition(*store_, "twice"));
  ASSERT_OK(RemoveDefinition(*store_, "beds"));
  EXPECT_THAT(RemoveDefinition(*store_, "beds"), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace alley::indicators
