// Accounts: users, their roles and units, logins and sessions.
//
// A user has one role (what they may do: Allows) and one unit (where: the
// root of everything they may see or touch, InScope). The role table is
// RolePermissions in accounts.cc and docs/security.md; nothing else decides.
//
//   ALLEY_ASSIGN_OR_RETURN(Session s, Login(store, "wang", password, now));
//   ...
//   ALLEY_ASSIGN_OR_RETURN(Principal p, Authenticate(store, token, now));
//   if (!Allows(p.role, Permission::kLedgerWrite) || !InScope(p, unit)) ... 403
//
// Every change to an account and every login, failed login and logout
// appends its audit record (registry/audit.h) in the same transaction.
// Passwords are hashed outside any transaction (argon2id takes ~0.1 s), so
// a login never holds the database's write lock while hashing.
//
// Time comes in as `now` (tests use fixed times); nothing here reads the clock.
// Thread safety: the functions hold no state; each call uses the store it is
// given (one store object per thread, store.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "registry/audit.h"
#include "store/credentials.h"
#include "store/store.h"

namespace alley::registry {

enum class Role {
  kGridWorker,       // grid_worker: keeps the ledger of a grid or community
  kCommunityStaff,   // community_staff: the community's ledger, compounds, facilities, unmasking
  kStreetOfficer,    // street_officer: sees every community of a street
  kDistrictOfficer,  // district_officer: sees every street of a district
  kPlanner,          // planner: units and facilities, no personal data
  kAnalyst,          // analyst: units and their summaries only
  kAuditor,          // auditor: reads the audit trail
  kAdmin,            // admin: everything, users included
};

enum class Permission {
  kUnitsRead,        // units.read: the tree, summaries, counts
  kLedgerRead,       // ledger.read: residents and households, masked
  kLedgerWrite,      // ledger.write: create, update, delete residents and households
  kUnitsWrite,       // units.write: add compounds and grids
  kFacilitiesRead,   // facilities.read
  kFacilitiesWrite,  // facilities.write
  kPiiUnmask,        // pii.unmask: see an ID number or phone in clear, with a reason
  kLedgerExport,     // ledger.export: export residents
  kAuditRead,        // audit.read: query and verify the audit trail
  kUsersManage,      // users.manage: add users, reset passwords, disable
  kServicesRead,     // services.read: concerns, care, childcare, platform workers, time bank
  kServicesWrite,    // services.write: take concerns and move them on, record services
  kApiKeysManage,    // apikeys.manage: issue and revoke keys for Open311 clients
  kPlanRead,         // plan.read: planning's runs, maps and projections (counts, no personal data)
  kPlanWrite,        // plan.write: import walking networks and candidate sites
  kEconomyRead,      // economy.read: regional series, growth, contribution, distribution
  kEconomyWrite,     // economy.write: import regional series
  kScorecardsRead,   // scorecards.read: performance scorecards, ranked units (indicators)
};

// Every role and every permission, in declaration order.
std::span<const Role> AllRoles();
std::span<const Permission> AllPermissions();

// "grid_worker", ...; ParseRole is its inverse: kInvalidArgument naming the
// roles for anything else.
std::string_view RoleId(Role role);
StatusOr<Role> ParseRole(std::string_view id);
// "units.read", ...; ParsePermission is its inverse (kInvalidArgument).
std::string_view PermissionId(Permission permission);
StatusOr<Permission> ParsePermission(std::string_view id);

// Whether `role` has `permission` (the one table in accounts.cc).
bool Allows(Role role, Permission permission);
// The permissions of `role`, in declaration order.
std::vector<Permission> PermissionsOf(Role role);

// Who is acting, once authenticated.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kAnalyst;
  std::string unit_code;  // the root of everything they may see or touch
};

// Whether `unit_code` is the principal's unit or below it (code prefixes,
// core::IsCodePrefixAncestor): the scope rule for every read and write.
bool InScope(const Principal& principal, std::string_view unit_code);

// The principal as the actor of an audit record.
audit::Actor ActorOf(const Principal& principal);

