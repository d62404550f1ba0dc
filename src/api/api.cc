#include "api/api.h"

#include <exception>

#include "api/openapi.h"

namespace alley::api {

using registry::Permission;

// The one table of routes (docs/http.md). A route's permission is checked
// before its handler runs; the unit scope is checked by the handler, which
// knows which unit a request touches.
const std::vector<Api::Route>& Api::Table() {
  static const std::vector<Route> kRoutes = {
      {"GET", "/healthz", std::nullopt, false, &Api::Health},
      {"GET", "/metrics", std::nullopt, false, &Api::MetricsText},
      {"GET", "/api/v1/openapi.json", std::nullopt, false, &Api::OpenApi},
      {"POST", "/api/v1/auth/login", std::nullopt, false, &Api::Login},
      {"POST", "/api/v1/auth/logout", std::nullopt, true, &Api::Logout},
      {"GET", "/api/v1/auth/me", std::nullopt, true, &Api::Me},
      {"GET", "/api/v1/vocabulary", std::nullopt, true, &Api::Vocabulary},
      {"GET", "/api/v1/units", Permission::kUnitsRead, true, &Api::SearchUnits},
      {"POST", "/api/v1/units", Permission::kUnitsWrite, true, &Api::CreateUnit},
      {"GET", "/api/v1/units/{code}", Permission::kUnitsRead, true, &Api::GetUnit},
      {"GET", "/api/v1/units/{code}/children", Permission::kUnitsRead, true, &Api::UnitChildren},
      {"GET", "/api/v1/residents", Permission::kLedgerRead, true, &Api::ListResidents},
      {"POST", "/api/v1/residents", Permission::kLedgerWrite, true, &Api::CreateResident},
      {"GET", "/api/v1/residents/{id}", Permission::kLedgerRead, true, &Api::GetResident},
      {"PATCH", "/api/v1/residents/{id}", Permission::kLedgerWrite, true, &Api::UpdateResident},
      {"DELETE", "/api/v1/residents/{id}", Permission::kLedgerWrite, true, &Api::DeleteResident},
      {"POST", "/api/v1/residents/{id}/unmask", Permission::kPiiUnmask, true, &Api::UnmaskResident},
      {"GET", "/api/v1/households", Permission::kLedgerRead, true, &Api::ListHouseholds},
      {"POST", "/api/v1/households", Permission::kLedgerWrite, true, &Api::CreateHousehold},
      {"GET", "/api/v1/households/{id}", Permission::kLedgerRead, true, &Api::GetHousehold},
      {"PATCH", "/api/v1/households/{id}", Permission::kLedgerWrite, true, &Api::UpdateHousehold},
      {"DELETE", "/api/v1/households/{id}", Permission::kLedgerWrite, true, &Api::DeleteHousehold},
      {"GET", "/api/v1/facilities", Permission::kFacilitiesRead, true, &Api::ListFacilities},
      {"POST", "/api/v1/facilities", Permission::kFacilitiesWrite, true, &Api::CreateFacility},
      {"GET", "/api/v1/facilities/{id}", Permission::kFacilitiesRead, true, &Api::GetFacility},
      {"PATCH", "/api/v1/facilities/{id}", Permission::kFacilitiesWrite, true,
       &Api::UpdateFacility},
      {"DELETE", "/api/v1/facilities/{id}", Permission::kFacilitiesWrite, true,
       &Api::DeleteFacility},
      {"GET", "/api/v1/audit", Permission::kAuditRead, true, &Api::ListAudit},
      // Home services and the time bank (api_care.cc).
      {"GET", "/api/v1/caregivers", Permission::kServicesRead, true, &Api::ListCaregivers},
      {"POST", "/api/v1/caregivers", Permission::kServicesWrite, true, &Api::CreateCaregiver},
      {"GET", "/api/v1/caregivers/{id}", Permission::kServicesRead, true, &Api::GetCaregiver},
      {"PATCH", "/api/v1/caregivers/{id}", Permission::kServicesWrite, true, &Api::UpdateCaregiver},
      {"GET", "/api/v1/volunteers", Permission::kServicesRead, true, &Api::ListVolunteers},
      {"POST", "/api/v1/volunteers", Permission::kServicesWrite, true, &Api::CreateVolunteer},
      {"GET", "/api/v1/volunteers/{id}", Permission::kServicesRead, true, &Api::GetVolunteer},
      {"PATCH", "/api/v1/volunteers/{id}", Permission::kServicesWrite, true, &Api::UpdateVolunteer},
      {"GET", "/api/v1/orders", Permission::kServicesRead, true, &Api::ListOrders},
      {"POST", "/api/v1/orders", Permission::kServicesWrite, true, &Api::CreateOrder},
      {"GET", "/api/v1/orders/{id}", Permission::kServicesRead, true, &Api::GetOrder},
      {"GET", "/api/v1/orders/{id}/match", Permission::kServicesRead, true, &Api::MatchOrder},
      {"POST", "/api/v1/orders/{id}/events", Permission::kServicesWrite, true, &Api::AddOrderEvent},
      {"GET", "/api/v1/timebank/balances", Permission::kServicesRead, true, &Api::TimeBankBalances},
      {"GET", "/api/v1/timebank/accounts/{id}/statement", Permission::kServicesRead, true,
       &Api::TimeBankStatement},
      {"POST", "/api/v1/timebank/transfers", Permission::kServicesWrite, true,
       &Api::TimeBankTransfer},
      {"POST", "/api/v1/timebank/redemptions", Permission::kServicesWrite, true,
       &Api::TimeBankRedemption},
      {"POST", "/api/v1/timebank/reversals", Permission::kServicesWrite, true,
       &Api::TimeBankReversal},
      // Senior canteens and visits to elderly people living alone (api_elderly_care.cc).
      {"GET", "/api/v1/canteens/{facility_id}/report", Permission::kServicesRead, true,
       &Api::CanteenReport},
      {"GET", "/api/v1/canteens/{facility_id}/groups", Permission::kServicesRead, true,
       &Api::CanteenGroups},
      {"PUT", "/api/v1/canteens/{facility_id}/groups/{group}", Permission::kServicesWrite, true,
       &Api::SetCanteenGroup},
      {"POST", "/api/v1/canteens/{facility_id}/meals", Permission::kServicesWrite, true,
       &Api::RecordCanteenMeals},
      {"POST", "/api/v1/canteens/{facility_id}/costs", Permission::kServicesWrite, true,
       &Api::RecordCanteenCost},
      {"POST", "/api/v1/canteens/{facility_id}/subsidies", Permission::kServicesWrite, true,
       &Api::RecordCanteenSubsidy},
      {"GET", "/api/v1/visits", Permission::kServicesRead, true, &Api::ListVisits},
      {"POST", "/api/v1/visits", Permission::kServicesWrite, true, &Api::CreateVisit},
      {"GET", "/api/v1/visits/overdue", Permission::kServicesRead, true, &Api::OverdueVisits},
      // Programme enrolments, platform workers, rest stations (api_programmes.cc).
      {"GET", "/api/v1/enrolments", Permission::kServicesRead, true, &Api::ListEnrolments},
      {"POST", "/api/v1/enrolments", Permission::kServicesWrite, true, &Api::CreateEnrolment},
      {"GET", "/api/v1/enrolments/{id}", Permission::kServicesRead, true, &Api::GetEnrolment},
      {"POST", "/api/v1/enrolments/{id}/end", Permission::kServicesWrite, true, &Api::EndEnrolment},
      {"GET", "/api/v1/platform/workers", Permission::kServicesRead, true,
       &Api::ListPlatformWorkers},
      {"PATCH", "/api/v1/platform/workers/{resident_id}", Permission::kServicesWrite, true,
       &Api::UpdatePlatformWorker},
      {"GET", "/api/v1/platform/coverage", Permission::kServicesRead, true, &Api::PlatformCoverage},
      {"GET", "/api/v1/platform/stations/{facility_id}", Permission::kServicesRead, true,
       &Api::GetRestStation},
      {"PATCH", "/api/v1/platform/stations/{facility_id}", Permission::kServicesWrite, true,
       &Api::UpdateRestStation},
      // Residents' concerns (api_concerns.cc).
      {"GET", "/api/v1/concerns", Permission::kServicesRead, true, &Api::ListConcerns},
      {"POST", "/api/v1/concerns", Permission::kServicesWrite, true, &Api::CreateConcern},
      {"GET", "/api/v1/concerns/categories", std::nullopt, true, &Api::ConcernCategories},
      {"GET", "/api/v1/concerns/rates", Permission::kUnitsRead, true, &Api::ConcernRates},
      {"GET", "/api/v1/concerns/rates/monthly", Permission::kUnitsRead, true,
       &Api::MonthlyConcernRates},
      {"GET", "/api/v1/concerns/hotspots", Permission::kUnitsRead, true, &Api::ConcernHotSpots},
      {"POST", "/api/v1/concerns/escalations", Permission::kServicesWrite, true,
       &Api::EscalateConcerns},
      {"GET", "/api/v1/concerns/{id}", Permission::kServicesRead, true, &Api::GetConcern},
      {"POST", "/api/v1/concerns/{id}/events", Permission::kServicesWrite, true, &Api::MoveConcern},
      {"POST", "/api/v1/concerns/{id}/unmask", Permission::kPiiUnmask, true, &Api::UnmaskConcern},
      // Open311 GeoReport v2 (api_open311.cc): each handler checks its caller.
      {"GET", "/open311/v2/services.json", std::nullopt, false, &Api::Open311Services},
      {"GET", "/open311/v2/services/{file}", std::nullopt, false, &Api::Open311Service},
      {"GET", "/open311/v2/requests.json", std::nullopt, false, &Api::Open311Requests},
      {"POST", "/open311/v2/requests.json", std::nullopt, false, &Api::Open311CreateRequest},
      {"GET", "/open311/v2/requests/{file}", std::nullopt, false, &Api::Open311Request},
      // Childcare (api_childcare.cc): the balance is a planning figure (units.read,
      // as planners need it); the norms are public knowledge (any session).
      {"GET", "/api/v1/nurseries/{facility_id}/classes", Permission::kServicesRead, true,
       &Api::ListNurseryClasses},
      {"POST", "/api/v1/nurseries/{facility_id}/classes", Permission::kServicesWrite, true,
       &Api::CreateNurseryClass},
      {"PATCH", "/api/v1/nurseries/{facility_id}/classes/{class_id}", Permission::kServicesWrite,
       true, &Api::UpdateNurseryClass},
      {"GET", "/api/v1/nurseries/{facility_id}/enrolments", Permission::kServicesRead, true,
       &Api::ListNurseryEnrolments},
      {"POST", "/api/v1/nurseries/{facility_id}/enrolments", Permission::kServicesWrite, true,
       &Api::CreateNurseryEnrolment},
      {"POST", "/api/v1/nurseries/{facility_id}/enrolments/{enrolment_id}/withdraw",
       Permission::kServicesWrite, true, &Api::WithdrawNurseryEnrolment},
      {"GET", "/api/v1/nurseries/{facility_id}/inspections", Permission::kServicesRead, true,
       &Api::ListNurseryInspections},
      {"POST", "/api/v1/nurseries/{facility_id}/inspections", Permission::kServicesWrite, true,
       &Api::CreateNurseryInspection},
      {"POST", "/api/v1/nurseries/{facility_id}/inspections/{inspection_id}/follow-up",
       Permission::kServicesWrite, true, &Api::FollowUpNurseryInspection},
      {"GET", "/api/v1/childcare/flags", Permission::kServicesRead, true, &Api::ChildcareFlags},
      {"GET", "/api/v1/childcare/balance", Permission::kUnitsRead, true, &Api::ChildcareBalance},
      {"GET", "/api/v1/childcare/norms", std::nullopt, true, &Api::ChildcareNorms},
      // Planning (api_plan.cc): counts per building, no personal data (docs/security.md).
      {"GET", "/api/v1/plan/networks", Permission::kPlanRead, true, &Api::PlanNetworks},
      {"GET", "/api/v1/plan/network.geojson", Permission::kPlanRead, true,
       &Api::PlanNetworkGeoJson},
      {"GET", "/api/v1/plan/run", Permission::kPlanRead, true, &Api::PlanRunAnswer},
      {"GET", "/api/v1/plan/run.geojson", Permission::kPlanRead, true, &Api::PlanRunGeoJsonAnswer},
      {"GET", "/api/v1/plan/catchment.geojson", Permission::kPlanRead, true,
       &Api::PlanCatchmentGeoJson},
      {"GET", "/api/v1/plan/project", Permission::kPlanRead, true, &Api::PlanProject},
      // Regional economics (api_economy.cc): published statistics per region, no scope.
      {"GET", "/api/v1/economy/series", Permission::kEconomyRead, true, &Api::EconomySeries},
      {"GET", "/api/v1/economy/contribution", Permission::kEconomyRead, true,
       &Api::EconomyContribution},
      {"GET", "/api/v1/economy/ranking", Permission::kEconomyRead, true, &Api::EconomyRanking},
      {"GET", "/api/v1/economy/distribution", Permission::kEconomyRead, true,
       &Api::EconomyDistribution},
      {"POST", "/api/v1/economy/import", Permission::kEconomyWrite, true, &Api::EconomyImport},
      // Indicators (api_indicators.cc): counts and rates per unit, the unit in scope.
      {"GET", "/api/v1/indicators", Permission::kIndicatorsRead, true, &Api::IndicatorCatalogue},
      {"POST", "/api/v1/indicators", Permission::kIndicatorsWrite, true, &Api::DefineIndicator},
      {"GET", "/api/v1/indicators/table", Permission::kIndicatorsRead, true, &Api::IndicatorTable},
      {"GET", "/api/v1/indicators/check", Permission::kIndicatorsRead, true, &Api::IndicatorCheck},
      {"POST", "/api/v1/indicators/values", Permission::kIndicatorsWrite, true,
       &Api::EnterIndicatorValues},
      // Reports that fill themselves (api_reports.cc): figures per unit, in the caller's scope.
      {"GET", "/api/v1/reports", Permission::kReportsRead, true, &Api::ReportTemplates},
      {"GET", "/api/v1/reports/burden", Permission::kReportsRead, true, &Api::ReportBurden},
      {"GET", "/api/v1/reports/{code}/fill", Permission::kReportsRead, true, &Api::ReportFill},
      // Performance scorecards (api_scorecards.cc): units inside the user's unit, ranked.
      {"GET", "/api/v1/scorecards", Permission::kIndicatorsRead, true, &Api::ListScorecards},
      {"GET", "/api/v1/scorecards/{code}/rank", Permission::kIndicatorsRead, true,
       &Api::RankScorecard},
  };
  return kRoutes;
}

Api::Api(StorePool& pool, ApiOptions options) : pool_(pool), options_(std::move(options)) {
  const std::vector<Route>& routes = Table();
  for (size_t i = 0; i < routes.size(); ++i) router_.Add(routes[i].method, routes[i].pattern, i);
  StatusOr<StorePool::Lease> lease = pool_.Acquire();
  if (lease.ok()) {
    schema_version_ = (*lease)->SchemaVersion();
    if (options_.batch_audit) audit_ = std::make_unique<AuditBatcher>(std::move(lease).value());
  }
}

std::vector<Api::RouteDoc> Api::Routes() const {
  std::vector<RouteDoc> docs;
  for (const Route& r : Table()) {
    docs.push_back({std::string(r.method), std::string(r.pattern), r.needs_session});
  }
  return docs;
}

HttpResponse Api::Handle(const HttpRequest& req, RequestInfo* info) {
  RequestInfo local;
  RequestInfo& out = info != nullptr ? *info : local;
  metrics_.Enter();
  const auto started = std::chrono::steady_clock::now();
  HttpResponse res;
  try {
    res = Dispatch(req, out);
  } catch (const std::exception& e) {
    res = ErrorResponse(InternalError(std::string("unexpected failure: ") + e.what()));
  } catch (...) {
    res = ErrorResponse(InternalError("unexpected failure"));
  }
  // Nothing personal is ever cached by a browser or a proxy.
  res.SetHeader("Cache-Control", "no-store");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  metrics_.Record(out.route, res.status, took.count());
  metrics_.Leave();
  return res;
}

namespace {

// The session token of a request: the bearer token, else the cookie.
struct Credentials {
  std::string token;
  bool from_cookie = false;
};
Credentials CredentialsOf(const HttpRequest& req) {
  Credentials c;
  if (std::optional<std::string_view> auth = req.Header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->size() > kBearer.size() && auth->substr(0, kBearer.size()) == kBearer) {
      c.token = std::string(auth->substr(kBearer.size()));
      return c;
    }
  }
  if (std::optional<std::string> cookie = req.Cookie(kSessionCookie)) {
    c.token = *cookie;
    c.from_cookie = true;
  }
  return c;
}

bool ChangesState(std::string_view method) { return method != "GET" && method != "HEAD"; }

}  // namespace

