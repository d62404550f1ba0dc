// THE MATRIX: every route × every role × a target inside / outside the
// user's scope, plus no session, each answered exactly as designed
// (docs/http.md, "Roles and scope"):
//   - no session: 401, except the public routes;
//   - the role lacks the route's permission: 403;
//   - permitted, target inside the user's unit: the route's success status;
//   - permitted, target outside: 403 for a unit named in the path, query or
//     body; 404 for an object addressed by id (ids cannot be probed);
//   - lists without ?unit= never show anything outside the scope.
// Every user sits at Hailian; the outside objects live in 星化. The expected
// answer comes from the tables below, never from the code under test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "api/api_test_util.h"
#include "demo/hailian.h"
#include "demo/network.h"
#include "registry/audit.h"
#include "services/canteen_service.h"
#include "services/care.h"
#include "services/childcare_service.h"
#include "services/enrolments.h"
#include "services/timebank_service.h"
#include "services/visits_service.h"
#include "store/economy_store.h"
#include "store/indicator_store.h"
#include "store/planning_store.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using testing::kHailian;
using testing::kPassword;
using testing::kStreet;
using testing::kXinghua;
using testing::RoleIds;

// What each role may do (docs/http.md links the same table in
// docs/security.md). Written out here so that the test can disagree with
// registry/accounts.cc.
const std::map<std::string, std::set<std::string>>& RolePermissions() {
  static const std::map<std::string, std::set<std::string>> kTable = [] {
    const std::set<std::string> grid = {"units.read",      "ledger.read",   "ledger.write",
                                        "facilities.read", "services.read", "services.write"};
    std::set<std::string> staff = grid;
    staff.insert({"units.write", "facilities.write", "pii.unmask", "ledger.export",
                  "apikeys.manage", "plan.read", "economy.read", "indicators.read",
                  "indicators.write", "reports.read"});
    const std::set<std::string> officer = {
        "units.read",    "ledger.read",   "facilities.read", "facilities.write",
        "ledger.export", "services.read", "services.write",  "apikeys.manage",
        "plan.read",     "economy.read",  "indicators.read", "indicators.write",
        "reports.read"};
    return std::map<std::string, std::set<std::string>>{
        {"grid_worker", grid},
        {"community_staff", staff},
        {"street_officer", officer},
        {"district_officer", officer},
        {"planner",
         {"units.read", "facilities.read", "plan.read", "plan.write", "economy.read",
          "economy.write", "indicators.read"}},
        {"analyst", {"units.read", "plan.read", "economy.read", "indicators.read", "reports.read"}},
        {"auditor", {"units.read", "audit.read"}},
        {"admin", {"units.read",      "ledger.read",      "ledger.write",     "units.write",
                   "facilities.read", "facilities.write", "pii.unmask",       "ledger.export",
                   "audit.read",      "users.manage",     "services.read",    "services.write",
                   "apikeys.manage",  "plan.read",        "plan.write",       "economy.read",
                   "economy.write",   "indicators.read",  "indicators.write", "reports.read"}},
    };
  }();
  return kTable;
}

// How a route treats a target outside the scope.
enum class Outside {
  kNone,      // the route has no target (me, vocabulary, ...)
  kUnit403,   // a unit named in the path, query or body: 403
  kId404,     // an object addressed by id: 404
  kFiltered,  // a search or list: 200, but nothing outside in it
};

constexpr char kPublic[] = "public";  // Case::permission of the routes without session

class MatrixTest : public ApiTest {
 protected:
  using Query = std::vector<std::pair<std::string, std::string>>;

  struct Prepared {
    Req req;
    // What the street admin sees of the target: must not change when the
    // request is refused, and must change when a write succeeds.
    std::function<std::string()> state;
    // Further checks of a successful answer.
    std::function<void(const HttpResponse&)> check;
  };

  struct Case {
    std::string method;
    std::string pattern;
    std::string permission;  // kPublic; "" for any session; else the permission id
    int success;
    Outside outside;
    // Builds the request on a fresh target, inside the user's unit or not,
    // for `user` ("" for no session).
    std::function<Prepared(bool inside, const std::string& user)> prepare;
  };

  // How many unmaskings the audit trail holds.
  int64_t Unmaskings() {
    registry::audit::Filter f;
    f.action = std::string(registry::audit::kUnmask);
    StatusOr<store::AuditPage> page = registry::audit::Query(*store_, f);
    EXPECT_OK(page);
    return page.ok() ? page->total : -1;
  }

  static std::string UnitOf(bool inside) { return inside ? kHailian : kXinghua; }

  std::string Total(const std::string& path, Query query) {
    HttpResponse res = Get(path, Token("root"), std::move(query));
    EXPECT_EQ(res.status, 200) << path << ": " << res.body;
    nlohmann::json j = Body(res);
    return j.is_object() ? j.value("total", nlohmann::json(-1)).dump() : "?";
  }

  std::string StatusAndETag(const std::string& path) {
    HttpResponse res = Get(path, Token("root"));
    return std::to_string(res.status) + " " + HeaderOf(res, "ETag").value_or("");
  }

  // Every item of a list answer lies in Hailian's subtree (`key`: the unit
  // field), and the list is not empty, so that the check means something.
  static void AllInside(const HttpResponse& res, const std::string& key, bool expect_some) {
    nlohmann::json j = Body(res);
    ASSERT_TRUE(j.is_object() && j.contains("items")) << res.body;
    if (expect_some) {
      EXPECT_FALSE(j["items"].empty()) << "an empty list proves nothing";
    }
    for (const nlohmann::json& item : j["items"]) {
      const std::string unit = item.value(key, "");
      EXPECT_TRUE(unit.starts_with(kHailian)) << key << " " << unit << " is outside Hailian";
    }
  }

