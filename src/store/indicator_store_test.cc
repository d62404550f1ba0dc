#include "store/indicator_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

IndicatorElementRow Element(std::string code, std::string aggregation = "sum") {
  IndicatorElementRow e;
  e.code = std::move(code);
  e.name = "name of " + e.code;
  e.aggregation = std::move(aggregation);
  e.source = "entered";
  return e;
}

IndicatorValueRow Value(std::string element, std::string unit, std::string period,
                        std::optional<double> value) {
  IndicatorValueRow v;
  v.element = std::move(element);
  v.unit_code = std::move(unit);
  v.period = std::move(period);
  v.value = value;
  v.entered_by = "tester";
  v.entered_at = 1'700'000'000;
  v.source = "form";
  return v;
}

using IndicatorStoreTest = StoreTest;

TEST_F(IndicatorStoreTest, DefinitionsAreReplacedByCode) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(PutIndicatorElement(w, Element("places")));
    IndicatorElementRow again = Element("places", "max");
    again.name = "托育位";
    ALLEY_RETURN_IF_ERROR(PutIndicatorElement(w, again));
    IndicatorRow indicator;
    indicator.code = "places_per_1000";
    indicator.name = "千人托位数";
    indicator.formula = "places / residents * 1000";
    indicator.target_op = ">=";
    indicator.target = 4.5;
    ALLEY_RETURN_IF_ERROR(PutIndicator(w, indicator));
    IndicatorRuleRow rule;
    rule.code = "old_le_all";
    rule.name = "老年人口不超过常住人口";
    rule.condition = "residents_60_plus <= residents";
    return PutIndicatorRule(w, rule);
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorElementRow> elements, ListIndicatorElements(r));
    EXPECT_EQ(elements.size(), 1u);
    if (!elements.empty()) {
      EXPECT_EQ(elements[0].name, "托育位");
      EXPECT_EQ(elements[0].aggregation, "max");
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorRow> indicators, ListIndicators(r));
    EXPECT_EQ(indicators.size(), 1u);
    if (!indicators.empty()) {
      EXPECT_EQ(indicators[0].target, std::optional<double>(4.5));
      EXPECT_EQ(indicators[0].target_op, ">=");
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<IndicatorRuleRow> rules, ListIndicatorRules(r));
    EXPECT_EQ(rules.size(), 1u);
    return OkStatus();
  }));
}

TEST_F(IndicatorStoreTest, AnUnknownAggregationIsRefusedByTheSchema) {
  EXPECT_FALSE(
      store_->Write([&](Writer& w) { return PutIndicatorElement(w, Element("x", "median")); })
          .ok());
}

TEST_F(IndicatorStoreTest, ValuesAreScannedBySubtreeElementAndPeriod) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(PutIndicatorElement(w, Element("a")));
    ALLEY_RETURN_IF_ERROR(PutIndicatorElement(w, Element("b")));
    std::vector<IndicatorValueRow> rows = {
        Value("a", kHailian, "2024", 10), Value("a", kXinghua, "2024", 20),
        Value("a", kHailian, "2023", 5),  Value("b", kHailian, "2024", std::nullopt),
        Value("a", kCompound, "2024", 3),
    };
    return PutIndicatorValues(w, rows);
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    std::map<std::string, std::optional<double>> seen;
    const std::vector<std::string> a = {"a"};
    const std::vector<std::string> y2024 = {"2024"};
    ALLEY_RETURN_IF_ERROR(
        ScanIndicatorValues(r, a, kHailian, y2024, [&](const IndicatorValueRow& v) {
          seen[v.element + "@" + v.unit_code + "@" + v.period] = v.value;
          return OkStatus();
        }));
    EXPECT_EQ(seen.size(), 2u);  // Hailian and its compound, 2024, element a
    EXPECT_EQ(seen[std::string("a@") + kHailian + "@2024"], std::optional<double>(10));
    EXPECT_EQ(seen[std::string("a@") + kCompound + "@2024"], std::optional<double>(3));
    seen.clear();
    ALLEY_RETURN_IF_ERROR(ScanIndicatorValues(r, {}, "0", {}, [&](const IndicatorValueRow& v) {
      seen[v.element + "@" + v.unit_code + "@" + v.period] = v.value;
      return OkStatus();
    }));
    EXPECT_EQ(seen.size(), 5u);
    // Entered as missing: a row with no value, not a zero.
    EXPECT_EQ(seen[std::string("b@") + kHailian + "@2024"], std::nullopt);
    EXPECT_TRUE(seen.contains(std::string("b@") + kHailian + "@2024"));
    return OkStatus();
  }));
}

TEST_F(IndicatorStoreTest, AValueForAnUnknownUnitOrElementStoresNothing) {
  ASSERT_OK(store_->Write([&](Writer& w) { return PutIndicatorElement(w, Element("a")); }));
  std::vector<IndicatorValueRow> rows = {Value("a", kHailian, "2024", 1),
                                         Value("a", "999999", "2024", 2)};
  EXPECT_THAT(store_->Write([&](Writer& w) { return PutIndicatorValues(w, rows); }),
              StatusIs(StatusCode::kNotFound, HasSubstr("values[1]: no unit 999999")));
  rows = {Value("nope", kHailian, "2024", 1)};
  EXPECT_THAT(store_->Write([&](Writer& w) { return PutIndicatorValues(w, rows); }),
              StatusIs(StatusCode::kNotFound, HasSubstr("values[0]: no data element nope")));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    int count = 0;
    ALLEY_RETURN_IF_ERROR(ScanIndicatorValues(r, {}, "0", {}, [&](const IndicatorValueRow&) {
      ++count;
      return OkStatus();
    }));
    EXPECT_EQ(count, 0);
    return OkStatus();
  }));
}

TEST_F(IndicatorStoreTest, AnElementWithValuesIsNotDeleted) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(PutIndicatorElement(w, Element("a")));
    std::vector<IndicatorValueRow> rows = {Value("a", kHailian, "2024", 1),
                                           Value("a", kHailian, "2025", 2)};
    return PutIndicatorValues(w, rows);
  }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return DeleteIndicatorElement(w, "a").status(); }),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("2 entered values")));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(int64_t removed, DeleteIndicatorValues(w, "a", kHailian, "2024"));
    EXPECT_EQ(removed, 1);
    ALLEY_ASSIGN_OR_RETURN(removed, DeleteIndicatorValues(w, "a", "0", ""));
    EXPECT_EQ(removed, 1);
    ALLEY_ASSIGN_OR_RETURN(bool deleted, DeleteIndicatorElement(w, "a"));
    EXPECT_TRUE(deleted);
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store
