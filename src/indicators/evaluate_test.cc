#include "indicators/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "indicators/elements.h"
#include "indicators/indicators_test_util.h"
#include "registry/units.h"
#include "services/care_test_util.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

using ::alley::indicators::testing::IndicatorsTest;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kVillage[] = "320706006201";  // 朱庄村, the street's third village

class EvaluateTest : public IndicatorsTest {
 protected:
  StatusOr<IndicatorTable> Eval(std::vector<std::string> codes, std::vector<std::string> periods,
                                std::string scope = kStreet) {
    IndicatorQuery q;
    q.scope = std::move(scope);
    q.codes = std::move(codes);
    q.periods = std::move(periods);
    return EvaluateIndicators(*store_, *hierarchy_, q, services::testing::T0());
  }

  // The value of (unit, period, code) in `t`.
  static std::optional<double> Value(const IndicatorTable& t, std::string_view unit,
                                     std::string_view period, std::string_view code) {
    for (const IndicatorCell& c : t.cells) {
      if (c.unit_code == unit && c.period == period && c.code == code) return c.value;
    }
    ADD_FAILURE() << "no cell " << unit << " " << period << " " << code;
    return std::nullopt;
  }
};

TEST_F(EvaluateTest, EnteredValuesAddUpTheHierarchyAndFeedFormulas) {
  Element("beds", "sum");
  Indicator("beds_per_100", "beds / residents * 100");
  for (int i = 0; i < 4; ++i) Adult(kHailian);
  Adult(kXinghua);
  Enter("beds", kHailian, "2026", 2);
  Enter("beds", kXinghua, "2026", 1);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"beds", "residents", "beds_per_100"}, {"2026"}));
  ASSERT_EQ(t.units.size(), 4u);  // the street, then its three communities
  EXPECT_EQ(t.units[0].code, kStreet);
  EXPECT_EQ(Value(t, kStreet, "2026", "beds"), 3);
  EXPECT_EQ(Value(t, kStreet, "2026", "residents"), 5);
  EXPECT_EQ(Value(t, kStreet, "2026", "beds_per_100"), 60);
  EXPECT_EQ(Value(t, kHailian, "2026", "beds_per_100"), 50);
  EXPECT_EQ(Value(t, kXinghua, "2026", "beds_per_100"), 100);
  // The village has no ledger and entered nothing: missing, never 0.
  EXPECT_EQ(Value(t, kVillage, "2026", "beds"), std::nullopt);
  EXPECT_EQ(Value(t, kVillage, "2026", "residents"), std::nullopt);
  EXPECT_EQ(Value(t, kVillage, "2026", "beds_per_100"), std::nullopt);
  // Two communities reported beds to the street's figure.
  EXPECT_EQ(t.At(0, 0, 0).reporting, std::optional<int32_t>(2));
}

TEST_F(EvaluateTest, DerivedCountsAddUpFromCompoundsAndAnEmptyCompoundHasZero) {
  ASSERT_OK_AND_ASSIGN(store::UnitRow a,
                       registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "甲小区"));
  ASSERT_OK_AND_ASSIGN(store::UnitRow b,
                       registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "乙小区"));
  ASSERT_OK_AND_ASSIGN(hierarchy_, registry::LoadHierarchy(*store_));
  Adult(a.code);
  Adult(a.code);
  Adult(kHailian);  // registered at the community itself
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"residents"}, {"2026"}, kHailian));
  ASSERT_EQ(t.units.size(), 3u);  // the community and its two compounds
  EXPECT_EQ(Value(t, kHailian, "2026", "residents"), 3);
  EXPECT_EQ(Value(t, a.code, "2026", "residents"), 2);
  EXPECT_EQ(Value(t, b.code, "2026", "residents"), 0);
  ASSERT_OK_AND_ASSIGN(t, Eval({"residents"}, {"2026"}, kStreet));
  EXPECT_EQ(Value(t, kStreet, "2026", "residents"), 3);
  EXPECT_EQ(Value(t, kHailian, "2026", "residents"), 3);
}