  // One table, read top to bottom: a row per route, in the order of docs/http.md.
  std::vector<Case> Cases() {  // NOLINT(google-readability-function-size)
    std::vector<Case> c;
    const auto plain = [](std::string method, std::string path, Query query = {}) {
      Prepared p;
      p.req.method = std::move(method);
      p.req.path = std::move(path);
      p.req.query = std::move(query);
      return p;
    };

    // ---- Public ----
    c.push_back({"GET", "/healthz", kPublic, 200, Outside::kNone,
                 [=](bool, const std::string&) { return plain("GET", "/healthz"); }});
    c.push_back({"GET", "/metrics", kPublic, 200, Outside::kNone,
                 [=](bool, const std::string&) { return plain("GET", "/metrics"); }});
    c.push_back({"GET", "/api/v1/openapi.json", kPublic, 200, Outside::kNone,
                 [=](bool, const std::string&) { return plain("GET", "/api/v1/openapi.json"); }});
    c.push_back({"POST", "/api/v1/auth/login", kPublic, 200, Outside::kNone,
                 [=](bool, const std::string& user) {
                   Prepared p = plain("POST", "/api/v1/auth/login");
                   p.req.body = nlohmann::json{{"username", user.empty() ? "grid_worker" : user},
                                               {"password", kPassword}};
                   p.check = [](const HttpResponse& res) {
                     EXPECT_TRUE(Body(res).contains("token")) << res.body;
                   };
                   return p;
                 }});

    // ---- Sessions and vocabulary ----
    c.push_back({"POST", "/api/v1/auth/logout", "", 204, Outside::kNone,
                 [=, this](bool, const std::string& user) {
                   Prepared p = plain("POST", "/api/v1/auth/logout");
                   if (!user.empty()) {
                     p.req.token = Login(user);  // a session of its own: it ends here
                     const std::string token = p.req.token;
                     p.check = [this, token](const HttpResponse&) {
                       EXPECT_EQ(Get("/api/v1/auth/me", token).status, 401)
                           << "the session still works after logout";
                     };
                   }
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/auth/me", "", 200, Outside::kNone, [=](bool, const std::string& user) {
           Prepared p = plain("GET", "/api/v1/auth/me");
           p.check = [user](const HttpResponse& res) {
             EXPECT_EQ(Body(res).value("username", ""), user);
             EXPECT_EQ(Body(res).value("unit", ""), kHailian);
           };
           return p;
         }});
    c.push_back({"GET", "/api/v1/vocabulary", "", 200, Outside::kNone,
                 [=](bool, const std::string&) { return plain("GET", "/api/v1/vocabulary"); }});

    // ---- Units ----
    c.push_back(
        {"GET", "/api/v1/units", "units.read", 200, Outside::kFiltered,
         [=](bool inside, const std::string&) {
           // Both names contain 社区; only Hailian's may be found.
           Prepared p = plain("GET", "/api/v1/units", {{"q", inside ? "海连社区" : "星化社区"}});
           p.check = [inside](const HttpResponse& res) { AllInside(res, "code", inside); };
           return p;
         }});
    c.push_back(
        {"POST", "/api/v1/units", "units.write", 201, Outside::kUnit403,
         [=, this](bool inside, const std::string&) {
           Prepared p = plain("POST", "/api/v1/units");
           const std::string parent = UnitOf(inside);
           p.req.body = nlohmann::json{{"parent", parent},
                                       {"kind", "compound"},
                                       {"name", "矩阵小区" + std::to_string(Unique())}};
           p.state = [this, parent] {
             return Body(Get("/api/v1/units/" + parent + "/children", Token("root"))).dump();
           };
           return p;
         }});
    c.push_back({"GET", "/api/v1/units/{code}", "units.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/units/" + UnitOf(inside));
                   p.check = [](const HttpResponse& res) {
                     EXPECT_EQ(Body(res).value("code", ""), kHailian);
                   };
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/units/{code}/children", "units.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   return plain("GET", "/api/v1/units/" + UnitOf(inside) + "/children");
                 }});

    // ---- Residents ----
    c.push_back({"GET", "/api/v1/residents", "ledger.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/residents", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "community", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/residents", "ledger.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/residents");
                   const std::string id_number = NextIdNumber();
                   p.req.body = nlohmann::json{
                       {"id_number", id_number}, {"name", "新居民"}, {"unit", UnitOf(inside)}};
                   p.state = [this, id_number] {
                     return Total("/api/v1/residents", {{"q", id_number}});
                   };
                   return p;
                 }});
    const auto resident = [=, this](const std::string& method, const std::string& suffix,
                                    const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        MadeResident r = MakeResident(UnitOf(inside));
        const std::string path = "/api/v1/residents/" + std::to_string(r.id);
        Prepared p = plain(method, path + suffix);
        p.req.body = body;
        if (method != "GET" && suffix.empty()) p.req.headers["if-match"] = ETagOf(path);
        if (method != "GET") p.state = [this, path] { return StatusAndETag(path); };
        if (suffix == "/unmask") {
          // Not a change: what must move (or not) is the audit trail.
          p.state = [this] { return std::to_string(Unmaskings()); };
          p.check = [r](const HttpResponse& res) {
            EXPECT_EQ(Body(res).value("id_number", ""), r.id_number);
          };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/residents/{id}", "ledger.read", 200, Outside::kId404,
                 resident("GET", "", std::nullopt)});
    c.push_back({"PATCH", "/api/v1/residents/{id}", "ledger.write", 200, Outside::kId404,
                 resident("PATCH", "", nlohmann::json{{"note", "matrix"}})});
    c.push_back({"DELETE", "/api/v1/residents/{id}", "ledger.write", 204, Outside::kId404,
                 resident("DELETE", "", std::nullopt)});
    c.push_back({"POST", "/api/v1/residents/{id}/unmask", "pii.unmask", 200, Outside::kId404,
                 resident("POST", "/unmask", nlohmann::json{{"reason", "matrix check"}})});

    // ---- Households ----
    c.push_back({"GET", "/api/v1/households", "ledger.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/households", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "community", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/households", "ledger.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/households");
                   const std::string number = "M" + std::to_string(Unique());
                   const std::string unit = UnitOf(inside);
                   p.req.body = nlohmann::json{{"unit", unit}, {"number", number}};
                   p.state = [this, unit, number] {
                     return Total("/api/v1/households", {{"unit", unit}, {"q", number}});
                   };
                   return p;
                 }});
    const auto household = [=, this](const std::string& method,
                                     const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path =
            "/api/v1/households/" + std::to_string(MakeHousehold(UnitOf(inside)));
        Prepared p = plain(method, path);
        p.req.body = body;
        if (method != "GET") {
          p.req.headers["if-match"] = ETagOf(path);
          p.state = [this, path] { return StatusAndETag(path); };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/households/{id}", "ledger.read", 200, Outside::kId404,
                 household("GET", std::nullopt)});
    c.push_back({"PATCH", "/api/v1/households/{id}", "ledger.write", 200, Outside::kId404,
                 household("PATCH", nlohmann::json{{"building", "7"}})});
    c.push_back({"DELETE", "/api/v1/households/{id}", "ledger.write", 204, Outside::kId404,
                 household("DELETE", std::nullopt)});

    // ---- Facilities ----
    c.push_back({"GET", "/api/v1/facilities", "facilities.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/facilities", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "unit", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/facilities", "facilities.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/facilities");
                   const std::string name = "矩阵托育" + std::to_string(Unique());
                   const std::string unit = UnitOf(inside);
                   p.req.body = nlohmann::json{
                       {"unit", unit}, {"type", "nursery"}, {"name", name}, {"capacity", 30}};
                   p.state = [this, unit, name] {
                     return Total("/api/v1/facilities", {{"unit", unit}, {"q", name}});
                   };
                   return p;
                 }});
    const auto facility = [=, this](const std::string& method,
                                    const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path =
            "/api/v1/facilities/" + std::to_string(MakeFacility(UnitOf(inside)));
        Prepared p = plain(method, path);
        p.req.body = body;
        if (method != "GET") {
          p.req.headers["if-match"] = ETagOf(path);
          p.state = [this, path] { return StatusAndETag(path); };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/facilities/{id}", "facilities.read", 200, Outside::kId404,
                 facility("GET", std::nullopt)});
    c.push_back({"PATCH", "/api/v1/facilities/{id}", "facilities.write", 200, Outside::kId404,
                 facility("PATCH", nlohmann::json{{"capacity", 55}})});
    c.push_back({"DELETE", "/api/v1/facilities/{id}", "facilities.write", 204, Outside::kId404,
                 facility("DELETE", std::nullopt)});

    // ---- Residents' concerns ----
    c.push_back({"GET", "/api/v1/concerns", "services.read", 200, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   MakeConcern(UnitOf(inside));
                   Prepared p = plain("GET", "/api/v1/concerns", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "unit", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/concerns", "services.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/concerns");
                   const std::string unit = UnitOf(inside);
                   p.req.body = nlohmann::json{{"unit", unit},
                                               {"category", "property_management"},
                                               {"channel", "walk_in"},
                                               {"description", "电梯故障"}};
                   p.state = [this, unit] { return Total("/api/v1/concerns", {{"unit", unit}}); };
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/concerns/categories", "", 200, Outside::kNone,
         [=](bool, const std::string&) { return plain("GET", "/api/v1/concerns/categories"); }});
    for (const char* report : {"/api/v1/concerns/rates", "/api/v1/concerns/rates/monthly",
                               "/api/v1/concerns/hotspots"}) {
      const std::string path = report;
      c.push_back(
          {"GET", path, "units.read", 200, Outside::kUnit403, [=](bool inside, const std::string&) {
             return plain("GET", path, {{"unit", UnitOf(inside)}});
           }});
    }
    c.push_back({"POST", "/api/v1/concerns/escalations", "services.write", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/concerns/escalations");
                   p.req.body = nlohmann::json{{"unit", UnitOf(inside)}};
                   return p;
                 }});
    const auto concern = [=, this](const std::string& method, const std::string& suffix,
                                   const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path = "/api/v1/concerns/" + std::to_string(MakeConcern(UnitOf(inside)));
        Prepared p = plain(method, path + suffix);
        p.req.body = body;
        if (suffix == "/events") {
          p.req.headers["if-match"] = ETagOf(path);
          p.state = [this, path] { return StatusAndETag(path); };
        } else if (suffix == "/unmask") {
          p.state = [this] { return std::to_string(Unmaskings()); };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/concerns/{id}", "services.read", 200, Outside::kId404,
                 concern("GET", "", std::nullopt)});
    c.push_back({"POST", "/api/v1/concerns/{id}/events", "services.write", 200, Outside::kId404,
                 concern("POST", "/events", nlohmann::json{{"event", "dispatch"}})});
    c.push_back({"POST", "/api/v1/concerns/{id}/unmask", "pii.unmask", 200, Outside::kId404,
                 concern("POST", "/unmask", nlohmann::json{{"reason", "回访核实诉求"}})});

    // ---- Open311 GeoReport v2: a session's bearer token here (the API keys
    // are api_open311_test.cc's); errors are GeoReport arrays ----
    c.push_back(
        {"GET", "/open311/v2/services.json", kPublic, 200, Outside::kNone,
         [=](bool, const std::string&) { return plain("GET", "/open311/v2/services.json"); }});
    c.push_back({"GET", "/open311/v2/services/{file}", kPublic, 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   return plain("GET", "/open311/v2/services/noise.json");
                 }});
    c.push_back({"GET", "/open311/v2/requests.json", "services.read", 200, Outside::kFiltered,
                 [=, this](bool inside, const std::string&) {
                   MakeConcern(UnitOf(inside));
                   Prepared p = plain("GET", "/open311/v2/requests.json");
                   p.check = [](const HttpResponse& res) {
                     const nlohmann::json list = Body(res);
                     ASSERT_TRUE(list.is_array()) << res.body;
                     EXPECT_FALSE(list.empty()) << "an empty list proves nothing";
                     for (const nlohmann::json& r : list) {
                       EXPECT_TRUE(r.value("address_id", "").starts_with(kHailian)) << r.dump();
                     }
                   };
                   return p;
                 }});
    c.push_back({"POST", "/open311/v2/requests.json", "services.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/open311/v2/requests.json");
                   const std::string unit = UnitOf(inside);
                   p.req.headers["content-type"] = "application/json";
                   p.req.body = nlohmann::json{{"service_code", "noise"},
                                               {"jurisdiction_id", unit},
                                               {"address_string", "3号楼"},
                                               {"description", "夜间施工"}};
                   p.state = [this, unit] { return Total("/api/v1/concerns", {{"unit", unit}}); };
                   return p;
                 }});
    c.push_back({"GET", "/open311/v2/requests/{file}", "services.read", 200, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   return plain("GET", "/open311/v2/requests/" +
                                           std::to_string(MakeConcern(UnitOf(inside))) + ".json");
                 }});

    // ---- Programme enrolments, platform workers, rest stations ----
    // An elderly resident enrolled in home care; a delivery rider; a rider
    // rest station: made through the domain.
    const auto make_enrolment = [this](const std::string& unit) -> int64_t {
      const MadeResident r = MakeResident(unit);
      StatusOr<services::Enrolment> e = services::Enrol(
          *store_, {.resident_id = r.id, .programme = "home_care", .from = Today()},
          core::kNationCode, {"cli:test", "", ""}, std::chrono::floor<std::chrono::seconds>(T0()));
      EXPECT_OK(e);
      return e.ok() ? e->id : 0;
    };
    const auto make_rider = [this](const std::string& unit) -> int64_t {
      registry::NewResident r;
      r.id_number = NextIdNumber(*core::Date::FromYmd(1995, 1, 1));
      r.name = "骑手" + std::to_string(Unique());
      r.unit_code = unit;
      r.employment = "delivery_rider";
      r.effective = Today().AddDays(-30);
      StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, Today());
      EXPECT_OK(made);
      return made.ok() ? made->id : 0;
    };
    const auto make_station = [this](const std::string& unit) -> int64_t {
      registry::FacilityInput f;
      f.unit_code = unit;
      f.type = "rider_rest_station";
      f.name = "驿站" + std::to_string(Unique());
      f.capacity = 10;
      StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
      EXPECT_OK(made);
      return made.ok() ? made->facility.id : 0;
    };
    // The street admin's view of one worker in the list.
    const auto worker_item = [this](int64_t rider) -> nlohmann::json {
      HttpResponse res =
          Get("/api/v1/platform/workers", Token("root"), {{"unit", kStreet}, {"page_size", "500"}});
      EXPECT_EQ(res.status, 200) << res.body;
      const nlohmann::json list = Body(res);
      for (const nlohmann::json& item : list["items"]) {
        if (item.value("resident_id", int64_t{0}) == rider) return item;
      }
      ADD_FAILURE() << "worker " << rider << " is not in the street's list";
      return nullptr;
    };
    c.push_back({"GET", "/api/v1/enrolments", "services.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   make_enrolment(UnitOf(inside));
                   Prepared p = plain("GET", "/api/v1/enrolments", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "unit", true); };
                   return p;
                 }});
    c.push_back(
        {"POST", "/api/v1/enrolments", "services.write", 201, Outside::kId404,
         [=, this](bool inside, const std::string&) {
           const int64_t elder = MakeResident(UnitOf(inside)).id;
           Prepared p = plain("POST", "/api/v1/enrolments");
           p.req.body = nlohmann::json{{"resident_id", elder}, {"programme", "canteen_meals"}};
           p.state = [this, elder] {
             return Total("/api/v1/enrolments",
                          {{"unit", kStreet}, {"resident", std::to_string(elder)}});
           };
           return p;
         }});
    c.push_back({"GET", "/api/v1/enrolments/{id}", "services.read", 200, Outside::kId404,
                 [=](bool inside, const std::string&) {
                   return plain("GET", "/api/v1/enrolments/" +
                                           std::to_string(make_enrolment(UnitOf(inside))));
                 }});
    c.push_back({"POST", "/api/v1/enrolments/{id}/end", "services.write", 200, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   const std::string path =
                       "/api/v1/enrolments/" + std::to_string(make_enrolment(UnitOf(inside)));
                   Prepared p = plain("POST", path + "/end");
                   p.req.body = nlohmann::json{{"reason", "matrix"}};
                   p.state = [this, path] { return Body(Get(path, Token("root"))).dump(); };
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/platform/workers", "services.read", 200, Outside::kUnit403,
         [=](bool inside, const std::string&) {
           make_rider(UnitOf(inside));
           Prepared p = plain("GET", "/api/v1/platform/workers", {{"unit", UnitOf(inside)}});
           p.check = [](const HttpResponse& res) { AllInside(res, "community", true); };
           return p;
         }});
    c.push_back({"PATCH", "/api/v1/platform/workers/{resident_id}", "services.write", 200,
                 Outside::kId404, [=](bool inside, const std::string&) {
                   const int64_t rider = make_rider(UnitOf(inside));
                   Prepared p = plain("PATCH", "/api/v1/platform/workers/" + std::to_string(rider));
                   p.req.body = nlohmann::json{{"platforms", {"美团"}}};
                   p.req.headers["if-match"] = worker_item(rider).value("etag", "");
                   p.state = [=] { return worker_item(rider).dump(); };
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/platform/coverage", "services.read", 200, Outside::kUnit403,
         [=](bool inside, const std::string&) {
           make_rider(UnitOf(inside));
           Prepared p = plain("GET", "/api/v1/platform/coverage", {{"unit", UnitOf(inside)}});
           p.check = [](const HttpResponse& res) {
             EXPECT_EQ(Body(res).value("unit", ""), kHailian);
             EXPECT_GT(Body(res).value("workers", 0), 0) << res.body;
           };
           return p;
         }});
    const auto station = [=, this](const std::string& method,
                                   const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path =
            "/api/v1/platform/stations/" + std::to_string(make_station(UnitOf(inside)));
        Prepared p = plain(method, path);
        p.req.body = body;
        if (method != "GET") {
          p.req.headers["if-match"] = ETagOf(path);
          p.state = [this, path] { return StatusAndETag(path); };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/platform/stations/{facility_id}", "services.read", 200,
                 Outside::kId404, station("GET", std::nullopt)});
    c.push_back({"PATCH", "/api/v1/platform/stations/{facility_id}", "services.write", 200,
                 Outside::kId404,
                 station("PATCH", nlohmann::json{{"capacity", 12}, {"hours", "08:00-22:00"}})});

    // ---- Senior canteens and visits (api_elderly_care.cc) ----
    // A senior canteen with one diner group, and an elderly resident living
    // alone: made through the domain.
    const auto make_canteen = [this](const std::string& unit) -> int64_t {
      const int64_t id = MakeFacility(unit);
      EXPECT_OK(services::SetDinerGroup(
                    *store_, id,
                    {.id = "public", .price = 1500, .valid_from = Today().AddDays(-90)},
                    core::kNationCode, {"cli:test", "", ""},
                    std::chrono::floor<std::chrono::seconds>(T0()))
                    .status());
      return id;
    };
    // What the street admin sees of a canteen's finances.
    const auto report_of = [this](const std::string& canteen) {
      return Body(Get(canteen + "/report", Token("root"),
                      {{"from", Today().AddDays(-90).ToString()}, {"to", Today().ToString()}}))
          .dump();
    };
    const auto canteen_route = [=, this](const std::string& method, const std::string& suffix,
                                         const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path = "/api/v1/canteens/" + std::to_string(make_canteen(UnitOf(inside)));
        Prepared p = plain(method, path + suffix);
        p.req.body = body;
        if (suffix.starts_with("/groups/")) {
          p.state = [this, path] { return Body(Get(path + "/groups", Token("root"))).dump(); };
        } else if (method != "GET") {
          p.state = [=] { return report_of(path); };
        }
        if (suffix == "/report") {
          p.check = [](const HttpResponse& res) {
            EXPECT_TRUE(Body(res).contains("break_even_meals_per_day")) << res.body;
          };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/canteens/{facility_id}/report", "services.read", 200,
                 Outside::kId404, canteen_route("GET", "/report", std::nullopt)});
    c.push_back({"GET", "/api/v1/canteens/{facility_id}/groups", "services.read", 200,
                 Outside::kId404, canteen_route("GET", "/groups", std::nullopt)});
    c.push_back({"PUT", "/api/v1/canteens/{facility_id}/groups/{group}", "services.write", 200,
                 Outside::kId404,
                 canteen_route("PUT", "/groups/elderly_80",
                               nlohmann::json{{"price", 8}, {"eligible_elderly", true}})});
    c.push_back(
        {"POST", "/api/v1/canteens/{facility_id}/meals", "services.write", 201, Outside::kId404,
         canteen_route("POST", "/meals",
                       nlohmann::json{{"counts", {{{"group", "public"}, {"meals", 10}}}}})});
    c.push_back(
        {"POST", "/api/v1/canteens/{facility_id}/costs", "services.write", 201, Outside::kId404,
         canteen_route("POST", "/costs", nlohmann::json{{"kind", "rent"}, {"amount", 100}})});
    c.push_back(
        {"POST", "/api/v1/canteens/{facility_id}/subsidies", "services.write", 201, Outside::kId404,
         canteen_route("POST", "/subsidies", nlohmann::json{{"payer", "街道"}, {"amount", 100}})});
    const auto make_visit = [this](const std::string& unit) {
      const MadeResident r = MakeResident(unit, {"living_alone"});
      EXPECT_OK(
          services::RecordVisit(
              *store_,
              {.resident_id = r.id, .date = Today(), .outcome = "well", .visitor_name = "矩阵"},
              Today(), core::kNationCode, {"cli:test", "", ""},
              std::chrono::floor<std::chrono::seconds>(T0()))
              .status());
    };
    c.push_back({"GET", "/api/v1/visits", "services.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   make_visit(UnitOf(inside));
                   Prepared p = plain("GET", "/api/v1/visits", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "unit", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/visits", "services.write", 201, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   const int64_t visited = MakeResident(UnitOf(inside), {"living_alone"}).id;
                   Prepared p = plain("POST", "/api/v1/visits");
                   p.req.body = nlohmann::json{{"resident_id", visited}, {"outcome", "well"}};
                   p.state = [this, visited] {
                     return Total("/api/v1/visits",
                                  {{"unit", kStreet}, {"resident", std::to_string(visited)}});
                   };
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/visits/overdue", "services.read", 200, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   MakeResident(UnitOf(inside), {"living_alone"});
                   Prepared p = plain("GET", "/api/v1/visits/overdue", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) {
                     EXPECT_EQ(Body(res).value("unit", ""), kHailian);
                     EXPECT_GT(Body(res).value("overdue", 0), 0) << res.body;
                   };
                   return p;
                 }});

    // ---- Childcare: a nursery with a class, an enrolled child and an
    // inspection with findings, made through the domain ----
    struct MadeNursery {
      int64_t facility = 0;
      int64_t class_id = 0;
      int64_t enrolment = 0;
      int64_t inspection = 0;
      std::string path;  // "/api/v1/nurseries/ID"
    };
    const auto make_nursery = [this](const std::string& unit) -> MadeNursery {
      MadeNursery n;
      const auto now = std::chrono::floor<std::chrono::seconds>(T0());
      const registry::audit::Actor cli{"cli:test", "", ""};
      registry::FacilityInput f;
      f.unit_code = unit;
      f.type = "nursery";
      f.name = "托育园" + std::to_string(Unique());
      StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
      EXPECT_OK(made);
      if (!made.ok()) return n;
      n.facility = made->facility.id;
      n.path = "/api/v1/nurseries/" + std::to_string(n.facility);
      StatusOr<services::NurseryClassView> cls =
          services::AddNurseryClass(*store_,
                                    {.facility_id = n.facility,
                                     .name = "乳儿班",
                                     .type = "infant",
                                     .capacity = 5,
                                     .caregivers = 2,
                                     .opened_on = Today().AddDays(-60)},
                                    Today(), core::kNationCode, cli, now);
      EXPECT_OK(cls);
      if (!cls.ok()) return n;
      n.class_id = cls->row.id;
      const MadeResident child = MakeResident(unit, {}, Today().AddDays(-240));
      StatusOr<services::NurseryApplyResult> applied =
          services::ApplyForNurseryPlace(*store_,
                                         {.facility_id = n.facility,
                                          .class_id = n.class_id,
                                          .resident_id = child.id,
                                          .on = Today().AddDays(-10)},
                                         Today(), core::kNationCode, cli, now);
      EXPECT_OK(applied);
      if (applied.ok()) n.enrolment = applied->enrolment.row.enrolment.id;
      services::NewNurseryInspection in;
      in.facility_id = n.facility;
      in.inspection = {.date = Today().AddDays(-20),
                       .inspector = "区卫健委",
                       .items = {{"消防设施", 80}},
                       .findings = {"灭火器过期"},
                       .remedy_deadline = Today().AddDays(-5)};
      StatusOr<services::NurseryInspectionView> inspected =
          services::RecordNurseryInspection(*store_, in, Today(), core::kNationCode, cli, now);
      EXPECT_OK(inspected);
      if (inspected.ok()) n.inspection = inspected->row.id;
      return n;
    };
    // What the street admin reads at `path`: the answer's body.
    const auto read_all = [this](const std::string& path) { return Get(path, Token("root")).body; };
    const auto nursery_route = [=, this](
                                   const std::string& method, const std::string& suffix,
                                   const std::function<nlohmann::json(const MadeNursery&)>& body,
                                   const std::string& state_suffix) {
      return [=, this](bool inside, const std::string&) {
        const MadeNursery n = make_nursery(UnitOf(inside));
        std::string path = n.path + suffix;
        for (const auto& [key, id] : {std::pair<std::string, int64_t>{"{class}", n.class_id},
                                      {"{enrolment}", n.enrolment},
                                      {"{inspection}", n.inspection}}) {
          if (const size_t at = path.find(key); at != std::string::npos) {
            path.replace(at, key.size(), std::to_string(id));
          }
        }
        Prepared p = plain(method, path);
        if (body) p.req.body = body(n);
        if (method == "PATCH") {
          const nlohmann::json classes = Body(Get(n.path + "/classes", Token("root")));
          p.req.headers["if-match"] = classes["items"][0].value("etag", "");
        }
        if (!state_suffix.empty()) {
          const std::string state_path = n.path + state_suffix;
          p.state = [read_all, state_path] { return read_all(state_path); };
        }
        if (method == "GET") {
          p.check = [](const HttpResponse& res) {
            EXPECT_FALSE(Body(res)["items"].empty()) << "an empty list proves nothing";
          };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/nurseries/{facility_id}/classes", "services.read", 200,
                 Outside::kId404, nursery_route("GET", "/classes", nullptr, "")});
    c.push_back(
        {"POST", "/api/v1/nurseries/{facility_id}/classes", "services.write", 201, Outside::kId404,
         nursery_route(
             "POST", "/classes",
             [](const MadeNursery&) {
               return nlohmann::json{{"name", "托大班"}, {"type", "older"}, {"capacity", 10}};
             },
             "/classes")});
    c.push_back({"PATCH", "/api/v1/nurseries/{facility_id}/classes/{class_id}", "services.write",
                 200, Outside::kId404,
                 nursery_route(
                     "PATCH", "/classes/{class}",
                     [](const MadeNursery&) {
                       return nlohmann::json{{"capacity", 4}};
                     },
                     "/classes")});
    c.push_back({"GET", "/api/v1/nurseries/{facility_id}/enrolments", "services.read", 200,
                 Outside::kId404, nursery_route("GET", "/enrolments", nullptr, "")});
    c.push_back({"POST", "/api/v1/nurseries/{facility_id}/enrolments", "services.write", 201,
                 Outside::kId404, [=, this](bool inside, const std::string& user) {
                   Prepared p =
                       nursery_route("POST", "/enrolments", nullptr, "/enrolments")(inside, user);
                   const MadeResident child =
                       MakeResident(UnitOf(inside), {}, Today().AddDays(-250));
                   const std::string path = p.req.path;
                   const nlohmann::json classes =
                       Body(Get(path.substr(0, path.rfind('/')) + "/classes", Token("root")));
                   p.req.body = nlohmann::json{{"class_id", classes["items"][0].value("id", 0)},
                                               {"resident_id", child.id}};
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/nurseries/{facility_id}/enrolments/{enrolment_id}/withdraw",
                 "services.write", 200, Outside::kId404,
                 nursery_route(
                     "POST", "/enrolments/{enrolment}/withdraw",
                     [](const MadeNursery&) {
                       return nlohmann::json{{"reason", "矩阵"}};
                     },
                     "/enrolments")});
    c.push_back({"GET", "/api/v1/nurseries/{facility_id}/inspections", "services.read", 200,
                 Outside::kId404, nursery_route("GET", "/inspections", nullptr, "")});
    c.push_back({"POST", "/api/v1/nurseries/{facility_id}/inspections", "services.write", 201,
                 Outside::kId404,
                 nursery_route(
                     "POST", "/inspections",
                     [](const MadeNursery&) {
                       return nlohmann::json{
                           {"inspector", "矩阵"},
                           {"items", nlohmann::json::array({{{"item", "晨午检"}, {"score", 90}}})}};
                     },
                     "/inspections")});
    c.push_back({"POST", "/api/v1/nurseries/{facility_id}/inspections/{inspection_id}/follow-up",
                 "services.write", 200, Outside::kId404,
                 nursery_route(
                     "POST", "/inspections/{inspection}/follow-up",
                     [](const MadeNursery&) {
                       return nlohmann::json{{"note", "已整改"}};
                     },
                     "/inspections")});
    c.push_back({"GET", "/api/v1/childcare/flags", "services.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   make_nursery(UnitOf(inside));
                   Prepared p = plain("GET", "/api/v1/childcare/flags", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) {
                     const nlohmann::json j = Body(res);
                     EXPECT_FALSE(j["nurseries"].empty()) << res.body;
                     for (const nlohmann::json& n : j["nurseries"]) {
                       EXPECT_TRUE(n.value("unit", "").starts_with(kHailian)) << n.dump();
                     }
                   };
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/childcare/balance", "units.read", 200, Outside::kUnit403,
         [=](bool inside, const std::string&) {
           make_nursery(UnitOf(inside));
           Prepared p = plain("GET", "/api/v1/childcare/balance", {{"unit", UnitOf(inside)}});
           p.check = [](const HttpResponse& res) {
             EXPECT_EQ(Body(res).value("unit", ""), kHailian);
             EXPECT_GT(Body(res).value("places", 0), 0) << res.body;
           };
           return p;
         }});
    c.push_back(
        {"GET", "/api/v1/childcare/norms", "", 200, Outside::kNone,
         [=](bool, const std::string&) { return plain("GET", "/api/v1/childcare/norms"); }});

    // ---- Home services and the time bank (api_care.cc) ----
    // Providers, orders and time-bank accounts made through the domain; the
    // test hierarchy has no locations, so every place is given.
    const auto care_now = [] { return std::chrono::floor<std::chrono::seconds>(T0()); };
    const registry::audit::Actor care_actor = {"cli:test", "", ""};
    const auto daytime = [] {
      StatusOr<std::vector<services::WeeklyWindow>> w =
          services::ParseWeeklyWindows("mon-sun 08:00-18:00");
      EXPECT_OK(w);
      return w.ok() ? *w : std::vector<services::WeeklyWindow>{};
    };
    const nlohmann::json daytime_json =
        nlohmann::json::array({{{"day", "mon"}, {"start", "08:00"}, {"end", "18:00"}},
                               {{"day", "wed"}, {"start", "08:00"}, {"end", "18:00"}}});
    // A volunteer of `unit` (a new resident): its provider and account ids.
    const auto make_volunteer = [=, this](const std::string& unit) {
      services::ProviderInput in;
      in.resident_id = MakeResident(unit, {}, *core::Date::FromYmd(1980, 1, 1)).id;
      in.skills = {"cleaning"};
      in.availability = daytime();
      in.lat = 34.6;
      in.lon = 119.17;
      in.registered_on = Today().AddDays(-20);  // MakeResident: from Today - 30
      StatusOr<services::ProviderItem> v =
          services::RegisterProvider(*store_, services::ProviderType::kVolunteer, in,
                                     core::kNationCode, care_actor, care_now());
      EXPECT_OK(v);
      return v.ok() ? std::pair{v->provider.id, v->timebank_account_id.value_or(0)}
                    : std::pair<int64_t, int64_t>{0, 0};
    };
    const auto make_caregiver = [=, this](const std::string& unit) -> int64_t {
      services::ProviderInput in;
      in.unit_code = unit;
      in.name = "矩阵护理" + std::to_string(Unique());
      in.occupation = "elder_care_worker";
      in.availability = daytime();
      in.lat = 34.6;
      in.lon = 119.17;
      in.registered_on = Today().AddDays(-20);  // MakeResident: from Today - 30
      StatusOr<services::ProviderItem> p =
          services::RegisterProvider(*store_, services::ProviderType::kCaregiver, in,
                                     core::kNationCode, care_actor, care_now());
      EXPECT_OK(p);
      return p.ok() ? p->provider.id : 0;
    };
    // A requested cleaning order of an elderly resident of `unit` next Monday
    // morning, with a volunteer there who fits it.
    const auto make_order = [=, this](const std::string& unit) -> int64_t {
      make_volunteer(unit);
      services::OrderInput in;
      in.resident_id = MakeResident(unit).id;
      in.kind = "cleaning";
      in.slot = {.date = services::WeekStart(Today()).AddDays(7), .start_min = 540, .end_min = 600};
      in.lat = 34.6;
      in.lon = 119.17;
      StatusOr<services::OrderDetail> o =
          services::RequestHomeService(*store_, in, core::kNationCode, care_actor, care_now());
      EXPECT_OK(o);
      return o.ok() ? o->order.id : 0;
    };
    // A volunteer's account in `unit`'s bank holding two hours: account id and
    // the number of the earn.
    const auto make_funded_account = [=, this](const std::string& unit) {
      const int64_t account = make_volunteer(unit).second;
      StatusOr<services::PostedTransaction> earned = services::EarnHours(
          *store_, account, 120, Today().AddDays(-10), "matrix:" + std::to_string(Unique()), "",
          core::kNationCode, care_actor, care_now());
      EXPECT_OK(earned);
      return std::pair{account, earned.ok() ? earned->transaction.number : int64_t{0}};
    };
    const auto closing_of = [this](int64_t account) {
      return Body(Get("/api/v1/timebank/accounts/" + std::to_string(account) + "/statement",
                      Token("root")))
          .dump();
    };
    for (const std::string kind : {"caregiver", "volunteer"}) {
      const std::string plural = "/api/v1/" + kind + "s";
      const bool caregiver = kind == "caregiver";
      const auto make_one = [=](const std::string& unit) {
        return caregiver ? make_caregiver(unit) : make_volunteer(unit).first;
      };
      c.push_back({"GET", plural, "services.read", 200, Outside::kUnit403,
                   [=](bool inside, const std::string&) {
                     if (inside) make_one(kHailian);
                     Prepared p = plain("GET", plural, {{"unit", UnitOf(inside)}});
                     p.check = [](const HttpResponse& res) { AllInside(res, "unit", true); };
                     return p;
                   }});
      c.push_back(
          {"POST", plural, "services.write", 201, Outside::kUnit403,
           [=, this](bool inside, const std::string&) {
             const std::string unit = UnitOf(inside);
             Prepared p = plain("POST", plural);
             nlohmann::json body = {
                 {"unit", unit}, {"availability", daytime_json}, {"lat", 34.6}, {"lon", 119.17}};
             if (caregiver) {
               body["name"] = "矩阵护理" + std::to_string(Unique());
               body["occupation"] = "elder_care_worker";
             } else {
               body["resident"] = MakeResident(unit).id;
               body["skills"] = {"companionship"};
             }
             p.req.body = body;
             p.state = [this, plural, unit] {
               return Total(plural, {{"unit", unit}, {"status", "all"}});
             };
             return p;
           }});
      const auto one = [=, this](const std::string& method,
                                 const std::optional<nlohmann::json>& body) {
        return [=, this](bool inside, const std::string&) {
          const std::string path = plural + "/" + std::to_string(make_one(UnitOf(inside)));
          Prepared p = plain(method, path);
          p.req.body = body;
          if (method != "GET") {
            p.req.headers["if-match"] = ETagOf(path);
            p.state = [this, path] { return StatusAndETag(path); };
          }
          return p;
        };
      };
      c.push_back({"GET", plural + "/{id}", "services.read", 200, Outside::kId404,
                   one("GET", std::nullopt)});
      c.push_back({"PATCH", plural + "/{id}", "services.write", 200, Outside::kId404,
                   one("PATCH", nlohmann::json{{"note", "matrix"}})});
    }
    c.push_back({"GET", "/api/v1/orders", "services.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   if (inside) make_order(kHailian);
                   Prepared p = plain("GET", "/api/v1/orders", {{"unit", UnitOf(inside)}});
                   p.check = [](const HttpResponse& res) { AllInside(res, "community", true); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/orders", "services.write", 201, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/orders");
                   const int64_t elder = MakeResident(UnitOf(inside)).id;
                   p.req.body = nlohmann::json{{"resident", elder},
                                               {"kind", "meal_delivery"},
                                               {"date", Today().AddDays(3).ToString()},
                                               {"start", "11:00"},
                                               {"end", "12:00"},
                                               {"lat", 34.6},
                                               {"lon", 119.17}};
                   p.state = [this, elder] {
                     return Total("/api/v1/orders", {{"resident", std::to_string(elder)}});
                   };
                   return p;
                 }});
    const auto order_route = [=, this](const std::string& method, const std::string& suffix,
                                       const std::optional<nlohmann::json>& body) {
      return [=, this](bool inside, const std::string&) {
        const std::string path = "/api/v1/orders/" + std::to_string(make_order(UnitOf(inside)));
        Prepared p = plain(method, path + suffix);
        p.req.body = body;
        if (method != "GET") p.state = [this, path] { return StatusAndETag(path); };
        if (suffix == "/match") {
          p.check = [](const HttpResponse& res) {
            EXPECT_FALSE(Body(res)["candidates"].empty()) << res.body;
          };
        }
        return p;
      };
    };
    c.push_back({"GET", "/api/v1/orders/{id}", "services.read", 200, Outside::kId404,
                 order_route("GET", "", std::nullopt)});
    c.push_back({"GET", "/api/v1/orders/{id}/match", "services.read", 200, Outside::kId404,
                 order_route("GET", "/match", std::nullopt)});
    c.push_back({"POST", "/api/v1/orders/{id}/events", "services.write", 200, Outside::kId404,
                 order_route("POST", "/events",
                             nlohmann::json{{"event", "cancel"}, {"reason", "matrix"}})});
    c.push_back(
        {"GET", "/api/v1/timebank/balances", "services.read", 200, Outside::kUnit403,
         [=](bool inside, const std::string&) {
           if (inside) make_funded_account(kHailian);
           Prepared p = plain("GET", "/api/v1/timebank/balances", {{"unit", UnitOf(inside)}});
           p.check = [](const HttpResponse& res) {
             const nlohmann::json j = Body(res);
             EXPECT_FALSE(j["accounts"].empty()) << res.body;
             for (const nlohmann::json& a : j["accounts"]) {
               EXPECT_EQ(a.value("community", ""), kHailian);
             }
             EXPECT_EQ(j.value("total_hours", -1.0), 0.0);
           };
           return p;
         }});
    c.push_back({"GET", "/api/v1/timebank/accounts/{id}/statement", "services.read", 200,
                 Outside::kId404, [=](bool inside, const std::string&) {
                   const int64_t account = make_funded_account(UnitOf(inside)).first;
                   return plain("GET", "/api/v1/timebank/accounts/" + std::to_string(account) +
                                           "/statement");
                 }});
    c.push_back({"POST", "/api/v1/timebank/transfers", "services.write", 201, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   const int64_t account = make_funded_account(UnitOf(inside)).first;
                   Prepared p = plain("POST", "/api/v1/timebank/transfers");
                   p.req.body = nlohmann::json{{"from_account", account},
                                               {"to_resident", MakeResident(UnitOf(inside)).id},
                                               {"relation", "parent"},
                                               {"minutes", 30}};
                   p.state = [=] { return closing_of(account); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/timebank/redemptions", "services.write", 201, Outside::kId404,
                 [=, this](bool inside, const std::string&) {
                   const int64_t account = make_funded_account(UnitOf(inside)).first;
                   Prepared p = plain("POST", "/api/v1/timebank/redemptions");
                   p.req.body = nlohmann::json{{"account", account},
                                               {"minutes", 30},
                                               {"reference", "matrix:" + std::to_string(Unique())}};
                   p.state = [=] { return closing_of(account); };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/timebank/reversals", "services.write", 201, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   const std::pair<int64_t, int64_t> funded = make_funded_account(UnitOf(inside));
                   const int64_t account = funded.first;
                   const int64_t number = funded.second;
                   Prepared p = plain("POST", "/api/v1/timebank/reversals");
                   p.req.body = nlohmann::json{
                       {"unit", UnitOf(inside)}, {"transaction", number}, {"reason", "matrix"}};
                   p.state = [=] { return closing_of(account); };
                   return p;
                 }});

    // ---- Audit ----
    c.push_back({"GET", "/api/v1/audit", "audit.read", 200, Outside::kFiltered,
                 [=](bool, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/audit", {{"page_size", "1000"}});
                   // The street admin's reads are in the trail too: not theirs to see.
                   p.check = [](const HttpResponse& res) { AllInside(res, "scope_unit", true); };
                   return p;
                 }});

    // ---- Planning (api_plan.cc) ----
    // The demo's synthetic street grid around Hailian, written once; a
    // nursery with coordinates on it in the unit asked for.
    const auto ensure_network = [this] {
      size_t stored = 0;
      EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::vector<store::NetworkRow> rows, store::ListNetworks(r));
        stored = rows.size();
        return OkStatus();
      }));
      if (stored > 0) return;
      EXPECT_OK(store_->Write(
          [](store::Writer& w) -> Status { return demo::WriteDemoNetwork(w, 1, 0).status(); }));
    };
    const auto located_nursery = [this](const std::string& unit) {
      registry::FacilityInput f;
      f.unit_code = unit;
      f.type = "nursery";
      f.name = "规划托育" + std::to_string(Unique());
      f.capacity = 30;
      f.lat = demo::kHailianCentre.lat;
      f.lon = demo::kHailianCentre.lon;
      StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
      EXPECT_OK(made);
      return made.ok() ? made->facility.id : 0;
    };
    c.push_back({"GET", "/api/v1/plan/networks", "plan.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   ensure_network();
                   Prepared p = plain("GET", "/api/v1/plan/networks");
                   p.check = [](const HttpResponse& res) {
                     EXPECT_EQ(Body(res)["items"].size(), 1u) << res.body;
                   };
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/plan/network.geojson", "plan.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   ensure_network();
                   return plain("GET", "/api/v1/plan/network.geojson",
                                {{"bbox", "119.169,34.599,119.171,34.601"}});
                 }});
    for (const char* path : {"/api/v1/plan/run", "/api/v1/plan/run.geojson"}) {
      c.push_back(
          {"GET", path, "plan.read", 200, Outside::kUnit403, [=](bool inside, const std::string&) {
             ensure_network();
             located_nursery(UnitOf(inside));
             return plain("GET", path,
                          {{"unit", UnitOf(inside)}, {"type", "nursery"}, {"minutes", "5"}});
           }});
    }
    c.push_back({"GET", "/api/v1/plan/catchment.geojson", "plan.read", 200, Outside::kId404,
                 [=](bool inside, const std::string&) {
                   ensure_network();
                   const int64_t id = located_nursery(UnitOf(inside));
                   Prepared p = plain("GET", "/api/v1/plan/catchment.geojson",
                                      {{"facility", std::to_string(id)}, {"minutes", "3"}});
                   p.check = [](const HttpResponse& res) {
                     EXPECT_GT(Body(res)["features"].size(), 1u) << res.body;
                   };
                   return p;
                 }});
    // The projection reads the census files of $ALLEY_SHARED_DATA; without
    // them the route's designed answer to a permitted caller is 409.
    c.push_back({"GET", "/api/v1/plan/project", "plan.read", CensusDir().empty() ? 409 : 200,
                 Outside::kUnit403, [=](bool inside, const std::string&) {
                   return plain(
                       "GET", "/api/v1/plan/project",
                       {{"unit", UnitOf(inside)}, {"years", "5"}, {"scenario", "baseline"}});
                 }});

    // ---- Regional economics (api_economy.cc): statistics per region, no scope ----
    const auto economy_state = [this] {
      std::string values;
      EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::vector<store::EconomyValueRow> rows,
                               store::ListEconomyValues(r, ""));
        for (const store::EconomyValueRow& row : rows) {
          values += row.region + row.period + row.series +
                    (row.value ? std::to_string(*row.value) : "null") + ";";
        }
        return OkStatus();
      }));
      return values;
    };
    const auto ensure_economy = [this] {
      EXPECT_OK(store_->Write([](store::Writer& w) -> Status {
        store::EconomyValueRow row;
        row.series = "gdp";
        row.source = "matrix";
        for (const char* region : {"江苏", "全国"}) {
          for (const char* period : {"2023", "2024"}) {
            row.region = region;
            row.period = period;
            row.value = std::string(period) == "2023" ? 100.0 : 110.0;
            ALLEY_RETURN_IF_ERROR(store::UpsertEconomyValues(w, {row}));
          }
        }
        return OkStatus();
      }));
    };
    c.push_back({"GET", "/api/v1/economy/series", "economy.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   ensure_economy();
                   return plain("GET", "/api/v1/economy/series");
                 }});
    c.push_back({"GET", "/api/v1/economy/contribution", "economy.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   ensure_economy();
                   Prepared p = plain("GET", "/api/v1/economy/contribution",
                                      {{"series", "gdp"}, {"period", "2024"}});
                   p.check = [](const HttpResponse& res) {
                     EXPECT_EQ(Body(res)["regions"].size(), 1u) << res.body;
                   };
                   return p;
                 }});
    c.push_back(
        {"GET", "/api/v1/economy/ranking", "economy.read", 200, Outside::kNone,
         [=](bool, const std::string&) {
           ensure_economy();
           return plain("GET", "/api/v1/economy/ranking", {{"series", "gdp"}, {"period", "2024"}});
         }});
    c.push_back({"GET", "/api/v1/scorecards", "indicators.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/scorecards");
                   p.check = [](const HttpResponse& res) {
                     EXPECT_EQ(Body(res)["scorecards"][0]["code"], "governance") << res.body;
                   };
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/scorecards/{code}/rank", "indicators.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   return plain(
                       "GET", "/api/v1/scorecards/governance/rank",
                       {{"unit", UnitOf(inside)}, {"level", "compound"}, {"period", "2026"}});
                 }});
    c.push_back({"GET", "/api/v1/economy/distribution", "economy.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   ensure_economy();
                   return plain("GET", "/api/v1/economy/distribution",
                                {{"series", "gdp"}, {"period", "2024"}});
                 }});
    c.push_back({"POST", "/api/v1/economy/import", "economy.write", 201, Outside::kNone,
                 [=, this](bool, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/economy/import");
                   p.req.headers["content-type"] = "text/csv";
                   p.req.raw_body = "region,period,series,value\n浙江,2024,gdp," +
                                    std::to_string(Unique()) + "\n";
                   p.state = economy_state;
                   return p;
                 }});

    // ---- Indicators (api_indicators.cc): counts per unit, the unit in scope ----
    const auto indicator_state = [this] {
      std::string text;
      EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> rows, store::ListIndicators(r));
        for (const store::IndicatorRow& row : rows) text += row.code + ";";
        std::set<std::string> values;  // sorted: the scan has no order
        ALLEY_RETURN_IF_ERROR(store::ScanIndicatorValues(
            r, {}, kStreet, {}, [&](const store::IndicatorValueRow& v) -> Status {
              values.insert(v.unit_code + v.period + (v.value ? std::to_string(*v.value) : "null"));
              return OkStatus();
            }));
        for (const std::string& v : values) text += v + ";";
        return OkStatus();
      }));
      return text;
    };
    c.push_back({"GET", "/api/v1/indicators", "indicators.read", 200, Outside::kNone,
                 [=](bool, const std::string&) {
                   Prepared p = plain("GET", "/api/v1/indicators");
                   p.check = [](const HttpResponse& res) {
                     EXPECT_FALSE(Body(res)["indicators"].empty()) << res.body;
                   };
                   return p;
                 }});
    c.push_back({"POST", "/api/v1/indicators", "indicators.write", 201, Outside::kNone,
                 [=, this](bool, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/indicators");
                   p.req.body = nlohmann::json{{"code", "m" + std::to_string(Unique())},
                                               {"name", "matrix"},
                                               {"formula", "residents_60_plus / residents"}};
                   p.state = indicator_state;
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/indicators/table", "indicators.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   Prepared p = plain(
                       "GET", "/api/v1/indicators/table",
                       {{"unit", UnitOf(inside)}, {"codes", "residents"}, {"period", "2026-06"}});
                   p.check = [](const HttpResponse& res) {
                     EXPECT_FALSE(Body(res)["rows"].empty()) << res.body;
                   };
                   return p;
                 }});
    c.push_back({"GET", "/api/v1/indicators/check", "indicators.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   return plain("GET", "/api/v1/indicators/check",
                                {{"unit", UnitOf(inside)}, {"period", "2026"}});
                 }});
    c.push_back({"POST", "/api/v1/indicators/values", "indicators.write", 201, Outside::kUnit403,
                 [=, this](bool inside, const std::string&) {
                   Prepared p = plain("POST", "/api/v1/indicators/values");
                   p.req.body = nlohmann::json{
                       {"values", nlohmann::json::array({{{"element", "elderly_care_floor_m2"},
                                                          {"unit", UnitOf(inside)},
                                                          {"period", "2026"},
                                                          {"value", Unique()}}})}};
                   p.state = indicator_state;
                   return p;
                 }});

    // ---- Reports (api_reports.cc): figures per unit, in the caller's scope ----
    c.push_back({"GET", "/api/v1/reports", "reports.read", 200, Outside::kNone,
                 [=](bool, const std::string&) { return plain("GET", "/api/v1/reports"); }});
    c.push_back({"GET", "/api/v1/reports/{code}/fill", "reports.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   return plain("GET", "/api/v1/reports/community_basic/fill",
                                {{"unit", UnitOf(inside)}, {"period", "2026"}});
                 }});
    c.push_back({"GET", "/api/v1/reports/burden", "reports.read", 200, Outside::kUnit403,
                 [=](bool inside, const std::string&) {
                   return plain("GET", "/api/v1/reports/burden",
                                {{"unit", UnitOf(inside)}, {"period", "2026"}});
                 }});
    return c;
  }

  // The designed answer (the module comment).
  static int Expected(const Case& c, const std::string& user, bool inside) {
    if (c.permission == kPublic) return c.success;
    if (user.empty()) return 401;
    if (!c.permission.empty() && !RolePermissions().at(user).contains(c.permission)) return 403;
    if (inside) return c.success;
    switch (c.outside) {
      case Outside::kUnit403:
        return 403;
      case Outside::kId404:
        return 404;
      case Outside::kNone:
      case Outside::kFiltered:
        return c.success;
    }
    return 0;
  }

  static std::string ErrorCodeFor(int status) {
    switch (status) {
      case 401:
        return "unauthenticated";
      case 403:
        return "permission_denied";
      case 404:
        return "not_found";
      default:
        return "";
    }
  }
};

