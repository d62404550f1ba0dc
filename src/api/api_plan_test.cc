// Planning through the API on the Hailian demo (a synthetic community with
// its street grid, demo/hailian.h): the run and its map layers, the
// parameters' errors, the scope, and a store without a network.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "demo/hailian.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kXinghua;
using ::testing::Not;

class PlanApiTest : public ApiTest {
 protected:
  void BuildDemo() {
    demo::DemoOptions o;
    o.as_of = Today();
    o.residents = 600;
    ASSERT_OK(demo::BuildHailianDemo(*store_, o));
  }

  int64_t AuditRecords() {
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, {});
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  // The id of an open nursery of the demo with coordinates.
  int64_t ANursery() {
    HttpResponse res = Get("/api/v1/plan/run", Token("planner"), {{"type", "nursery"}});
    EXPECT_EQ(res.status, 200) << res.body;
    const nlohmann::json j = Body(res);
    for (const nlohmann::json& f : j["facilities"]) {
      if (f.value("snapped", false)) return f.value("id", int64_t{0});
    }
    ADD_FAILURE() << "the demo has no nursery on the network: " << res.body;
    return 0;
  }
};

TEST_F(PlanApiTest, NetworksListsTheDemoGrid) {
  HttpResponse empty = Get("/api/v1/plan/networks", Token("planner"));
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(Body(empty)["items"].empty());
  BuildDemo();
  HttpResponse res = Get("/api/v1/plan/networks", Token("planner"));
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json items = Body(res)["items"];
  ASSERT_EQ(items.size(), 1u) << res.body;
  EXPECT_EQ(items[0]["kind"], "walk");
  EXPECT_EQ(items[0]["synthetic"], true);
  EXPECT_GT(items[0]["edges"].get<int64_t>(), 1000);
}