HttpResponse Api::Dispatch(const HttpRequest& req, RequestInfo& info) {
  Router::Match match = router_.Find(req.method, req.path);
  if (!match.route) {
    if (!match.allowed.empty()) {
      std::string allow;
      for (const std::string& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      HttpResponse res = ErrorResponse(405, "method_not_allowed",
                                       req.method + " is not allowed here; allowed: " + allow);
      res.SetHeader("Allow", allow);
      return res;
    }
    return ErrorResponse(NotFoundError("no such route: " + req.method + " " + req.path));
  }
  const Route& route = Table()[*match.route];
  info.route = std::string(route.method) + " " + std::string(route.pattern);
  if (req.body.size() > options_.max_body_bytes) {
    return ErrorResponse(413, "payload_too_large",
                         "the body is " + std::to_string(req.body.size()) + " bytes; at most " +
                             std::to_string(options_.max_body_bytes) + " are accepted");
  }

  StatusOr<StorePool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return ErrorResponse(lease.status());
  const auto now = options_.now();
  Call call{req,         match.params, **lease, std::nullopt, "", now, options_.clock->Today(),
            audit_.get()};

  const Credentials credentials = CredentialsOf(req);
  call.token = credentials.token;
  if (route.needs_session) {
    if (credentials.token.empty()) {
      return ErrorResponse(UnauthenticatedError("no session: log in with POST /api/v1/auth/login"));
    }
    call.principal = CachedPrincipal(credentials.token, now);
    if (!call.principal) {
      StatusOr<registry::Principal> principal = registry::Authenticate(
          call.store, credentials.token, std::chrono::floor<std::chrono::seconds>(now));
      if (!principal.ok()) return ErrorResponse(principal.status());
      call.principal = std::move(principal).value();
      RememberPrincipal(credentials.token, *call.principal, now);
    }
    info.user = call.principal->username;
    // A browser sends the cookie with requests other sites make it send;
    // only pages of this origin can add a custom header (CSRF guard).
    if (credentials.from_cookie && ChangesState(req.method) && !req.Header("x-alley-request")) {
      return ErrorResponse(PermissionDeniedError(
          "a request that changes data with the session cookie must carry the header "
          "X-Alley-Request: 1"));
    }
    if (route.permission && !registry::Allows(call.principal->role, *route.permission)) {
      return ErrorResponse(PermissionDeniedError(
          "the role " + std::string(registry::RoleId(call.principal->role)) + " may not " +
          std::string(registry::PermissionId(*route.permission))));
    }
  }
  StatusOr<HttpResponse> res = (this->*route.handler)(call);
  if (!res.ok()) return ErrorResponse(res.status());
  return std::move(res).value();
}

std::optional<registry::Principal> Api::CachedPrincipal(const std::string& token,
                                                        std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(principal_mutex_);
  auto it = principals_.find(token);
  if (it == principals_.end()) return std::nullopt;
  // A clock that went back is no reason to trust an old check.
  if (now < it->second.checked_at || now - it->second.checked_at >= kPrincipalTtl) {
    principals_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void Api::RememberPrincipal(const std::string& token, const registry::Principal& principal,
                            std::chrono::system_clock::time_point now) {
  std::lock_guard<std::mutex> lock(principal_mutex_);
  if (principals_.size() >= kMaxCachedPrincipals) principals_.clear();
  principals_[token] = {principal, now};
}

void Api::ForgetPrincipal(const std::string& token) {
  std::lock_guard<std::mutex> lock(principal_mutex_);
  principals_.erase(token);
}

StatusOr<HttpResponse> Api::Health(Call& call) {
  (void)call;
  HttpResponse res;
  res.SetJson({{"status", "ok"}, {"schema_version", schema_version_}});
  return res;
}

StatusOr<HttpResponse> Api::MetricsText(Call& call) {
  (void)call;
  HttpResponse res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = metrics_.Render();
  return res;
}

StatusOr<HttpResponse> Api::OpenApi(Call& call) {
  (void)call;
  HttpResponse res;
  res.body = std::string(OpenApiDocument());
  return res;
}

}  // namespace alley::api
