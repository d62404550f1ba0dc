#include "registry/accounts.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/division.h"

namespace alley::registry {
namespace {

using store::Timestamp;

constexpr uint32_t Bit(Permission p) { return uint32_t{1} << static_cast<int>(p); }

template <typename... P>
constexpr uint32_t Bits(P... permissions) {
  return (Bit(permissions) | ... | 0u);
}

using enum Permission;

constexpr uint32_t kGridWorkerPermissions =
    Bits(kUnitsRead, kLedgerRead, kLedgerWrite, kFacilitiesRead, kServicesRead, kServicesWrite);
constexpr uint32_t kOfficerPermissions =
    Bits(kUnitsRead, kLedgerRead, kFacilitiesRead, kFacilitiesWrite, kLedgerExport, kServicesRead,
         kServicesWrite, kApiKeysManage, kPlanRead, kEconomyRead, kIndicatorsRead, kIndicatorsWrite,
         kReportsRead);
constexpr uint32_t kAllPermissions =
    Bits(kUnitsRead, kLedgerRead, kLedgerWrite, kUnitsWrite, kFacilitiesRead, kFacilitiesWrite,
         kPiiUnmask, kLedgerExport, kAuditRead, kUsersManage, kServicesRead, kServicesWrite,
         kApiKeysManage, kPlanRead, kPlanWrite, kEconomyRead, kEconomyWrite, kIndicatorsRead,
         kIndicatorsWrite, kReportsRead);

struct RoleEntry {
  Role role;
  std::string_view id;
  uint32_t permissions;
};

// THE role table (docs/security.md): what each role may do. Where is the
// user's unit (InScope).
constexpr std::array<RoleEntry, 8> kRoles = {{
    {Role::kGridWorker, "grid_worker", kGridWorkerPermissions},
    {Role::kCommunityStaff, "community_staff",
     kGridWorkerPermissions | Bits(kUnitsWrite, kFacilitiesWrite, kPiiUnmask, kLedgerExport,
                                   kApiKeysManage, kPlanRead, kEconomyRead, kIndicatorsRead,
                                   kIndicatorsWrite, kReportsRead)},
    {Role::kStreetOfficer, "street_officer", kOfficerPermissions},
    {Role::kDistrictOfficer, "district_officer", kOfficerPermissions},
    {Role::kPlanner, "planner",
     Bits(kUnitsRead, kFacilitiesRead, kPlanRead, kPlanWrite, kEconomyRead, kEconomyWrite,
          kIndicatorsRead)},
    {Role::kAnalyst, "analyst",
     Bits(kUnitsRead, kPlanRead, kEconomyRead, kIndicatorsRead, kReportsRead)},
    {Role::kAuditor, "auditor", Bits(kUnitsRead, kAuditRead)},
    {Role::kAdmin, "admin", kAllPermissions},
}};

constexpr std::array<std::pair<Permission, std::string_view>, 20> kPermissionIds = {{
    {kUnitsRead, "units.read"},
    {kLedgerRead, "ledger.read"},
    {kLedgerWrite, "ledger.write"},
    {kUnitsWrite, "units.write"},
    {kFacilitiesRead, "facilities.read"},
    {kFacilitiesWrite, "facilities.write"},
    {kPiiUnmask, "pii.unmask"},
    {kLedgerExport, "ledger.export"},
    {kAuditRead, "audit.read"},
    {kUsersManage, "users.manage"},
    {kServicesRead, "services.read"},
    {kServicesWrite, "services.write"},
    {kApiKeysManage, "apikeys.manage"},
    {kPlanRead, "plan.read"},
    {kPlanWrite, "plan.write"},
    {kEconomyRead, "economy.read"},
    {kEconomyWrite, "economy.write"},
    {kIndicatorsRead, "indicators.read"},
    {kIndicatorsWrite, "indicators.write"},
    {kReportsRead, "reports.read"},
}};

constexpr std::array<Role, 8> kAllRoles = {
    Role::kGridWorker, Role::kCommunityStaff, Role::kStreetOfficer, Role::kDistrictOfficer,
    Role::kPlanner,    Role::kAnalyst,        Role::kAuditor,       Role::kAdmin,
};
constexpr std::array<Permission, 20> kAllPermissionList = {
    kUnitsRead,       kLedgerRead,    kLedgerWrite,    kUnitsWrite,      kFacilitiesRead,
    kFacilitiesWrite, kPiiUnmask,     kLedgerExport,   kAuditRead,       kUsersManage,
    kServicesRead,    kServicesWrite, kApiKeysManage,  kPlanRead,        kPlanWrite,
    kEconomyRead,     kEconomyWrite,  kIndicatorsRead, kIndicatorsWrite, kReportsRead,
};

const RoleEntry& EntryOf(Role role) {
  for (const RoleEntry& e : kRoles) {
    if (e.role == role) return e;
  }
  ALLEY_CHECK(false, "every Role is in kRoles");
  return kRoles[0];
}

constexpr std::string_view kWrongCredentials = "wrong user name or password";
constexpr size_t kMaxDisplayNameChars = 64;

// Characters, not bytes, of UTF-8 text.
size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

StatusOr<User> ToUser(const store::UserRow& row) {
  StatusOr<Role> role = ParseRole(row.role);
  if (!role.ok())
    return DataLossError("user " + row.username + ": stored " + role.status().message());
  User u;
  u.id = row.id;
  u.username = row.username;
  u.display_name = row.display_name;
  u.role = *role;
  u.unit_code = row.unit_code;
  u.disabled = row.disabled;
  u.failed_logins = row.failed_logins;
  u.locked_until = row.locked_until;
  u.created_at = row.created_at;
  u.password_changed_at = row.password_changed_at;
  return u;
}

StatusOr<Principal> ToPrincipal(const store::UserRow& row) {
  ALLEY_ASSIGN_OR_RETURN(User u, ToUser(row));
  return Principal{u.id, u.username, u.display_name, u.role, u.unit_code};
}

audit::AuditRecord UserRecord(const audit::Actor& by, std::string_view action,
                              const store::UserRow& user, std::string detail) {
  audit::AuditRecord r = audit::RecordBy(by, action);
  r.object = "user:" + user.username;
  r.records = audit::RecordIds(std::array<int64_t, 1>{user.id});
  r.detail = std::move(detail);
  return r;
}

// A hash to verify against when the name is unknown, so that an unknown name
// takes as long to refuse as a wrong password (no user enumeration by timing).
const std::string& DummyHash() {
  static const std::string kHash = [] {
    StatusOr<std::string> h = store::HashPassword("alley: no such user");
    return h.ok() ? *h : std::string();
  }();
  return kHash;
}

Status Locked(Timestamp until, Timestamp now, LoginRefusal* refusal) {
  if (refusal != nullptr) refusal->retry_after = std::max(until - now, std::chrono::seconds(1));
  return ResourceExhaustedError("too many failed logins: the account is locked until " +
                                store::FormatTimestamp(until));
}

// Reads the user named `name` inside a write transaction, kNotFound if none.
StatusOr<store::UserRow> UserForUpdate(store::Writer& w, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UserRow> user, w.FindUser(name));
  if (!user) return NotFoundError("no user named " + std::string(name));
  return *std::move(user);
}

}  // namespace

