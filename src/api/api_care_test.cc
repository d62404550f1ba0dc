// Home services and the time bank through the API: caregivers and
// volunteers, an order from request to rating with the volunteer's hours,
// the balances contract, transfers, redemptions and reversals, errors, and
// the scope (a Hailian user never sees or writes Xinghua's).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "api/api_test_util.h"
#include "registry/audit.h"
#include "services/care.h"
#include "services/timebank_service.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kXinghua;

class CareApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
      ALLEY_RETURN_IF_ERROR(
          w.InsertBuilding({.unit_code = kHailian, .name = "1", .lat = 34.600, .lon = 119.170})
              .status());
      return w.InsertBuilding({.unit_code = kXinghua, .name = "1", .lat = 34.610, .lon = 119.170})
          .status();
    }));
  }

  // A resident of `unit` in building "1".
  int64_t Resident(const std::string& unit, core::Date birth, const std::string& household = "",
                   const std::string& relation = "") {
    registry::NewResident r;
    r.id_number = NextIdNumber(birth);
    r.name = "居民" + std::to_string(Unique());
    r.unit_code = unit;
    r.building = "1";
    r.household = household;
    r.relation = relation;
    r.effective = *core::Date::FromYmd(2020, 1, 1);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, Today());
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }
  int64_t Elder(const std::string& unit = kHailian) {
    return Resident(unit, *core::Date::FromYmd(1940, 5, 1));
  }
  int64_t Adult(const std::string& unit = kHailian) {
    return Resident(unit, *core::Date::FromYmd(1985, 5, 1));
  }

  static nlohmann::json Daytime() {
    nlohmann::json w = nlohmann::json::array();
    for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
      w.push_back({{"day", day}, {"start", "08:00"}, {"end", "18:00"}});
    }
    return w;
  }

  nlohmann::json VolunteerBody(int64_t resident) {
    return {{"resident", resident},
            {"skills", {"cleaning", "meal_delivery"}},
            {"availability", Daytime()},
            {"registered_on", "2026-01-01"}};
  }

  static nlohmann::json CaregiverBody(const std::string& unit) {
    return {{"unit", unit},
            {"name", "李护理"},
            {"occupation", "elder_care_worker"},
            {"availability", Daytime()},
            {"certifications",
             {{{"occupation", "elder_care_worker"},
               {"level", 4},
               {"issued", "2024-01-01"},
               {"expires", "2029-12-31"},
               {"number", "NO.1"}}}},
            {"lat", 34.605},
            {"lon", 119.170},
            {"registered_on", "2026-01-01"}};
  }

  // A volunteer registered through the domain: its id and account.
  std::pair<int64_t, int64_t> MakeVolunteer(const std::string& unit) {
    services::ProviderInput in;
    in.resident_id = Adult(unit);
    in.skills = {"cleaning", "meal_delivery"};
    StatusOr<std::vector<services::WeeklyWindow>> w =
        services::ParseWeeklyWindows("mon-sun 08:00-18:00");
    EXPECT_OK(w);
    in.availability = *w;
    in.registered_on = *core::Date::FromYmd(2026, 1, 1);
    StatusOr<services::ProviderItem> p = services::RegisterProvider(
        *store_, services::ProviderType::kVolunteer, in, core::kNationCode, {"cli:test", "", ""},
        std::chrono::floor<std::chrono::seconds>(T0()));
    EXPECT_OK(p);
    return p.ok() ? std::pair{p->provider.id, p->timebank_account_id.value_or(0)}
                  : std::pair<int64_t, int64_t>{0, 0};
  }

  nlohmann::json OrderBody(int64_t resident, const std::string& date = "2026-07-06") {
    return {{"resident", resident},
            {"kind", "cleaning"},
            {"date", date},
            {"start", "09:00"},
            {"end", "10:30"}};
  }

  HttpResponse Event(int64_t order, nlohmann::json body, const std::string& user = "grid_worker") {
    return Send("POST", "/api/v1/orders/" + std::to_string(order) + "/events", Token(user),
                std::move(body));
  }
};

