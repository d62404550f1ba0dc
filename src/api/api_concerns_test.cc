// Residents' concerns through the API, and Open311 GeoReport v2 with API keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"
#include "registry/api_keys.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kXinghua;
using ::testing::Not;

class ConcernsApiTest : public ApiTest {
 protected:
  HttpResponse Take(const std::string& token, nlohmann::json body) {
    return Send("POST", "/api/v1/concerns", token, std::move(body));
  }
  HttpResponse Event(int64_t id, const std::string& etag, nlohmann::json body,
                     const std::string& user = "community_staff") {
    return Send("POST", "/api/v1/concerns/" + std::to_string(id) + "/events", Token(user),
                std::move(body), {}, {{"if-match", etag}});
  }
};

TEST_F(ConcernsApiTest, TakeMoveAndRateWithETags) {
  const std::string token = Token("grid_worker");
  HttpResponse made = Take(token, {{"unit", kHailian},
                                   {"category", "utilities"},
                                   {"urgency", "urgent"},
                                   {"channel", "patrol"},
                                   {"description", "3号楼停水"},
                                   {"reporter_name", "李四"},
                                   {"reporter_phone", "13912345678"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const nlohmann::json c = Body(made);
  const int64_t id = c["id"];
  EXPECT_EQ(c["state"], "received");
  EXPECT_EQ(c["responsible"], "public_utility");
  EXPECT_EQ(c["reporter_phone"], "139****5678");
  EXPECT_EQ(c["reporter_name"], "李**");
  EXPECT_THAT(made.body, Not(HasSubstr("13912345678")));
  // T0 is 10:00 Beijing time; utilities: respond within 4 hours.
  EXPECT_EQ(c["response_due"], "2026-07-01T06:00:00Z");
  std::string etag = HeaderOf(made, "ETag").value_or("");
  ASSERT_FALSE(etag.empty());

  HttpResponse no_match = Send("POST", "/api/v1/concerns/" + std::to_string(id) + "/events", token,
                               nlohmann::json{{"event", "dispatch"}});
  EXPECT_EQ(no_match.status, 428) << no_match.body;
  HttpResponse dispatched = Event(id, etag, {{"event", "dispatch"}});
  ASSERT_EQ(dispatched.status, 200) << dispatched.body;
  EXPECT_EQ(Body(dispatched)["assignee"], "public_utility");
  HttpResponse stale = Event(id, etag, {{"event", "accept"}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale)["code"], "aborted");
  etag = HeaderOf(dispatched, "ETag").value_or("");
  HttpResponse early_rating = Event(id, etag, {{"event", "rate"}, {"rating", "satisfied"}});
  EXPECT_EQ(early_rating.status, 409) << early_rating.body;
  EXPECT_EQ(Body(early_rating)["code"], "failed_precondition");
  HttpResponse bad = Event(id, etag, {{"event", "teleport"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(Body(bad).value("message", ""), HasSubstr("field event"));
  HttpResponse escalate = Event(id, etag, {{"event", "escalate"}});
  EXPECT_EQ(escalate.status, 400);
  for (const nlohmann::json& e :
       {nlohmann::json{{"event", "accept"}}, nlohmann::json{{"event", "start"}},
        nlohmann::json{{"event", "resolve"}, {"note", "已抢修"}},
        nlohmann::json{{"event", "rate"}, {"rating", "satisfied"}}}) {
    HttpResponse step = Event(id, etag, e);
    ASSERT_EQ(step.status, 200) << step.body;
    etag = HeaderOf(step, "ETag").value_or("");
  }
  HttpResponse detail = Get("/api/v1/concerns/" + std::to_string(id), token);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(Body(detail)["state"], "closed");
  EXPECT_EQ(Body(detail)["events"].size(), 6u);
  EXPECT_EQ(Body(detail)["events"][4]["note"], "已抢修");
  EXPECT_EQ(Body(Get("/api/v1/concerns", token, {{"q", "停水"}}))["total"], 1);
  EXPECT_EQ(Body(Get("/api/v1/concerns", token, {{"q", "停电"}}))["total"], 0);
  EXPECT_EQ(Get("/api/v1/concerns", token, {{"q", std::string(201, 'x')}}).status, 400);

  HttpResponse rates = Get("/api/v1/concerns/rates", Token("analyst"),
                           {{"unit", kHailian}, {"from", "2026-07-01"}, {"to", "2026-07-31"}});
  ASSERT_EQ(rates.status, 200) << rates.body;
  EXPECT_EQ(Body(rates)["received"], 1);
  EXPECT_EQ(Body(rates)["response_rate"], 1.0);
  EXPECT_EQ(Body(rates)["satisfaction_rate"], 1.0);
  HttpResponse empty = Get("/api/v1/concerns/rates", Token("analyst"),
                           {{"unit", kHailian}, {"from", "2026-06-01"}, {"to", "2026-06-30"}});
  EXPECT_TRUE(Body(empty)["response_rate"].is_null());
}

TEST_F(ConcernsApiTest, BadBodiesNameTheField) {
  const std::string token = Token("community_staff");
  HttpResponse missing = Take(token, {{"unit", kHailian}, {"category", "noise"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(Body(missing).value("message", ""), HasSubstr("description"));
  HttpResponse category =
      Take(token, {{"unit", kHailian}, {"category", "ufo"}, {"description", "x"}});
  EXPECT_EQ(category.status, 400);
  EXPECT_THAT(Body(category).value("message", ""), HasSubstr("field category"));
  HttpResponse unknown = Take(
      token, {{"unit", kHailian}, {"category", "noise"}, {"description", "x"}, {"color", "red"}});
  EXPECT_EQ(unknown.status, 400);
  HttpResponse outside =
      Take(token, {{"unit", kXinghua}, {"category", "noise"}, {"description", "x"}});
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(Body(Get("/api/v1/concerns", Token("root"), {{"unit", kXinghua}}))["total"], 0);
}

TEST_F(ConcernsApiTest, TheReporterPhoneInClearIsAuditedWithItsReason) {
  const int64_t id = MakeConcern(kHailian);
  const std::string path = "/api/v1/concerns/" + std::to_string(id) + "/unmask";
  HttpResponse no_reason = Send("POST", path, Token("community_staff"), nlohmann::json::object());
  EXPECT_EQ(no_reason.status, 400);
  HttpResponse clear =
      Send("POST", path, Token("community_staff"), nlohmann::json{{"reason", "回访核实"}});
  ASSERT_EQ(clear.status, 200) << clear.body;
  EXPECT_EQ(Body(clear)["reporter_phone"], "13900001111");
  EXPECT_EQ(Send("POST", path, Token("grid_worker"), nlohmann::json{{"reason", "回访核实"}}).status,
            403);
}

// ---- Open311 ----

class Open311Test : public ApiTest {
 protected:
  std::string KeyFor(const std::string& unit) {
    StatusOr<registry::IssuedApiKey> k =
        registry::IssueApiKey(*store_, unit, "test app", {"cli:test", "", ""},
                              std::chrono::floor<std::chrono::seconds>(T0()));
    EXPECT_OK(k);
    return k.ok() ? k->key : "";
  }

  HttpResponse PostForm(const std::string& body) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/open311/v2/requests.json";
    req.headers["content-type"] = "application/x-www-form-urlencoded";
    req.body = body;
    req.remote_addr = "127.0.0.1";
    return api_->Handle(req);
  }
};

TEST_F(Open311Test, AnAppFilesAndFollowsARequestWithItsKey) {
  const std::string key = KeyFor(kHailian);
  HttpResponse services = Get("/open311/v2/services.json", "");
  ASSERT_EQ(services.status, 200) << services.body;
  ASSERT_TRUE(Body(services).is_array());
  EXPECT_EQ(Body(services)[0]["service_code"], "property_management");

  HttpResponse filed = PostForm("api_key=" + key +
                                "&service_code=noise&lat=34.6&long=119.2"
                                "&address_string=%E6%B5%B7%E8%BF%9E%E8%B7%AF3%E5%8F%B7"
                                "&description=night+works&first_name=%E4%B8%89"
                                "&last_name=%E5%BC%A0&phone=13812345678");
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string id = Body(filed)[0]["service_request_id"];
  EXPECT_THAT(Body(filed)[0].value("service_notice", ""), HasSubstr("+08:00"));

  HttpResponse one = Get("/open311/v2/requests/" + id + ".json", "", {{"api_key", key}});
  ASSERT_EQ(one.status, 200) << one.body;
  const nlohmann::json r = Body(one)[0];
  EXPECT_EQ(r["status"], "open");
  EXPECT_EQ(r["service_code"], "noise");
  EXPECT_EQ(r["description"], "night works");
  EXPECT_EQ(r["address"], "海连路3号");
  EXPECT_EQ(r["lat"], 34.6);
  EXPECT_EQ(r["requested_datetime"], "2026-07-01T10:00:00+08:00");
  EXPECT_THAT(one.body, Not(HasSubstr("13812345678")));

  // The same concern, seen by the community's staff, came in by Open311.
  HttpResponse inside = Get("/api/v1/concerns/" + id, Token("community_staff"));
  ASSERT_EQ(inside.status, 200);
  EXPECT_EQ(Body(inside)["channel"], "open311");
  EXPECT_EQ(Body(inside)["reporter_phone"], "138****5678");

  HttpResponse list = Get("/open311/v2/requests.json", "", {{"api_key", key}, {"status", "open"}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list).size(), 1u);
  HttpResponse closed =
      Get("/open311/v2/requests.json", "", {{"api_key", key}, {"status", "closed"}});
  EXPECT_EQ(Body(closed).size(), 0u);
  HttpResponse by_ids =
      Get("/open311/v2/requests.json", "", {{"api_key", key}, {"service_request_id", id + ",999"}});
  EXPECT_EQ(Body(by_ids).size(), 1u);
}

TEST_F(Open311Test, AnotherCommunitysKeySeesNothingAndErrorsAreGeoReportArrays) {
  const std::string hailian = KeyFor(kHailian);
  const std::string xinghua = KeyFor(kXinghua);
  HttpResponse filed =
      PostForm("api_key=" + hailian + "&service_code=noise&address_string=x&description=y");
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string id = Body(filed)[0]["service_request_id"];

  HttpResponse theirs = Get("/open311/v2/requests/" + id + ".json", "", {{"api_key", xinghua}});
  EXPECT_EQ(theirs.status, 404);
  ASSERT_TRUE(Body(theirs).is_array()) << theirs.body;
  EXPECT_EQ(Body(theirs)[0]["code"], 404);
  EXPECT_EQ(Body(Get("/open311/v2/requests.json", "", {{"api_key", xinghua}})).size(), 0u);
  HttpResponse elsewhere =
      PostForm("api_key=" + xinghua + "&service_code=noise&jurisdiction_id=" + kHailian +
               "&address_string=x&description=y");
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.body;

  HttpResponse no_key = Get("/open311/v2/requests.json", "");
  EXPECT_EQ(no_key.status, 401);
  EXPECT_EQ(Body(no_key)[0]["code"], 401);
  HttpResponse wrong_key = Get("/open311/v2/requests.json", "", {{"api_key", "ak_nope"}});
  EXPECT_EQ(wrong_key.status, 401);
  HttpResponse no_location = PostForm("api_key=" + hailian + "&service_code=noise&description=y");
  EXPECT_EQ(no_location.status, 400);
  EXPECT_THAT(Body(no_location)[0].value("description", ""), HasSubstr("location"));
  HttpResponse broken = PostForm("api_key=" + hailian + "&service_code=%ZZ");
  EXPECT_EQ(broken.status, 400);
  HttpResponse no_service =
      PostForm("api_key=" + hailian + "&service_code=ufo&address_string=x&description=y");
  EXPECT_EQ(no_service.status, 400);
  HttpResponse not_json = Get("/open311/v2/requests/" + id + ".xml", "", {{"api_key", hailian}});
  EXPECT_EQ(not_json.status, 404);
  HttpResponse bad_date =
      Get("/open311/v2/requests.json", "", {{"api_key", hailian}, {"start_date", "yesterday"}});
  EXPECT_EQ(bad_date.status, 400);

  // Revoked: refused at once.
  StatusOr<std::vector<registry::ApiKeyInfo>> keys = registry::ListApiKeys(*store_, kHailian);
  ASSERT_OK(keys);
  ASSERT_OK(registry::RevokeApiKey(*store_, keys->front().id, kHailian, {"cli:test", "", ""},
                                   std::chrono::floor<std::chrono::seconds>(T0())));
  EXPECT_EQ(Get("/open311/v2/requests.json", "", {{"api_key", hailian}}).status, 401);
}

TEST(FormTest, DecodesPlusesEscapesAndRefusesBrokenOnes) {
  StatusOr<std::vector<std::pair<std::string, std::string>>> f = ParseForm("a=1&b=x+y%21&&c=&d");
  ASSERT_OK(f);
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ((*f)[1].second, "x y!");
  EXPECT_EQ((*f)[2].second, "");
  EXPECT_EQ((*f)[3].first, "d");
  EXPECT_FALSE(ParseForm("a=%2").ok());
  EXPECT_FALSE(ParseForm("a=%G1").ok());
  EXPECT_FALSE(ParseForm("=1").ok());
  std::string many;
  for (int i = 0; i <= 100; ++i) many += "k" + std::to_string(i) + "=v&";
  EXPECT_FALSE(ParseForm(many).ok());
}

}  // namespace
}  // namespace alley::api