std::span<const Role> AllRoles() { return kAllRoles; }
std::span<const Permission> AllPermissions() { return kAllPermissionList; }

std::string_view RoleId(Role role) { return EntryOf(role).id; }

StatusOr<Role> ParseRole(std::string_view id) {
  for (const RoleEntry& e : kRoles) {
    if (e.id == id) return e.role;
  }
  std::string known;
  for (const RoleEntry& e : kRoles) known += (known.empty() ? "" : ", ") + std::string(e.id);
  return InvalidArgumentError("role \"" + std::string(id) + "\" is not one of " + known);
}

std::string_view PermissionId(Permission permission) {
  for (const auto& [p, id] : kPermissionIds) {
    if (p == permission) return id;
  }
  ALLEY_CHECK(false, "every Permission is in kPermissionIds");
  return {};
}

StatusOr<Permission> ParsePermission(std::string_view id) {
  for (const auto& [p, name] : kPermissionIds) {
    if (name == id) return p;
  }
  return InvalidArgumentError("permission \"" + std::string(id) + "\" is unknown");
}

bool Allows(Role role, Permission permission) {
  return (EntryOf(role).permissions & Bit(permission)) != 0;
}

std::vector<Permission> PermissionsOf(Role role) {
  std::vector<Permission> out;
  for (Permission p : kAllPermissionList) {
    if (Allows(role, p)) out.push_back(p);
  }
  return out;
}

bool InScope(const Principal& principal, std::string_view unit_code) {
  return !principal.unit_code.empty() && core::IsCodePrefixAncestor(principal.unit_code, unit_code);
}

audit::Actor ActorOf(const Principal& principal) {
  return {principal.username, std::string(RoleId(principal.role)), principal.unit_code};
}

StatusOr<std::string> NormaliseUsername(std::string_view username) {
  std::string name(username);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (name.size() < kMinUsernameLength || name.size() > kMaxUsernameLength) {
    return InvalidArgumentError("username must be " + std::to_string(kMinUsernameLength) + " to " +
                                std::to_string(kMaxUsernameLength) + " characters, got " +
                                std::to_string(name.size()));
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) {
      return InvalidArgumentError(
          "username may hold only letters a-z, digits and _ . - (no spaces, no other characters)");
    }
  }
  return name;
}