TEST_F(MatrixTest, EveryRouteRoleAndScopeAnswersAsDesigned) {
  // Something on both sides of the border, so that lists have items to leak.
  for (const std::string& unit : {std::string(kHailian), std::string(kXinghua)}) {
    MakeResident(unit, {}, *core::Date::FromYmd(1950, 1, 1), "B" + std::to_string(Unique()));
    MakeFacility(unit);
  }
  // The street admin reads something, so that the audit trail holds a record
  // that no Hailian auditor may see.
  ASSERT_EQ(Get("/api/v1/residents", Token("root"), {{"unit", kXinghua}}).status, 200);

  std::ifstream in(ALLEY_OPENAPI_FILE, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_TRUE(doc.is_object());

  const std::vector<Case> cases = Cases();
  // Every route has its row: a new route cannot skip the matrix.
  for (const Api::RouteDoc& r : api_->Routes()) {
    auto row = std::find_if(cases.begin(), cases.end(), [&](const Case& c) {
      return c.method == r.method && c.pattern == r.pattern;
    });
    if (row == cases.end()) {
      ADD_FAILURE() << "no matrix row for " << r.method << " " << r.pattern;
      continue;
    }
    // The table's idea of which routes are public is the router's (the
    // Open311 routes check their callers themselves: a session or a key).
    if (!r.pattern.starts_with("/open311/")) {
      EXPECT_EQ(r.needs_session, Expected(*row, "", true) == 401) << r.method << " " << r.pattern;
    }
  }
  EXPECT_EQ(cases.size(), api_->Routes().size());

  std::vector<std::string> users = RoleIds();
  users.emplace_back();  // no session
  int checked = 0;
  for (const Case& c : cases) {
    for (const std::string& user : users) {
      for (bool inside : {true, false}) {
        if (!inside && c.outside == Outside::kNone) continue;
        SCOPED_TRACE(c.method + " " + c.pattern + " as " + (user.empty() ? "(none)" : user) +
                     (inside ? ", inside" : ", outside"));
        Prepared p = c.prepare(inside, user);
        if (p.req.token.empty() && !user.empty()) p.req.token = Token(user);
        const std::string before = p.state ? p.state() : "";
        const HttpResponse res = Do(p.req);
        const int expected = Expected(c, user, inside);
        ++checked;
        if (res.status != expected) {  // report every cell that is wrong, not just the first
          ADD_FAILURE() << "answered " << res.status << ", designed " << expected << ": "
                        << res.body;
          continue;
        }
        const std::string method = [&] {
          std::string m = c.method;
          for (char& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return m;
        }();
        // JSON pointer tokens escape "/" as "~1".
        std::string pattern;
        for (char ch : c.pattern) pattern += ch == '/' ? std::string("~1") : std::string(1, ch);
        EXPECT_TRUE(doc.contains(nlohmann::json::json_pointer(
            "/paths/" + pattern + "/" + method + "/responses/" + std::to_string(expected))))
            << "openapi.json does not document " << expected;
        if (expected == c.success) {
          if (p.check) p.check(res);
          if (p.state) {
            EXPECT_NE(p.state(), before) << "a successful write changed nothing";
          }
        } else if (c.pattern.starts_with("/open311/")) {
          const nlohmann::json errors = Body(res);
          ASSERT_TRUE(errors.is_array() && errors.size() == 1) << res.body;
          EXPECT_EQ(errors[0].value("code", 0), expected) << res.body;
          if (p.state) {
            EXPECT_EQ(p.state(), before) << "a refused request changed something";
          }
        } else {
          EXPECT_EQ(Body(res).value("code", ""), ErrorCodeFor(expected)) << res.body;
          if (p.state) {
            EXPECT_EQ(p.state(), before) << "a refused request changed something";
          }
        }
      }
    }
    // A token that is no session is no session.
    if (c.permission != kPublic) {
      Prepared p = c.prepare(true, "");
      p.req.token = "not-a-session-token";
      EXPECT_EQ(Do(p.req).status, 401) << c.method << " " << c.pattern << " with a bogus token";
    }
  }
  EXPECT_GT(checked, 400);
}

// Lists asked for without ?unit= show the user's own subtree only.
TEST_F(MatrixTest, ListsWithoutUnitStayInsideTheScope) {
  std::vector<MadeResident> outside;
  for (const std::string& unit : {std::string(kHailian), std::string(kXinghua)}) {
    for (int i = 0; i < 3; ++i) {
      MadeResident r =
          MakeResident(unit, {}, *core::Date::FromYmd(1950, 1, 1), "L" + std::to_string(Unique()));
      if (unit == kXinghua) outside.push_back(r);
      MakeFacility(unit);
      MakeConcern(unit);
    }
  }
  const struct {
    std::string path, permission, unit_key;
  } lists[] = {
      {"/api/v1/residents", "ledger.read", "community"},
      {"/api/v1/households", "ledger.read", "community"},
      {"/api/v1/facilities", "facilities.read", "unit"},
      {"/api/v1/concerns", "services.read", "unit"},
  };
  int checked = 0;
  for (const auto& list : lists) {
    for (const std::string& role : RoleIds()) {
      if (!RolePermissions().at(role).contains(list.permission)) continue;
      SCOPED_TRACE(list.path + " as " + role);
      HttpResponse res = Get(list.path, Token(role), {{"page_size", "500"}});
      ASSERT_EQ(res.status, 200) << res.body;
      AllInside(res, list.unit_key, true);
      EXPECT_EQ(Body(res)["total"], 3) << "the total counts objects outside the scope";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 5 + 5 + 6 + 5);
  // Filters do not widen the scope: an outside resident's ID number or
  // household finds nothing.
  HttpResponse outside_one =
      Get("/api/v1/residents/" + std::to_string(outside[0].id), Token("root"));
  ASSERT_EQ(outside_one.status, 200) << outside_one.body;
  const std::string outside_household =
      std::to_string(Body(outside_one)["household"].value("id", int64_t{0}));
  HttpResponse by_household =
      Get("/api/v1/residents", Token("grid_worker"), {{"household", outside_household}});
  ASSERT_EQ(by_household.status, 200) << by_household.body;
  EXPECT_EQ(Body(by_household)["total"], 0);
  EXPECT_EQ(
      Body(Get("/api/v1/residents", Token("root"), {{"household", outside_household}}))["total"],
      1);
  for (const char* role : {"grid_worker", "admin"}) {
    HttpResponse res = Get("/api/v1/residents", Token(role), {{"q", outside[0].id_number}});
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Body(res)["total"], 0) << role;
    EXPECT_EQ(Get("/api/v1/residents", Token("root"), {{"q", outside[0].id_number}}).status, 200);
    EXPECT_EQ(Body(Get("/api/v1/residents", Token("root"), {{"q", outside[0].id_number}}))["total"],
              1)
        << "the street admin finds the resident: the search itself works";
  }
}

}  // namespace
}  // namespace alley::api
