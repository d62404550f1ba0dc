// Behaviour of the API through Api::Handle: sessions, the CSRF guard, ETags,
// validation and routing. (The role × scope matrix is api_matrix_test.cc;
// the ledger's flows are api_ledger_test.cc.)
#include "api/api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kPassword;
using ::testing::Not;
using ::testing::StartsWith;

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// ---- Sessions ----

class AuthTest : public ApiTest {};

TEST_F(AuthTest, LoginAnswersATokenAndAStrictHttpOnlyCookie) {
  HttpResponse res = Send("POST", "/api/v1/auth/login", "",
                          nlohmann::json{{"username", "grid_worker"}, {"password", kPassword}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  const std::string token = j.value("token", "");
  EXPECT_EQ(token.size(), 43u);                                  // 32 random bytes, base64url
  EXPECT_EQ(j.value("expires_at", ""), "2026-07-01T14:00:00Z");  // 12 hours after T0
  EXPECT_EQ(j["user"].value("username", ""), "grid_worker");
  EXPECT_EQ(j["user"].value("role", ""), "grid_worker");
  EXPECT_EQ(j["user"].value("unit", ""), kHailian);
  EXPECT_EQ(j["user"].value("unit_name", ""), "海连社区居委会");

  const std::string cookie = HeaderOf(res, "Set-Cookie").value_or("");
  EXPECT_THAT(cookie, StartsWith("alley_session=" + token + ";"));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // ApiOptions::secure_cookie is off

  // The token works as a bearer token and as the cookie.
  EXPECT_EQ(Get("/api/v1/auth/me", token).status, 200);
  HttpResponse by_cookie = Send("GET", "/api/v1/auth/me", "", std::nullopt, {},
                                {{"cookie", "theme=dark; alley_session=" + token}});
  EXPECT_EQ(by_cookie.status, 200) << by_cookie.body;
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserAnswerTheSame401) {
  HttpResponse wrong = Send("POST", "/api/v1/auth/login", "",
                            nlohmann::json{{"username", "grid_worker"}, {"password", "nope-nope"}});
  HttpResponse unknown = Send("POST", "/api/v1/auth/login", "",
                              nlohmann::json{{"username", "nobody"}, {"password", kPassword}});
  ASSERT_EQ(wrong.status, 401) << wrong.body;
  ASSERT_EQ(unknown.status, 401) << unknown.body;
  EXPECT_EQ(Body(wrong).value("code", ""), "unauthenticated");
  EXPECT_EQ(Body(wrong)["message"], Body(unknown)["message"]);
  EXPECT_EQ(HeaderOf(wrong, "Set-Cookie"), std::nullopt);
  EXPECT_EQ(HeaderOf(wrong, "Retry-After"), std::nullopt);
}

TEST_F(AuthTest, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  const nlohmann::json bad = {{"username", "planner"}, {"password", "wrong-password"}};
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(Send("POST", "/api/v1/auth/login", "", bad).status, 401) << "failure " << i;
  }
  HttpResponse fifth = Send("POST", "/api/v1/auth/login", "", bad);
  ASSERT_EQ(fifth.status, 429) << fifth.body;
  EXPECT_EQ(Body(fifth).value("code", ""), "resource_exhausted");
  EXPECT_EQ(HeaderOf(fifth, "Retry-After"), "900");  // 15 minutes

  const nlohmann::json good = {{"username", "planner"}, {"password", kPassword}};
  Advance(seconds(60));
  HttpResponse locked = Send("POST", "/api/v1/auth/login", "", good);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(HeaderOf(locked, "Retry-After"), "840");
  EXPECT_FALSE(Body(locked).contains("token"));
  // Another account is not locked.
  Login("analyst");

  Advance(minutes(14) + seconds(1));
  EXPECT_EQ(Send("POST", "/api/v1/auth/login", "", good).status, 200);
}

TEST_F(AuthTest, LoginRefusesMalformedBodies) {
  EXPECT_EQ(Send("POST", "/api/v1/auth/login", "", nlohmann::json{{"username", "planner"}}).status,
            400);
  HttpResponse extra =
      Send("POST", "/api/v1/auth/login", "",
           nlohmann::json{{"username", "planner"}, {"password", kPassword}, {"remember", true}});
  EXPECT_EQ(extra.status, 400);
  EXPECT_THAT(Body(extra).value("message", ""), HasSubstr("remember"));
  EXPECT_EQ(Do({"POST", "/api/v1/auth/login", {}, std::nullopt, "", {}, "{\"username\":"}).status,
            400);
}

TEST_F(AuthTest, LogoutEndsTheSession) {
  const std::string token = Login("community_staff");
  ASSERT_EQ(Get("/api/v1/auth/me", token).status, 200);
  HttpResponse out = Send("POST", "/api/v1/auth/logout", token);
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_THAT(HeaderOf(out, "Set-Cookie").value_or(""), HasSubstr("Max-Age=0"));
  HttpResponse me = Get("/api/v1/auth/me", token);
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(Body(me).value("code", ""), "unauthenticated");
  EXPECT_EQ(Get("/api/v1/residents", token).status, 401);
  // Another session of the same user lives on.
  EXPECT_EQ(Get("/api/v1/auth/me", Login("community_staff")).status, 200);
}

TEST_F(AuthTest, MeAnswersTheUserAndTheRolesPermissions) {
  HttpResponse res = Get("/api/v1/auth/me", Token("community_staff"));
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  EXPECT_EQ(j.value("username", ""), "community_staff");
  EXPECT_EQ(j.value("display_name", ""), "community_staff");
  EXPECT_EQ(j.value("role", ""), "community_staff");
  EXPECT_EQ(j.value("unit", ""), kHailian);
  EXPECT_EQ(j.value("unit_name", ""), "海连社区居委会");
  std::set<std::string> permissions;
  for (const nlohmann::json& p : j["permissions"]) permissions.insert(p.get<std::string>());
  EXPECT_EQ(permissions,
            (std::set<std::string>{"units.read", "ledger.read", "ledger.write", "units.write",
                                   "facilities.read", "facilities.write", "pii.unmask",
                                   "ledger.export", "services.read", "services.write",
                                   "apikeys.manage", "plan.read", "economy.read", "indicators.read",
                                   "indicators.write", "reports.read"}));
  EXPECT_EQ(Get("/api/v1/auth/me", "").status, 401);
}

TEST_F(AuthTest, SessionsEndAfterTwoIdleHoursOrTwelveHoursInAll) {
  const std::string idle = Login("analyst");
  const std::string busy = Login("planner");
  Advance(hours(1));
  EXPECT_EQ(Get("/api/v1/auth/me", busy).status, 200);
  Advance(hours(1) + seconds(1));  // idle: 2 h 1 s since its last use
  EXPECT_EQ(Get("/api/v1/auth/me", idle).status, 401);
  for (int h = 2; h < 12; ++h) {
    EXPECT_EQ(Get("/api/v1/auth/me", busy).status, 200) << "hour " << h;
    Advance(hours(1));
  }
  // 12 h 1 s after the login, used every hour: over all the same.
  EXPECT_EQ(Get("/api/v1/auth/me", busy).status, 401);
}

// ---- CSRF ----

class CsrfTest : public ApiTest {};

TEST_F(CsrfTest, ACookieSessionMustSendTheCustomHeaderToChangeData) {
  MadeResident r = MakeResident(kHailian);
  const std::string path = "/api/v1/residents/" + std::to_string(r.id);
  const std::string token = Token("grid_worker");
  const std::string cookie = "alley_session=" + token;
  const std::string etag = ETagOf(path);
  const nlohmann::json body = {{"note", "csrf"}};

  HttpResponse forged = Send("PATCH", path, "", body, {}, {{"cookie", cookie}, {"if-match", etag}});
  ASSERT_EQ(forged.status, 403) << forged.body;
  EXPECT_EQ(Body(forged).value("code", ""), "permission_denied");
  EXPECT_THAT(Body(forged).value("message", ""), HasSubstr("X-Alley-Request"));
  EXPECT_EQ(ETagOf(path), etag) << "the refused change was written";
  // Logging out is a change too.
  EXPECT_EQ(Send("POST", "/api/v1/auth/logout", "", std::nullopt, {}, {{"cookie", cookie}}).status,
            403);
  // Reading needs no header.
  EXPECT_EQ(Send("GET", path, "", std::nullopt, {}, {{"cookie", cookie}}).status, 200);

  HttpResponse own = Send("PATCH", path, "", body, {},
                          {{"cookie", cookie}, {"if-match", etag}, {"x-alley-request", "1"}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Body(own).value("note", ""), "csrf");

  // A bearer token is no ambient credential: no header needed.
  HttpResponse bearer = Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"note", "b"}});
  EXPECT_EQ(bearer.status, 200) << bearer.body;
}

