// Test helpers for the API: a fresh store with the small test hierarchy
// (tests/data/divisions), a user of every role at Hailian, an Api with a
// pinned clock, and one-line requests. Tests drive Api::Handle directly.
//
//   class MyTest : public ApiTest {};
//   TEST_F(MyTest, Works) {
//     HttpResponse res = Send("GET", "/api/v1/auth/me", Token("grid_worker"));
//     EXPECT_EQ(res.status, 200);
//   }
//
// Objects are made through the domain (registry::CreateResident, ...), not
// through the API, so that a broken route cannot hide behind its own setup.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api.h"
#include "api/http.h"
#include "api/store_pool.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/id_number.h"
#include "core/status_matchers.h"
#include "registry/accounts.h"
#include "registry/facilities.h"
#include "registry/households.h"
#include "registry/residents.h"
#include "registry/units.h"
#include "services/concerns.h"
#include "store/personal_data.h"
#include "store/store.h"

namespace alley::api::testing {

inline constexpr char kHailian[] = "320706006010";
inline constexpr char kXinghua[] = "320706006009";  // 星化, Hailian's neighbour
inline constexpr char kStreet[] = "320706006";      // 新海街道, above both
inline constexpr char kPassword[] = "correct-horse-battery";

// Every role's id, in the order of docs/http.md.
inline const std::vector<std::string>& RoleIds() {
  static const std::vector<std::string> kIds = {
      "grid_worker", "community_staff", "street_officer", "district_officer",
      "planner",     "analyst",         "auditor",        "admin"};
  return kIds;
}

class ApiTest : public ::testing::Test {
 protected:
  // 2026-07-01T02:00:00Z = 10:00 in Beijing on 2026-07-01.
  static std::chrono::system_clock::time_point T0() {
    return std::chrono::sys_days(std::chrono::year(2026) / 7 / 1) + std::chrono::hours(2);
  }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_api_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    key_ = store::MasterKey::Generate();
    auto opened = store::OpenStore(DbPath(), store::StoreOptions{.key = key_});
    ASSERT_OK(opened);
    store_ = opened->get();
    std::vector<std::unique_ptr<store::Store>> stores;
    stores.push_back(std::move(opened).value());
    pool_ = std::make_unique<StorePool>(std::move(stores));
    ASSERT_OK(registry::ImportDivisions(*store_, ALLEY_TEST_DIVISIONS));
    for (const std::string& role : RoleIds()) AddUser(role, role, kHailian);
    AddUser("xinghua_auditor", "auditor", kXinghua);
    // Sees both communities: reads ETags and states for the tests.
    AddUser("root", "admin", kStreet);
    api_ = std::make_unique<Api>(
        *pool_, ApiOptions{.now = [this] { return T0() + std::chrono::seconds(offset_s_.load()); },
                           .clock = &clock_,
                           .login_failure_delay = std::chrono::milliseconds(0),
                           .census_dir = CensusDir()});
  }

  std::string DbPath() const { return (dir_ / "test.db").string(); }

  // The shared data's census folder ($ALLEY_SHARED_DATA/census), or empty
  // when the variable is unset or names no such folder (a checkout without
  // ../shared): the projection's route then answers 409.
  static std::filesystem::path CensusDir() {
    const char* shared = std::getenv("ALLEY_SHARED_DATA");
    if (shared == nullptr || *shared == '\0') return {};
    std::filesystem::path census = std::filesystem::path(shared) / "census";
    std::error_code error;
    return std::filesystem::is_directory(census, error) ? census : std::filesystem::path();
  }

