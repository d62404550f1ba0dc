// Senior canteens and visits through the API: the worked example's contract
// keys, validation that names the field, the scope between two communities,
// masking and the audit trail of the lists.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kXinghua;
using ::testing::Not;

std::string Canteen(int64_t id, const std::string& suffix) {
  return "/api/v1/canteens/" + std::to_string(id) + suffix;
}

class CanteenApiTest : public ApiTest {
 protected:
  // The worked example of services/canteen_test.cc: April 2026, 60 elderly
  // meals a day at 12 yuan (3 yuan a meal from the district), 20 public at
  // 15; food 9 yuan a meal; staff 12,000, rent 3,000, utilities 1,500.
  void RecordWorkedExample(int64_t canteen, const std::string& token) {
    HttpResponse elderly =
        Send("PUT", Canteen(canteen, "/groups/elderly_60"), token,
             nlohmann::json{{"name", "60岁以上老人"},
                            {"eligible_elderly", true},
                            {"price", 12},
                            {"subsidies", {{{"payer", "区民政局"}, {"per_meal", 3}}}},
                            {"valid_from", "2026-01-01"}});
    ASSERT_EQ(elderly.status, 200) << elderly.body;
    HttpResponse pub = Send("PUT", Canteen(canteen, "/groups/public"), token,
                            nlohmann::json{{"price", "15.00"}, {"valid_from", "2026-01-01"}});
    ASSERT_EQ(pub.status, 200) << pub.body;
    nlohmann::json counts = nlohmann::json::array();
    for (int d = 1; d <= 30; ++d) {
      const std::string day = "2026-04-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
      counts.push_back({{"date", day}, {"group", "elderly_60"}, {"meals", 60}});
      counts.push_back({{"date", day}, {"group", "public"}, {"meals", 20}});
    }
    HttpResponse meals =
        Send("POST", Canteen(canteen, "/meals"), token, nlohmann::json{{"counts", counts}});
    ASSERT_EQ(meals.status, 201) << meals.body;
    EXPECT_EQ(Body(meals)["meals"], 2400);
    for (const auto& [kind, amount] : std::vector<std::pair<std::string, double>>{
             {"food_per_meal", 9}, {"staff", 12000}, {"rent", 3000}, {"utilities", 1500}}) {
      HttpResponse cost =
          Send("POST", Canteen(canteen, "/costs"), token,
               nlohmann::json{{"date", "2026-04-01"}, {"kind", kind}, {"amount", amount}});
      ASSERT_EQ(cost.status, 201) << cost.body;
    }
  }

  int64_t Audits(const std::string& action, const std::string& object) {
    registry::audit::Filter f;
    f.action = action;
    f.object = object;
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }
};