// ---- ETags ----

class ETagTest : public ApiTest {};

TEST_F(ETagTest, ChangesNeedTheCurrentETag) {
  MadeResident r = MakeResident(kHailian);
  const std::string path = "/api/v1/residents/" + std::to_string(r.id);
  const std::string token = Token("grid_worker");
  HttpResponse got = Get(path, token);
  ASSERT_EQ(got.status, 200) << got.body;
  const std::string etag = HeaderOf(got, "ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Body(got).value("etag", ""), etag);

  HttpResponse changed = Change("PATCH", path, token, etag, nlohmann::json{{"note", "first"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const std::string etag2 = HeaderOf(changed, "ETag").value_or("");
  EXPECT_NE(etag2, etag);
  EXPECT_FALSE(etag2.empty());
  EXPECT_EQ(Body(changed).value("etag", ""), etag2);
  EXPECT_EQ(HeaderOf(Get(path, token), "ETag"), etag2);

  HttpResponse stale = Change("PATCH", path, token, etag, nlohmann::json{{"note", "second"}});
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale).value("code", ""), "aborted");
  EXPECT_EQ(Body(Get(path, token)).value("note", ""), "first");

  HttpResponse none = Send("PATCH", path, token, nlohmann::json{{"note", "third"}});
  ASSERT_EQ(none.status, 428) << none.body;
  EXPECT_EQ(Body(none).value("code", ""), "precondition_required");
  EXPECT_EQ(Send("DELETE", path, token).status, 428);

  // Neither a wildcard nor another object's tag is this version.
  EXPECT_EQ(Change("PATCH", path, token, "*", nlohmann::json{{"note", "x"}}).status, 409);
  MadeResident other = MakeResident(kHailian);
  const std::string other_etag = ETagOf("/api/v1/residents/" + std::to_string(other.id));
  EXPECT_EQ(Change("PATCH", path, token, other_etag, nlohmann::json{{"note", "x"}}).status, 409);
  EXPECT_EQ(Change("DELETE", path, token, etag).status, 409);
  EXPECT_EQ(Body(Get(path, token)).value("note", ""), "first");
  EXPECT_EQ(Change("DELETE", path, token, etag2).status, 204);
}

// ---- Validation ----

class ValidationTest : public ApiTest {
 protected:
  HttpResponse PostResident(const nlohmann::json& body) {
    return Send("POST", "/api/v1/residents", Token("grid_worker"), body);
  }
  HttpResponse PostRaw(const std::string& path, const std::string& raw) {
    return Do({"POST", path, {}, std::nullopt, Token("grid_worker"), {}, raw});
  }
  // A 400 invalid_argument whose message contains `text`.
  static void Expect400(const HttpResponse& res, const std::string& text) {
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(Body(res).value("code", ""), "invalid_argument") << res.body;
    EXPECT_THAT(Body(res).value("message", ""), HasSubstr(text));
  }
  int64_t Residents() {
    return Body(Get("/api/v1/residents", Token("root"), {{"status", "all"}})).value("total", -1);
  }
};

TEST_F(ValidationTest, ResidentBodiesBreakingARuleAreRefusedByField) {
  const int64_t before = Residents();
  std::string id = NextIdNumber();
  std::string bad_check = id;
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  Expect400(PostResident({{"id_number", bad_check}, {"name", "甲"}, {"unit", kHailian}}),
            "id_number");
  Expect400(PostResident({{"id_number", "12345"}, {"name", "甲"}, {"unit", kHailian}}),
            "id_number");
  Expect400(PostResident({{"id_number", id}, {"name", "甲"}, {"unit", kHailian}, {"nmae", "乙"}}),
            "nmae");
  Expect400(PostResident({{"id_number", id}, {"name", 5}, {"unit", kHailian}}), "field name");
  Expect400(PostResident({{"id_number", id}, {"name", "甲"}, {"unit", kHailian}, {"tags", "x"}}),
            "field tags");
  Expect400(
      PostResident(
          {{"id_number", id}, {"name", "甲"}, {"unit", kHailian}, {"tags", {"living_alone", 3}}}),
      "field tags");
  Expect400(PostResident({{"id_number", id}, {"unit", kHailian}}), "field name");
  Expect400(
      PostResident(
          {{"id_number", id}, {"name", "甲"}, {"unit", kHailian}, {"employment", "astronaut"}}),
      "employment");
  Expect400(
      PostResident(
          {{"id_number", id}, {"name", "甲"}, {"unit", kHailian}, {"effective", "2026-02-30"}}),
      "effective");
  EXPECT_EQ(Residents(), before) << "a refused body wrote something";
  // The same body, corrected, is taken.
  EXPECT_EQ(PostResident({{"id_number", id}, {"name", "甲"}, {"unit", kHailian}}).status, 201);
  EXPECT_EQ(Residents(), before + 1);
  HttpResponse again = PostResident({{"id_number", id}, {"name", "甲"}, {"unit", kHailian}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Body(again).value("code", ""), "already_exists");
}

TEST_F(ValidationTest, MalformedBodiesAreRefused) {
  Expect400(PostRaw("/api/v1/residents", "{\"name\": "), "malformed JSON");
  Expect400(PostRaw("/api/v1/residents", ""), "");
  Expect400(PostRaw("/api/v1/residents", "[1, 2]"), "object");
  Expect400(PostRaw("/api/v1/residents", "\"text\""), "object");
  // Deep nesting is refused before it can exhaust the stack.
  const std::string deep =
      "{\"tags\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  Expect400(PostRaw("/api/v1/residents", deep), "nested deeper");
  // A body over 1 MiB is refused whole.
  HttpResponse big = PostRaw("/api/v1/residents", std::string((size_t{1} << 20) + 1, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Body(big).value("code", ""), "payload_too_large");
}

TEST_F(ValidationTest, QueryParametersAreChecked) {
  MakeResident(kHailian);
  const std::string token = Token("grid_worker");
  Expect400(Get("/api/v1/residents", token, {{"page_size", "501"}}), "page_size");
  Expect400(Get("/api/v1/households", token, {{"page_size", "501"}}), "page_size");
  Expect400(Get("/api/v1/facilities", token, {{"page_size", "501"}}), "page_size");
  Expect400(Get("/api/v1/residents", token, {{"page_size", "0"}}), "page_size");
  Expect400(Get("/api/v1/residents", token, {{"page", "0"}}), "page");
  Expect400(Get("/api/v1/residents", token, {{"page", "two"}}), "page");
  Expect400(Get("/api/v1/residents", token, {{"as_of", "2026-13-01"}}), "as_of");
  Expect400(Get("/api/v1/residents", token, {{"status", "gone"}}), "status");
  Expect400(Get("/api/v1/residents", token, {{"min_age", "-1"}}), "min_age");
  Expect400(Get("/api/v1/residents", token, {{"age_band", "90+"}}), "age_band");
  Expect400(Get("/api/v1/residents", token, {{"sort", "salary"}}), "sort");
  Expect400(Get("/api/v1/units", token), "q");
  HttpResponse max = Get("/api/v1/residents", token, {{"page_size", "500"}});
  EXPECT_EQ(max.status, 200) << max.body;
  EXPECT_EQ(Body(max)["page_size"], 500);
  // A page past the end is empty, not an error.
  HttpResponse past = Get("/api/v1/residents", token, {{"page", "99"}});
  ASSERT_EQ(past.status, 200) << past.body;
  EXPECT_TRUE(Body(past)["items"].empty());
  EXPECT_EQ(Body(past)["total"], 1);
}

TEST_F(ValidationTest, UnknownRoutesAndMethodsAnswerJson) {
  const std::string token = Token("admin");
  HttpResponse unknown = Get("/api/v1/nothing", token);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_THAT(unknown.content_type, HasSubstr("application/json"));
  EXPECT_EQ(Body(unknown).value("code", ""), "not_found");
  EXPECT_EQ(Get("/api/v1/nothing", "").status, 404);  // routes are no secret

  HttpResponse put = Send("PUT", "/api/v1/residents", token, nlohmann::json::object());
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(Body(put).value("code", ""), "method_not_allowed");
  const std::string allow = HeaderOf(put, "Allow").value_or("");
  EXPECT_THAT(allow, HasSubstr("GET"));
  EXPECT_THAT(allow, HasSubstr("POST"));
  EXPECT_THAT(allow, Not(HasSubstr("PUT")));
  HttpResponse post_one = Send("POST", "/api/v1/residents/7", token, nlohmann::json::object());
  EXPECT_EQ(post_one.status, 405);
  EXPECT_THAT(HeaderOf(post_one, "Allow").value_or(""), HasSubstr("PATCH"));

  // An id that cannot be one is an object that does not exist.
  EXPECT_EQ(Get("/api/v1/residents/abc", token).status, 404);
  EXPECT_EQ(Get("/api/v1/residents/0", token).status, 404);
  EXPECT_EQ(Get("/api/v1/residents/999999", token).status, 404);
  EXPECT_EQ(Get("/api/v1/facilities/-3", token).status, 404);
}

TEST_F(ValidationTest, EveryAnswerForbidsCaching) {
  for (const HttpResponse& res : {Get("/healthz", ""), Get("/api/v1/auth/me", Token("analyst")),
                                  Get("/api/v1/nothing", "")}) {
    EXPECT_EQ(HeaderOf(res, "Cache-Control"), "no-store");
  }
}

TEST_F(ValidationTest, HealthAndMetricsNeedNoSession) {
  HttpResponse health = Get("/healthz", "");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(Body(health).value("status", ""), "ok");
  EXPECT_GT(Body(health).value("schema_version", 0), 0);
  Get("/api/v1/auth/me", Token("analyst"));
  HttpResponse metrics = Get("/metrics", "");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.content_type, HasSubstr("text/plain"));
  EXPECT_THAT(metrics.body, HasSubstr("alley_http_requests_total"));
  EXPECT_THAT(metrics.body, HasSubstr("/api/v1/auth/me"));
}

}  // namespace
}  // namespace alley::api