TEST_F(EvaluateTest, AUnitsOwnValueReplacesWhatIsEnteredBelowIt) {
  Element("beds", "sum");
  Enter("beds", kHailian, "2026", 2);
  Enter("beds", kXinghua, "2026", 1);
  Enter("beds", kStreet, "2026", 10);  // the street's own count, in full
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"beds"}, {"2026"}));
  EXPECT_EQ(Value(t, kStreet, "2026", "beds"), 10);
  EXPECT_EQ(Value(t, kHailian, "2026", "beds"), 2);
}

TEST_F(EvaluateTest, MonthsRollUpIntoTheirYearByTheElementsRule) {
  Element("meals", "sum");
  Element("staff", "last");
  Element("peak", "max");
  for (int m = 1; m <= 12; ++m) {
    const std::string month = "2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
    Enter("meals", kHailian, month, 100);
    Enter("staff", kHailian, month, m);
    Enter("peak", kHailian, month, m == 7 ? 40 : 20);
  }
  Enter("staff", kXinghua, "2026-03", 5);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"meals", "staff", "peak"}, {"2026", "2025"}));
  EXPECT_EQ(Value(t, kHailian, "2026", "meals"), 1200);
  EXPECT_EQ(Value(t, kHailian, "2026", "staff"), 12);  // December's
  EXPECT_EQ(Value(t, kStreet, "2026", "staff"), 17);   // each community's latest, added
  EXPECT_EQ(Value(t, kHailian, "2026", "peak"), 40);
  EXPECT_EQ(Value(t, kHailian, "2025", "meals"), std::nullopt);
  // A value entered for the year itself replaces its months.
  Enter("meals", kHailian, "2026", 1000);
  ASSERT_OK_AND_ASSIGN(t, Eval({"meals"}, {"2026"}));
  EXPECT_EQ(Value(t, kHailian, "2026", "meals"), 1000);
}

TEST_F(EvaluateTest, WeightedAveragesWeighByTheirElement) {
  Element("pop", "sum");
  Element("rate", "average", "pop");
  Element("score", "average");
  Enter("pop", kHailian, "2026", 300);
  Enter("pop", kXinghua, "2026", 100);
  Enter("rate", kHailian, "2026", 10);
  Enter("rate", kXinghua, "2026", 50);
  Enter("score", kHailian, "2026", 1);
  Enter("score", kXinghua, "2026", 4);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"rate", "score"}, {"2026"}));
  EXPECT_DOUBLE_EQ(*Value(t, kStreet, "2026", "rate"), 20);  // (3000 + 5000) / 400
  EXPECT_DOUBLE_EQ(*Value(t, kStreet, "2026", "score"), 2.5);
}

TEST_F(EvaluateTest, GrowthReadsThePreviousPeriodAndTheSameOneLastYear) {
  Element("income", "sum");
  Indicator("income_growth", "(income / prev(income) - 1) * 100");
  Indicator("income_yoy", "round((income / last_year(income) - 1) * 100, 1)");
  Enter("income", kHailian, "2025Q2", 100);
  Enter("income", kHailian, "2026Q1", 120);
  Enter("income", kHailian, "2026Q2", 150);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t,
                       Eval({"income_growth", "income_yoy"}, {"2026Q2"}, kHailian));
  EXPECT_DOUBLE_EQ(*Value(t, kHailian, "2026Q2", "income_growth"), 25);
  EXPECT_DOUBLE_EQ(*Value(t, kHailian, "2026Q2", "income_yoy"), 50);
  ASSERT_OK_AND_ASSIGN(t, Eval({"income_growth"}, {"2025Q2"}, kHailian));
  EXPECT_EQ(Value(t, kHailian, "2025Q2", "income_growth"), std::nullopt);  // no 2025Q1
}