// ---- Rules (docs/security.md) ----
inline constexpr size_t kMinUsernameLength = 3;
inline constexpr size_t kMaxUsernameLength = 32;
inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 1024;  // argon2 takes any length; a request does not
inline constexpr int kMaxFailedLogins = 5;          // the 5th failure in a row locks the account
inline constexpr std::chrono::minutes kLockoutDuration{15};
inline constexpr std::chrono::hours kSessionLifetime{12};         // after login, whatever happens
inline constexpr std::chrono::hours kSessionIdleTimeout{2};       // after the last use
inline constexpr std::chrono::seconds kSessionTouchInterval{60};  // last_seen_at granularity

// An account as shown: everything but the password hash.
struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kAnalyst;
  std::string unit_code;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<store::Timestamp> locked_until;
  store::Timestamp created_at{};
  store::Timestamp password_changed_at{};
};

struct NewUser {
  std::string username;      // 3..32 of [a-z0-9_.-]; upper case is folded to lower
  std::string display_name;  // optional; at most 64 characters
  Role role = Role::kGridWorker;
  std::string unit_code;  // must exist
  std::string password;   // kMinPasswordLength..kMaxPasswordLength bytes
};

// The canonical form of a user name (lower case) or kInvalidArgument naming
// the rule it breaks.
StatusOr<std::string> NormaliseUsername(std::string_view username);
// kInvalidArgument when `password` is too short or too long.
Status CheckPassword(std::string_view password);

// Adds a user; records user_add by `by`. kInvalidArgument for a bad name,
// display name or password; kAlreadyExists for a taken name (in any case);
// kNotFound for an unknown unit. `cost` is for tests (store/credentials.h).
StatusOr<User> AddUser(store::Store& store, const NewUser& user, const audit::Actor& by,
                       store::Timestamp now,
                       store::PasswordCost cost = store::PasswordCost::kInteractive);
// Sets a new password, clears failed logins and any lock, and ends the
// user's sessions; records user_update. kNotFound, kInvalidArgument.
Status SetPassword(store::Store& store, std::string_view username, std::string_view password,
                   const audit::Actor& by, store::Timestamp now,
                   store::PasswordCost cost = store::PasswordCost::kInteractive);
// Disables (ending the user's sessions) or enables an account; records
// user_update. Enabling also clears failed logins and any lock. kNotFound.
Status SetDisabled(store::Store& store, std::string_view username, bool disabled,
                   const audit::Actor& by, store::Timestamp now);
// Every user, by name.
StatusOr<std::vector<User>> ListUsers(store::Store& store);
// The user named `username` (any case); kNotFound.
StatusOr<User> FindUser(store::Store& store, std::string_view username);

// What a successful login hands out.
struct Session {
  std::string token;  // give to the client (cookie or bearer); the store keeps only its hash
  store::Timestamp expires_at{};  // the absolute end (kSessionLifetime); idle ends it sooner
  Principal principal;
};

// Where a login comes from, for the audit record (a client address).
struct LoginContext {
  std::string client;
};

// Why a login was refused, beyond its Status.
struct LoginRefusal {
  // > 0 when the account is locked (kResourceExhausted): when to try again,
  // for an HTTP Retry-After header.
  std::chrono::seconds retry_after{0};
};

// Checks `password` and opens a session. Refusals, each with an audit record
// (login_failed; login on success):
// - unknown name or wrong password: kUnauthenticated, the same message for
//   both ("wrong user name or password");
// - a disabled account (with the right password): kUnauthenticated;
// - the kMaxFailedLogins-th failure in a row, and every attempt while locked
//   (a correct password included): kResourceExhausted, "locked until
//   2026-07-01T08:45:00Z", `refusal->retry_after` set. Each failure while at
//   the limit locks again.
// Success clears the failure count and ends stale sessions.
StatusOr<Session> Login(store::Store& store, std::string_view username, std::string_view password,
                        store::Timestamp now, const LoginContext& context = {},
                        LoginRefusal* refusal = nullptr);

// The principal of a live session. kUnauthenticated when the token is
// unknown, the session expired (kSessionLifetime after login or
// kSessionIdleTimeout after its last use: it is then deleted) or the user is
// disabled. Writes last_seen_at at most once per kSessionTouchInterval, so
// most calls only read.
StatusOr<Principal> Authenticate(store::Store& store, std::string_view token, store::Timestamp now);

// Ends the session of `token` and records logout. An unknown or expired token
// is not an error (nothing to end, nothing recorded).
Status Logout(store::Store& store, std::string_view token, store::Timestamp now);

}  // namespace alley::registry
