// The ledger through the API: masking and unmasking, the audit trail,
// removed residents, summaries that follow changes at once, the household and
// facility flows, and moves out of the scope.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "api/api_test_util.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kXinghua;
using ::testing::Not;

std::string ResidentPath(int64_t id) { return "/api/v1/residents/" + std::to_string(id); }

// ---- Masking ----

class MaskingTest : public ApiTest {};

TEST_F(MaskingTest, ListsAndRecordsNeverCarryAClearIdNumberOrPhone) {
  MadeResident r = MakeResident(kHailian, {}, *core::Date::FromYmd(1950, 1, 1), "0012");
  const std::string token = Token("community_staff");
  const std::string masked = r.id_number.substr(0, 6) + "********" + r.id_number.substr(14);

  HttpResponse list = Get("/api/v1/residents", token);
  ASSERT_EQ(list.status, 200) << list.body;
  HttpResponse one = Get(ResidentPath(r.id), token);
  ASSERT_EQ(one.status, 200) << one.body;
  HttpResponse by_number = Get("/api/v1/residents", token, {{"q", r.id_number}});
  ASSERT_EQ(by_number.status, 200) << by_number.body;
  EXPECT_EQ(Body(by_number)["total"], 1) << "the blind index finds the resident";
  const int64_t household = Body(one)["household"].value("id", int64_t{0});
  HttpResponse home = Get("/api/v1/households/" + std::to_string(household), token);
  ASSERT_EQ(home.status, 200) << home.body;
  for (const HttpResponse* res : {&list, &one, &by_number, &home}) {
    EXPECT_THAT(res->body, Not(HasSubstr(r.id_number)));
    EXPECT_THAT(res->body, Not(HasSubstr(r.id_number.substr(6, 8))))  // the birth date digits
        << "the masked part leaks";
    EXPECT_THAT(res->body, Not(HasSubstr(r.phone)));
    EXPECT_THAT(res->body, HasSubstr(masked));
  }
  EXPECT_EQ(Body(one).value("id_number", ""), masked);
  EXPECT_EQ(Body(one).value("phone", ""), r.phone.substr(0, 3) + "****" + r.phone.substr(7));
}

TEST_F(MaskingTest, UnmaskNeedsAReasonAndThePermission) {
  MadeResident r = MakeResident(kHailian);
  const std::string path = ResidentPath(r.id) + "/unmask";
  HttpResponse clear =
      Send("POST", path, Token("community_staff"), nlohmann::json{{"reason", "home visit"}});
  ASSERT_EQ(clear.status, 200) << clear.body;
  EXPECT_EQ(Body(clear).value("id_number", ""), r.id_number);
  EXPECT_EQ(Body(clear).value("phone", ""), r.phone);

  HttpResponse phone_only = Send("POST", path, Token("community_staff"),
                                 nlohmann::json{{"reason", "call back"}, {"fields", {"phone"}}});
  ASSERT_EQ(phone_only.status, 200) << phone_only.body;
  EXPECT_EQ(Body(phone_only), (nlohmann::json{{"phone", r.phone}}));

  for (const nlohmann::json& body :
       {nlohmann::json::object(), nlohmann::json{{"reason", ""}}, nlohmann::json{{"reason", "ab"}},
        nlohmann::json{{"reason", 42}},
        nlohmann::json{{"reason", "home visit"}, {"fields", {"name"}}},
        nlohmann::json{{"reason", "home visit"}, {"why", "x"}}}) {
    HttpResponse res = Send("POST", path, Token("community_staff"), body);
    EXPECT_EQ(res.status, 400) << body.dump() << ": " << res.body;
    EXPECT_THAT(res.body, Not(HasSubstr(r.id_number))) << body.dump();
  }
  // Characters, not bytes: 走访 is two characters (six bytes); blanks say nothing.
  EXPECT_EQ(Send("POST", path, Token("community_staff"), nlohmann::json{{"reason", "走访"}}).status,
            400);
  EXPECT_EQ(
      Send("POST", path, Token("community_staff"), nlohmann::json{{"reason", "      "}}).status,
      400);
  EXPECT_EQ(
      Send("POST", path, Token("community_staff"), nlohmann::json{{"reason", "入户走访"}}).status,
      200);
  HttpResponse no_reason = Send("POST", path, Token("community_staff"), nlohmann::json::object());
  EXPECT_THAT(Body(no_reason).value("message", ""), HasSubstr("reason"));

  for (const char* role : {"grid_worker", "street_officer", "planner", "auditor"}) {
    HttpResponse res = Send("POST", path, Token(role), nlohmann::json{{"reason", "home visit"}});
    EXPECT_EQ(res.status, 403) << role << ": " << res.body;
    EXPECT_THAT(res.body, Not(HasSubstr(r.id_number))) << role;
  }
}

