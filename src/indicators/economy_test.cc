#include "indicators/economy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/status_matchers.h"
#include "indicators/economy_import.h"

namespace alley::indicators {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

store::EconomyValueRow Row(std::string region, std::string period, std::string series,
                           std::optional<double> value) {
  store::EconomyValueRow r;
  r.region = std::move(region);
  r.period = std::move(period);
  r.series = std::move(series);
  r.value = value;
  r.source = "test";
  return r;
}

Period P(std::string_view text) { return *ParsePeriod(text); }

const RegionContribution& Find(const ContributionResult& c, std::string_view region) {
  for (const RegionContribution& r : c.regions) {
    if (r.region == region) return r;
  }
  ALLEY_CHECK(false, "region not in the answer");
  return c.regions.front();
}

// Three regions and the nation: A 100 -> 110 (real 8%), B 50 -> 60 (real 12%),
// C 30 -> ? (real missing); nation 200 -> 230 (real 9%).
std::vector<store::EconomyValueRow> Small() {
  return {Row("A", "2023", "gdp", 100.0),         Row("A", "2024", "gdp", 110.0),
          Row("B", "2023", "gdp", 50.0),          Row("B", "2024", "gdp", 60.0),
          Row("C", "2023", "gdp", 30.0),          Row("C", "2024", "gdp", std::nullopt),
          Row("全国", "2023", "gdp", 200.0),      Row("全国", "2024", "gdp", 230.0),
          Row("A", "2024", "real", 8.0),          Row("B", "2024", "real", 12.0),
          Row("C", "2024", "real", std::nullopt), Row("全国", "2024", "real", 9.0)};
}

TEST(EconomyTest, GrowthIsMissingWithoutBothLevelsOrWithAZeroBase) {
  EXPECT_DOUBLE_EQ(*GrowthPct(110.0, 100.0), 10.0);
  EXPECT_DOUBLE_EQ(*GrowthPct(90.0, 100.0), -10.0);
  EXPECT_FALSE(GrowthPct(110.0, 0.0));
  EXPECT_FALSE(GrowthPct(std::nullopt, 100.0));
  EXPECT_FALSE(GrowthPct(110.0, std::nullopt));
}

TEST(EconomyTest, RealContributionAndPull) {
  EconomyTable table(Small());
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "real", P("2024"), 2}));
  EXPECT_EQ(FormatPeriod(c.previous_period), "2023");
  EXPECT_EQ(c.growth, "real");
  EXPECT_EQ(c.national_source, "全国");
  EXPECT_DOUBLE_EQ(*c.national_growth_pct, 9.0);
  const RegionContribution& a = Find(c, "A");
  EXPECT_EQ(a.rank, 1);
  EXPECT_DOUBLE_EQ(*a.growth_pct, 8.0);
  EXPECT_DOUBLE_EQ(*a.pull_pp, 100.0 * 8.0 / 200.0);         // 4 pp
  EXPECT_DOUBLE_EQ(*a.contribution_pct, 4.0 / 9.0 * 100.0);  // 44.4%
  const RegionContribution& b = Find(c, "B");
  EXPECT_EQ(b.rank, 2);
  EXPECT_DOUBLE_EQ(*b.pull_pp, 50.0 * 12.0 / 200.0);  // 3 pp
  // C has no level for 2024 and no growth: listed, last, with nulls.
  const RegionContribution& cc = Find(c, "C");
  EXPECT_FALSE(cc.rank);
  EXPECT_EQ(c.regions.back().region, "C");
  EXPECT_DOUBLE_EQ(*cc.previous_level, 30.0);
  EXPECT_FALSE(cc.growth_pct);
  EXPECT_FALSE(cc.pull_pp);
  EXPECT_FALSE(cc.contribution_pct);
  EXPECT_DOUBLE_EQ(*c.top_pull_pp, 7.0);
  EXPECT_DOUBLE_EQ(*c.top_contribution_pct, 7.0 / 9.0 * 100.0);
  EXPECT_TRUE(c.top_missing.empty());
}

TEST(EconomyTest, TopListsTheMissingAmongTheFirstN) {
  std::vector<store::EconomyValueRow> rows = Small();
  rows.push_back(Row("C", "2024", "gdp", 200.0));  // C now the largest, growth still missing
  for (auto& r : rows) {
    if (r.region == "C" && r.period == "2024" && r.series == "gdp" && !r.value) r.value = 200.0;
  }
  EconomyTable table(rows);
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "real", P("2024"), 2}));
  EXPECT_EQ(c.regions.front().region, "C");
  EXPECT_THAT(c.top_missing, ElementsAre("C"));
  EXPECT_DOUBLE_EQ(*c.top_pull_pp, 4.0);  // A only
}

