#include "registry/accounts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/status_matchers.h"
#include "registry/test_util.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using store::Timestamp;
using ::testing::HasSubstr;

// 2026-07-01T00:00:00Z: tests pass time in; nothing reads the clock.
const Timestamp kT0 = std::chrono::sys_days(std::chrono::year(2026) / 7 / 1);
const audit::Actor kAdmin = {"cli:test", "", ""};

TEST(RolesTest, EveryRoleHasExactlyItsPermissions) {
  using P = Permission;
  const std::set<P> grid = {P::kUnitsRead,      P::kLedgerRead,   P::kLedgerWrite,
                            P::kFacilitiesRead, P::kServicesRead, P::kServicesWrite};
  std::set<P> staff = grid;
  staff.insert({P::kUnitsWrite, P::kFacilitiesWrite, P::kPiiUnmask, P::kLedgerExport,
                P::kApiKeysManage, P::kPlanRead, P::kEconomyRead, P::kScorecardsRead});
  const std::set<P> officer = {P::kUnitsRead,       P::kLedgerRead,    P::kFacilitiesRead,
                               P::kFacilitiesWrite, P::kLedgerExport,  P::kServicesRead,
                               P::kServicesWrite,   P::kApiKeysManage, P::kPlanRead,
                               P::kEconomyRead,     P::kScorecardsRead};
  std::set<P> all(AllPermissions().begin(), AllPermissions().end());
  const std::map<std::string, std::set<P>> expected = {
      {"grid_worker", grid},
      {"community_staff", staff},
      {"street_officer", officer},
      {"district_officer", officer},
      {"planner",
       {P::kUnitsRead, P::kFacilitiesRead, P::kPlanRead, P::kPlanWrite, P::kEconomyRead,
        P::kEconomyWrite}},
      {"analyst", {P::kUnitsRead, P::kPlanRead, P::kEconomyRead}},
      {"auditor", {P::kUnitsRead, P::kAuditRead}},
      {"admin", all},
  };
  ASSERT_EQ(AllRoles().size(), expected.size());
  EXPECT_EQ(all.size(), 18u);
  for (Role role : AllRoles()) {
    std::string id(RoleId(role));
    ASSERT_TRUE(expected.contains(id)) << id;
    ASSERT_OK_AND_ASSIGN(Role parsed, ParseRole(id));
    EXPECT_EQ(parsed, role);
    std::vector<P> listed = PermissionsOf(role);
    EXPECT_EQ(std::set<P>(listed.begin(), listed.end()), expected.at(id)) << id;
    for (P p : AllPermissions()) {
      EXPECT_EQ(Allows(role, p), expected.at(id).contains(p)) << id << " " << PermissionId(p);
    }
  }
}