// ---- The audit trail ----

class AuditTrailTest : public ApiTest {
 protected:
  // The records of `action` so far, newest first, as the store keeps them.
  std::vector<store::AuditRow> Records(std::string_view action) {
    registry::audit::Filter f;
    f.action = std::string(action);
    f.page_size = registry::audit::kMaxPageSize;
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->items : std::vector<store::AuditRow>{};
  }
};

TEST_F(AuditTrailTest, EachListIsOneBulkReadRecordWithTheIds) {
  std::vector<int64_t> ids;
  ids.reserve(3);
  for (int i = 0; i < 3; ++i) ids.push_back(MakeResident(kHailian).id);
  MakeResident(kXinghua);
  const std::string token = Token("grid_worker");
  const size_t before = Records(registry::audit::kBulkRead).size();

  HttpResponse res = Get("/api/v1/residents", token, {{"sort", "id"}, {"page_size", "2"}});
  ASSERT_EQ(res.status, 200) << res.body;
  std::vector<store::AuditRow> after = Records(registry::audit::kBulkRead);
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_EQ(after[0].username, "grid_worker");
  EXPECT_EQ(after[0].role, "grid_worker");
  EXPECT_EQ(after[0].scope_unit, kHailian);
  EXPECT_EQ(after[0].object, "resident");
  EXPECT_EQ(nlohmann::json::parse(after[0].records), (nlohmann::json{ids[0], ids[1]}));

  // A refused list shows nothing and records nothing.
  EXPECT_EQ(Get("/api/v1/residents", token, {{"unit", kXinghua}}).status, 403);
  EXPECT_EQ(Get("/api/v1/residents", token, {{"page_size", "501"}}).status, 400);
  EXPECT_EQ(Records(registry::audit::kBulkRead).size(), before + 1);

  // One record is one read record.
  ASSERT_EQ(Get(ResidentPath(ids[2]), token).status, 200);
  std::vector<store::AuditRow> reads = Records(registry::audit::kRead);
  ASSERT_FALSE(reads.empty());
  EXPECT_EQ(nlohmann::json::parse(reads[0].records), (nlohmann::json{ids[2]}));
}

