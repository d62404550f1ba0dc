// Childcare through the API: a class within its norm, children applying and
// the waiting list moving when a place frees, masked and audited lists of
// children, inspections and follow-ups, the flags and the balance of a unit,
// the scope (a Xinghua worker never sees or writes Hailian's nurseries), and
// answers that carry exactly the fields openapi.json documents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "api/api_test_util.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;
using testing::kXinghua;
using ::testing::Not;

class ChildcareApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    AddUser("xinghua_staff", "community_staff", kXinghua);
    nursery_ = MakeNursery(kHailian, "海连托育园");
  }

  int64_t MakeNursery(const std::string& unit, const std::string& name) {
    registry::FacilityInput f;
    f.unit_code = unit;
    f.type = "nursery";
    f.name = name;
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  std::string Path(const std::string& suffix, int64_t nursery = 0) {
    return "/api/v1/nurseries/" + std::to_string(nursery == 0 ? nursery_ : nursery) + suffix;
  }

  // A class through the API, opened 60 days ago; its id.
  int64_t PostClass(const std::string& name, const std::string& type, int capacity,
                    int caregivers) {
    HttpResponse res = Send("POST", Path("/classes"), Token("community_staff"),
                            nlohmann::json{{"name", name},
                                           {"type", type},
                                           {"capacity", capacity},
                                           {"caregivers", caregivers},
                                           {"opened_on", Today().AddDays(-60).ToString()}});
    EXPECT_EQ(res.status, 201) << res.body;
    return Body(res).value("id", int64_t{0});
  }

  HttpResponse Apply(int64_t class_id, int64_t child, int days_ago,
                     const std::string& user = "community_staff") {
    return Send("POST", Path("/enrolments"), Token(user),
                nlohmann::json{{"class_id", class_id},
                               {"resident_id", child},
                               {"date", Today().AddDays(-days_ago).ToString()}});
  }

  int64_t BulkReads() {
    registry::audit::Filter f;
    f.action = std::string(registry::audit::kBulkRead);
    f.object = "resident";
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  // The properties a schema of openapi.json documents (allOf parts merged).
  static std::set<std::string> Documented(const std::string& schema) {
    std::ifstream in(ALLEY_OPENAPI_FILE, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    std::set<std::string> names;
    std::function<void(const nlohmann::json&)> collect = [&](const nlohmann::json& s) {
      if (s.contains("$ref")) {
        collect(doc.at(nlohmann::json::json_pointer(s["$ref"].get<std::string>().substr(1))));
      }
      if (s.contains("properties")) {
        for (auto& [k, _] : s["properties"].items()) names.insert(k);
      }
      if (s.contains("allOf")) {
        for (const nlohmann::json& part : s["allOf"]) collect(part);
      }
    };
    collect(doc["components"]["schemas"][schema]);
    return names;
  }

  static std::set<std::string> Keys(const nlohmann::json& j) {
    std::set<std::string> keys;
    for (auto& [k, _] : j.items()) keys.insert(k);
    return keys;
  }

  int64_t nursery_ = 0;
};

TEST_F(ChildcareApiTest, AFreedPlaceGoesToTheWaitingChildInTheSameRequest) {
  const int64_t infants = PostClass("乳儿一班", "infant", 1, 1);
  const MadeResident a = MakeResident(kHailian, {}, Today().AddDays(-240));
  const MadeResident b = MakeResident(kHailian, {}, Today().AddDays(-230));
  HttpResponse first = Apply(infants, a.id, 10);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Body(first).value("state", ""), "enrolled");
  EXPECT_THAT(HeaderOf(first, "Location").value_or(""), HasSubstr("/enrolments/"));
  HttpResponse second = Apply(infants, b.id, 9, "grid_worker");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Body(second).value("state", ""), "waiting");
  EXPECT_EQ(Body(second)["waiting_position"], 1);
  EXPECT_EQ(Apply(infants, b.id, 8).status, 409) << "one open application per child";

  const int64_t enrolment = Body(first).value("id", int64_t{0});
  HttpResponse left = Send("POST", Path("/enrolments/" + std::to_string(enrolment) + "/withdraw"),
                           Token("community_staff"), nlohmann::json{{"reason", "搬家"}});
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(Body(left).value("state", ""), "withdrawn");
  EXPECT_EQ(Body(left)["admitted"], nlohmann::json::array({Body(second).value("id", 0)}));
  HttpResponse again = Send("POST", Path("/enrolments/" + std::to_string(enrolment) + "/withdraw"),
                            Token("community_staff"));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(Body(again).value("message", ""), HasSubstr("already withdrawn"));

  HttpResponse classes = Get(Path("/classes"), Token("grid_worker"));
  ASSERT_EQ(classes.status, 200) << classes.body;
  EXPECT_EQ(Body(classes)["items"][0]["enrolled"], 1);
  EXPECT_EQ(Body(classes)["items"][0]["waiting"], 0);
}