TEST(RolesTest, IdsParseBack) {
  EXPECT_THAT(ParseRole("superuser"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("grid_worker, community_staff")));
  EXPECT_THAT(ParseRole("Admin"), StatusIs(StatusCode::kInvalidArgument));
  for (Permission p : AllPermissions()) {
    ASSERT_OK_AND_ASSIGN(Permission parsed, ParsePermission(PermissionId(p)));
    EXPECT_EQ(parsed, p);
  }
  EXPECT_EQ(PermissionId(Permission::kPiiUnmask), "pii.unmask");
  EXPECT_THAT(ParsePermission("pii.read"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ScopeTest, UnitAndBelowOnly) {
  Principal p;
  p.unit_code = "320706006010";
  EXPECT_TRUE(InScope(p, "320706006010"));
  EXPECT_TRUE(InScope(p, "320706006010001"));  // a compound of it
  EXPECT_FALSE(InScope(p, "320706006009"));    // the neighbouring community
  EXPECT_FALSE(InScope(p, "320706006"));       // its street
  p.unit_code = "320706006";
  EXPECT_TRUE(InScope(p, "320706006010"));
  EXPECT_TRUE(InScope(p, "320706006009"));
  EXPECT_FALSE(InScope(p, "320706007001"));
  p.unit_code = "0";
  EXPECT_TRUE(InScope(p, "33"));
  p.unit_code = "";
  EXPECT_FALSE(InScope(p, "320706006010"));
}

class AccountsTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    std::vector<store::UnitRow> units;
    auto unit = [&](std::string code, std::string parent, core::UnitLevel level) {
      store::UnitRow u;
      u.code = std::move(code);
      u.parent_code = std::move(parent);
      u.level = level;
      u.name = u.code;
      u.source = "test";
      units.push_back(u);
    };
    unit("0", "", core::UnitLevel::kNation);
    unit("32", "0", core::UnitLevel::kProvince);
    unit("320706006010", "32", core::UnitLevel::kCommunity);
    ASSERT_OK(store_->Write([&](store::Writer& w) { return w.UpsertUnits(units); }));
  }

  NewUser Wang() { return {"Wang.Li", "王丽", Role::kGridWorker, "320706006010", "correct horse"}; }
  void AddWang() {
    ASSERT_OK(AddUser(*store_, Wang(), kAdmin, kT0, store::PasswordCost::kMinimum).status());
  }

  std::vector<store::AuditRow> AuditRows(std::string action = "") {
    audit::Filter f;
    f.action = std::move(action);
    f.page_size = audit::kMaxPageSize;
    StatusOr<store::AuditPage> page = audit::Query(*store_, f);
    EXPECT_OK(page.status());
    return page.ok() ? page->items : std::vector<store::AuditRow>();
  }
};

TEST_F(AccountsTest, AddUserNormalisesAndChecks) {
  ASSERT_OK_AND_ASSIGN(User u,
                       AddUser(*store_, Wang(), kAdmin, kT0, store::PasswordCost::kMinimum));
  EXPECT_EQ(u.username, "wang.li");
  EXPECT_EQ(u.role, Role::kGridWorker);
  EXPECT_EQ(u.created_at, kT0);
  ASSERT_OK_AND_ASSIGN(User found, FindUser(*store_, "WANG.LI"));
  EXPECT_EQ(found.id, u.id);
  std::vector<store::AuditRow> added = AuditRows("user_add");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].username, "cli:test");
  EXPECT_EQ(added[0].object, "user:wang.li");

  NewUser again = Wang();
  again.username = "WANG.li";
  EXPECT_THAT(AddUser(*store_, again, kAdmin, kT0, store::PasswordCost::kMinimum),
              StatusIs(StatusCode::kAlreadyExists));
  NewUser bad = Wang();
  bad.username = "wl";
  EXPECT_THAT(AddUser(*store_, bad, kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("3 to 32 characters")));
  bad.username = "wang li";
  EXPECT_THAT(AddUser(*store_, bad, kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a-z, digits")));
  bad = Wang();
  bad.username = "zhao";
  bad.password = "short";
  EXPECT_THAT(AddUser(*store_, bad, kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least 8")));
  bad.password = "long enough";
  bad.unit_code = "320706006009";
  EXPECT_THAT(AddUser(*store_, bad, kAdmin, kT0),
              StatusIs(StatusCode::kNotFound, HasSubstr("320706006009")));
  ASSERT_OK_AND_ASSIGN(std::vector<User> users, ListUsers(*store_));
  EXPECT_EQ(users.size(), 1u);  // nothing half-written by the refusals
}

TEST_F(AccountsTest, LoginOpensASessionThatAuthenticates) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0, {"10.0.0.7"}));
  EXPECT_EQ(s.token.size(), 43u);
  EXPECT_EQ(s.expires_at, kT0 + kSessionLifetime);
  EXPECT_EQ(s.principal.username, "wang.li");
  EXPECT_EQ(s.principal.unit_code, "320706006010");
  ASSERT_OK_AND_ASSIGN(Principal p, Authenticate(*store_, s.token, kT0 + minutes(5)));
  EXPECT_EQ(p.user_id, s.principal.user_id);
  EXPECT_EQ(p.role, Role::kGridWorker);
  EXPECT_EQ(p.display_name, "王丽");
  std::vector<store::AuditRow> logins = AuditRows("login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_THAT(logins[0].detail, HasSubstr("10.0.0.7"));
  EXPECT_EQ(logins[0].role, "grid_worker");
  // The store keeps only the token's hash.
  ASSERT_OK(store_->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::SessionRow> row,
                           r.FindSession(store::HashSessionToken(s.token)));
    EXPECT_TRUE(row.has_value());
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::SessionRow> raw, r.FindSession(s.token));
    EXPECT_FALSE(raw.has_value());
    return OkStatus();
  }));
}

