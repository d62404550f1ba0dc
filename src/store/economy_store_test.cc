#include "store/economy_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;

EconomyValueRow Value(std::string region, std::string code, std::string period, std::string series,
                      std::optional<double> value) {
  EconomyValueRow row;
  row.region = std::move(region);
  row.region_code = std::move(code);
  row.period = std::move(period);
  row.series = std::move(series);
  row.value = value;
  row.source = "gdp.csv";
  row.imported_at = 1'700'000'000;
  return row;
}

using EconomyStoreTest = StoreTest;

TEST_F(EconomyStoreTest, MissingIsStoredAsNullNotZero) {
  ASSERT_OK(store_->Write([&](Writer& w) {
    return UpsertEconomyValues(w, {Value("北京", "", "2024", "real_growth", std::nullopt),
                                   Value("天津", "", "2024", "real_growth", 0.0)});
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EconomyValueRow> rows, ListEconomyValues(r, ""));
    EXPECT_EQ(rows.size(), 2U);
    if (rows.size() == 2) {
      // By region key: 北京 (U+5317) sorts before 天津 (U+5929).
      EXPECT_EQ(rows[0].region, "北京");
      EXPECT_FALSE(rows[0].value.has_value());
      EXPECT_EQ(rows[1].value, std::optional<double>(0.0));
      EXPECT_EQ(rows[0].source, "gdp.csv");
      EXPECT_EQ(rows[0].imported_at, 1'700'000'000);
    }
    return OkStatus();
  }));
}

TEST_F(EconomyStoreTest, ASecondImportReplacesTheSameKey) {
  ASSERT_OK(store_->Write([&](Writer& w) {
    return UpsertEconomyValues(
        w, {Value("江苏", "32", "2024", "gdp", 1.0), Value("江苏", "32", "2023", "gdp", 2.0)});
  }));
  EconomyValueRow again = Value("江苏省", "32", "2024", "gdp", 137008.0);
  again.source = "revised.csv";
  again.imported_at = 1'800'000'000;
  ASSERT_OK(store_->Write([&](Writer& w) { return UpsertEconomyValues(w, {again}); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EconomyValueRow> rows, ListEconomyValues(r, "gdp"));
    EXPECT_EQ(rows.size(), 2U);
    if (rows.size() == 2) {
      EXPECT_EQ(rows[0].period, "2023");
      EXPECT_EQ(rows[1].period, "2024");
      EXPECT_EQ(rows[1].region, "江苏省");
      EXPECT_EQ(rows[1].value, std::optional<double>(137008.0));
      EXPECT_EQ(rows[1].source, "revised.csv");
      EXPECT_EQ(rows[1].imported_at, 1'800'000'000);
    }
    return OkStatus();
  }));
}

TEST_F(EconomyStoreTest, AFailedImportStoresNothing) {
  ASSERT_OK(store_->Write(
      [&](Writer& w) { return UpsertEconomyValues(w, {Value("江苏", "", "2024", "gdp", 1.0)}); }));
  EXPECT_THAT(store_->Write([&](Writer& w) {
    return UpsertEconomyValues(
        w, {Value("江苏", "", "2024", "gdp", 9.0), Value("浙江", "", "", "gdp", 2.0)});
  }),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EconomyValueRow> rows, ListEconomyValues(r, "gdp"));
    EXPECT_EQ(rows.size(), 1U);
    if (!rows.empty()) {
      EXPECT_EQ(rows[0].value, std::optional<double>(1.0));
    }
    return OkStatus();
  }));
}

TEST_F(EconomyStoreTest, SummaryPerSeries) {
  ASSERT_OK(store_->Write([&](Writer& w) {
    return UpsertEconomyValues(
        w, {Value("江苏", "32", "2024", "gdp", 1.0), Value("江苏", "32", "2023", "gdp", 2.0),
            Value("全国", "", "2024", "gdp", 3.0),
            Value("北京", "", "2024", "real_growth", std::nullopt)});
  }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<EconomySeriesSummary> s, SummariseEconomy(r));
    EXPECT_EQ(s.size(), 2U);
    if (s.size() == 2) {
      EXPECT_EQ(s[0].series, "gdp");
      EXPECT_EQ(s[0].regions, 2);
      EXPECT_EQ(s[0].values, 3);
      EXPECT_EQ(s[0].missing, 0);
      EXPECT_THAT(s[0].periods, ElementsAre("2023", "2024"));
      EXPECT_EQ(s[1].series, "real_growth");
      EXPECT_EQ(s[1].missing, 1);
    }
    return OkStatus();
  }));
}

TEST_F(EconomyStoreTest, ListsTheProvincesOfTheHierarchy) {
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ProvinceNameRow> p, ListProvinceNames(r));
    EXPECT_EQ(p.size(), 1U);
    if (!p.empty()) {
      EXPECT_EQ(p[0].code, "32");
    }
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store