Status CheckPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgumentError("password must be at least " + std::to_string(kMinPasswordLength) +
                                " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgumentError("password must be at most " + std::to_string(kMaxPasswordLength) +
                                " bytes");
  }
  return OkStatus();
}

StatusOr<User> AddUser(store::Store& store, const NewUser& user, const audit::Actor& by,
                       Timestamp now, store::PasswordCost cost) {
  ALLEY_ASSIGN_OR_RETURN(std::string name, NormaliseUsername(user.username));
  if (Utf8Length(user.display_name) > kMaxDisplayNameChars) {
    return InvalidArgumentError("display name must be at most " +
                                std::to_string(kMaxDisplayNameChars) + " characters");
  }
  ALLEY_RETURN_IF_ERROR(CheckPassword(user.password));
  if (user.unit_code.empty()) return InvalidArgumentError("a user needs a unit (--unit CODE)");
  bool unit_exists = false;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(user.unit_code));
    unit_exists = unit.has_value();
    return OkStatus();
  }));
  if (!unit_exists) return NotFoundError("unit " + user.unit_code + " does not exist");
  // Hashing takes ~0.1 s: outside the transaction, so the write lock is short.
  ALLEY_ASSIGN_OR_RETURN(std::string hash, store::HashPassword(user.password, cost));
  store::UserRow row;
  row.username = name;
  row.display_name = user.display_name;
  row.role = std::string(RoleId(user.role));
  row.unit_code = user.unit_code;
  row.password_hash = std::move(hash);
  row.created_at = now;
  row.password_changed_at = now;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row.id, w.InsertUser(row));
    return audit::Append(
               w,
               UserRecord(by, audit::kUserAdd, row, "role " + row.role + ", unit " + row.unit_code),
               now)
        .status();
  }));
  return ToUser(row);
}

Status SetPassword(store::Store& store, std::string_view username, std::string_view password,
                   const audit::Actor& by, Timestamp now, store::PasswordCost cost) {
  ALLEY_RETURN_IF_ERROR(CheckPassword(password));
  ALLEY_ASSIGN_OR_RETURN(std::string hash, store::HashPassword(password, cost));
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::UserRow user, UserForUpdate(w, username));
    user.password_hash = hash;
    user.password_changed_at = now;
    user.failed_logins = 0;
    user.locked_until.reset();
    ALLEY_RETURN_IF_ERROR(w.UpdateUser(user));
    ALLEY_RETURN_IF_ERROR(w.DeleteSessionsOf(user.id));
    return audit::Append(w, UserRecord(by, audit::kUserUpdate, user, "password set"), now).status();
  });
}

Status SetDisabled(store::Store& store, std::string_view username, bool disabled,
                   const audit::Actor& by, Timestamp now) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::UserRow user, UserForUpdate(w, username));
    user.disabled = disabled;
    if (!disabled) {
      user.failed_logins = 0;
      user.locked_until.reset();
    }
    ALLEY_RETURN_IF_ERROR(w.UpdateUser(user));
    if (disabled) {
      ALLEY_RETURN_IF_ERROR(w.DeleteSessionsOf(user.id));
    }
    return audit::Append(
               w, UserRecord(by, audit::kUserUpdate, user, disabled ? "disabled" : "enabled"), now)
        .status();
  });
}

StatusOr<std::vector<User>> ListUsers(store::Store& store) {
  std::vector<User> users;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UserRow> rows, r.ListUsers());
    for (const store::UserRow& row : rows) {
      ALLEY_ASSIGN_OR_RETURN(User u, ToUser(row));
      users.push_back(std::move(u));
    }
    return OkStatus();
  }));
  return users;
}

StatusOr<User> FindUser(store::Store& store, std::string_view username) {
  std::optional<store::UserRow> row;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row, r.FindUser(username));
    return OkStatus();
  }));
  if (!row) return NotFoundError("no user named " + std::string(username));
  return ToUser(*row);
}