TEST_F(AccountsTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  AddWang();
  Status wrong = Login(*store_, "wang.li", "wrong horse", kT0).status();
  Status unknown = Login(*store_, "nobody", "correct horse", kT0).status();
  EXPECT_THAT(wrong, StatusIs(StatusCode::kUnauthenticated, "wrong user name or password"));
  EXPECT_EQ(wrong, unknown);
  EXPECT_THAT(Login(*store_, "", "x", kT0), StatusIs(StatusCode::kUnauthenticated));
  std::vector<store::AuditRow> failed = AuditRows("login_failed");
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_THAT(failed[1].detail, HasSubstr("unknown user"));
  EXPECT_THAT(failed[2].detail, HasSubstr("wrong password (1 in a row)"));
}

TEST_F(AccountsTest, FifthFailureLocksForFifteenMinutes) {
  AddWang();
  for (int i = 1; i < kMaxFailedLogins; ++i) {
    EXPECT_THAT(Login(*store_, "wang.li", "wrong horse", kT0 + seconds(i)),
                StatusIs(StatusCode::kUnauthenticated));
  }
  LoginRefusal refusal;
  Timestamp fifth = kT0 + seconds(kMaxFailedLogins);
  EXPECT_THAT(
      Login(*store_, "wang.li", "wrong horse", fifth, {}, &refusal),
      StatusIs(StatusCode::kResourceExhausted, HasSubstr("locked until 2026-07-01T00:15:05Z")));
  EXPECT_EQ(refusal.retry_after, kLockoutDuration);
  // The right password does not open a locked account.
  EXPECT_THAT(Login(*store_, "wang.li", "correct horse", fifth + minutes(10), {}, &refusal),
              StatusIs(StatusCode::kResourceExhausted));
  EXPECT_EQ(refusal.retry_after, minutes(5));
  ASSERT_OK_AND_ASSIGN(User locked, FindUser(*store_, "wang.li"));
  EXPECT_EQ(locked.failed_logins, kMaxFailedLogins);
  // After the lock, the right password works and clears the count.
  ASSERT_OK(Login(*store_, "wang.li", "correct horse", fifth + kLockoutDuration).status());
  ASSERT_OK_AND_ASSIGN(User cleared, FindUser(*store_, "wang.li"));
  EXPECT_EQ(cleared.failed_logins, 0);
  EXPECT_FALSE(cleared.locked_until.has_value());
}

TEST_F(AccountsTest, FailureAtTheLimitLocksAgain) {
  AddWang();
  for (int i = 0; i < kMaxFailedLogins; ++i) {
    (void)Login(*store_, "wang.li", "wrong horse", kT0);
  }
  Timestamp later = kT0 + kLockoutDuration + minutes(1);
  EXPECT_THAT(Login(*store_, "wang.li", "wrong again", later),
              StatusIs(StatusCode::kResourceExhausted));
}

TEST_F(AccountsTest, SuccessResetsTheFailureCount) {
  AddWang();
  for (int i = 0; i < kMaxFailedLogins - 1; ++i) {
    (void)Login(*store_, "wang.li", "wrong horse", kT0);
  }
  ASSERT_OK(Login(*store_, "wang.li", "correct horse", kT0).status());
  EXPECT_THAT(Login(*store_, "wang.li", "wrong horse", kT0),
              StatusIs(StatusCode::kUnauthenticated));  // 1 in a row, not 5
}