TEST(EconomyTest, NominalContributionIsTheShareOfTheIncrease) {
  EconomyTable table(Small());
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "", P("2024"), 10}));
  EXPECT_EQ(c.growth, "nominal");
  EXPECT_DOUBLE_EQ(*c.national_growth_pct, 15.0);
  const RegionContribution& a = Find(c, "A");
  EXPECT_DOUBLE_EQ(*a.growth_pct, 10.0);
  EXPECT_DOUBLE_EQ(*a.contribution_pct, 10.0 / 30.0 * 100.0);
  EXPECT_DOUBLE_EQ(*a.pull_pp, 100.0 * 10.0 / 200.0);
  const RegionContribution& b = Find(c, "B");
  EXPECT_DOUBLE_EQ(*b.contribution_pct, 10.0 / 30.0 * 100.0);
  EXPECT_FALSE(Find(c, "C").contribution_pct);
  EXPECT_THAT(c.top_missing, ElementsAre("C"));
}

TEST(EconomyTest, WithoutTheNationTheSumOfTheRegionsStandsIn) {
  std::vector<store::EconomyValueRow> rows;
  for (const auto& r : Small()) {
    if (r.region != "全国" && r.region != "C") rows.push_back(r);
  }
  EconomyTable table(rows);
  ASSERT_OK_AND_ASSIGN(ContributionResult nominal, Contribution(table, {"gdp", "", P("2024"), 10}));
  EXPECT_EQ(nominal.national_source, "sum_of_regions");
  EXPECT_DOUBLE_EQ(*nominal.national_growth_pct, (170.0 / 150.0 - 1) * 100.0);
  EXPECT_DOUBLE_EQ(*Find(nominal, "A").contribution_pct, 50.0);
  ASSERT_OK_AND_ASSIGN(ContributionResult real,
                       Contribution(table, {"gdp", "real", P("2024"), 10}));
  EXPECT_EQ(real.national_source, "sum_of_regions");
  // The prev-level-weighted mean growth: (100 x 8 + 50 x 12) / 150.
  EXPECT_DOUBLE_EQ(*real.national_growth_pct, 1400.0 / 150.0);
  // The contributions of all regions then add up to 100%.
  EXPECT_NEAR(*real.top_contribution_pct, 100.0, 1e-9);
}

TEST(EconomyTest, ASumWithAMissingRegionIsMissing) {
  std::vector<store::EconomyValueRow> rows;
  for (const auto& r : Small()) {
    if (r.region != "全国") rows.push_back(r);
  }
  EconomyTable table(rows);
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "", P("2024"), 10}));
  EXPECT_EQ(c.national_source, "sum_of_regions");
  EXPECT_FALSE(c.national_growth_pct);
  EXPECT_FALSE(Find(c, "A").contribution_pct);
  EXPECT_FALSE(c.top_contribution_pct);
  EXPECT_DOUBLE_EQ(*Find(c, "A").growth_pct, 10.0);
}

TEST(EconomyTest, QuartersCompareWithTheSameQuarterAYearBefore) {
  EconomyTable table({Row("A", "2023Q3", "gdp", 10.0), Row("A", "2024Q2", "gdp", 99.0),
                      Row("A", "2024Q3", "gdp", 11.0), Row("全国", "2023Q3", "gdp", 20.0),
                      Row("全国", "2024Q3", "gdp", 21.0)});
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "", P("2024Q3"), 1}));
  EXPECT_EQ(FormatPeriod(c.previous_period), "2023Q3");
  EXPECT_DOUBLE_EQ(*Find(c, "A").growth_pct, 10.0);
  EXPECT_DOUBLE_EQ(*Find(c, "A").contribution_pct, 100.0);
}

TEST(EconomyTest, Errors) {
  EconomyTable table(Small());
  EXPECT_THAT(Contribution(table, {"fiscal", "", P("2024"), 10}),
              StatusIs(StatusCode::kNotFound, HasSubstr("series fiscal")));
  EXPECT_THAT(Contribution(table, {"gdp", "nope", P("2024"), 10}),
              StatusIs(StatusCode::kNotFound, HasSubstr("growth series nope")));
  EXPECT_THAT(Contribution(table, {"gdp", "", P("2024"), 0}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("top 0")));
}

TEST(EconomyTest, JsonContract) {
  EconomyTable table(Small());
  ASSERT_OK_AND_ASSIGN(ContributionResult c, Contribution(table, {"gdp", "real", P("2024"), 2}));
  nlohmann::json j = ContributionJson(c);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_THAT(keys, ::testing::UnorderedElementsAre("series", "period", "previous_period", "growth",
                                                    "national_growth_pct", "national_source",
                                                    "regions", "top"));
  std::vector<std::string> region_keys;
  for (const auto& [k, v] : j["regions"][0].items()) region_keys.push_back(k);
  EXPECT_THAT(region_keys,
              ::testing::UnorderedElementsAre("rank", "region", "code", "level", "previous_level",
                                              "growth_pct", "contribution_pct", "pull_pp"));
  EXPECT_TRUE(j["regions"][2]["growth_pct"].is_null());
  EXPECT_TRUE(j["regions"][2]["rank"].is_null());
  EXPECT_EQ(j["top"]["n"], 2);
  EXPECT_TRUE(j["top"]["missing"].is_array());
}