StatusOr<Session> Login(store::Store& store, std::string_view username, std::string_view password,
                        Timestamp now, const LoginContext& context, LoginRefusal* refusal) {
  if (refusal != nullptr) *refusal = LoginRefusal();
  StatusOr<std::string> name = NormaliseUsername(username);
  std::optional<store::UserRow> user;
  if (name.ok()) {
    ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(user, r.FindUser(*name));
      return OkStatus();
    }));
  }
  // A locked account is refused before its password is even looked at.
  bool locked = user && user->locked_until && *user->locked_until > now;
  bool password_ok = false;
  if (!locked) {
    if (user) {
      password_ok = store::VerifyPassword(user->password_hash, password);
    } else {
      (void)store::VerifyPassword(DummyHash(), password);
    }
  }

  // The outcome is decided inside the transaction, but the transaction
  // commits whatever it is: a failure count must land even when the login fails.
  Status outcome;
  Session session;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    auto failed = [&](const audit::Actor& actor, const std::string& why) -> Status {
      audit::AuditRecord r = audit::RecordBy(actor, audit::kLoginFailed);
      r.object = "session";
      r.detail = why + (context.client.empty() ? "" : ", from " + context.client);
      return audit::Append(w, r, now).status();
    };
    std::optional<store::UserRow> fresh;
    if (user) {
      ALLEY_ASSIGN_OR_RETURN(fresh, w.UserById(user->id));
    }
    if (!fresh) {
      outcome = UnauthenticatedError(std::string(kWrongCredentials));
      return failed({name.ok() ? *name : std::string("(invalid name)"), "", ""}, "unknown user");
    }
    ALLEY_ASSIGN_OR_RETURN(Principal p, ToPrincipal(*fresh));
    audit::Actor actor = ActorOf(p);
    if (fresh->locked_until && *fresh->locked_until > now) {
      outcome = Locked(*fresh->locked_until, now, refusal);
      return failed(actor, "account locked");
    }
    if (!password_ok) {
      fresh->failed_logins += 1;
      std::string why = "wrong password (" + std::to_string(fresh->failed_logins) + " in a row)";
      if (fresh->failed_logins >= kMaxFailedLogins) {
        fresh->locked_until = now + kLockoutDuration;
        outcome = Locked(*fresh->locked_until, now, refusal);
        why += ", locked until " + store::FormatTimestamp(*fresh->locked_until);
      } else {
        outcome = UnauthenticatedError(std::string(kWrongCredentials));
      }
      ALLEY_RETURN_IF_ERROR(w.UpdateUser(*fresh));
      return failed(actor, why);
    }
    if (fresh->disabled) {
      outcome = UnauthenticatedError("the account " + p.username + " is disabled");
      return failed(actor, "account disabled");
    }
    fresh->failed_logins = 0;
    fresh->locked_until.reset();
    ALLEY_RETURN_IF_ERROR(w.UpdateUser(*fresh));
    ALLEY_RETURN_IF_ERROR(w.DeleteStaleSessions(now, now - kSessionIdleTimeout));
    session.token = store::NewSessionToken();
    session.expires_at = now + kSessionLifetime;
    session.principal = p;
    store::SessionRow row;
    row.token_hash = store::HashSessionToken(session.token);
    row.user_id = p.user_id;
    row.created_at = now;
    row.expires_at = session.expires_at;
    row.last_seen_at = now;
    ALLEY_RETURN_IF_ERROR(w.InsertSession(row));
    audit::AuditRecord r = audit::RecordBy(actor, audit::kLogin);
    r.object = "session";
    r.detail = context.client.empty() ? "" : "from " + context.client;
    return audit::Append(w, r, now).status();
  }));
  if (!outcome.ok()) return outcome;
  return session;
}

StatusOr<Principal> Authenticate(store::Store& store, std::string_view token, Timestamp now) {
  if (token.empty()) return UnauthenticatedError("not logged in");
  std::string hash = store::HashSessionToken(token);
  std::optional<store::SessionRow> session;
  std::optional<store::UserRow> user;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(session, r.FindSession(hash));
    if (session) {
      ALLEY_ASSIGN_OR_RETURN(user, r.UserById(session->user_id));
    }
    return OkStatus();
  }));
  if (!session) return UnauthenticatedError("not logged in, or the session has ended");
  bool expired = now >= session->expires_at || now - session->last_seen_at >= kSessionIdleTimeout;
  if (expired) {
    ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) { return w.DeleteSession(hash); }));
    return UnauthenticatedError("the session has expired: log in again");
  }
  if (!user || user->disabled) return UnauthenticatedError("the account is disabled");
  if (now - session->last_seen_at >= kSessionTouchInterval) {
    ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) { return w.TouchSession(hash, now); }));
  }
  return ToPrincipal(*user);
}

Status Logout(store::Store& store, std::string_view token, Timestamp now) {
  if (token.empty()) return OkStatus();
  std::string hash = store::HashSessionToken(token);
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::SessionRow> session, w.FindSession(hash));
    if (!session) return OkStatus();
    ALLEY_RETURN_IF_ERROR(w.DeleteSession(hash));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UserRow> user, w.UserById(session->user_id));
    if (!user) return OkStatus();
    ALLEY_ASSIGN_OR_RETURN(Principal p, ToPrincipal(*user));
    audit::AuditRecord r = audit::RecordBy(ActorOf(p), audit::kLogout);
    r.object = "session";
    return audit::Append(w, r, now).status();
  });
}

}  // namespace alley::registry