TEST_F(AuditTrailTest, UnmaskIsRecordedWithItsReasonAndAuditorsSeeTheirScopeOnly) {
  MadeResident r = MakeResident(kHailian);
  ASSERT_EQ(Send("POST", ResidentPath(r.id) + "/unmask", Token("community_staff"),
                 nlohmann::json{{"reason", "subsidy application"}, {"fields", {"id_number"}}})
                .status,
            200);
  std::vector<store::AuditRow> unmasks = Records(registry::audit::kUnmask);
  ASSERT_EQ(unmasks.size(), 1u);
  EXPECT_EQ(unmasks[0].username, "community_staff");
  EXPECT_EQ(unmasks[0].reason, "subsidy application");
  EXPECT_EQ(nlohmann::json::parse(unmasks[0].records), (nlohmann::json{r.id}));
  EXPECT_THAT(unmasks[0].detail, HasSubstr("id_number"));
  EXPECT_THAT(unmasks[0].detail, Not(HasSubstr("phone")));
  // A refused unmasking records none.
  EXPECT_EQ(Send("POST", ResidentPath(r.id) + "/unmask", Token("community_staff"),
                 nlohmann::json::object())
                .status,
            400);
  EXPECT_EQ(Records(registry::audit::kUnmask).size(), 1u);
  ASSERT_EQ(Get("/api/v1/residents", Token("community_staff")).status, 200);

  // Hailian's auditor sees the unmasking and the list.
  HttpResponse seen = Get("/api/v1/audit", Token("auditor"), {{"action", "unmask"}});
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(Body(seen)["total"], 1);
  const nlohmann::json item = Body(seen)["items"][0];
  EXPECT_EQ(item.value("username", ""), "community_staff");
  EXPECT_EQ(item.value("action", ""), "unmask");
  EXPECT_EQ(item.value("reason", ""), "subsidy application");
  EXPECT_EQ(item["records"], (nlohmann::json{r.id}));
  HttpResponse lists = Get("/api/v1/audit", Token("auditor"),
                           {{"action", "bulk_read"}, {"user", "community_staff"}});
  ASSERT_EQ(lists.status, 200) << lists.body;
  EXPECT_EQ(Body(lists)["total"], 1);

  // 星化's auditor sees its own community's records, none of Hailian's.
  const std::string xinghua = Token("xinghua_auditor");
  HttpResponse theirs = Get("/api/v1/audit", xinghua, {{"page_size", "1000"}});
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  const nlohmann::json their_items = Body(theirs)["items"];
  EXPECT_FALSE(their_items.empty()) << "their own login is in their scope";
  for (const nlohmann::json& e : their_items) {
    EXPECT_EQ(e.value("scope_unit", ""), kXinghua) << e.dump();
    EXPECT_NE(e.value("username", ""), "community_staff");
  }
  EXPECT_EQ(Body(Get("/api/v1/audit", xinghua, {{"action", "unmask"}}))["total"], 0);
  EXPECT_EQ(Body(Get("/api/v1/audit", xinghua, {{"user", "community_staff"}}))["total"], 0);
  EXPECT_EQ(Get("/api/v1/audit", xinghua, {{"action", "hack"}}).status, 400);
  EXPECT_EQ(Get("/api/v1/audit", xinghua, {{"from", "2026-07-02"}, {"to", "2026-07-01"}}).status,
            400);
  EXPECT_EQ(Get("/api/v1/audit", xinghua, {{"from", "yesterday"}}).status, 400);
  // Reading the trail needs audit.read.
  EXPECT_EQ(Get("/api/v1/audit", Token("community_staff")).status, 403);
}

// ---- Removed residents and summaries ----

class LedgerTest : public ApiTest {
 protected:
  nlohmann::json Summary(const std::string& token, const std::string& unit = kHailian) {
    HttpResponse res = Get("/api/v1/units/" + unit, token);
    EXPECT_EQ(res.status, 200) << res.body;
    return Body(res);
  }
  int64_t Total(const std::string& token, std::vector<std::pair<std::string, std::string>> q = {}) {
    HttpResponse res = Get("/api/v1/residents", token, std::move(q));
    EXPECT_EQ(res.status, 200) << res.body;
    return Body(res).value("total", int64_t{-1});
  }
};

TEST_F(LedgerTest, ARemovedResidentLeavesListsAndSummaries) {
  std::vector<MadeResident> made;
  made.reserve(3);
  for (int i = 0; i < 3; ++i) made.push_back(MakeResident(kHailian));
  const std::string token = Token("grid_worker");
  ASSERT_EQ(Total(token), 3);
  ASSERT_EQ(Summary(token).value("residents", -1), 3);

  const std::string path = ResidentPath(made[1].id);
  HttpResponse removed = Change("DELETE", path, token, ETagOf(path));
  ASSERT_EQ(removed.status, 204) << removed.body;
  EXPECT_TRUE(removed.body.empty());
  HttpResponse gone = Get(path, token);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Body(gone).value("code", ""), "not_found");
  EXPECT_EQ(Get(path, Token("root")).status, 404);
  EXPECT_EQ(Total(token), 2);
  EXPECT_EQ(Total(token, {{"status", "all"}}), 2);
  EXPECT_EQ(Total(token, {{"q", made[1].id_number}}), 0);
  EXPECT_EQ(Summary(token).value("residents", -1), 2);
  EXPECT_EQ(Send("POST", path + "/unmask", Token("community_staff"),
                 nlohmann::json{{"reason", "home visit"}})
                .status,
            404);
  EXPECT_EQ(Change("PATCH", path, token, "\"r1v1\"", nlohmann::json{{"note", "x"}}).status, 404);
}

