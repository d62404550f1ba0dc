// Regional economics through the API: a CSV import (text/csv) with a bad row
// refused whole, the contribution answer (the JSON of `alley economy
// contribution --json`), the series stored, the distribution, the
// permissions economy.read and economy.write, and the parameters' errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;

constexpr char kCsv[] =
    "region,period,series,value\n"
    "江苏,2023,gdp,100\n江苏,2024,gdp,110\n浙江,2023,gdp,50\n浙江,2024,gdp,60\n"
    "全国,2023,gdp,200\n全国,2024,gdp,230\n"
    "江苏,2024,real,8\n浙江,2024,real,\n全国,2024,real,9\n";

class EconomyApiTest : public ApiTest {
 protected:
  HttpResponse Import(const std::string& user, const std::string& csv,
                      const std::string& type = "text/csv; charset=utf-8") {
    return Do({"POST",
               "/api/v1/economy/import",
               {{"file", "gdp.csv"}},
               std::nullopt,
               Token(user),
               {{"content-type", type}},
               csv});
  }
};

TEST_F(EconomyApiTest, ImportThenContribution) {
  HttpResponse imported = Import("planner", kCsv);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(Body(imported)["rows"], 9);
  EXPECT_EQ(Body(imported)["missing"], 1);

  HttpResponse res = Get("/api/v1/economy/contribution", Token("analyst"),
                         {{"series", "gdp"}, {"growth", "real"}, {"period", "2024"}, {"top", "2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  EXPECT_EQ(j["series"], "gdp");
  EXPECT_EQ(j["previous_period"], "2023");
  EXPECT_EQ(j["national_source"], "全国");
  EXPECT_EQ(j["national_growth_pct"], 9.0);
  ASSERT_EQ(j["regions"].size(), 2U);
  // The test hierarchy knows 江苏省 (32): the short name is resolved to its code.
  EXPECT_EQ(j["regions"][0]["region"], "江苏");
  EXPECT_EQ(j["regions"][0]["code"], "32");
  EXPECT_DOUBLE_EQ(j["regions"][0]["pull_pp"].get<double>(), 4.0);
  EXPECT_TRUE(j["regions"][1]["pull_pp"].is_null());
  EXPECT_EQ(j["regions"][1]["code"], "");
  EXPECT_EQ(j["top"]["n"], 2);
  EXPECT_EQ(j["top"]["missing"], nlohmann::json::array({"浙江"}));

  HttpResponse series = Get("/api/v1/economy/series", Token("street_officer"));
  ASSERT_EQ(series.status, 200) << series.body;
  EXPECT_EQ(Body(series)["series"].size(), 2U);

  HttpResponse ranking = Get("/api/v1/economy/ranking", Token("analyst"),
                             {{"series", "gdp"}, {"period", "2024"}, {"top", "1"}});
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  EXPECT_EQ(Body(ranking)["regions"][0]["region"], "江苏");
  EXPECT_DOUBLE_EQ(Body(ranking)["top"]["share_pct"].get<double>(), 110.0 / 230.0 * 100.0);

  HttpResponse d = Get("/api/v1/economy/distribution", Token("planner"),
                       {{"series", "gdp"}, {"period", "2024"}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(Body(d)["regions"], 2);
  EXPECT_TRUE(Body(d)["gini"].is_number());
}

TEST_F(EconomyApiTest, ABadRowStoresNothing) {
  HttpResponse bad =
      Import("admin", "region,period,series,value\n江苏,2024,gdp,1\n江苏,2024,gdp,x\n");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(Body(bad)["message"].get<std::string>(),
              HasSubstr("gdp.csv:3: column value: \"x\" is not a number"));
  HttpResponse series = Get("/api/v1/economy/series", Token("admin"));
  EXPECT_TRUE(Body(series)["series"].empty()) << series.body;
  HttpResponse json = Import("admin", kCsv, "application/json");
  EXPECT_EQ(json.status, 400);
  EXPECT_THAT(Body(json)["message"].get<std::string>(), HasSubstr("text/csv"));
}

TEST_F(EconomyApiTest, Permissions) {
  EXPECT_EQ(Import("analyst", kCsv).status, 403);
  EXPECT_EQ(Import("street_officer", kCsv).status, 403);
  EXPECT_EQ(Get("/api/v1/economy/series", Token("grid_worker")).status, 403);
  EXPECT_EQ(Get("/api/v1/economy/series", Token("auditor")).status, 403);
  EXPECT_EQ(Get("/api/v1/economy/series", "").status, 401);
}

TEST_F(EconomyApiTest, ParameterErrors) {
  ASSERT_EQ(Import("planner", kCsv).status, 201);
  const std::string& t = Token("planner");
  EXPECT_EQ(Get("/api/v1/economy/contribution", t, {{"period", "2024"}}).status, 400);
  EXPECT_EQ(Get("/api/v1/economy/contribution", t, {{"series", "gdp"}}).status, 400);
  HttpResponse quarter =
      Get("/api/v1/economy/contribution", t, {{"series", "gdp"}, {"period", "2024Q5"}});
  EXPECT_EQ(quarter.status, 400);
  EXPECT_THAT(Body(quarter)["message"].get<std::string>(), HasSubstr("quarter 5"));
  EXPECT_EQ(
      Get("/api/v1/economy/contribution", t, {{"series", "gdp"}, {"period", "2024"}, {"top", "0"}})
          .status,
      400);
  EXPECT_EQ(
      Get("/api/v1/economy/contribution", t, {{"series", "fiscal"}, {"period", "2024"}}).status,
      404);
}

}  // namespace
}  // namespace alley::api