TEST_F(PlanApiTest, RunAnswersCoverageAndEquityWithoutAnAuditRecord) {
  BuildDemo();
  const std::string token = Token("planner");  // the login is audited, not the runs
  const int64_t before = AuditRecords();
  HttpResponse res =
      Get("/api/v1/plan/run", token, {{"unit", kHailian}, {"type", "nursery"}, {"minutes", "5"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  EXPECT_EQ(j["unit"], kHailian);
  EXPECT_EQ(j["type"], "nursery");
  EXPECT_DOUBLE_EQ(j["minutes"].get<double>(), 5);
  EXPECT_EQ(j["method"], "e2sfca");
  EXPECT_DOUBLE_EQ(j["residents"].get<double>(), 600);
  ASSERT_TRUE(j["covered"].is_number()) << res.body;
  EXPECT_GE(j["covered"].get<double>(), 0);
  EXPECT_LE(j["covered"].get<double>(), 1);
  EXPECT_FALSE(j["units"].empty());
  EXPECT_FALSE(j["facilities"].empty());
  // Without homes=true only the unserved homes are listed; with it, all.
  HttpResponse all =
      Get("/api/v1/plan/run", token, {{"type", "nursery"}, {"minutes", "5"}, {"homes", "true"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_GE(Body(all)["homes"].size(), j["homes"].size());
  EXPECT_GT(Body(all)["homes"].size(), 0u);
  // Counts per building only: nothing personal, so nothing audited.
  EXPECT_THAT(all.body, Not(HasSubstr("id_number")));
  EXPECT_EQ(AuditRecords(), before);
  // A longer threshold covers at least as many.
  HttpResponse wider =
      Get("/api/v1/plan/run", Token("planner"), {{"type", "nursery"}, {"minutes", "30"}});
  ASSERT_EQ(wider.status, 200) << wider.body;
  EXPECT_GE(Body(wider)["covered"].get<double>(), j["covered"].get<double>());
}

TEST_F(PlanApiTest, RunRefusesBadParameters) {
  BuildDemo();
  const std::string token = Token("planner");
  struct Bad {
    std::vector<std::pair<std::string, std::string>> query;
    std::string message;
  } cases[] = {
      {{}, "parameter type: is required"},
      {{{"type", "spaceport"}}, "parameter type: \"spaceport\" is not a facility type"},
      {{{"type", "nursery"}, {"minutes", "0"}}, "parameter minutes"},
      {{{"type", "nursery"}, {"minutes", "121"}}, "parameter minutes"},
      {{{"type", "nursery"}, {"minutes", "five"}}, "parameter minutes"},
      {{{"type", "nursery"}, {"method", "guess"}}, "parameter method"},
      {{{"type", "nursery"}, {"homes", "yes"}}, "parameter homes"},
  };
  for (const Bad& b : cases) {
    for (const char* path : {"/api/v1/plan/run", "/api/v1/plan/run.geojson"}) {
      HttpResponse res = Get(path, token, b.query);
      EXPECT_EQ(res.status, 400) << path << " " << res.body;
      EXPECT_EQ(Body(res).value("code", ""), "invalid_argument");
      EXPECT_THAT(Body(res).value("message", ""), HasSubstr(b.message));
    }
  }
  HttpResponse box = Get("/api/v1/plan/network.geojson", token, {{"bbox", "1,2,3"}});
  EXPECT_EQ(box.status, 400) << box.body;
  EXPECT_THAT(Body(box).value("message", ""), HasSubstr("parameter bbox"));
  EXPECT_EQ(Get("/api/v1/plan/catchment.geojson", token).status, 400);
  EXPECT_EQ(Get("/api/v1/plan/catchment.geojson", token, {{"facility", "x"}}).status, 400);
}

TEST_F(PlanApiTest, OutsideTheScopeIsForbiddenAndFacilitiesNotFound) {
  BuildDemo();
  AddUser("xinghua_planner", "planner", kXinghua);
  const std::string outsider = Token("xinghua_planner");
  for (const char* path : {"/api/v1/plan/run", "/api/v1/plan/run.geojson"}) {
    HttpResponse res = Get(path, outsider, {{"unit", kHailian}, {"type", "nursery"}});
    EXPECT_EQ(res.status, 403) << path << " " << res.body;
    EXPECT_EQ(Body(res).value("code", ""), "permission_denied");
  }
  const int64_t nursery = ANursery();
  HttpResponse catchment =
      Get("/api/v1/plan/catchment.geojson", outsider, {{"facility", std::to_string(nursery)}});
  EXPECT_EQ(catchment.status, 404) << catchment.body;
  // A role without plan.read is refused before anything is read.
  EXPECT_EQ(Get("/api/v1/plan/run", Token("grid_worker"), {{"type", "nursery"}}).status, 403);
}

TEST_F(PlanApiTest, NoNetworkIsAFailedPrecondition) {
  // The hierarchy alone: no demo, no network.
  for (const char* path :
       {"/api/v1/plan/run", "/api/v1/plan/run.geojson", "/api/v1/plan/network.geojson"}) {
    HttpResponse res = Get(path, Token("planner"), {{"type", "nursery"}});
    EXPECT_EQ(res.status, 409) << path << " " << res.body;
    EXPECT_EQ(Body(res).value("code", ""), "failed_precondition") << res.body;
  }
}

TEST_F(PlanApiTest, GeoJsonLayers) {
  BuildDemo();
  const std::string token = Token("planner");
  HttpResponse net = Get("/api/v1/plan/network.geojson", token);
  ASSERT_EQ(net.status, 200) << net.body;
  EXPECT_THAT(net.content_type, HasSubstr("application/geo+json"));
  const nlohmann::json edges = Body(net);
  EXPECT_EQ(edges["type"], "FeatureCollection");
  const size_t all_edges = edges["features"].size();
  EXPECT_GT(all_edges, 1000u);
  EXPECT_EQ(edges["features"][0]["geometry"]["type"], "LineString");
  // A box around the centre keeps fewer.
  HttpResponse part =
      Get("/api/v1/plan/network.geojson", token, {{"bbox", "119.165,34.595,119.175,34.605"}});
  ASSERT_EQ(part.status, 200) << part.body;
  EXPECT_GT(Body(part)["features"].size(), 0u);
  EXPECT_LT(Body(part)["features"].size(), all_edges);

  HttpResponse run =
      Get("/api/v1/plan/run.geojson", token, {{"type", "nursery"}, {"minutes", "5"}});
  ASSERT_EQ(run.status, 200) << run.body;
  size_t homes = 0, facilities = 0;
  const nlohmann::json layer = Body(run);
  for (const nlohmann::json& f : layer["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "Point");
    const std::string kind = f["properties"].value("kind", "");
    homes += kind == "home";
    facilities += kind == "facility";
  }
  EXPECT_GT(homes, 0u);
  EXPECT_GT(facilities, 0u);

  const int64_t nursery = ANursery();
  HttpResponse c5 = Get("/api/v1/plan/catchment.geojson", token,
                        {{"facility", std::to_string(nursery)}, {"minutes", "5"}});
  ASSERT_EQ(c5.status, 200) << c5.body;
  HttpResponse c15 = Get("/api/v1/plan/catchment.geojson", token,
                         {{"facility", std::to_string(nursery)}, {"minutes", "15"}});
  ASSERT_EQ(c15.status, 200) << c15.body;
  const nlohmann::json a = Body(c5), b = Body(c15);
  EXPECT_GT(a["features"].size(), 1u) << "streets and the site";
  EXPECT_GT(b["features"].size(), a["features"].size()) << "a longer walk reaches more streets";
  for (const nlohmann::json& f : a["features"]) {
    if (f["geometry"]["type"] == "LineString") {
      EXPECT_LE(f["properties"]["minutes"].get<double>(), 5);
    }
  }
  EXPECT_EQ(Get("/api/v1/plan/catchment.geojson", token, {{"facility", "999999"}}).status, 404);
}

TEST_F(PlanApiTest, SitesProposesCandidatesWithTheFiguresAfter) {
  BuildDemo();
  const std::string token = Token("planner");
  HttpResponse res =
      Get("/api/v1/plan/run", token, {{"type", "nursery"}, {"minutes", "5"}, {"sites", "2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  ASSERT_TRUE(j.contains("proposal")) << res.body;
  const nlohmann::json& p = j["proposal"];
  EXPECT_EQ(p["model"], "mclp");
  ASSERT_EQ(p["sites"].size(), 2u);
  EXPECT_GE(p["after"]["covered"].get<double>(), j["covered"].get<double>())
      << "new sites never cover fewer";
  EXPECT_LE(p["after"]["unserved"].get<double>(), j["unserved"].get<double>());
  HttpResponse geo = Get("/api/v1/plan/run.geojson", token,
                         {{"type", "nursery"}, {"minutes", "5"}, {"sites", "2"}});
  ASSERT_EQ(geo.status, 200) << geo.body;
  const nlohmann::json layer = Body(geo);
  size_t proposed = 0;
  for (const nlohmann::json& f : layer["features"]) {
    proposed += f["properties"].value("kind", "") == "proposed_site";
  }
  EXPECT_EQ(proposed, 2u);
  // Without sites (or 0) there is no proposal; more than the unit's candidates is refused.
  EXPECT_FALSE(Body(Get("/api/v1/plan/run", token, {{"type", "nursery"}, {"sites", "0"}}))
                   .contains("proposal"));
  HttpResponse many = Get("/api/v1/plan/run", token, {{"type", "nursery"}, {"sites", "40"}});
  EXPECT_EQ(many.status, 400) << many.body;
  EXPECT_EQ(Get("/api/v1/plan/run", token, {{"type", "nursery"}, {"sites", "-1"}}).status, 400);
}

TEST_F(PlanApiTest, AUnitWithoutLocatedHomesIsAllUnlocated) {
  BuildDemo();
  // 星化 has no demo: its residents (none) and Hailian's nurseries nearby.
  AddUser("xinghua_planner", "planner", kXinghua);
  HttpResponse res = Get("/api/v1/plan/run", Token("xinghua_planner"), {{"type", "nursery"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  EXPECT_DOUBLE_EQ(j["residents"].get<double>(), 0);
  EXPECT_TRUE(j["covered"].is_null()) << "no one to cover: unknown, not 0";
  EXPECT_TRUE(j["homes"].empty());
}

TEST_F(PlanApiTest, ProjectAnswersTheJsonOfThePlanProjectCommand) {
  BuildDemo();
  const std::string token = Token("planner");
  if (CensusDir().empty()) {
    HttpResponse res = Get("/api/v1/plan/project", token);
    EXPECT_EQ(res.status, 409) << res.body;
    EXPECT_THAT(Body(res).value("message", ""), HasSubstr("--census-dir"));
    GTEST_SKIP() << "ALLEY_SHARED_DATA is not set: the projection itself is not run";
  }
  HttpResponse res =
      Get("/api/v1/plan/project", token, {{"years", "5"}, {"scenario", "baseline,low_fertility"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  EXPECT_EQ(j["unit"]["code"], kHailian);
  EXPECT_EQ(j["years"], 5);
  ASSERT_EQ(j["scenarios"].size(), 2u);
  EXPECT_EQ(j["scenarios"][0]["name"], "baseline");
  EXPECT_EQ(j["scenarios"][0]["years"].size(), 6u);
  EXPECT_DOUBLE_EQ(j["base"]["total"].get<double>(), 600);
  EXPECT_FALSE(j["base_demand"].empty());

  EXPECT_EQ(Get("/api/v1/plan/project", token, {{"years", "4"}}).status, 400);
  HttpResponse unknown = Get("/api/v1/plan/project", token, {{"scenario", "boom"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_THAT(Body(unknown).value("message", ""), HasSubstr("parameter scenario"));
  AddUser("xinghua_planner", "planner", kXinghua);
  EXPECT_EQ(Get("/api/v1/plan/project", Token("xinghua_planner"), {{"unit", kHailian}}).status,
            403);
}

}  // namespace
}  // namespace alley::api