TEST_F(LedgerTest, ChangesDatedAheadAnswerTheRecordAsOfTheirDate) {
  const std::string token = Token("grid_worker");
  const std::string ahead = Today().AddDays(10).ToString();
  HttpResponse created = Send("POST", "/api/v1/residents", token,
                              nlohmann::json{{"id_number", NextIdNumber()},
                                             {"name", "预登记"},
                                             {"unit", kHailian},
                                             {"effective", ahead}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Body(created).value("valid_from", ""), ahead);
  EXPECT_EQ(Body(created).value("name", ""), "预登记");
  EXPECT_FALSE(HeaderOf(created, "ETag").value_or("").empty());

  MadeResident r = MakeResident(kHailian);
  const std::string path = ResidentPath(r.id);
  HttpResponse changed = Change("PATCH", path, token, ETagOf(path),
                                nlohmann::json{{"note", "from next week"}, {"effective", ahead}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Body(changed).value("note", ""), "from next week");
  EXPECT_EQ(Body(changed).value("valid_from", ""), ahead);
  // Today the record in force is still the old one.
  EXPECT_EQ(Body(Get(path, token)).value("note", "?"), "");
}

TEST_F(LedgerTest, SummariesFollowChangesAtOnce) {
  MadeResident r = MakeResident(kHailian);
  const std::string token = Token("community_staff");
  nlohmann::json before = Summary(token);
  const int64_t alone = before["by_tag"].value("living_alone", int64_t{-1});
  ASSERT_GE(alone, 0) << before.dump();
  Summary(token);  // now surely cached

  const std::string path = ResidentPath(r.id);
  HttpResponse tagged =
      Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"add_tags", {"living_alone"}}});
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  EXPECT_THAT(Body(tagged)["tags"], ::testing::Contains("living_alone"));
  EXPECT_EQ(Summary(token)["by_tag"].value("living_alone", int64_t{-1}), alone + 1);

  HttpResponse untagged =
      Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"tags", nlohmann::json::array()}});
  ASSERT_EQ(untagged.status, 200) << untagged.body;
  EXPECT_EQ(Summary(token)["by_tag"].value("living_alone", int64_t{-1}), alone);

  // Registering and opening follow too.
  const int64_t residents = Summary(token).value("residents", int64_t{-1});
  ASSERT_EQ(Send("POST", "/api/v1/residents", token,
                 nlohmann::json{{"id_number", NextIdNumber()}, {"name", "新"}, {"unit", kHailian}})
                .status,
            201);
  EXPECT_EQ(Summary(token).value("residents", int64_t{-1}), residents + 1);
  const int64_t capacity = Summary(token).value("facility_capacity", int64_t{-1});
  ASSERT_EQ(Send("POST", "/api/v1/facilities", token,
                 nlohmann::json{
                     {"unit", kHailian}, {"type", "nursery"}, {"name", "园"}, {"capacity", 25}})
                .status,
            201);
  EXPECT_EQ(Summary(token).value("facility_capacity", int64_t{-1}), capacity + 25);
}

TEST_F(LedgerTest, UnitsBeyondTheScopeAreRefused) {
  const std::string token = Token("grid_worker");
  for (const char* unit : {kXinghua, testing::kStreet, "32", "320706006010999"}) {
    HttpResponse res = Get(std::string("/api/v1/units/") + unit, token);
    // An unknown unit below one's own is simply not there.
    EXPECT_EQ(res.status, std::string(unit) == "320706006010999" ? 404 : 403) << unit;
  }
  HttpResponse staff =
      Send("POST", "/api/v1/units", Token("community_staff"),
           nlohmann::json{{"parent", kHailian}, {"kind", "compound"}, {"name", "海连新村"}});
  ASSERT_EQ(staff.status, 201) << staff.body;
  const std::string compound = Body(staff).value("code", "");
  EXPECT_EQ(compound.substr(0, 12), kHailian);
  EXPECT_EQ(HeaderOf(staff, "Location"), "/api/v1/units/" + compound);
  HttpResponse children = Get(std::string("/api/v1/units/") + kHailian + "/children", token);
  ASSERT_EQ(children.status, 200);
  ASSERT_EQ(Body(children)["items"].size(), 1u);
  EXPECT_EQ(Body(children)["items"][0].value("code", ""), compound);
  // The new compound is found by name at once.
  HttpResponse found = Get("/api/v1/units", token, {{"q", "海连新村"}});
  ASSERT_EQ(found.status, 200);
  ASSERT_EQ(Body(found)["items"].size(), 1u);
  EXPECT_EQ(Body(found)["items"][0].value("code", ""), compound);
  EXPECT_EQ(Send("POST", "/api/v1/units", Token("community_staff"),
                 nlohmann::json{{"parent", kHailian}, {"kind", "street"}, {"name", "x"}})
                .status,
            400);
  EXPECT_EQ(Send("POST", "/api/v1/units", Token("community_staff"),
                 nlohmann::json{{"parent", kHailian}, {"kind", "compound"}, {"name", "海连新村"}})
                .status,
            409);
}

