// Performance scorecards through the API: the list with the built-in
// scorecard, a ranking (the JSON of `alley scorecard rank --json`), the
// permission indicators.read, the scope (units inside the user's unit) and
// the parameters' errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;

using ScorecardApiTest = ApiTest;

TEST_F(ScorecardApiTest, ListsAndRanks) {
  HttpResponse list = Get("/api/v1/scorecards", Token("community_staff"));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["scorecards"][0]["code"], "governance");
  EXPECT_EQ(Body(list)["scorecards"][0]["items"].size(), 6U);

  HttpResponse res = Get("/api/v1/scorecards/governance/rank", Token("root"),
                         {{"unit", kStreet}, {"level", "community"}, {"period", "2026Q2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  EXPECT_EQ(j["scorecard"], "governance");
  EXPECT_EQ(j["scope"], kStreet);
  EXPECT_EQ(j["level"], "community");
  EXPECT_EQ(j["period"], "2026Q2");
  EXPECT_EQ(j["previous_period"], "2026Q1");
  bool hailian = false;
  for (const nlohmann::json& u : j["units"]) hailian = hailian || u["unit"] == kHailian;
  EXPECT_TRUE(hailian) << res.body;

  // The user's own unit is the default scope.
  HttpResponse own = Get("/api/v1/scorecards/governance/rank", Token("community_staff"),
                         {{"level", "compound"}, {"period", "2026"}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Body(own)["scope"], kHailian);
}

TEST_F(ScorecardApiTest, PermissionScopeAndErrors) {
  EXPECT_EQ(Get("/api/v1/scorecards", Token("grid_worker")).status, 403);
  EXPECT_EQ(Get("/api/v1/scorecards/governance/rank", Token("community_staff"),
                {{"unit", kStreet}, {"period", "2026"}})
                .status,
            403);
  HttpResponse no_period =
      Get("/api/v1/scorecards/governance/rank", Token("root"), {{"unit", kStreet}});
  EXPECT_EQ(no_period.status, 400);
  EXPECT_THAT(no_period.body, HasSubstr("period"));
  EXPECT_EQ(Get("/api/v1/scorecards/governance/rank", Token("root"),
                {{"unit", kStreet}, {"level", "planet"}, {"period", "2026"}})
                .status,
            400);
  EXPECT_EQ(
      Get("/api/v1/scorecards/absent/rank", Token("root"), {{"unit", kStreet}, {"period", "2026"}})
          .status,
      404);
}

}  // namespace
}  // namespace alley::api