TEST(EconomyTest, RankingAndTheTopShare) {
  EconomyTable table(Small());
  ASSERT_OK_AND_ASSIGN(RankingResult r, Ranking(table, "gdp", P("2023"), 2));
  EXPECT_EQ(r.national_source, "全国");
  ASSERT_EQ(r.regions.size(), 3U);
  EXPECT_EQ(r.regions[0].region, "A");
  EXPECT_DOUBLE_EQ(*r.regions[0].share_pct, 50.0);
  EXPECT_DOUBLE_EQ(*r.top_sum, 150.0);
  EXPECT_DOUBLE_EQ(*r.top_share_pct, 75.0);
  ASSERT_OK_AND_ASSIGN(RankingResult r24, Ranking(table, "gdp", P("2024"), 3));
  EXPECT_THAT(r24.top_missing, ElementsAre("C"));
  EXPECT_FALSE(r24.regions[2].rank);
}

// The published provincial GDP of 2023 and 2024 (ALLEY_SHARED_DATA), turned
// into the long form the importer reads.
std::optional<std::string> RealFileAsLongForm() {
  const char* dir = std::getenv("ALLEY_SHARED_DATA");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  std::filesystem::path path =
      std::filesystem::path(dir) / "economy" / "china_provincial_gdp_2023_2024.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  core::CsvReader reader(text);
  core::CsvRecord record;
  std::string out = "region,period,series,value\n";
  bool header = true;
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    ALLEY_CHECK(more.ok(), more.status().ToString());
    if (!*more) break;
    if (header) {
      header = false;
      continue;
    }
    const auto& f = record.fields;
    out += f[0] + ",2023,gdp," + f[1] + "\n";
    out += f[0] + ",2024,gdp," + f[2] + "\n";
    out += f[0] + ",2024,real_growth," + f[3] + "\n";
  }
  return out;
}

TEST(EconomyTest, ThePublished2024ContributionsOfTheProvinces) {
  std::optional<std::string> text = RealFileAsLongForm();
  if (!text) GTEST_SKIP() << "ALLEY_SHARED_DATA or the economy file is not there";
  ASSERT_OK_AND_ASSIGN(std::vector<store::EconomyValueRow> rows,
                       ParseEconomyCsv(*text, "gdp.csv", {}, 0));
  EconomyTable table(rows);
  ASSERT_OK_AND_ASSIGN(ContributionResult c,
                       Contribution(table, {"gdp", "real_growth", P("2024"), 10}));
  EXPECT_EQ(c.national_source, "全国");
  EXPECT_DOUBLE_EQ(*c.national_growth_pct, 5.0);
  EXPECT_EQ(c.regions.size(), 31U);
  const RegionContribution& js = Find(c, "江苏");
  EXPECT_EQ(js.rank, 2);  // after 广东
  EXPECT_NEAR(*js.pull_pp, 128222.2 * 5.8 / 1294271.7, 1e-12);
  EXPECT_NEAR(*js.pull_pp, 0.5746, 5e-5);
  EXPECT_NEAR(*js.contribution_pct, 0.5746 / 5.0 * 100.0, 1e-2);
  EXPECT_EQ(c.regions.front().region, "广东");
  // 北京 (12th) has no growth figure; 四川, 湖北 and 上海 are among the ten
  // largest without one.
  EXPECT_FALSE(Find(c, "北京").growth_pct);
  EXPECT_FALSE(Find(c, "北京").pull_pp);
  EXPECT_FALSE(Find(c, "北京").contribution_pct);
  EXPECT_DOUBLE_EQ(*Find(c, "北京").level, 49843.1);
  EXPECT_THAT(c.top_missing, ::testing::UnorderedElementsAre("上海", "四川", "湖北"));
  // The seven of the ten largest with a figure: 广东 江苏 山东 浙江 河南 福建 湖南.
  double pull = 0;
  for (double prev_growth : {135673.2 * 3.5, 128222.2 * 5.8, 92068.7 * 5.7, 82553.2 * 5.5,
                             59132.4 * 5.1, 54355.1 * 5.5, 50012.9 * 4.8}) {
    pull += prev_growth / 1294271.7;
  }
  EXPECT_NEAR(*c.top_pull_pp, pull, 1e-9);
  EXPECT_NEAR(*c.top_contribution_pct, pull / 5.0 * 100.0, 1e-9);
}

}  // namespace
}  // namespace alley::indicators