TEST_F(LedgerTest, ADeceasedResidentLeavesActiveListsAndTakesNoChange) {
  MadeResident r = MakeResident(kHailian);
  MakeResident(kHailian);
  const std::string token = Token("grid_worker");
  const std::string path = ResidentPath(r.id);
  HttpResponse died =
      Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"change", "death"}});
  ASSERT_EQ(died.status, 200) << died.body;
  EXPECT_EQ(Body(died).value("status", ""), "deceased");
  EXPECT_EQ(Total(token), 1);
  EXPECT_EQ(Total(token, {{"status", "all"}}), 2);
  EXPECT_EQ(Summary(token).value("residents", -1), 1);
  HttpResponse after =
      Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"note", "too late"}});
  EXPECT_EQ(after.status, 409) << after.body;
  EXPECT_EQ(Body(after).value("code", ""), "failed_precondition");
  HttpResponse bad_change =
      Change("PATCH", path, token, ETagOf(path), nlohmann::json{{"change", "resurrection"}});
  EXPECT_EQ(bad_change.status, 400) << bad_change.body;
}

// Several request threads at once, each with its own connection: every
// answer is the designed one (no "database busy"), and nothing is lost.
TEST_F(LedgerTest, ConcurrentRequestsEachGetTheirAnswer) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  std::vector<std::unique_ptr<store::Store>> stores;
  for (int i = 0; i < kThreads; ++i) {
    auto opened = store::OpenStore(DbPath(), store::StoreOptions{.key = key_});
    ASSERT_OK(opened);
    stores.push_back(std::move(opened).value());
  }
  StorePool pool(std::move(stores));
  Api api(pool, ApiOptions{.now = [] { return T0(); },
                           .clock = &clock_,
                           .login_failure_delay = std::chrono::milliseconds(0)});
  std::vector<int64_t> ids;
  ids.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) ids.push_back(MakeResident(kHailian).id);
  const std::string token = Token("grid_worker");
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string path = ResidentPath(ids[static_cast<size_t>(t)]);
      auto send = [&](std::string method, std::string target, const std::string& etag,
                      std::string body) {
        HttpRequest req;
        req.method = std::move(method);
        req.path = std::move(target);
        req.headers["authorization"] = "Bearer " + token;
        if (!etag.empty()) req.headers["if-match"] = etag;
        req.body = std::move(body);
        return api.Handle(req);
      };
      for (int round = 0; round < kRounds; ++round) {
        HttpResponse got = send("GET", path, "", "");
        HttpResponse changed =
            send("PATCH", path, HeaderOf(got, "ETag").value_or(""),
                 nlohmann::json{{"note", "round " + std::to_string(round)}}.dump());
        HttpResponse summary = send("GET", std::string("/api/v1/units/") + kHailian, "", "");
        HttpResponse list = send("GET", "/api/v1/residents", "", "");
        for (const HttpResponse* res : {&got, &changed, &summary, &list}) {
          if (res->status != 200 && failures[static_cast<size_t>(t)].empty()) {
            failures[static_cast<size_t>(t)] = std::to_string(res->status) + " " + res->body;
          }
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[static_cast<size_t>(t)], "") << t;
  for (int64_t id : ids) {
    EXPECT_EQ(Body(Get(ResidentPath(id), token)).value("note", ""),
              "round " + std::to_string(kRounds - 1));
  }
}

// ---- Households and facilities ----