TEST_F(ChildcareApiTest, ListsOfChildrenAreMaskedAndAudited) {
  const int64_t infants = PostClass("乳儿一班", "infant", 3, 1);
  const MadeResident a = MakeResident(kHailian, {}, Today().AddDays(-240));
  ASSERT_EQ(Apply(infants, a.id, 5).status, 201);
  const int64_t before = BulkReads();
  HttpResponse list = Get(Path("/enrolments"), Token("grid_worker"), {{"state", "enrolled"}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["total"], 1);
  EXPECT_THAT(list.body, Not(HasSubstr(a.id_number)));
  EXPECT_THAT(list.body, HasSubstr(a.id_number.substr(0, 6) + "********"));
  EXPECT_EQ(BulkReads(), before + 1);
  EXPECT_EQ(Get(Path("/enrolments"), Token("grid_worker"), {{"state", "gone"}}).status, 400);
  EXPECT_EQ(Get(Path("/enrolments"), Token("grid_worker"), {{"page_size", "501"}}).status, 400);
  EXPECT_EQ(BulkReads(), before + 1) << "a refused list is no read";
}

TEST_F(ChildcareApiTest, BadBodiesNameTheFieldAndWriteNothing) {
  struct Case {
    nlohmann::json body;
    std::string field;
  } cases[] = {
      {{{"name", "小一班"}, {"type", "younger"}, {"capacity", 16}}, "field capacity"},
      {{{"name", "小一班"}, {"type", "kindergarten"}, {"capacity", 10}}, "field type"},
      {{{"name", "小一班"}, {"type", "younger"}}, "field capacity"},
      {{{"type", "younger"}, {"capacity", 10}}, "field name"},
      {{{"name", "小一班"}, {"type", "younger"}, {"capacity", "ten"}}, "field capacity"},
      {{{"name", "小一班"}, {"type", "younger"}, {"capacity", 10}, {"size", 3}}, "\"size\""},
      {{{"name", "小一班"}, {"type", "younger"}, {"capacity", 10}, {"opened_on", "2026-13-01"}},
       "field opened_on"},
  };
  for (const Case& c : cases) {
    HttpResponse res = Send("POST", Path("/classes"), Token("community_staff"), c.body);
    EXPECT_EQ(res.status, 400) << c.body.dump() << ": " << res.body;
    EXPECT_THAT(Body(res).value("message", ""), HasSubstr(c.field)) << c.body.dump();
  }
  EXPECT_TRUE(Body(Get(Path("/classes"), Token("community_staff")))["items"].empty());

  HttpResponse no_items = Send("POST", Path("/inspections"), Token("community_staff"),
                               nlohmann::json{{"inspector", "王"}});
  EXPECT_EQ(no_items.status, 400);
  EXPECT_THAT(Body(no_items).value("message", ""), HasSubstr("field items"));
  HttpResponse no_deadline =
      Send("POST", Path("/inspections"), Token("community_staff"),
           nlohmann::json{{"inspector", "王"},
                          {"items", nlohmann::json::array({{{"item", "消防设施"}, {"score", 80}}})},
                          {"findings", {"灭火器过期"}}});
  EXPECT_EQ(no_deadline.status, 400);
  EXPECT_THAT(Body(no_deadline).value("message", ""), HasSubstr("remedy_deadline"));
  HttpResponse score = Send(
      "POST", Path("/inspections"), Token("community_staff"),
      nlohmann::json{{"inspector", "王"},
                     {"items", nlohmann::json::array({{{"item", "消防设施"}, {"score", 101}}})}});
  EXPECT_EQ(score.status, 400);
  EXPECT_TRUE(Body(Get(Path("/inspections"), Token("community_staff")))["items"].empty());
}

TEST_F(ChildcareApiTest, AClassChangeNeedsTheCurrentETag) {
  const int64_t id = PostClass("小一班", "younger", 10, 1);
  const std::string path = Path("/classes/" + std::to_string(id));
  const std::string etag = Body(Get(Path("/classes"), Token("root")))["items"][0]["etag"];
  EXPECT_EQ(Send("PATCH", path, Token("community_staff"), nlohmann::json{{"capacity", 12}}).status,
            428);
  HttpResponse changed =
      Change("PATCH", path, Token("community_staff"), etag, nlohmann::json{{"capacity", 12}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Body(changed)["capacity"], 12);
  EXPECT_NE(HeaderOf(changed, "ETag").value_or(""), etag);
  HttpResponse stale =
      Change("PATCH", path, Token("community_staff"), etag, nlohmann::json{{"capacity", 13}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale).value("code", ""), "aborted");
  EXPECT_EQ(Change("PATCH", Path("/classes/999999"), Token("community_staff"), etag,
                   nlohmann::json{{"capacity", 13}})
                .status,
            404);
}

TEST_F(ChildcareApiTest, XinghuaNeverSeesOrWritesHailiansNurseries) {
  const int64_t infants = PostClass("乳儿一班", "infant", 3, 1);
  const MadeResident a = MakeResident(kHailian, {}, Today().AddDays(-240));
  HttpResponse applied = Apply(infants, a.id, 5);
  ASSERT_EQ(applied.status, 201);
  const std::string enrolment = std::to_string(Body(applied).value("id", 0));
  const std::string li = Token("xinghua_staff");
  for (const char* suffix : {"/classes", "/enrolments", "/inspections"}) {
    HttpResponse res = Get(Path(suffix), li);
    EXPECT_EQ(res.status, 404) << suffix << ": " << res.body;
    EXPECT_THAT(res.body, Not(HasSubstr("海连托育园")));
  }
  EXPECT_EQ(Send("POST", Path("/classes"), li,
                 nlohmann::json{{"name", "x"}, {"type", "infant"}, {"capacity", 2}})
                .status,
            404);
  EXPECT_EQ(Send("POST", Path("/enrolments/" + enrolment + "/withdraw"), li).status, 404);
  const MadeResident theirs = MakeResident(kXinghua, {}, Today().AddDays(-240));
  EXPECT_EQ(Apply(infants, theirs.id, 4, "xinghua_staff").status, 404);
  // And a Hailian worker cannot enrol a child of Xinghua.
  HttpResponse foreign = Apply(infants, theirs.id, 4);
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  for (const char* report : {"/api/v1/childcare/flags", "/api/v1/childcare/balance"}) {
    EXPECT_EQ(Get(report, li, {{"unit", kHailian}}).status, 403) << report;
    EXPECT_EQ(Get(report, li, {{"unit", kStreet}}).status, 403) << report;
    HttpResponse own = Get(report, li);
    ASSERT_EQ(own.status, 200) << report << ": " << own.body;
    EXPECT_THAT(own.body, Not(HasSubstr("海连托育园"))) << report;
  }
  EXPECT_EQ(Body(Get("/api/v1/childcare/balance", li))["places"], 0);
}

TEST_F(ChildcareApiTest, FlagsAndBalanceOfAUnit) {
  const int64_t infants = PostClass("乳儿一班", "infant", 4, 1);
  for (int i = 0; i < 4; ++i) {
    const MadeResident child = MakeResident(kHailian, {}, Today().AddDays(-240 - i));
    ASSERT_EQ(Apply(infants, child.id, 5).status, 201);
  }
  HttpResponse inspected =
      Send("POST", Path("/inspections"), Token("street_officer"),
           nlohmann::json{{"date", Today().AddDays(-40).ToString()},
                          {"inspector", "区卫健委 王"},
                          {"items", nlohmann::json::array({{{"item", "消防设施"}, {"score", 80}},
                                                           {{"item", "膳食管理"}, {"score", 50}}})},
                          {"findings", {"膳食留样不足48小时"}},
                          {"remedy_deadline", Today().AddDays(-10).ToString()}});
  ASSERT_EQ(inspected.status, 201) << inspected.body;
  EXPECT_EQ(Body(inspected)["mean_score"], 65.0);
  EXPECT_EQ(Body(inspected)["failed_items"], nlohmann::json::array({"膳食管理"}));

  HttpResponse flags = Get("/api/v1/childcare/flags", Token("street_officer"));
  ASSERT_EQ(flags.status, 200) << flags.body;
  const nlohmann::json f = Body(flags);
  EXPECT_EQ(f["counts"]["ratio_breach"], 1);  // 4 infants need 2 caregivers at 1:3
  EXPECT_EQ(f["counts"]["remedy_overdue"], 1);
  EXPECT_EQ(f["counts"]["inspection_overdue"], 0);
  ASSERT_EQ(f["nurseries"].size(), 1u);
  EXPECT_EQ(f["nurseries"][0]["flags"][0]["class_id"], infants);
  EXPECT_EQ(Get("/api/v1/childcare/flags", Token("street_officer"), {{"on", "2026-02-30"}}).status,
            400);

  const std::string inspection = std::to_string(Body(inspected).value("id", 0));
  HttpResponse followed =
      Send("POST", Path("/inspections/" + inspection + "/follow-up"), Token("community_staff"),
           nlohmann::json{{"date", Today().AddDays(-2).ToString()}, {"note", "已整改"}});
  ASSERT_EQ(followed.status, 200) << followed.body;
  EXPECT_EQ(Body(followed)["remedy_open"], false);
  EXPECT_EQ(
      Body(Get("/api/v1/childcare/flags", Token("street_officer")))["counts"]["remedy_overdue"], 0);

  HttpResponse balance = Get("/api/v1/childcare/balance", Token("planner"), {{"unit", kStreet}});
  ASSERT_EQ(balance.status, 403) << "the planner's unit is Hailian";
  balance = Get("/api/v1/childcare/balance", Token("planner"));
  ASSERT_EQ(balance.status, 200) << balance.body;
  const nlohmann::json b = Body(balance);
  EXPECT_EQ(b["places"], 4);
  EXPECT_EQ(b["children_under_3"], 4);
  EXPECT_EQ(b["residents"], 4);
  EXPECT_EQ(b["places_per_1000"], 1000.0);
  EXPECT_EQ(b["places_needed"], 1);
  EXPECT_EQ(b["gap"], 0);
}

TEST_F(ChildcareApiTest, AnswersCarryExactlyTheDocumentedFields) {
  const int64_t infants = PostClass("乳儿一班", "infant", 1, 1);
  const MadeResident a = MakeResident(kHailian, {}, Today().AddDays(-240));
  const MadeResident b = MakeResident(kHailian, {}, Today().AddDays(-230));
  HttpResponse first = Apply(infants, a.id, 5);
  HttpResponse second = Apply(infants, b.id, 4);
  HttpResponse left =
      Send("POST", Path("/enrolments/" + std::to_string(Body(first).value("id", 0)) + "/withdraw"),
           Token("community_staff"));
  const std::string etag = Body(Get(Path("/classes"), Token("root")))["items"][0]["etag"];
  HttpResponse changed = Change("PATCH", Path("/classes/" + std::to_string(infants)),
                                Token("community_staff"), etag, nlohmann::json{{"capacity", 2}});
  HttpResponse inspection = Send(
      "POST", Path("/inspections"), Token("community_staff"),
      nlohmann::json{{"inspector", "王"},
                     {"items", nlohmann::json::array({{{"item", "消防设施"}, {"score", 80}}})}});
  const struct {
    std::string schema;
    nlohmann::json sample;
  } samples[] = {
      {"NurseryClassList", Body(Get(Path("/classes"), Token("root")))},
      {"NurseryClass", Body(Get(Path("/classes"), Token("root")))["items"][0]},
      {"NurseryClassChanged", Body(changed)},
      {"NurseryApplyResult", Body(second)},
      {"NurseryWithdrawResult", Body(left)},
      {"NurseryEnrolmentPage", Body(Get(Path("/enrolments"), Token("root")))},
      {"NurseryEnrolment", Body(Get(Path("/enrolments"), Token("root")))["items"][0]},
      {"NurseryInspection", Body(inspection)},
      {"NurseryInspectionList", Body(Get(Path("/inspections"), Token("root")))},
      {"ChildcareFlags", Body(Get("/api/v1/childcare/flags", Token("root")))},
      {"ChildcareBalance", Body(Get("/api/v1/childcare/balance", Token("root")))},
      {"UnitChildcareBalance",
       Body(Get("/api/v1/childcare/balance", Token("root"), {{"unit", kStreet}}))["children"][0]},
      {"ChildcareNorms", Body(Get("/api/v1/childcare/norms", Token("analyst")))},
  };
  for (const auto& [schema, sample] : samples) {
    SCOPED_TRACE(schema);
    ASSERT_TRUE(sample.is_object()) << sample.dump();
    EXPECT_EQ(Keys(sample), Documented(schema));
  }
}

}  // namespace
}  // namespace alley::api