  void TearDown() override {
    api_.reset();
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddUser(const std::string& username, const std::string& role, const std::string& unit) {
    StatusOr<registry::Role> parsed = registry::ParseRole(role);
    ASSERT_OK(parsed);
    registry::NewUser u{.username = username,
                        .display_name = username,
                        .role = *parsed,
                        .unit_code = unit,
                        .password = kPassword};
    ASSERT_OK(registry::AddUser(*store_, u, {"cli:test", "", ""},
                                std::chrono::floor<std::chrono::seconds>(T0()),
                                store::PasswordCost::kMinimum));
  }

  // Moves the API's clock on (sessions, lock-outs).
  void Advance(std::chrono::seconds s) { offset_s_ += s.count(); }

  // ---- Requests ----

  struct Req {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<nlohmann::json> body;
    std::string token;  // bearer token; empty: none
    std::map<std::string, std::string> headers;
    std::string raw_body;  // sent when `body` is unset
  };

  HttpResponse Do(const Req& r) {
    HttpRequest req;
    req.method = r.method;
    req.path = r.path;
    req.query = r.query;
    req.headers = r.headers;
    if (!r.token.empty()) req.headers["authorization"] = "Bearer " + r.token;
    req.body = r.body ? r.body->dump() : r.raw_body;
    req.remote_addr = "127.0.0.1";
    return api_->Handle(req);
  }

  HttpResponse Send(const std::string& method, const std::string& path, const std::string& token,
                    std::optional<nlohmann::json> body = std::nullopt,
                    std::vector<std::pair<std::string, std::string>> query = {},
                    std::map<std::string, std::string> headers = {}) {
    return Do({method, path, std::move(query), std::move(body), token, std::move(headers), ""});
  }

  HttpResponse Get(const std::string& path, const std::string& token,
                   std::vector<std::pair<std::string, std::string>> query = {}) {
    return Send("GET", path, token, std::nullopt, std::move(query));
  }

  // A change with If-Match.
  HttpResponse Change(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& etag, std::optional<nlohmann::json> body = std::nullopt) {
    return Send(method, path, token, std::move(body), {}, {{"if-match", etag}});
  }

  static nlohmann::json Body(const HttpResponse& res) {
    return nlohmann::json::parse(res.body, nullptr, false);
  }

  static std::optional<std::string> HeaderOf(const HttpResponse& res, std::string_view name) {
    for (const auto& [k, v] : res.headers) {
      if (k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return std::nullopt;
  }

  // Logs in through the API; "" when refused (the test then fails).
  std::string Login(const std::string& username, const std::string& password = kPassword) {
    HttpResponse res = Send("POST", "/api/v1/auth/login", "",
                            nlohmann::json{{"username", username}, {"password", password}});
    EXPECT_EQ(res.status, 200) << username << ": " << res.body;
    nlohmann::json j = Body(res);
    return j.is_object() && j.contains("token") ? j["token"].get<std::string>() : "";
  }

  // A cached session per user.
  const std::string& Token(const std::string& username) {
    auto it = tokens_.find(username);
    if (it == tokens_.end()) it = tokens_.emplace(username, Login(username)).first;
    return it->second;
  }

  // The current ETag of an object, as the street admin reads it.
  std::string ETagOf(const std::string& path) {
    HttpResponse res = Get(path, Token("root"));
    EXPECT_EQ(res.status, 200) << path << ": " << res.body;
    return HeaderOf(res, "ETag").value_or("");
  }

  // ---- Objects, made through the domain ----

  core::Date Today() const { return clock_.Today(); }

  // A fresh valid ID number (born 1950-01-01 plus `n_` days, female).
  std::string NextIdNumber(core::Date birth = *core::Date::FromYmd(1950, 1, 1)) {
    const int n = next_++;
    StatusOr<std::string> id =
        core::MakeIdNumber("320706", birth.AddDays(n / 500), n % 500, core::Sex::kFemale);
    EXPECT_OK(id);
    return id.ok() ? *id : "";
  }

  struct MadeResident {
    int64_t id = 0;
    std::string id_number;
    std::string phone;
  };
  MadeResident MakeResident(const std::string& unit, std::vector<std::string> tags = {},
                            core::Date birth = *core::Date::FromYmd(1950, 1, 1),
                            std::string household = "") {
    registry::NewResident r;
    r.id_number = NextIdNumber(birth);
    r.name = "居民" + std::to_string(next_);
    r.unit_code = unit;
    r.phone = "1380000" + std::to_string(1000 + next_);
    r.tags = std::move(tags);
    r.household = std::move(household);
    if (!r.household.empty()) r.relation = "head";
    r.effective = Today().AddDays(-30);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, Today());
    EXPECT_OK(made);
    return {made.ok() ? made->id : 0, r.id_number, r.phone};
  }

  int64_t MakeHousehold(const std::string& unit) {
    registry::NewHousehold h;
    h.unit_code = unit;
    h.number = "H" + std::to_string(next_++);
    StatusOr<registry::HouseholdItem> made = registry::CreateHousehold(*store_, h, Today());
    EXPECT_OK(made);
    return made.ok() ? made->household.id : 0;
  }

  int64_t MakeFacility(const std::string& unit, int capacity = 40) {
    registry::FacilityInput f;
    f.unit_code = unit;
    f.type = "senior_canteen";
    f.name = "食堂" + std::to_string(next_++);
    f.capacity = capacity;
    StatusOr<registry::FacilityItem> made = registry::CreateFacility(*store_, f);
    EXPECT_OK(made);
    return made.ok() ? made->facility.id : 0;
  }

  // A concern taken in at `unit` an hour before T0, by the command line.
  int64_t MakeConcern(const std::string& unit, std::string category = "noise") {
    services::NewConcern c;
    c.unit_code = unit;
    c.category = std::move(category);
    c.channel = "hotline";
    c.description = "测试诉求" + std::to_string(next_++);
    c.reporter_phone = "13900001111";
    const auto now = std::chrono::floor<std::chrono::seconds>(T0());
    c.received_at = now - std::chrono::hours(1);
    StatusOr<store::ConcernRow> made =
        services::TakeConcern(*store_, c, "0", {"cli:test", "", ""}, now);
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  }

  // A number unused so far in this test, for unique names.
  int Unique() { return next_++; }

  std::filesystem::path dir_;
  std::optional<store::MasterKey> key_;  // the database's: more connections need it
  store::Store* store_ = nullptr;
  std::unique_ptr<StorePool> pool_;
  core::FakeClock clock_{*core::Date::FromYmd(2026, 7, 1)};
  std::atomic<int64_t> offset_s_{0};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
  int next_ = 0;
};

}  // namespace alley::api::testing