TEST_F(LedgerTest, HouseholdFlow) {
  const std::string token = Token("grid_worker");
  HttpResponse created =
      Send("POST", "/api/v1/households", token,
           nlohmann::json{{"community", kHailian}, {"number", "0101"}, {"building", "3"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = Body(created).value("id", int64_t{0});
  const std::string path = "/api/v1/households/" + std::to_string(id);
  EXPECT_EQ(HeaderOf(created, "Location"), path);
  EXPECT_EQ(Body(created).value("members", -1), 0);
  EXPECT_EQ(Send("POST", "/api/v1/households", token,
                 nlohmann::json{{"unit", kHailian}, {"number", "0101"}})
                .status,
            409);
  EXPECT_EQ(Send("POST", "/api/v1/households", token, nlohmann::json{{"unit", kHailian}}).status,
            400);

  // A resident registered under its number joins it.
  HttpResponse member = Send("POST", "/api/v1/residents", token,
                             nlohmann::json{{"id_number", NextIdNumber()},
                                            {"name", "户主甲"},
                                            {"unit", kHailian},
                                            {"household", "0101"},
                                            {"relation", "head"}});
  ASSERT_EQ(member.status, 201) << member.body;
  const int64_t member_id = Body(member).value("id", int64_t{0});
  HttpResponse got = Get(path, token);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Body(got).value("members", -1), 1);
  EXPECT_EQ(Body(got).value("head", ""), "户主甲");
  ASSERT_EQ(Body(got)["member_list"].size(), 1u);
  EXPECT_EQ(Body(got)["member_list"][0].value("id", int64_t{0}), member_id);
  HttpResponse listed = Get("/api/v1/households", token, {{"q", "0101"}});
  ASSERT_EQ(Body(listed)["total"], 1);

  // Moving the household moves its members, in lists too.
  const std::vector<std::pair<std::string, std::string>> members = {
      {"household", std::to_string(id)}};
  ASSERT_EQ(Body(Get("/api/v1/residents", token, members))["items"][0].value("room", "?"), "");
  HttpResponse moved = Change("PATCH", path, token, ETagOf(path),
                              nlohmann::json{{"building", "5"}, {"room", "301"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Body(moved).value("building", ""), "5");
  EXPECT_NE(HeaderOf(moved, "ETag"), HeaderOf(got, "ETag"));
  EXPECT_EQ(Body(Get(ResidentPath(member_id), token)).value("room", ""), "301");
  EXPECT_EQ(Body(Get("/api/v1/residents", token, members))["items"][0].value("room", ""), "301");
  EXPECT_EQ(Change("PATCH", path, token, HeaderOf(got, "ETag").value_or(""),
                   nlohmann::json{{"building", "6"}})
                .status,
            409);

  // It cannot be dissolved while someone lives in it.
  HttpResponse busy = Change("DELETE", path, token, ETagOf(path));
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(Body(busy).value("code", ""), "failed_precondition");
  const std::string member_path = ResidentPath(member_id);
  ASSERT_EQ(Change("DELETE", member_path, token, ETagOf(member_path)).status, 204);
  ASSERT_EQ(Change("DELETE", path, token, ETagOf(path)).status, 204);
  EXPECT_EQ(Get(path, token).status, 404);
  EXPECT_EQ(Body(Get("/api/v1/households", token, {{"q", "0101"}}))["total"], 0);
}

TEST_F(LedgerTest, FacilityFlow) {
  const std::string token = Token("community_staff");
  HttpResponse created = Send("POST", "/api/v1/facilities", token,
                              nlohmann::json{{"unit", kHailian},
                                             {"type", "senior_canteen"},
                                             {"name", "海连长者食堂"},
                                             {"lat", 34.6},
                                             {"lon", 119.2},
                                             {"capacity", 80},
                                             {"staff", 6}});
  ASSERT_EQ(created.status, 201) << created.body;
  const nlohmann::json f = Body(created);
  const std::string path = "/api/v1/facilities/" + std::to_string(f.value("id", int64_t{0}));
  EXPECT_EQ(HeaderOf(created, "Location"), path);
  EXPECT_EQ(f.value("type_name", ""), "老年食堂");
  EXPECT_EQ(f["location"], (nlohmann::json{{"lat", 34.6}, {"lon", 119.2}}));
  EXPECT_EQ(HeaderOf(created, "ETag"), f.value("etag", ""));
  HttpResponse got = Get(path, token);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(Body(got)["capacity"], 80);
  EXPECT_EQ(Body(Get("/api/v1/facilities", token, {{"type", "senior_canteen"}}))["total"], 1);
  EXPECT_EQ(Body(Get("/api/v1/facilities", token, {{"type", "nursery"}}))["total"], 0);
  EXPECT_EQ(Get("/api/v1/facilities", token, {{"type", "casino"}}).status, 400);

  for (const nlohmann::json& bad :
       {nlohmann::json{{"unit", kHailian}, {"type", "casino"}, {"name", "x"}},
        nlohmann::json{{"unit", kHailian}, {"type", "nursery"}, {"name", "x"}, {"capacity", -1}},
        nlohmann::json{{"unit", kHailian}, {"type", "nursery"}, {"name", "x"}, {"lat", 34.6}},
        nlohmann::json{{"unit", kHailian}, {"type", "nursery"}, {"name", "x"}, {"capacity", "9"}},
        nlohmann::json{{"unit", kHailian}, {"type", "nursery"}}}) {
    EXPECT_EQ(Send("POST", "/api/v1/facilities", token, bad).status, 400) << bad.dump();
  }
  EXPECT_EQ(Send("POST", "/api/v1/facilities", token,
                 nlohmann::json{{"unit", kHailian}, {"type", "nursery"}, {"name", "海连长者食堂"}})
                .status,
            409);

  const std::string etag = HeaderOf(got, "ETag").value_or("");
  HttpResponse changed = Change("PATCH", path, token, etag, nlohmann::json{{"capacity", 100}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Body(changed)["capacity"], 100);
  EXPECT_EQ(Body(changed)["name"], "海连长者食堂");
  EXPECT_EQ(Change("PATCH", path, token, etag, nlohmann::json{{"capacity", 1}}).status, 409);
  EXPECT_EQ(Summary(token).value("facility_capacity", -1), 100);

  EXPECT_EQ(Change("DELETE", path, token, etag).status, 409);
  ASSERT_EQ(Change("DELETE", path, token, HeaderOf(changed, "ETag").value_or("")).status, 204);
  EXPECT_EQ(Get(path, token).status, 404);
  EXPECT_EQ(Body(Get("/api/v1/facilities", token))["total"], 0);
  EXPECT_EQ(Summary(token).value("facility_capacity", -1), 0);
}

// ---- Moves out of the scope ----

TEST_F(LedgerTest, NothingMovesOutOfTheScope) {
  const std::string token = Token("admin");
  MadeResident r = MakeResident(kHailian);
  const std::string resident = ResidentPath(r.id);
  const std::string household = "/api/v1/households/" + std::to_string(MakeHousehold(kHailian));
  const std::string facility = "/api/v1/facilities/" + std::to_string(MakeFacility(kHailian));
  for (const std::string& path : {resident, household, facility}) {
    SCOPED_TRACE(path);
    const std::string etag = ETagOf(path);
    HttpResponse res =
        Change("PATCH", path, token, etag,
               path == resident ? nlohmann::json{{"change", "move"}, {"unit", kXinghua}}
                                : nlohmann::json{{"unit", kXinghua}});
    EXPECT_EQ(res.status, 403) << res.body;
    EXPECT_EQ(Body(res).value("code", ""), "permission_denied");
    EXPECT_EQ(ETagOf(path), etag) << "the refused move was written";
  }
  EXPECT_EQ(Body(Get(resident, token)).value("unit", ""), kHailian);
  EXPECT_EQ(Send("POST", "/api/v1/households", token,
                 nlohmann::json{{"community", kXinghua}, {"number", "9"}})
                .status,
            403);

  // A move inside the scope is taken: to a compound of Hailian.
  HttpResponse compound =
      Send("POST", "/api/v1/units", token,
           nlohmann::json{{"parent", kHailian}, {"kind", "compound"}, {"name", "海连东苑"}});
  ASSERT_EQ(compound.status, 201) << compound.body;
  const std::string code = Body(compound).value("code", "");
  HttpResponse moved = Change("PATCH", resident, token, ETagOf(resident),
                              nlohmann::json{{"change", "move"}, {"unit", code}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Body(moved).value("unit", ""), code);
  EXPECT_EQ(Body(moved).value("community", ""), kHailian);
}

}  // namespace
}  // namespace alley::api
