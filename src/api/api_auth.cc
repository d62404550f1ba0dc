// Sessions: login, logout, who am I; and the audit trail's reader.
#include <thread>

#include "api/api.h"
#include "api/params.h"
#include "registry/accounts.h"
#include "registry/audit.h"
#include "store/store.h"

namespace alley::api {

namespace {

std::string IsoTime(store::Timestamp t) { return store::FormatTimestamp(t); }

nlohmann::json PrincipalJson(const registry::Principal& p, std::string_view unit_name) {
  nlohmann::json permissions = nlohmann::json::array();
  for (registry::Permission perm : registry::PermissionsOf(p.role)) {
    permissions.push_back(registry::PermissionId(perm));
  }
  return {{"username", p.username},           {"display_name", p.display_name},
          {"role", registry::RoleId(p.role)}, {"unit", p.unit_code},
          {"unit_name", unit_name},           {"permissions", permissions}};
}

StatusOr<std::string> UnitName(store::Store& store, std::string_view code) {
  std::string name;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
    if (unit) name = unit->name;
    return OkStatus();
  }));
  return name;
}

}  // namespace

// Not const, like every handler: they share the Handler type of the route table.
// NOLINTNEXTLINE(readability-make-member-function-const)
StatusOr<HttpResponse> Api::Login(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"username", "password"}));
  ALLEY_ASSIGN_OR_RETURN(std::string username, RequiredString(body, "username"));
  ALLEY_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
  registry::LoginRefusal refusal;
  StatusOr<registry::Session> login = registry::Login(
      call.store, username, password, Seconds(call.now), {call.req.remote_addr}, &refusal);
  if (!login.ok()) {
    HttpResponse res = ErrorResponse(login.status());
    if (refusal.retry_after.count() > 0) {
      res.SetHeader("Retry-After", std::to_string(refusal.retry_after.count()));
    } else if (login.status().code() == StatusCode::kUnauthenticated) {
      // Back-off: a wrong password costs the guesser time, not the server a
      // worker for long.
      std::this_thread::sleep_for(options_.login_failure_delay);
    }
    return res;
  }
  const registry::Session& session = *login;
  ALLEY_ASSIGN_OR_RETURN(std::string unit_name, UnitName(call.store, session.principal.unit_code));
  HttpResponse res;
  res.SetJson({{"token", session.token},
               {"expires_at", IsoTime(session.expires_at)},
               {"user", PrincipalJson(session.principal, unit_name)}});
  std::string cookie =
      std::string(kSessionCookie) + "=" + session.token + "; HttpOnly; SameSite=Strict; Path=/";
  if (options_.secure_cookie) cookie += "; Secure";
  res.SetHeader("Set-Cookie", cookie);
  return res;
}

StatusOr<HttpResponse> Api::Logout(Call& call) {
  ForgetPrincipal(call.token);
  ALLEY_RETURN_IF_ERROR(registry::Logout(call.store, call.token, Seconds(call.now)));
  HttpResponse res;
  res.status = 204;
  res.SetHeader("Set-Cookie",
                std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  return res;
}

StatusOr<HttpResponse> Api::Me(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::string unit_name, UnitName(call.store, call.principal->unit_code));
  HttpResponse res;
  res.SetJson(PrincipalJson(*call.principal, unit_name));
  return res;
}

StatusOr<HttpResponse> Api::ListAudit(Call& call) {
  registry::audit::Filter filter;
  filter.username = QueryText(call, "user").value_or("");
  filter.action = QueryText(call, "action").value_or("");
  filter.object = QueryText(call, "object").value_or("");
  ALLEY_ASSIGN_OR_RETURN(filter.from, QueryInstant(call, "from"));
  ALLEY_ASSIGN_OR_RETURN(filter.to, QueryInstant(call, "to"));
  ALLEY_ASSIGN_OR_RETURN(filter.page, QueryInt(call, "page", 1, 1, INT64_MAX));
  ALLEY_ASSIGN_OR_RETURN(filter.page_size,
                         QueryInt(call, "page_size", 50, 1, registry::audit::kMaxPageSize));
  // An auditor sees what the users of their own scope did.
  filter.scope_unit = call.principal->unit_code;
  ALLEY_ASSIGN_OR_RETURN(store::AuditPage page, registry::audit::Query(call.store, filter));
  nlohmann::json items = nlohmann::json::array();
  for (const store::AuditRow& e : page.items) {
    nlohmann::json records = nlohmann::json::parse(e.records, nullptr, false);
    items.push_back({{"id", e.id},
                     {"at", IsoTime(e.at)},
                     {"username", e.username},
                     {"role", e.role},
                     {"scope_unit", e.scope_unit},
                     {"action", e.action},
                     {"object", e.object},
                     {"records", records.is_discarded() ? nlohmann::json(e.records) : records},
                     {"reason", e.reason},
                     {"detail", e.detail}});
  }
  HttpResponse res;
  res.SetJson({{"items", items},
               {"total", page.total},
               {"page", filter.page},
               {"page_size", filter.page_size}});
  return res;
}

}  // namespace alley::api
