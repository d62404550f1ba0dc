// Indicators through the API: the catalogue (the built-in definitions written
// on first use), the table over a range of months with entered values and
// targets, the rule check, entering values (missing as null, the scope, the
// position in errors, the audit record), defining an indicator (a formula
// that does not parse names its column), and the parameters' errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;
using testing::kXinghua;

class IndicatorsApiTest : public ApiTest {
 protected:
  HttpResponse Enter(const std::string& user, nlohmann::json values) {
    return Send("POST", "/api/v1/indicators/values", Token(user),
                nlohmann::json{{"values", std::move(values)}});
  }
  static nlohmann::json Value(const std::string& unit, const std::string& period,
                              nlohmann::json v) {
    return {{"element", "elderly_care_floor_m2"}, {"unit", unit}, {"period", period}, {"value", v}};
  }
};

TEST_F(IndicatorsApiTest, CatalogueHasTheBuiltInDefinitions) {
  HttpResponse res = Get("/api/v1/indicators", Token("analyst"));
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  bool found = false;
  for (const nlohmann::json& i : j["indicators"]) {
    if (i["code"] == "nursery_places_per_1000") {
      found = true;
      EXPECT_EQ(i["target"]["op"], ">=");
      EXPECT_EQ(i["target"]["value"], 4.5);
    }
  }
  EXPECT_TRUE(found) << res.body;
  EXPECT_FALSE(j["elements"].empty());
  EXPECT_FALSE(j["rules"].empty());
  EXPECT_EQ(Get("/api/v1/indicators", Token("grid_worker")).status, 403);
}