TEST_F(EvaluateTest, TargetsGiveTheGapPerUnit) {
  for (int i = 0; i < 10; ++i) Adult(kHailian);
  Enter("elderly_care_floor_m2", kHailian, "2026", 90);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"nursery_places_per_1000"}, {"2026"}, kHailian));
  // No nursery: 0 places per 1,000 residents against 4.5.
  const IndicatorCell& cell = t.At(0, 0, 0);
  ASSERT_TRUE(cell.value.has_value());
  EXPECT_EQ(*cell.value, 0);
  ASSERT_TRUE(cell.target.has_value());
  EXPECT_FALSE(cell.target->met);
  EXPECT_DOUBLE_EQ(cell.target->gap, 4.5);
}

TEST_F(EvaluateTest, ADivisionByZeroIsMissingNotZero) {
  Element("a", "sum");
  Element("b", "sum");
  Indicator("ratio", "a / b");
  Enter("a", kHailian, "2026", 5);
  Enter("b", kHailian, "2026", 0);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"ratio"}, {"2026"}, kHailian));
  EXPECT_EQ(Value(t, kHailian, "2026", "ratio"), std::nullopt);
}

TEST_F(EvaluateTest, IndicatorsMayReferToIndicators) {
  Element("a", "sum");
  Indicator("double_a", "a * 2");
  Indicator("quad_a", "double_a * 2");
  Enter("a", kHailian, "2026", 3);
  ASSERT_OK_AND_ASSIGN(IndicatorTable t, Eval({"quad_a"}, {"2026"}, kHailian));
  EXPECT_EQ(Value(t, kHailian, "2026", "quad_a"), 12);
}

TEST_F(EvaluateTest, BadDefinitionsAndQueriesAreNamed) {
  Element("a", "sum");
  Indicator("x", "y + 1");
  Indicator("y", "x + 1");
  Indicator("broken", "a * (2 +");
  Indicator("stray", "a + nothing");
  EXPECT_THAT(Eval({"x"}, {"2026"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("refer to each other")));
  EXPECT_THAT(Eval({"broken"}, {"2026"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("indicator broken: formula")));
  EXPECT_THAT(Eval({"stray"}, {"2026"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown name nothing")));
  EXPECT_THAT(Eval({"nope"}, {"2026"}),
              StatusIs(StatusCode::kNotFound, HasSubstr("no indicator or data element nope")));
  EXPECT_THAT(Eval({"a"}, {"2026", "2026Q1"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("different kinds")));
  EXPECT_THAT(Eval({"a"}, {"2026"}, "999999"), StatusIs(StatusCode::kNotFound));
}

TEST_F(EvaluateTest, RulesListTheirViolationsWithTheFiguresRead) {
  Element("beds", "sum");
  Element("rooms", "sum");
  store::IndicatorRuleRow rule;
  rule.code = "beds_in_rooms";
  rule.name = "beds fit the rooms";
  rule.condition = "beds <= rooms * 2";
  ASSERT_OK(store_->Write([&](store::Writer& w) { return store::PutIndicatorRule(w, rule); }));
  Enter("beds", kHailian, "2026", 9);
  Enter("rooms", kHailian, "2026", 4);
  Enter("beds", kXinghua, "2026", 2);
  Enter("rooms", kXinghua, "2026", 4);
  IndicatorQuery q;
  q.scope = kStreet;
  q.periods = {"2026"};
  ASSERT_OK_AND_ASSIGN(RuleReport report, CheckRules(*store_, *hierarchy_, q, {"beds_in_rooms"},
                                                     services::testing::T0()));
  EXPECT_EQ(report.checked, 4);    // the street and its three communities
  EXPECT_EQ(report.unchecked, 1);  // the village entered nothing
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].unit_code, kHailian);
  ASSERT_EQ(report.violations[0].inputs.size(), 2u);
  EXPECT_EQ(report.violations[0].inputs[0].first, "beds");
  EXPECT_EQ(report.violations[0].inputs[0].second, std::optional<double>(9));
  EXPECT_THAT(CheckRules(*store_, *hierarchy_, q, {"nope"}, services::testing::T0()),
              StatusIs(StatusCode::kNotFound, HasSubstr("no validation rule nope")));
}

}  // namespace
}  // namespace alley::indicators
