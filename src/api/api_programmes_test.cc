// Programme enrolments, platform workers, their coverage and rider rest
// stations through the API: the flows, masking and the bulk-read audit of
// lists, versions, and the scope (a Xinghua worker never sees or writes
// Hailian's records).
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

class ProgrammesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    AddUser("xinghua_staff", "community_staff", kXinghua);
  }

  // A resident of `unit` with this employment, born in 1995.
  MadeResident Worker(const std::string& unit, const std::string& employment = "delivery_rider",
                      const std::string& insurance = "flexible") {
    registry::NewResident r;
    r.id_number = NextIdNumber(*core::Date::FromYmd(1995, 1, 1));
    r.name = "骑手" + std::to_string(Unique());
    r.unit_code = unit;
    r.phone = "1390000" + std::to_string(1000 + Unique());
    r.employment = employment;
    r.insurance = insurance;
    r.effective = Today().AddDays(-30);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, Today());
    EXPECT_OK(made);
    return {made.ok() ? made->id : 0, r.id_number, r.phone};
  }

  int64_t Station(const std::string& unit) {
    registry::FacilityInput f;
    f.unit_code = unit;
    f.type = "rider_rest_station";
    f.name = "骑手驿站" + std::to_string(Unique());
    f.capacity = 6;
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  HttpResponse Enrol(const std::string& token, int64_t resident, const std::string& programme) {
    return Send("POST", "/api/v1/enrolments", token,
                nlohmann::json{{"resident_id", resident}, {"programme", programme}});
  }

  int64_t BulkReads(const std::string& object) {
    registry::audit::Filter f;
    f.action = std::string(registry::audit::kBulkRead);
    f.object = object;
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  // The etag of a worker as a list shows it.
  std::string WorkerETag(int64_t resident, const std::string& token) {
    HttpResponse res = Get("/api/v1/platform/workers", token, {{"page_size", "500"}});
    EXPECT_EQ(res.status, 200) << res.body;
    const nlohmann::json list = Body(res);
    for (const nlohmann::json& item : list["items"]) {
      if (item.value("resident_id", int64_t{0}) == resident) return item.value("etag", "");
    }
    return "";
  }
};

TEST_F(ProgrammesApiTest, EnrolListAndEnd) {
  const MadeResident elder = MakeResident(kHailian);  // born 1950
  const std::string token = Token("community_staff");
  HttpResponse made = Send("POST", "/api/v1/enrolments", token,
                           nlohmann::json{{"resident_id", elder.id},
                                          {"programme", "助餐"},
                                          {"from", "2026-06-01"},
                                          {"note", "午餐"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const nlohmann::json e = Body(made);
  EXPECT_EQ(e.value("programme", ""), "canteen_meals");
  EXPECT_EQ(e.value("group", ""), "elderly");
  EXPECT_EQ(e.value("from", ""), "2026-06-01");
  EXPECT_TRUE(e["ended_on"].is_null());
  EXPECT_EQ(e.value("open", false), true);
  const int64_t id = e.value("id", int64_t{0});
  EXPECT_EQ(HeaderOf(made, "Location"), "/api/v1/enrolments/" + std::to_string(id));

  HttpResponse again = Enrol(token, elder.id, "canteen_meals");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Body(again).value("code", ""), "already_exists");

  const int64_t before = BulkReads("enrolment");
  HttpResponse list = Get("/api/v1/enrolments", token);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Body(list)["total"], 1);
  const nlohmann::json item = Body(list)["items"][0];
  EXPECT_EQ(item.value("resident_id", int64_t{0}), elder.id);
  EXPECT_THAT(item.value("resident_name", ""), HasSubstr("居民")) << "names are shown";
  EXPECT_THAT(list.body, Not(HasSubstr(elder.id_number)));
  EXPECT_THAT(list.body, HasSubstr(elder.id_number.substr(0, 6) + "********"));
  EXPECT_EQ(BulkReads("enrolment"), before + 1) << "a list with names is a bulk read";

  HttpResponse one = Get("/api/v1/enrolments/" + std::to_string(id), token);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Body(one), item);

  HttpResponse ended = Send("POST", "/api/v1/enrolments/" + std::to_string(id) + "/end", token,
                            nlohmann::json{{"on", "2026-07-01"}, {"reason", "搬离"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Body(ended).value("ended_on", ""), "2026-07-01");
  EXPECT_EQ(Body(ended).value("end_reason", ""), "搬离");
  HttpResponse twice = Send("POST", "/api/v1/enrolments/" + std::to_string(id) + "/end", token,
                            nlohmann::json::object());
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(Body(twice).value("code", ""), "failed_precondition");
  EXPECT_EQ(Body(Get("/api/v1/enrolments", token))["total"], 0) << "open ones by default";
  EXPECT_EQ(Body(Get("/api/v1/enrolments", token, {{"status", "ended"}}))["total"], 1);
  EXPECT_EQ(
      Body(Get("/api/v1/enrolments", token, {{"as_of", "2026-06-30"}, {"status", "all"}}))["total"],
      1);
  EXPECT_EQ(
      Body(Get("/api/v1/enrolments", token, {{"as_of", "2026-07-01"}, {"status", "all"}}))["total"],
      0);
}

TEST_F(ProgrammesApiTest, RefusalsNameTheFieldOrTheRule) {
  const MadeResident elder = MakeResident(kHailian);
  const MadeResident rider = Worker(kHailian);
  const std::string token = Token("grid_worker");
  HttpResponse not_platform = Enrol(token, elder.id, "legal_aid");
  EXPECT_EQ(not_platform.status, 409) << not_platform.body;
  EXPECT_EQ(Body(not_platform).value("code", ""), "failed_precondition");
  EXPECT_THAT(Body(not_platform).value("message", ""), HasSubstr("is for platform workers"));
  HttpResponse young = Enrol(token, rider.id, "home_care");
  EXPECT_EQ(young.status, 409) << young.body;
  EXPECT_THAT(Body(young).value("message", ""), HasSubstr("aged 60 or more"));
  EXPECT_EQ(Enrol(token, rider.id, "rest_station").status, 201);

  const struct {
    nlohmann::json body;
    std::string says;
  } bad[] = {
      {nlohmann::json{{"programme", "home_care"}}, "field resident_id: is required"},
      {nlohmann::json{{"resident_id", elder.id}}, "field programme"},
      {nlohmann::json{{"resident_id", elder.id}, {"programme", "yoga"}},
       "field programme: unknown programme"},
      {nlohmann::json{
           {"resident_id", elder.id}, {"programme", "home_care"}, {"from", "2026-13-01"}},
       "field from"},
      {nlohmann::json{{"resident_id", "x"}, {"programme", "home_care"}}, "field resident_id"},
      {nlohmann::json{{"resident_id", elder.id}, {"programme", "home_care"}, {"who", 1}},
       "known fields: "},
  };
  for (const auto& b : bad) {
    HttpResponse res = Send("POST", "/api/v1/enrolments", token, b.body);
    EXPECT_EQ(res.status, 400) << b.body.dump() << ": " << res.body;
    EXPECT_THAT(Body(res).value("message", ""), HasSubstr(b.says)) << b.body.dump();
  }
  EXPECT_EQ(Get("/api/v1/enrolments", token, {{"status", "closed"}}).status, 400);
  EXPECT_EQ(Get("/api/v1/enrolments", token, {{"resident", "abc"}}).status, 400);
  EXPECT_EQ(Get("/api/v1/enrolments", token, {{"page_size", "501"}}).status, 400);
  EXPECT_EQ(Enrol(token, elder.id + 1000, "home_care").status, 404);
}

TEST_F(ProgrammesApiTest, PlatformWorkersWithVersions) {
  const MadeResident rider = Worker(kHailian);
  const MadeResident clerk = Worker(kHailian, "employee");
  const std::string token = Token("community_staff");
  const int64_t before = BulkReads("platform_worker");
  HttpResponse list = Get("/api/v1/platform/workers", token);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(Body(list)["total"], 1) << "only platform forms";
  const nlohmann::json item = Body(list)["items"][0];
  EXPECT_EQ(item.value("resident_id", int64_t{0}), rider.id);
  EXPECT_EQ(item.value("form", ""), "delivery_rider");
  EXPECT_EQ(item.value("insured", false), true);
  EXPECT_EQ(item.value("version", -1), 0);
  EXPECT_THAT(list.body, Not(HasSubstr(rider.id_number)));
  EXPECT_THAT(list.body, Not(HasSubstr(rider.phone)));
  EXPECT_EQ(BulkReads("platform_worker"), before + 1);
  const std::string etag = item.value("etag", "");
  EXPECT_EQ(etag, "\"w" + std::to_string(rider.id) + "v0\"");

  const std::string path = "/api/v1/platform/workers/" + std::to_string(rider.id);
  const nlohmann::json change = {{"platforms", {"美团外卖", "蜂鸟"}},
                                 {"injury_protection", "enrolled"},
                                 {"injury_protection_since", "2025-07-01"}};
  EXPECT_EQ(Send("PATCH", path, token, change).status, 428);
  HttpResponse done = Change("PATCH", path, token, etag, change);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Body(done)["platforms"][0].value("key", ""), "meituan");
  EXPECT_EQ(Body(done)["platforms"][1].value("key", ""), "eleme");
  EXPECT_EQ(Body(done).value("injury_protection_since", ""), "2025-07-01");
  EXPECT_EQ(HeaderOf(done, "ETag"), "\"w" + std::to_string(rider.id) + "v1\"");
  HttpResponse stale = Change("PATCH", path, token, etag, change);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale).value("code", ""), "aborted");

  HttpResponse bad = Change("PATCH", path, token, WorkerETag(rider.id, token),
                            nlohmann::json{{"injury_protection", "maybe"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(Body(bad).value("message", ""), HasSubstr("field injury_protection"));
  HttpResponse not_worker =
      Change("PATCH", "/api/v1/platform/workers/" + std::to_string(clerk.id), token,
             "\"w" + std::to_string(clerk.id) + "v0\"", nlohmann::json{{"platforms", {"美团"}}});
  EXPECT_EQ(not_worker.status, 409) << not_worker.body;
  EXPECT_EQ(Body(not_worker).value("code", ""), "failed_precondition");
}

TEST_F(ProgrammesApiTest, CoverageSharesAreFractionsOrNull) {
  const MadeResident insured = Worker(kHailian, "delivery_rider", "flexible");
  Worker(kHailian, "ride_hailing_driver", "none");
  const std::string token = Token("street_officer");
  ASSERT_EQ(Enrol(token, insured.id, "insurance_enrolment").status, 201);
  HttpResponse res = Get("/api/v1/platform/coverage", token);
  ASSERT_EQ(res.status, 200) << res.body;
  const nlohmann::json c = Body(res);
  EXPECT_EQ(c.value("unit", ""), kHailian);
  EXPECT_EQ(c.value("workers", 0), 2);
  EXPECT_DOUBLE_EQ(c.value("insured_share", -1.0), 0.5);
  EXPECT_DOUBLE_EQ(c.value("injury_protection_share", -1.0), 0.0) << "known: nobody";
  EXPECT_DOUBLE_EQ(c.value("programme_reach_share", -1.0), 0.5);
  EXPECT_EQ(c.value("injury_unknown", 0), 2);
  ASSERT_EQ(c["units"].size(), 1u);
  EXPECT_EQ(c["units"][0].value("unit", ""), kHailian);
  EXPECT_EQ(c["by_form"][0].value("form", ""), "delivery_rider");
  EXPECT_EQ(c["by_form"][0].value("workers", 0), 1);

  HttpResponse empty = Get("/api/v1/platform/coverage", Token("xinghua_staff"));
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(Body(empty).value("workers", -1), 0);
  EXPECT_TRUE(Body(empty)["insured_share"].is_null()) << "no workers: no share, never 0";
  EXPECT_TRUE(Body(empty)["programme_reach_share"].is_null());
}

TEST_F(ProgrammesApiTest, RestStationsAnswerOpenNow) {
  // The API's clock: 2026-07-01 10:00 in Beijing.
  const int64_t id = Station(kHailian);
  const std::string path = "/api/v1/platform/stations/" + std::to_string(id);
  const std::string token = Token("community_staff");
  HttpResponse first = Get(path, token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(Body(first)["hours"].is_null());
  EXPECT_TRUE(Body(first)["open_now"].is_null());
  const std::string etag = HeaderOf(first, "ETag").value_or("");
  EXPECT_EQ(etag, ETagOf("/api/v1/facilities/" + std::to_string(id))) << "the facility's version";

  HttpResponse set = Change("PATCH", path, token, etag,
                            nlohmann::json{{"capacity", 20}, {"hours", "08:00-12:00,14:00-22:00"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(set).value("open_now", false), true);
  EXPECT_EQ(Body(set).value("capacity", 0), 20);
  EXPECT_EQ(Body(set).value("minutes_open_per_day", 0), 12 * 60);
  EXPECT_NE(HeaderOf(set, "ETag"), etag);
  EXPECT_EQ(
      Body(Get("/api/v1/facilities/" + std::to_string(id), Token("root"))).value("capacity", 0),
      20);
  HttpResponse closed = Change("PATCH", path, token, HeaderOf(set, "ETag").value_or(""),
                               nlohmann::json{{"hours", "12:00-13:00"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Body(closed).value("open_now", true), false);

  EXPECT_EQ(Change("PATCH", path, token, etag, nlohmann::json{{"capacity", 5}}).status, 409)
      << "a stale ETag";
  for (const nlohmann::json& body :
       {nlohmann::json{{"capacity", 0}}, nlohmann::json{{"capacity", 10001}},
        nlohmann::json{{"hours", "25:00-26:00"}}, nlohmann::json{{"hours", 8}}}) {
    HttpResponse res = Change("PATCH", path, token, ETagOf(path), body);
    EXPECT_EQ(res.status, 400) << body.dump() << ": " << res.body;
  }
  // A facility of another type is no rest station.
  const int64_t canteen = MakeFacility(kHailian);
  HttpResponse other = Get("/api/v1/platform/stations/" + std::to_string(canteen), token);
  EXPECT_EQ(other.status, 409) << other.body;
}

// A Xinghua worker never sees or writes Hailian's data.
TEST_F(ProgrammesApiTest, XinghuaNeverSeesOrWritesHailian) {
  const MadeResident elder = MakeResident(kHailian);
  const MadeResident rider = Worker(kHailian);
  const MadeResident their_rider = Worker(kXinghua);
  const int64_t station = Station(kHailian);
  const std::string ours = Token("community_staff");
  HttpResponse made = Enrol(ours, elder.id, "home_care");
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t enrolment = Body(made).value("id", int64_t{0});
  const std::string etag = WorkerETag(rider.id, ours);

  const std::string theirs = Token("xinghua_staff");
  EXPECT_EQ(Enrol(theirs, elder.id, "canteen_meals").status, 404);
  EXPECT_EQ(Get("/api/v1/enrolments/" + std::to_string(enrolment), theirs).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/enrolments/" + std::to_string(enrolment) + "/end", theirs,
                 nlohmann::json::object())
                .status,
            404);
  EXPECT_EQ(Get("/api/v1/enrolments", theirs, {{"unit", kHailian}}).status, 403);
  EXPECT_EQ(Body(Get("/api/v1/enrolments", theirs))["total"], 0);
  EXPECT_EQ(Get("/api/v1/platform/workers", theirs, {{"unit", kHailian}}).status, 403);
  HttpResponse their_list = Get("/api/v1/platform/workers", theirs);
  ASSERT_EQ(their_list.status, 200) << their_list.body;
  ASSERT_EQ(Body(their_list)["total"], 1);
  EXPECT_EQ(Body(their_list)["items"][0].value("resident_id", int64_t{0}), their_rider.id);
  EXPECT_EQ(Change("PATCH", "/api/v1/platform/workers/" + std::to_string(rider.id), theirs, etag,
                   nlohmann::json{{"platforms", {"美团"}}})
                .status,
            404);
  EXPECT_EQ(Get("/api/v1/platform/coverage", theirs, {{"unit", kHailian}}).status, 403);
  EXPECT_EQ(Get("/api/v1/platform/coverage", theirs, {{"unit", "320706006"}}).status, 403);
  const std::string station_path = "/api/v1/platform/stations/" + std::to_string(station);
  EXPECT_EQ(Get(station_path, theirs).status, 404);
  EXPECT_EQ(
      Change("PATCH", station_path, theirs, ETagOf(station_path), nlohmann::json{{"capacity", 9}})
          .status,
      404);
  // Nothing of Hailian's changed.
  EXPECT_EQ(Body(Get("/api/v1/enrolments/" + std::to_string(enrolment), ours)).value("open", false),
            true);
  EXPECT_EQ(WorkerETag(rider.id, ours), etag);
  EXPECT_EQ(Body(Get(station_path, ours)).value("capacity", 0), 6);
}

}  // namespace
}  // namespace alley::api