TEST_F(CareApiTest, CaregiversAreCreatedReadChangedAndListed) {
  const std::string token = Token("community_staff");
  HttpResponse made = Send("POST", "/api/v1/caregivers", token, CaregiverBody(kHailian));
  ASSERT_EQ(made.status, 201) << made.body;
  const nlohmann::json c = Body(made);
  const std::string path = "/api/v1/caregivers/" + std::to_string(c.value("id", int64_t{0}));
  EXPECT_EQ(HeaderOf(made, "Location"), path);
  EXPECT_EQ(c.value("occupation_name", ""), "养老护理员");
  EXPECT_EQ(c["skills"].size(), 6u) << "every kind by default";
  EXPECT_EQ(c["availability"][0],
            (nlohmann::json{{"day", "mon"}, {"start", "08:00"}, {"end", "18:00"}}));
  EXPECT_EQ(c["location"].value("source", ""), "given");
  const std::string etag = HeaderOf(made, "ETag").value_or("");
  EXPECT_EQ(c.value("etag", ""), etag);

  HttpResponse changed = Change("PATCH", path, token, etag,
                                nlohmann::json{{"skills", {"bathing"}}, {"hours_before", 12.5}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Body(changed)["skills"], nlohmann::json({"bathing"}));
  EXPECT_EQ(Body(changed).value("hours_worked", 0.0), 12.5);
  EXPECT_EQ(Change("PATCH", path, token, etag, nlohmann::json{{"note", "x"}}).status, 409)
      << "a stale ETag";
  EXPECT_EQ(Send("PATCH", path, token, nlohmann::json{{"note", "x"}}).status, 428);
  EXPECT_EQ(Get("/api/v1/volunteers/" + std::to_string(c.value("id", int64_t{0})), token).status,
            404)
      << "a caregiver is no volunteer";

  HttpResponse list = Get("/api/v1/caregivers", token, {{"skill", "bathing"}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["total"], 1);
  registry::audit::Filter f;
  f.action = std::string(registry::audit::kBulkRead);
  f.object = "caregiver";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  EXPECT_EQ(page.total, 1) << "the list of names is audited";

  nlohmann::json bad = CaregiverBody(kHailian);
  bad["certifications"][0]["level"] = 9;
  HttpResponse refused = Send("POST", "/api/v1/caregivers", token, bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(Body(refused).value("message", ""), HasSubstr("certifications[0].level"));
  bad = CaregiverBody(kHailian);
  bad["availability"][0]["day"] = "someday";
  EXPECT_THAT(Body(Send("POST", "/api/v1/caregivers", token, bad)).value("message", ""),
              HasSubstr("availability[0].day"));
}

TEST_F(CareApiTest, AnOrderGoesFromRequestToRatingAndTheVolunteerEarns) {
  const int64_t elder = Elder();
  const std::string token = Token("grid_worker");
  HttpResponse v = Send("POST", "/api/v1/volunteers", token, VolunteerBody(Adult()));
  ASSERT_EQ(v.status, 201) << v.body;
  const int64_t volunteer = Body(v).value("id", int64_t{0});
  const int64_t account = Body(v).value("timebank_account", int64_t{0});
  ASSERT_GT(account, 0);

  HttpResponse made = Send("POST", "/api/v1/orders", token, OrderBody(elder));
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t order = Body(made).value("id", int64_t{0});
  EXPECT_EQ(Body(made).value("state", ""), "requested");
  EXPECT_EQ(Body(made).value("minutes", 0), 90);

  HttpResponse match = Get("/api/v1/orders/" + std::to_string(order) + "/match", token);
  ASSERT_EQ(match.status, 200) << match.body;
  ASSERT_EQ(Body(match)["candidates"].size(), 1u);
  EXPECT_EQ(Body(match)["candidates"][0]["provider"].value("id", int64_t{0}), volunteer);
  EXPECT_EQ(Body(match)["candidates"][0].value("distance_m", -1.0), 0.0);

  HttpResponse early = Event(order, {{"event", "finish"}});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Body(early).value("code", ""), "failed_precondition");
  EXPECT_THAT(Body(early).value("message", ""), HasSubstr("cannot finish"));
  ASSERT_EQ(Event(order, {{"event", "assign"}}).status, 200);
  ASSERT_EQ(Event(order, {{"event", "start"}}).status, 200);
  HttpResponse done = Event(order, {{"event", "finish"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Body(done).value("state", ""), "done");
  EXPECT_TRUE(Body(done)["earn_transaction"].is_number());
  EXPECT_EQ(Event(order, {{"event", "rate"}, {"stars", 0}}).status, 400);
  EXPECT_EQ(Event(order, {{"event", "rate"}}).status, 400);
  EXPECT_EQ(Event(order, {{"event", "explode"}}).status, 400);
  HttpResponse rated = Event(order, {{"event", "rate"}, {"stars", 5}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(Body(rated)["events"].size(), 5u);

  HttpResponse statement =
      Get("/api/v1/timebank/accounts/" + std::to_string(account) + "/statement", token,
          {{"to", "2026-12-31"}});  // the service is next week
  ASSERT_EQ(statement.status, 200) << statement.body;
  EXPECT_EQ(Body(statement).value("closing_hours", 0.0), 1.5);
  EXPECT_EQ(Body(statement)["entries"][0].value("reference", ""),
            "home_service_order:" + std::to_string(order));
}

TEST_F(CareApiTest, BalancesKeepTheContract) {
  const auto [volunteer, account] = MakeVolunteer(kHailian);
  const int64_t order =
      Body(Send("POST", "/api/v1/orders", Token("grid_worker"), OrderBody(Elder())))
          .value("id", int64_t{0});
  for (const char* e : {"assign", "start", "finish"}) {
    ASSERT_EQ(Event(order, {{"event", e}}).status, 200) << e;
  }
  HttpResponse res = Get("/api/v1/timebank/balances", Token("grid_worker"), {{"unit", kHailian}});
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json b = Body(res);
  ASSERT_TRUE(b["accounts"].is_array());
  ASSERT_EQ(b["accounts"].size(), 2u);
  for (const nlohmann::json& a : b["accounts"]) EXPECT_TRUE(a["hours"].is_number()) << a.dump();
  EXPECT_EQ(b["accounts"][0].value("kind", ""), "issuance");
  EXPECT_EQ(b["accounts"][0].value("hours", 0.0), -1.5);
  EXPECT_EQ(b["accounts"][1].value("id", int64_t{0}), account);
  EXPECT_EQ(b["accounts"][1].value("hours", 0.0), 1.5);
  EXPECT_EQ(b.value("total_hours", -1.0), 0.0);
  EXPECT_EQ(b.value("outstanding_hours", 0.0), 1.5);
  EXPECT_EQ(b["banks"][0]["policy"].value("max_hours_per_service", 0.0), 8.0);
}

TEST_F(CareApiTest, TransfersRedemptionsAndReversals) {
  const int64_t giver = Resident(kHailian, *core::Date::FromYmd(1985, 1, 1), "0031", "child");
  const int64_t mother = Resident(kHailian, *core::Date::FromYmd(1950, 1, 1), "0031", "head");
  services::ProviderInput in;
  in.resident_id = giver;
  in.skills = {"companionship"};
  in.availability = *services::ParseWeeklyWindows("sat 09:00-12:00");
  in.registered_on = *core::Date::FromYmd(2026, 1, 1);
  ASSERT_OK_AND_ASSIGN(services::ProviderItem v,
                       services::RegisterProvider(*store_, services::ProviderType::kVolunteer, in,
                                                  core::kNationCode, {"cli:test", "", ""},
                                                  std::chrono::floor<std::chrono::seconds>(T0())));
  const int64_t account = *v.timebank_account_id;
  ASSERT_OK(services::EarnHours(*store_, account, 180, *core::Date::FromYmd(2026, 2, 7), "event:1",
                                "", core::kNationCode, {"cli:test", "", ""},
                                std::chrono::floor<std::chrono::seconds>(T0())));
  const std::string token = Token("community_staff");
  HttpResponse t = Send("POST", "/api/v1/timebank/transfers", token,
                        nlohmann::json{{"from_account", account},
                                       {"to_resident", mother},
                                       {"hours", 1},
                                       {"date", "2026-03-01"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(Body(t)["transaction"]["family"].value("same_household", false), true);
  EXPECT_EQ(Body(t).value("balance_hours", 0.0), 2.0);
  EXPECT_EQ(
      Send("POST", "/api/v1/timebank/transfers", token,
           nlohmann::json{
               {"from_account", account}, {"to_resident", mother}, {"hours", 1}, {"minutes", 60}})
          .status,
      400);
  HttpResponse r = Send("POST", "/api/v1/timebank/redemptions", token,
                        nlohmann::json{{"account", account},
                                       {"minutes", 30},
                                       {"reference", "home_service_order:77"},
                                       {"date", "2026-03-02"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t number = Body(r)["transaction"].value("number", int64_t{0});
  HttpResponse over = Send(
      "POST", "/api/v1/timebank/redemptions", token,
      nlohmann::json{{"account", account}, {"hours", 10}, {"reference", "home_service_order:78"}});
  EXPECT_EQ(over.status, 409) << "an overdraft: " << over.body;
  HttpResponse undo = Send("POST", "/api/v1/timebank/reversals", token,
                           nlohmann::json{{"unit", kHailian},
                                          {"transaction", number},
                                          {"reason", "重复登记"},
                                          {"date", "2026-03-03"}});
  ASSERT_EQ(undo.status, 201) << undo.body;
  EXPECT_EQ(Body(undo).value("balance_minutes", 0), 120);
  HttpResponse balances = Get("/api/v1/timebank/balances", token);
  EXPECT_EQ(Body(balances).value("total_minutes", -1), 0);
}

TEST_F(CareApiTest, AHailianUserNeverSeesOrWritesXinghuas) {
  const auto [volunteer, account] = MakeVolunteer(kXinghua);
  const int64_t elder = Elder(kXinghua);
  const std::string root = Token("root");
  HttpResponse made = Send("POST", "/api/v1/orders", root, OrderBody(elder));
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t order = Body(made).value("id", int64_t{0});
  const std::string token = Token("grid_worker");
  EXPECT_EQ(Get("/api/v1/orders/" + std::to_string(order), token).status, 404);
  EXPECT_EQ(Get("/api/v1/orders/" + std::to_string(order) + "/match", token).status, 404);
  EXPECT_EQ(Event(order, {{"event", "assign"}}).status, 404);
  EXPECT_EQ(Get("/api/v1/volunteers/" + std::to_string(volunteer), token).status, 404);
  EXPECT_EQ(
      Get("/api/v1/timebank/accounts/" + std::to_string(account) + "/statement", token).status,
      404);
  EXPECT_EQ(Get("/api/v1/timebank/balances", token, {{"unit", kXinghua}}).status, 403);
  EXPECT_EQ(Get("/api/v1/orders", token, {{"unit", kXinghua}}).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/orders", token, OrderBody(Elder(kXinghua))).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/caregivers", token, CaregiverBody(kXinghua)).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/timebank/redemptions", token,
                 nlohmann::json{{"account", account}, {"minutes", 1}, {"reference", "x"}})
                .status,
            404);
  // Lists without ?unit= show Hailian's only (nothing here).
  EXPECT_EQ(Body(Get("/api/v1/orders", token))["total"], 0);
  EXPECT_EQ(Body(Get("/api/v1/volunteers", token))["total"], 0);
  EXPECT_TRUE(Body(Get("/api/v1/timebank/balances", token))["accounts"].empty());
  EXPECT_EQ(Body(Get("/api/v1/orders", root))["total"], 1) << "the street sees it";
  EXPECT_EQ(Body(Get("/api/v1/orders/" + std::to_string(order), root)).value("state", ""),
            "requested")
      << "the refused event changed nothing";
}

TEST_F(CareApiTest, RolesWithoutServicesMayNot) {
  for (const char* role : {"planner", "analyst", "auditor"}) {
    EXPECT_EQ(Get("/api/v1/orders", Token(role)).status, 403) << role;
    EXPECT_EQ(Get("/api/v1/timebank/balances", Token(role)).status, 403) << role;
  }
}

// The properties of a schema of openapi.json, its $ref followed and allOf merged.
std::set<std::string> Documented(const nlohmann::json& doc, const nlohmann::json& schema) {
  std::set<std::string> names;
  if (schema.contains("$ref")) {
    const nlohmann::json::json_pointer at(schema["$ref"].get<std::string>().substr(1));
    return doc.contains(at) ? Documented(doc, doc.at(at)) : names;
  }
  if (schema.contains("properties")) {
    for (auto& [name, _] : schema["properties"].items()) names.insert(name);
  }
  if (schema.contains("allOf")) {
    for (const nlohmann::json& part : schema["allOf"]) {
      std::set<std::string> more = Documented(doc, part);
      names.insert(more.begin(), more.end());
    }
  }
  return names;
}

TEST_F(CareApiTest, AnswersCarryExactlyTheDocumentedFields) {
  std::ifstream in(ALLEY_OPENAPI_FILE, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_TRUE(doc.is_object());
  const auto [volunteer, account] = MakeVolunteer(kHailian);
  const std::string token = Token("admin");
  const int64_t order =
      Body(Send("POST", "/api/v1/orders", token, OrderBody(Elder()))).value("id", int64_t{0});
  const nlohmann::json match =
      Body(Get("/api/v1/orders/" + std::to_string(order) + "/match", token));
  for (const char* e : {"assign", "start", "finish"}) {
    ASSERT_EQ(Event(order, {{"event", e}}, "admin").status, 200) << e;
  }
  const nlohmann::json posted = Body(Send(
      "POST", "/api/v1/timebank/redemptions", token,
      nlohmann::json{
          {"account", account}, {"minutes", 10}, {"reference", "x:1"}, {"date", "2026-07-06"}}));
  const struct {
    std::string schema;
    nlohmann::json sample;
  } samples[] = {
      {"Provider", Body(Get("/api/v1/volunteers/" + std::to_string(volunteer), token))},
      {"Provider", Body(Send("POST", "/api/v1/caregivers", token, CaregiverBody(kHailian)))},
      {"Order", Body(Get("/api/v1/orders", token))["items"][0]},
      {"OrderDetail", Body(Get("/api/v1/orders/" + std::to_string(order), token))},
      {"OrderEventEntry", Body(Get("/api/v1/orders/" + std::to_string(order), token))["events"][1]},
      {"Candidates", match},
      {"TimeBankBalances", Body(Get("/api/v1/timebank/balances", token))},
      {"TimeBankStatement",
       Body(Get("/api/v1/timebank/accounts/" + std::to_string(account) + "/statement", token,
                {{"to", "2026-12-31"}}))},
      {"PostedTransaction", posted},
      {"TimeBankTransaction", posted["transaction"]},
  };
  for (const auto& [schema, sample] : samples) {
    SCOPED_TRACE(schema);
    ASSERT_TRUE(sample.is_object()) << sample.dump();
    std::set<std::string> answered;
    for (auto& [k, _] : sample.items()) answered.insert(k);
    EXPECT_EQ(answered, Documented(doc, {{"$ref", "#/components/schemas/" + schema}}));
  }
}

}  // namespace
}  // namespace alley::api