TEST_F(CanteenApiTest, TheReportAnswersTheContractKeysOfTheWorkedExample) {
  const int64_t canteen = MakeFacility(kHailian);
  RecordWorkedExample(canteen, Token("community_staff"));
  HttpResponse res = Get(Canteen(canteen, "/report"), Token("grid_worker"),
                         {{"from", "2026-04-01"}, {"to", "2026-04-30"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json j = Body(res);
  // By hand: canteen_test.cc's WorkedExampleByHand; amounts in yuan.
  EXPECT_EQ(j["meals"], 2400);
  EXPECT_DOUBLE_EQ(j["revenue"].get<double>(), 30600);
  EXPECT_DOUBLE_EQ(j["cost"].get<double>(), 38100);
  EXPECT_DOUBLE_EQ(j["subsidy"].get<double>(), 5400);
  EXPECT_NEAR(j["subsidy_dependency"].get<double>(), 18.0 / 127.0, 1e-12);
  EXPECT_NEAR(j["break_even_meals_per_day"].get<double>(), 440.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(j["self_sustaining_price"].get<double>(), 15.88);
  EXPECT_EQ(j["money_unit"], "yuan");
  EXPECT_EQ(j["groups"].size(), 2u);

  HttpResponse groups = Get(Canteen(canteen, "/groups"), Token("grid_worker"));
  ASSERT_EQ(groups.status, 200) << groups.body;
  EXPECT_DOUBLE_EQ(Body(groups)["items"][0]["subsidies"][0]["per_meal"].get<double>(), 3);
  EXPECT_EQ(Audits("create", "canteen_meal"), 1);
  EXPECT_EQ(Audits("create", "canteen_cost"), 4);
  EXPECT_EQ(Audits("update", "canteen_group"), 2);
}

TEST_F(CanteenApiTest, BadInputNamesTheFieldAndStoresNothing) {
  const int64_t canteen = MakeFacility(kHailian);
  RecordWorkedExample(canteen, Token("community_staff"));
  const std::string token = Token("grid_worker");
  struct Bad {
    std::string path;
    nlohmann::json body;
    std::string says;
  };
  const std::vector<Bad> bad = {
      {"/meals", {{"counts", {{{"group", "vip"}, {"meals", 1}}}}}, "field counts[0].group"},
      {"/meals",
       {{"counts", {{{"group", "public"}, {"meals", 1}}, {{"group", "public"}, {"meals", -1}}}}},
       "field counts[1].meals"},
      {"/meals", {{"counts", nlohmann::json::array()}}, "field counts"},
      {"/meals",
       {{"date", "2026-07-02"}, {"counts", {{{"group", "public"}, {"meals", 1}}}}},
       "future"},
      {"/meals", {{"counts", {{{"group", "public"}, {"meals", 1}}}}, {"extra", 1}}, "extra"},
      {"/costs", {{"kind", "rent"}, {"amount", 12.345}}, "field amount"},
      {"/costs", {{"kind", "bribes"}, {"amount", 1}}, "field kind"},
      {"/costs", {{"kind", "rent"}}, "field amount: is required"},
      {"/subsidies", {{"payer", ""}, {"amount", 1}}, "field payer"},
      {"/groups/Not%20ok", {{"price", 1}}, "field id"},
      {"/groups/x",
       {{"price", 1}, {"subsidies", {{{"payer", "区"}}}}},
       "field subsidies[0].per_meal"},
  };
  const std::string before = Get(Canteen(canteen, "/report"), token).body;
  for (const Bad& b : bad) {
    const std::string method = b.path.starts_with("/groups") ? "PUT" : "POST";
    HttpResponse res = Send(method, Canteen(canteen, b.path), token, b.body);
    EXPECT_EQ(res.status, 400) << b.path << " " << b.body.dump() << ": " << res.body;
    EXPECT_THAT(Body(res).value("message", ""), HasSubstr(b.says)) << b.body.dump();
  }
  EXPECT_EQ(Get(Canteen(canteen, "/report"), token).body, before);
  EXPECT_EQ(Get(Canteen(canteen, "/report"), token, {{"from", "2026-05-01"}, {"to", "2026-04-01"}})
                .status,
            400);
}

TEST_F(CanteenApiTest, ACanteenOfAnotherCommunityIsNotFoundAndUntouched) {
  const int64_t theirs = MakeFacility(kXinghua);
  RecordWorkedExample(theirs, Token("root"));
  const std::string report_before =
      Get(Canteen(theirs, "/report"), Token("root"), {{"from", "2026-04-01"}, {"to", "2026-04-30"}})
          .body;
  const std::string token = Token("community_staff");
  EXPECT_EQ(Get(Canteen(theirs, "/report"), token).status, 404);
  EXPECT_EQ(Get(Canteen(theirs, "/groups"), token).status, 404);
  EXPECT_EQ(Send("POST", Canteen(theirs, "/meals"), token,
                 nlohmann::json{{"date", "2026-04-02"},
                                {"counts", {{{"group", "public"}, {"meals", 500}}}}})
                .status,
            404);
  EXPECT_EQ(Send("POST", Canteen(theirs, "/costs"), token,
                 nlohmann::json{{"date", "2026-04-02"}, {"kind", "rent"}, {"amount", 1}})
                .status,
            404);
  EXPECT_EQ(Send("PUT", Canteen(theirs, "/groups/public"), token,
                 nlohmann::json{{"price", 1}, {"valid_from", "2026-01-01"}})
                .status,
            404);
  EXPECT_EQ(
      Get(Canteen(theirs, "/report"), Token("root"), {{"from", "2026-04-01"}, {"to", "2026-04-30"}})
          .body,
      report_before);
  // A facility that is not a canteen.
  registry::FacilityInput nursery{.unit_code = kHailian, .type = "nursery", .name = "托育园"};
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem made, registry::CreateFacility(*store_, nursery));
  EXPECT_EQ(Get(Canteen(made.facility.id, "/report"), token).status, 409);
}

class VisitApiTest : public ApiTest {};

TEST_F(VisitApiTest, RecordListAndOverduePerGridWorker) {
  // The grid worker of ApiTest sits at Hailian: everyone there is theirs.
  MadeResident alone = MakeResident(kHailian, {"living_alone"});
  MadeResident visited = MakeResident(kHailian, {"living_alone"});
  MakeResident(kXinghua, {"living_alone"});
  const std::string token = Token("grid_worker");
  HttpResponse created = Send(
      "POST", "/api/v1/visits", token,
      nlohmann::json{{"resident_id", visited.id}, {"date", "2026-06-28"}, {"outcome", "安好"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Body(created)["outcome"], "well");
  EXPECT_EQ(Body(created)["visitor"], "grid_worker") << "the user who records it went";
  HttpResponse volunteer =
      Send("POST", "/api/v1/visits", token,
           nlohmann::json{
               {"resident_id", alone.id}, {"outcome", "not_at_home"}, {"visitor", "志愿者李"}});
  ASSERT_EQ(volunteer.status, 201) << volunteer.body;
  EXPECT_EQ(Body(volunteer)["date"], "2026-07-01") << "today by default";

  HttpResponse list = Get("/api/v1/visits", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["total"], 2);
  EXPECT_EQ(Body(list)["items"][0]["visitor"], "志愿者李");
  HttpResponse of_one = Get("/api/v1/visits", token, {{"resident", std::to_string(visited.id)}});
  EXPECT_EQ(Body(of_one)["total"], 1);

  HttpResponse overdue = Get("/api/v1/visits/overdue", token);
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  const nlohmann::json j = Body(overdue);
  EXPECT_EQ(j["on"], "2026-07-01");
  EXPECT_EQ(j["on_schedule"], 2);
  EXPECT_EQ(j["overdue"], 1);
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["grid_worker"]["username"], "grid_worker");
  const nlohmann::json& person = j["groups"][0]["overdue"][0];
  EXPECT_EQ(person["resident_id"], alone.id);
  // Registered 2026-06-01: first visit due within 7 days.
  EXPECT_EQ(person["due"], "2026-06-08");
  EXPECT_EQ(person["days_overdue"], 23);
  EXPECT_EQ(person["unanswered_attempts"], 1);
  for (const HttpResponse* res : {&list, &overdue}) {
    EXPECT_THAT(res->body, Not(HasSubstr(alone.id_number)));
    EXPECT_THAT(res->body, Not(HasSubstr(alone.phone)));
  }
  registry::audit::Filter f;
  f.action = "bulk_read";
  ASSERT_OK_AND_ASSIGN(store::AuditPage reads, registry::audit::Query(*store_, f));
  EXPECT_EQ(reads.total, 3) << "two visit lists and one overdue list";
}

TEST_F(VisitApiTest, OutsideTheScopeIsRefusedAndNothingIsRecorded) {
  MadeResident theirs = MakeResident(kXinghua, {"living_alone"});
  const std::string token = Token("grid_worker");
  HttpResponse res = Send("POST", "/api/v1/visits", token,
                          nlohmann::json{{"resident_id", theirs.id}, {"outcome", "well"}});
  EXPECT_EQ(res.status, 404) << res.body;
  EXPECT_EQ(Get("/api/v1/visits/overdue", token, {{"unit", kXinghua}}).status, 403);
  EXPECT_EQ(Get("/api/v1/visits", token, {{"unit", kXinghua}}).status, 403);
  EXPECT_EQ(Get("/api/v1/visits", token, {{"resident", std::to_string(theirs.id)}}).status, 404);
  EXPECT_EQ(Body(Get("/api/v1/visits", Token("root"), {{"unit", kXinghua}}))["total"], 0);

  MadeResident young = MakeResident(kHailian, {}, *core::Date::FromYmd(1990, 1, 1));
  HttpResponse too_young = Send("POST", "/api/v1/visits", token,
                                nlohmann::json{{"resident_id", young.id}, {"outcome", "well"}});
  EXPECT_EQ(too_young.status, 409) << too_young.body;
  HttpResponse bad = Send("POST", "/api/v1/visits", token,
                          nlohmann::json{{"resident_id", young.id}, {"outcome", "fine"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(Body(bad).value("message", ""), HasSubstr("field outcome"));
}

}  // namespace
}  // namespace alley::api
