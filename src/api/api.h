// The JSON API under /api/v1 (docs/http.md), as a function from request to
// response: parse and validate, check the session, the role's permission and
// the unit scope, call the domain (src/registry), map Status to HTTP. No
// sockets here: server.h carries requests in and out; tests and the fuzz target
// call Handle directly.
//
//   ALLEY_ASSIGN_OR_RETURN(auto pool, StorePool::Open("alley.db", 8));
//   Api api(*pool, ApiOptions{});
//   HttpResponse res = api.Handle(request);
//
// Every route is one entry of one table (api.cc): method, pattern, the
// permission it needs, its handler. The OpenAPI document (openapi.json) is
// checked against that table by a test.
//
// Thread safety: Handle may be called from many threads at once; each call
// borrows its own store connection from the pool.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/answer_cache.h"
#include "api/audit_batcher.h"
#include "api/http.h"
#include "api/metrics.h"
#include "api/router.h"
#include "api/store_pool.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "registry/accounts.h"

namespace alley::api {

// The session cookie the browser carries (HttpOnly, SameSite=Strict).
inline constexpr std::string_view kSessionCookie = "alley_session";

struct ApiOptions {
  // The current instant (sessions, lock-outs, audit times). Tests pin it.
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  // Today's date for "as of" questions (China Standard Time by default).
  const core::Clock* clock = &core::DefaultClock();
  // Request bodies above this size are refused with 413 (docs/http.md).
  size_t max_body_bytes = size_t{1} << 20;
  // Whether the session cookie carries the Secure attribute (behind HTTPS).
  bool secure_cookie = false;
  // Audit records by group commit (audit_batcher.h) through one connection
  // of the pool set aside for it: the pool needs one more connection than
  // requests run at once. Off: each record in a transaction of its own.
  bool batch_audit = false;
  // Login back-off: a wrong password waits this long before the 401 is sent
  // (0 in tests).
  std::chrono::milliseconds login_failure_delay{250};
  // The census folder the population projection reads (GET /plan/project;
  // its statistics file in stats/ beside it); empty: that route answers 409.
  std::filesystem::path census_dir;
};

// What the access log and the metrics need to know about a handled request.
struct RequestInfo {
  std::string route = "unmatched";  // "GET /api/v1/residents/{id}"
  std::string user;                 // the session's user name, or empty
};

// Everything a handler sees of one request.
struct Call {
  const HttpRequest& req;
  const std::map<std::string, std::string>& params;  // path parameters
  store::Store& store;
  std::optional<registry::Principal> principal;  // set on authenticated routes
  std::string token;                             // the session token, when given
  std::chrono::system_clock::time_point now;
  core::Date today;
  AuditBatcher* audit = nullptr;  // null: append in a transaction of its own
};

class Api {
 public:
  Api(StorePool& pool, ApiOptions options);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers one request; never throws. `info`, when given, receives the route
  // and user for the access log.
  HttpResponse Handle(const HttpRequest& req, RequestInfo* info = nullptr);

  // The routes, as (method, pattern), in table order: for the OpenAPI check.
  struct RouteDoc {
    std::string method;
    std::string pattern;
    bool needs_session;
  };
  std::vector<RouteDoc> Routes() const;

  Metrics& metrics() { return metrics_; }

  using Handler = StatusOr<HttpResponse> (Api::*)(Call&);

 private:
  struct Route {
    std::string_view method;
    std::string_view pattern;
    std::optional<registry::Permission> permission;  // nullopt: any session
    bool needs_session;
    Handler handler;
  };
  static const std::vector<Route>& Table();

  HttpResponse Dispatch(const HttpRequest& req, RequestInfo& info);