TEST_F(AccountsTest, SessionsExpireAfterTwelveHoursOrTwoIdle) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0));
  // Used every hour: alive until 12 h after login, whatever the use.
  for (int h = 1; h < 12; ++h) {
    ASSERT_OK(Authenticate(*store_, s.token, kT0 + hours(h)).status()) << h;
  }
  EXPECT_THAT(Authenticate(*store_, s.token, kT0 + hours(12)),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("expired")));
  // Once expired it is gone.
  EXPECT_THAT(Authenticate(*store_, s.token, kT0 + hours(1)),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("not logged in")));

  ASSERT_OK_AND_ASSIGN(Session idle, Login(*store_, "wang.li", "correct horse", kT0));
  ASSERT_OK(Authenticate(*store_, idle.token, kT0 + hours(1)).status());
  ASSERT_OK(Authenticate(*store_, idle.token, kT0 + hours(3) - seconds(1)).status());
  EXPECT_THAT(Authenticate(*store_, idle.token, kT0 + hours(5) - seconds(1)),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST_F(AccountsTest, LastSeenIsWrittenAtMostOncePerMinute) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0));
  auto last_seen = [&] {
    std::optional<store::SessionRow> row;
    EXPECT_OK(store_->Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(row, r.FindSession(store::HashSessionToken(s.token)));
      return OkStatus();
    }));
    return row ? row->last_seen_at : Timestamp{};
  };
  ASSERT_OK(Authenticate(*store_, s.token, kT0 + seconds(30)).status());
  EXPECT_EQ(last_seen(), kT0);
  ASSERT_OK(Authenticate(*store_, s.token, kT0 + seconds(61)).status());
  EXPECT_EQ(last_seen(), kT0 + seconds(61));
}

TEST_F(AccountsTest, LogoutEndsTheSession) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0));
  ASSERT_OK(Logout(*store_, s.token, kT0 + minutes(1)));
  EXPECT_THAT(Authenticate(*store_, s.token, kT0 + minutes(2)),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_OK(Logout(*store_, s.token, kT0 + minutes(3)));  // again: nothing to end
  EXPECT_EQ(AuditRows("logout").size(), 1u);
  EXPECT_THAT(Authenticate(*store_, "", kT0), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(Authenticate(*store_, "made-up-token", kT0), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(AccountsTest, DisabledUserCannotLogInAndLosesSessions) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0));
  ASSERT_OK(SetDisabled(*store_, "wang.li", true, kAdmin, kT0 + minutes(1)));
  EXPECT_THAT(Authenticate(*store_, s.token, kT0 + minutes(2)),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(Login(*store_, "wang.li", "correct horse", kT0 + minutes(3)),
              StatusIs(StatusCode::kUnauthenticated, HasSubstr("disabled")));
  ASSERT_OK(SetDisabled(*store_, "wang.li", false, kAdmin, kT0 + minutes(4)));
  EXPECT_OK(Login(*store_, "wang.li", "correct horse", kT0 + minutes(5)).status());
  EXPECT_THAT(SetDisabled(*store_, "nobody", true, kAdmin, kT0), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(AuditRows("user_update").size(), 2u);
}

TEST_F(AccountsTest, NewPasswordReplacesTheOldAndEndsSessions) {
  AddWang();
  ASSERT_OK_AND_ASSIGN(Session s, Login(*store_, "wang.li", "correct horse", kT0));
  ASSERT_OK(SetPassword(*store_, "wang.li", "battery staple", kAdmin, kT0 + hours(1),
                        store::PasswordCost::kMinimum));
  EXPECT_THAT(Authenticate(*store_, s.token, kT0 + hours(1)),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(Login(*store_, "wang.li", "correct horse", kT0 + hours(1)),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_OK(Login(*store_, "wang.li", "battery staple", kT0 + hours(1)).status());
  ASSERT_OK_AND_ASSIGN(User u, FindUser(*store_, "wang.li"));
  EXPECT_EQ(u.password_changed_at, kT0 + hours(1));
  EXPECT_THAT(SetPassword(*store_, "wang.li", "short", kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(
      SetPassword(*store_, "nobody", "long enough", kAdmin, kT0, store::PasswordCost::kMinimum),
      StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace alley::registry