TEST_F(IndicatorsApiTest, EnteredValuesShowInTheTable) {
  HttpResponse entered = Enter("community_staff", nlohmann::json::array({
                                                      Value(kHailian, "2026-01", 120),
                                                      Value(kHailian, "2026-02", nullptr),
                                                      Value(kHailian, "2026-03", 150.5),
                                                  }));
  ASSERT_EQ(entered.status, 201) << entered.body;
  EXPECT_EQ(Body(entered)["stored"], 3);
  EXPECT_EQ(Body(entered)["missing"], 1);

  // The write is audited, as the API's other writes are.
  registry::audit::Filter f;
  f.action = std::string(registry::audit::kCreate);
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].object, "indicator_value");

  // A range of months and a comma list of codes; the element's "last" rule.
  HttpResponse res = Get("/api/v1/indicators/table", Token("street_officer"),
                         {{"unit", kHailian},
                          {"codes", "elderly_care_floor_m2,residents"},
                          {"period", "2026-01..2026-03"},
                          {"units", "scope"}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json t = Body(res);
  EXPECT_EQ(t["periods"], nlohmann::json::array({"2026-01", "2026-02", "2026-03"}));
  ASSERT_EQ(t["rows"].size(), 3U) << res.body;
  EXPECT_EQ(t["rows"][0]["unit"], kHailian);
  EXPECT_EQ(t["rows"][0]["values"]["elderly_care_floor_m2"], 120.0);
  EXPECT_TRUE(t["rows"][1]["values"]["elderly_care_floor_m2"].is_null());
  EXPECT_EQ(t["rows"][2]["values"]["elderly_care_floor_m2"], 150.5);

  // Repeated parameters mean the same as a comma list.
  HttpResponse repeated = Get("/api/v1/indicators/table", Token("street_officer"),
                              {{"unit", kHailian},
                               {"codes", "elderly_care_floor_m2"},
                               {"codes", "residents"},
                               {"period", "2026-01"},
                               {"period", "2026-02..2026-03"},
                               {"units", "scope"}});
  ASSERT_EQ(repeated.status, 200) << repeated.body;
  EXPECT_EQ(Body(repeated)["rows"], t["rows"]);
}

TEST_F(IndicatorsApiTest, TableOfTheStreetHasItsCommunitiesWithTargets) {
  HttpResponse res =
      Get("/api/v1/indicators/table", Token("root"),
          {{"unit", kStreet}, {"codes", "nursery_places_per_1000"}, {"period", "2026"}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json t = Body(res);
  ASSERT_EQ(t["columns"].size(), 1U);
  EXPECT_EQ(t["columns"][0]["target"]["op"], ">=");
  std::set<std::string> units;
  for (const nlohmann::json& row : t["rows"]) units.insert(row["unit"].get<std::string>());
  EXPECT_TRUE(units.contains(kStreet));
  EXPECT_TRUE(units.contains(kHailian));
  EXPECT_TRUE(units.contains(kXinghua));
}

TEST_F(IndicatorsApiTest, ScopeIsTheUsersUnit) {
  HttpResponse outside = Get("/api/v1/indicators/table", Token("community_staff"),
                             {{"unit", kXinghua}, {"period", "2026"}});
  EXPECT_EQ(outside.status, 403) << outside.body;
  // No unit: the user's own.
  HttpResponse own = Get("/api/v1/indicators/table", Token("community_staff"),
                         {{"codes", "residents"}, {"period", "2026"}, {"units", "scope"}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Body(own)["rows"][0]["unit"], kHailian);

  HttpResponse entered = Enter("community_staff", nlohmann::json::array({
                                                      Value(kHailian, "2026", 1),
                                                      Value(kXinghua, "2026", 2),
                                                  }));
  EXPECT_EQ(entered.status, 403) << entered.body;
  EXPECT_THAT(Body(entered).value("message", ""), HasSubstr("values[1]"));
  EXPECT_EQ(Get("/api/v1/indicators/check", Token("community_staff"),
                {{"unit", kXinghua}, {"period", "2026"}})
                .status,
            403);
}

TEST_F(IndicatorsApiTest, BadValuesAndParametersAreNamed) {
  HttpResponse no_value =
      Enter("community_staff",
            nlohmann::json::array(
                {{{"element", "elderly_care_floor_m2"}, {"unit", kHailian}, {"period", "2026"}}}));
  EXPECT_EQ(no_value.status, 400);
  EXPECT_THAT(Body(no_value).value("message", ""), HasSubstr("values[0]: field value"));
  HttpResponse derived = Enter(
      "community_staff",
      nlohmann::json::array(
          {{{"element", "residents"}, {"unit", kHailian}, {"period", "2026"}, {"value", 3}}}));
  EXPECT_EQ(derived.status, 400);
  EXPECT_THAT(Body(derived).value("message", ""), HasSubstr("derived"));
  HttpResponse bad_period =
      Enter("community_staff", nlohmann::json::array({Value(kHailian, "2026Q5", 1)}));
  EXPECT_EQ(bad_period.status, 400) << bad_period.body;
  EXPECT_EQ(Enter("community_staff", nlohmann::json::array()).status, 400);
  // Analysts read but do not write.
  EXPECT_EQ(Enter("analyst", nlohmann::json::array({Value(kHailian, "2026", 1)})).status, 403);

  HttpResponse no_period = Get("/api/v1/indicators/table", Token("analyst"), {{"unit", kHailian}});
  EXPECT_EQ(no_period.status, 400);
  EXPECT_THAT(Body(no_period).value("message", ""), HasSubstr("parameter period"));
  HttpResponse bad_units = Get("/api/v1/indicators/table", Token("analyst"),
                               {{"unit", kHailian}, {"period", "2026"}, {"units", "galaxy"}});
  EXPECT_EQ(bad_units.status, 400);
  EXPECT_THAT(Body(bad_units).value("message", ""), HasSubstr("parameter units"));
}

TEST_F(IndicatorsApiTest, CheckListsViolations) {
  HttpResponse res =
      Get("/api/v1/indicators/check", Token("analyst"), {{"unit", kHailian}, {"period", "2026"}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  EXPECT_TRUE(j.contains("checked")) << res.body;
  EXPECT_TRUE(j["violations"].is_array());
  HttpResponse unknown = Get("/api/v1/indicators/check", Token("analyst"),
                             {{"unit", kHailian}, {"period", "2026"}, {"rule", "no_such_rule"}});
  EXPECT_GE(unknown.status, 400) << unknown.body;
}

TEST_F(IndicatorsApiTest, DefineIndicator) {
  HttpResponse bad =
      Send("POST", "/api/v1/indicators", Token("street_officer"),
           nlohmann::json{
               {"code", "ratio"}, {"name", "比例"}, {"formula", "residents_60_plus / (residents"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(Body(bad).value("message", ""), HasSubstr("column"));
  EXPECT_THAT(Body(bad).value("message", ""), HasSubstr("formula"));

  HttpResponse ok =
      Send("POST", "/api/v1/indicators", Token("street_officer"),
           nlohmann::json{{"code", "old_share"},
                          {"name", "老年人口占比"},
                          {"formula", "100 * residents_60_plus / residents"},
                          {"measure", "%"},
                          {"target", {{"op", "<="}, {"value", 30}, {"source", "test"}}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Body(ok)["code"], "old_share");
  EXPECT_EQ(Body(ok)["target"]["value"], 30.0);

  HttpResponse t = Get("/api/v1/indicators/table", Token("street_officer"),
                       {{"unit", kHailian}, {"codes", "old_share"}, {"period", "2026"}});
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(Body(t)["columns"][0]["code"], "old_share");

  HttpResponse bad_target = Send("POST", "/api/v1/indicators", Token("street_officer"),
                                 nlohmann::json{{"code", "x1"},
                                                {"name", "x"},
                                                {"formula", "residents"},
                                                {"target", {{"op", "~"}, {"value", 1}}}});
  EXPECT_EQ(bad_target.status, 400) << bad_target.body;
  EXPECT_EQ(Send("POST", "/api/v1/indicators", Token("planner"),
                 nlohmann::json{{"code", "x2"}, {"name", "x"}, {"formula", "residents"}})
                .status,
            403);
}

}  // namespace
}  // namespace alley::api