  // Handlers, one per route (api_*.cc).
  StatusOr<HttpResponse> Health(Call& call);
  StatusOr<HttpResponse> MetricsText(Call& call);
  StatusOr<HttpResponse> OpenApi(Call& call);
  StatusOr<HttpResponse> Login(Call& call);
  StatusOr<HttpResponse> Logout(Call& call);
  StatusOr<HttpResponse> Me(Call& call);
  StatusOr<HttpResponse> Vocabulary(Call& call);
  StatusOr<HttpResponse> GetUnit(Call& call);
  StatusOr<HttpResponse> UnitChildren(Call& call);
  StatusOr<HttpResponse> SearchUnits(Call& call);
  StatusOr<HttpResponse> CreateUnit(Call& call);
  StatusOr<HttpResponse> ListResidents(Call& call);
  StatusOr<HttpResponse> GetResident(Call& call);
  StatusOr<HttpResponse> CreateResident(Call& call);
  StatusOr<HttpResponse> UpdateResident(Call& call);
  StatusOr<HttpResponse> DeleteResident(Call& call);
  StatusOr<HttpResponse> UnmaskResident(Call& call);
  StatusOr<HttpResponse> ListHouseholds(Call& call);
  StatusOr<HttpResponse> GetHousehold(Call& call);
  StatusOr<HttpResponse> CreateHousehold(Call& call);
  StatusOr<HttpResponse> UpdateHousehold(Call& call);
  StatusOr<HttpResponse> DeleteHousehold(Call& call);
  StatusOr<HttpResponse> ListFacilities(Call& call);
  StatusOr<HttpResponse> GetFacility(Call& call);
  StatusOr<HttpResponse> CreateFacility(Call& call);
  StatusOr<HttpResponse> UpdateFacility(Call& call);
  StatusOr<HttpResponse> DeleteFacility(Call& call);
  StatusOr<HttpResponse> ListAudit(Call& call);
  // Home services and the time bank: caregivers, volunteers, orders (api_care.cc).
  StatusOr<HttpResponse> ListCaregivers(Call& call);
  StatusOr<HttpResponse> CreateCaregiver(Call& call);
  StatusOr<HttpResponse> GetCaregiver(Call& call);
  StatusOr<HttpResponse> UpdateCaregiver(Call& call);
  StatusOr<HttpResponse> ListVolunteers(Call& call);
  StatusOr<HttpResponse> CreateVolunteer(Call& call);
  StatusOr<HttpResponse> GetVolunteer(Call& call);
  StatusOr<HttpResponse> UpdateVolunteer(Call& call);
  StatusOr<HttpResponse> ListOrders(Call& call);
  StatusOr<HttpResponse> CreateOrder(Call& call);
  StatusOr<HttpResponse> GetOrder(Call& call);
  StatusOr<HttpResponse> MatchOrder(Call& call);
  StatusOr<HttpResponse> AddOrderEvent(Call& call);
  StatusOr<HttpResponse> TimeBankBalances(Call& call);
  StatusOr<HttpResponse> TimeBankStatement(Call& call);
  StatusOr<HttpResponse> TimeBankTransfer(Call& call);
  StatusOr<HttpResponse> TimeBankRedemption(Call& call);
  StatusOr<HttpResponse> TimeBankReversal(Call& call);
  // Senior canteens and visits to elderly people living alone (api_elderly_care.cc).
  StatusOr<HttpResponse> CanteenReport(Call& call);
  StatusOr<HttpResponse> CanteenGroups(Call& call);
  StatusOr<HttpResponse> SetCanteenGroup(Call& call);
  StatusOr<HttpResponse> RecordCanteenMeals(Call& call);
  StatusOr<HttpResponse> RecordCanteenCost(Call& call);
  StatusOr<HttpResponse> RecordCanteenSubsidy(Call& call);
  StatusOr<HttpResponse> CreateVisit(Call& call);
  StatusOr<HttpResponse> ListVisits(Call& call);
  StatusOr<HttpResponse> OverdueVisits(Call& call);
  // Programme enrolments, platform workers, rest stations (api_programmes.cc).
  StatusOr<HttpResponse> ListEnrolments(Call& call);
  StatusOr<HttpResponse> GetEnrolment(Call& call);
  StatusOr<HttpResponse> CreateEnrolment(Call& call);
  StatusOr<HttpResponse> EndEnrolment(Call& call);
  StatusOr<HttpResponse> ListPlatformWorkers(Call& call);
  StatusOr<HttpResponse> UpdatePlatformWorker(Call& call);
  StatusOr<HttpResponse> PlatformCoverage(Call& call);
  StatusOr<HttpResponse> GetRestStation(Call& call);
  StatusOr<HttpResponse> UpdateRestStation(Call& call);
  // Residents' concerns (api_concerns.cc).
  StatusOr<HttpResponse> ListConcerns(Call& call);
  StatusOr<HttpResponse> CreateConcern(Call& call);
  StatusOr<HttpResponse> GetConcern(Call& call);
  StatusOr<HttpResponse> MoveConcern(Call& call);
  StatusOr<HttpResponse> UnmaskConcern(Call& call);
  StatusOr<HttpResponse> EscalateConcerns(Call& call);
  StatusOr<HttpResponse> ConcernRates(Call& call);
  StatusOr<HttpResponse> MonthlyConcernRates(Call& call);
  StatusOr<HttpResponse> ConcernHotSpots(Call& call);
  StatusOr<HttpResponse> ConcernCategories(Call& call);
  // Open311 GeoReport v2 (api_open311.cc): a session's bearer token or an
  // API key; errors in the GeoReport form.
  struct Open311Caller {
    std::string within;  // the unit the caller may see
    registry::audit::Actor actor;
  };
  StatusOr<Open311Caller> Open311CallerOf(Call& call, const std::string& form_api_key, bool write);
  static HttpResponse Open311Answer(const StatusOr<HttpResponse>& answer);
  StatusOr<HttpResponse> Open311Services(Call& call);
  StatusOr<HttpResponse> Open311Service(Call& call);
  StatusOr<HttpResponse> Open311Requests(Call& call);
  StatusOr<HttpResponse> Open311CreateRequest(Call& call);
  StatusOr<HttpResponse> Open311Request(Call& call);
  // Childcare: nursery classes, enrolments, inspections, flags, balance (api_childcare.cc).
  StatusOr<HttpResponse> ListNurseryClasses(Call& call);
  StatusOr<HttpResponse> CreateNurseryClass(Call& call);
  StatusOr<HttpResponse> UpdateNurseryClass(Call& call);
  StatusOr<HttpResponse> ListNurseryEnrolments(Call& call);
  StatusOr<HttpResponse> CreateNurseryEnrolment(Call& call);
  StatusOr<HttpResponse> WithdrawNurseryEnrolment(Call& call);
  StatusOr<HttpResponse> ListNurseryInspections(Call& call);
  StatusOr<HttpResponse> CreateNurseryInspection(Call& call);
  StatusOr<HttpResponse> FollowUpNurseryInspection(Call& call);
  StatusOr<HttpResponse> ChildcareFlags(Call& call);
  StatusOr<HttpResponse> ChildcareBalance(Call& call);
  StatusOr<HttpResponse> ChildcareNorms(Call& call);
  // Planning (api_plan.cc): the networks, a run, its map layers, a catchment.
  StatusOr<HttpResponse> PlanNetworks(Call& call);
  StatusOr<HttpResponse> PlanNetworkGeoJson(Call& call);
  StatusOr<HttpResponse> PlanRunAnswer(Call& call);
  StatusOr<HttpResponse> PlanRunGeoJsonAnswer(Call& call);
  StatusOr<HttpResponse> PlanCatchmentGeoJson(Call& call);
  StatusOr<HttpResponse> PlanProject(Call& call);
  // Regional economics (api_economy.cc): series, contribution, ranking, distribution, import.
  StatusOr<HttpResponse> EconomySeries(Call& call);
  StatusOr<HttpResponse> EconomyContribution(Call& call);
  StatusOr<HttpResponse> EconomyRanking(Call& call);
  StatusOr<HttpResponse> EconomyDistribution(Call& call);
  StatusOr<HttpResponse> EconomyImport(Call& call);
  // Indicators (api_indicators.cc): the catalogue, the table, the rule check,
  // entering values, defining an indicator.
  StatusOr<HttpResponse> IndicatorCatalogue(Call& call);
  StatusOr<HttpResponse> IndicatorTable(Call& call);
  StatusOr<HttpResponse> IndicatorCheck(Call& call);
  StatusOr<HttpResponse> EnterIndicatorValues(Call& call);
  StatusOr<HttpResponse> DefineIndicator(Call& call);
  // Writes the built-in indicator catalogue once per server (as the CLI does
  // before each indicator command), on the first indicator request.
  Status EnsureIndicatorCatalogue(store::Store& store);
  std::atomic<bool> catalogue_ensured_{false};
  // Reports that fill themselves (api_reports.cc): templates, a filled report, the burden.
  StatusOr<HttpResponse> ReportTemplates(Call& call);
  StatusOr<HttpResponse> ReportFill(Call& call);
  StatusOr<HttpResponse> ReportBurden(Call& call);
  // Performance scorecards (api_scorecards.cc).
  StatusOr<HttpResponse> ListScorecards(Call& call);
  StatusOr<HttpResponse> RankScorecard(Call& call);

  // Unit summaries and resident pages (answer_cache.h), dropped at once when
  // the API changes the ledger, and after kAnswerTtl otherwise.
  static constexpr std::chrono::seconds kAnswerTtl{5};
  static constexpr size_t kMaxCachedAnswers = 4096;
  void InvalidateCaches();
  AnswerCache answers_{kAnswerTtl, kMaxCachedAnswers};

  // Sessions checked in the last kPrincipalTtl (by the API's clock): a
  // request of a session seen a moment ago skips the two lookups of
  // registry::Authenticate. Logout through the API forgets its token at once;
  // a password reset or a disabled account (the command line's) takes effect
  // within kPrincipalTtl, as does a session's expiry.
  static constexpr std::chrono::seconds kPrincipalTtl{5};
  static constexpr size_t kMaxCachedPrincipals = 65536;
  std::optional<registry::Principal> CachedPrincipal(const std::string& token,
                                                     std::chrono::system_clock::time_point now);
  void RememberPrincipal(const std::string& token, const registry::Principal& principal,
                         std::chrono::system_clock::time_point now);
  void ForgetPrincipal(const std::string& token);
  struct CachedSession {
    registry::Principal principal;
    std::chrono::system_clock::time_point checked_at;
  };
  std::mutex principal_mutex_;
  std::map<std::string, CachedSession> principals_;

  // The hierarchy in memory for name searches, loaded on first use and
  // dropped when the API adds a unit.
  StatusOr<std::shared_ptr<const core::Hierarchy>> CachedHierarchy(store::Store& store);
  void InvalidateHierarchy();

  StorePool& pool_;
  ApiOptions options_;
  std::unique_ptr<AuditBatcher> audit_;
  std::mutex hierarchy_mutex_;
  std::shared_ptr<const core::Hierarchy> hierarchy_;
  Router router_;
  Metrics metrics_;
  int schema_version_ = 0;
};

}  // namespace alley::api
