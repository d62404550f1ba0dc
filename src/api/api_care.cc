// Home services and the time bank (docs/http.md, "Home services" and "Time
// bank"): caregivers and volunteers, home-service orders with their events,
// balances, statements, transfers, redemptions and reversals. The domain
// (services/care.h, services/timebank_service.h) checks scope and rules and
// audits every write in its transaction; the handlers here audit the reads
// of personal data (names), as the resident routes do.
#include <cmath>

#include "api/api.h"
#include "api/json.h"
#include "api/params.h"
#include "registry/accounts.h"
#include "registry/audit.h"
#include "registry/paging.h"
#include "services/care.h"
#include "services/care_json.h"
#include "services/timebank_service.h"

namespace alley::api {

namespace audit = registry::audit;
using nlohmann::json;
using services::ProviderType;

namespace {

std::string ProviderETag(const store::CareProviderRow& p) {
  return ETag("p" + std::to_string(p.id) + "v" + std::to_string(p.version));
}

std::string OrderETag(const store::HomeServiceOrderRow& o) {
  return ETag("o" + std::to_string(o.id) + "v" + std::to_string(o.version));
}

json ProviderAnswer(const services::ProviderItem& item) {
  json j = services::ProviderJson(item);
  j["etag"] = ProviderETag(item.provider);
  return j;
}

json OrderAnswer(const store::HomeServiceOrderRow& o) {
  json j = services::OrderJson(o);
  j["etag"] = OrderETag(o);
  return j;
}

json OrderDetailAnswer(const services::OrderDetail& d) {
  json j = services::OrderDetailJson(d);
  j["etag"] = OrderETag(d.order);
  return j;
}

StatusOr<int64_t> Page(const Call& call) { return QueryInt(call, "page", 1, 1, INT64_MAX); }
StatusOr<int64_t> PageSize(const Call& call) {
  return QueryInt(call, "page_size", registry::kDefaultPageSize, 1, registry::kMaxPageSize);
}

StatusOr<std::optional<core::Date>> QueryOptionalDate(const Call& call, std::string_view name) {
  std::optional<std::string> text = QueryText(call, name);
  if (!text) return std::optional<core::Date>();
  StatusOr<core::Date> d = core::Date::Parse(*text);
  if (!d.ok()) return d.status().WithContext("parameter " + std::string(name));
  return std::optional<core::Date>(*d);
}

StatusOr<std::optional<int64_t>> QueryId(const Call& call, std::string_view name) {
  if (!QueryText(call, name)) return std::optional<int64_t>();
  ALLEY_ASSIGN_OR_RETURN(int64_t id, QueryInt(call, name, 0, 1, INT64_MAX));
  return std::optional<int64_t>(id);
}

// A date field of a body: absent → `fallback`.
StatusOr<core::Date> DateField(const json& body, std::string_view name, core::Date fallback) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(body, name));
  if (!text || text->empty()) return fallback;
  StatusOr<core::Date> d = core::Date::Parse(*text);
  if (!d.ok()) return d.status().WithContext("field " + std::string(name));
  return *d;
}

StatusOr<int> ClockField(const json& body, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::string text, RequiredString(body, name));
  std::optional<int> minutes = services::ParseClock(text);
  if (!minutes) {
    return InvalidArgumentError("field " + std::string(name) + ": \"" + text.substr(0, 10) +
                                "\" is not a time HH:MM (00:00 to 24:00)");
  }
  return *minutes;
}

// "minutes" (a whole number) or "hours" (a number of whole minutes), one of them.
StatusOr<int64_t> AmountField(const json& body) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> minutes, OptionalInt(body, "minutes"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<double> hours, OptionalNumber(body, "hours"));
  if (minutes.has_value() == hours.has_value()) {
    return InvalidArgumentError("field hours: give hours or minutes, one of them");
  }
  if (minutes) return *minutes;
  const double m = *hours * 60;
  const double whole = std::round(m);
  if (!std::isfinite(m) || std::abs(m - whole) > 1e-6 || std::abs(whole) > 1e12) {
    return InvalidArgumentError("field hours: not a whole number of minutes");
  }
  return static_cast<int64_t>(whole);
}

StatusOr<std::optional<std::vector<services::WeeklyWindow>>> WindowsField(const json& body) {
  if (!body.contains("availability") || body["availability"].is_null()) {
    return std::optional<std::vector<services::WeeklyWindow>>();
  }
  const json& list = body["availability"];
  if (!list.is_array()) {
    return InvalidArgumentError(
        "field availability: must be a list of {\"day\", \"start\", \"end\"}");
  }
  std::vector<services::WeeklyWindow> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string field = "availability[" + std::to_string(i) + "]";
    const json& w = list[i];
    if (!w.is_object()) return InvalidArgumentError("field " + field + ": must be an object");
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(w, {"day", "start", "end"}).WithContext(field));
    ALLEY_ASSIGN_OR_RETURN(std::string day, RequiredString(w, "day"));
    std::optional<services::Weekday> d = services::ParseWeekday(day);
    if (!d) return InvalidArgumentError("field " + field + ".day: not a day (mon..sun)");
    StatusOr<int> start = ClockField(w, "start");
    if (!start.ok()) return start.status().WithContext(field);
    StatusOr<int> end = ClockField(w, "end");
    if (!end.ok()) return end.status().WithContext(field);
    out.push_back({*d, *start, *end});
  }
  return std::optional<std::vector<services::WeeklyWindow>>(std::move(out));
}

StatusOr<std::optional<std::vector<store::CertificationRow>>> CertificationsField(
    const json& body) {
  if (!body.contains("certifications") || body["certifications"].is_null()) {
    return std::optional<std::vector<store::CertificationRow>>();
  }
  const json& list = body["certifications"];
  if (!list.is_array()) {
    return InvalidArgumentError(
        "field certifications: must be a list of {\"occupation\", \"level\", \"issued\", "
        "\"expires\", \"number\"}");
  }
  std::vector<store::CertificationRow> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string field = "certifications[" + std::to_string(i) + "]";
    const json& c = list[i];
    if (!c.is_object()) return InvalidArgumentError("field " + field + ": must be an object");
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(c, {"occupation", "level", "issued", "expires", "number"})
                              .WithContext(field));
    store::CertificationRow row;
    ALLEY_ASSIGN_OR_RETURN(row.occupation, RequiredString(c, "occupation"));
    ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> level, OptionalInt(c, "level"));
    if (!level || *level < 1 || *level > 5) {
      return InvalidArgumentError("field " + field + ".level: must be 1..5");
    }
    row.level = static_cast<int>(*level);
    ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> number, OptionalString(c, "number"));
    row.number = number.value_or("");
    for (const auto& [name, target] :
         {std::pair{"issued", &row.issued}, std::pair{"expires", &row.expires}}) {
      ALLEY_ASSIGN_OR_RETURN(std::string text, RequiredString(c, name));
      StatusOr<core::Date> d = core::Date::Parse(text);
      if (!d.ok()) return d.status().WithContext("field " + field + "." + name);
      *target = *d;
    }
    out.push_back(std::move(row));
  }
  return std::optional<std::vector<store::CertificationRow>>(std::move(out));
}

// The fields of a provider body (create and change).
struct ProviderFields {
  services::ProviderUpdate update;
  std::optional<int64_t> resident_id;
  std::optional<core::Date> registered_on;
};

StatusOr<ProviderFields> ProviderBody(const json& body, ProviderType type, bool create) {
  if (type == ProviderType::kCaregiver) {
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
        body, create
                  ? std::initializer_list<std::string_view>{"unit", "resident", "name",
                                                            "occupation", "skills", "availability",
                                                            "certifications", "lat", "lon",
                                                            "hours_before", "registered_on", "note"}
                  : std::initializer_list<std::string_view>{
                        "unit", "name", "occupation", "skills", "availability", "certifications",
                        "lat", "lon", "hours_before", "left_on", "note"}));
  } else {
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
        body,
        create ? std::initializer_list<std::string_view>{"unit", "resident", "name", "skills",
                                                         "availability", "lat", "lon",
                                                         "registered_on", "note"}
               : std::initializer_list<std::string_view>{"unit", "name", "skills", "availability",
                                                         "lat", "lon", "left_on", "note"}));
  }
  ProviderFields f;
  services::ProviderUpdate& u = f.update;
  ALLEY_ASSIGN_OR_RETURN(u.unit_code, OptionalString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(u.name, OptionalString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(u.occupation, OptionalString(body, "occupation"));
  ALLEY_ASSIGN_OR_RETURN(u.skills, OptionalStrings(body, "skills"));
  ALLEY_ASSIGN_OR_RETURN(u.availability, WindowsField(body));
  ALLEY_ASSIGN_OR_RETURN(u.certifications, CertificationsField(body));
  ALLEY_ASSIGN_OR_RETURN(u.lat, OptionalNumber(body, "lat"));
  ALLEY_ASSIGN_OR_RETURN(u.lon, OptionalNumber(body, "lon"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<double> hours, OptionalNumber(body, "hours_before"));
  if (hours) {
    if (!(*hours >= 0 && *hours < 1e7)) {
      return InvalidArgumentError("field hours_before: must be 0 or more");
    }
    u.prior_minutes = static_cast<int64_t>(std::llround(*hours * 60));
  }
  ALLEY_ASSIGN_OR_RETURN(u.note, OptionalString(body, "note"));
  ALLEY_ASSIGN_OR_RETURN(f.resident_id, OptionalInt(body, "resident"));
  if (body.contains("left_on")) {
    if (body["left_on"].is_null()) {
      u.left_on = std::optional<core::Date>();
    } else {
      ALLEY_ASSIGN_OR_RETURN(core::Date d, DateField(body, "left_on", core::Date()));
      u.left_on = std::optional<core::Date>(d);
    }
  }
  if (body.contains("registered_on") && !body["registered_on"].is_null()) {
    ALLEY_ASSIGN_OR_RETURN(core::Date d, DateField(body, "registered_on", core::Date()));
    f.registered_on = d;
  }
  return f;
}

std::string_view ObjectOf(ProviderType type) { return services::ProviderTypeId(type); }

StatusOr<HttpResponse> ListProvidersOf(Call& call, ProviderType type) {
  services::ProviderListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  q.type = type;
  q.skill = QueryText(call, "skill").value_or("");
  q.text = QueryText(call, "q").value_or("");
  const std::string status = QueryText(call, "status").value_or("active");
  if (status == "active") {
    ALLEY_ASSIGN_OR_RETURN(core::Date on, QueryDate(call, "as_of", call.today));
    q.active_on = on;
  } else if (status != "all") {
    return InvalidArgumentError("parameter status: must be active or all");
  }
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(services::ProviderList list,
                         services::ListProviders(call.store, q, call.principal->unit_code));
  json items = json::array();
  std::vector<int64_t> ids;
  for (const services::ProviderItem& p : list.items) {
    items.push_back(ProviderAnswer(p));
    ids.push_back(p.provider.id);
  }
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, ObjectOf(type), audit::RecordIds(ids),
                                    "", "unit=" + q.unit_code));
  return PageResponse(std::move(items), list.total, q.page, q.page_size);
}

StatusOr<HttpResponse> GetProviderOf(Call& call, ProviderType type) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", ObjectOf(type)));
  ALLEY_ASSIGN_OR_RETURN(services::ProviderItem p,
                         services::GetProvider(call.store, id, type, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, ObjectOf(type), id));
  HttpResponse res;
  res.SetHeader("ETag", ProviderETag(p.provider));
  res.SetJson(ProviderAnswer(p));
  return res;
}

StatusOr<HttpResponse> CreateProviderOf(Call& call, ProviderType type) {
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_ASSIGN_OR_RETURN(ProviderFields f, ProviderBody(body, type, /*create=*/true));
  services::ProviderInput in;
  in.unit_code = f.update.unit_code.value_or("");
  if (type == ProviderType::kCaregiver && in.unit_code.empty()) {
    return InvalidArgumentError("field unit: is required");
  }
  if (type == ProviderType::kVolunteer && !f.resident_id) {
    return InvalidArgumentError("field resident: is required (the volunteer's resident id)");
  }
  if (!in.unit_code.empty()) ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, in.unit_code));
  in.resident_id = f.resident_id;
  in.name = f.update.name.value_or("");
  in.occupation = f.update.occupation.value_or("");
  in.skills = f.update.skills.value_or(std::vector<std::string>{});
  in.availability = f.update.availability.value_or(std::vector<services::WeeklyWindow>{});
  in.certifications = f.update.certifications.value_or(std::vector<store::CertificationRow>{});
  in.lat = f.update.lat;
  in.lon = f.update.lon;
  in.prior_minutes = f.update.prior_minutes.value_or(0);
  in.registered_on = f.registered_on.value_or(call.today);
  in.note = f.update.note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      services::ProviderItem p,
      services::RegisterProvider(call.store, type, in, call.principal->unit_code,
                                 registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location",
                "/api/v1/" + std::string(ObjectOf(type)) + "s/" + std::to_string(p.provider.id));
  res.SetHeader("ETag", ProviderETag(p.provider));
  res.SetJson(ProviderAnswer(p));
  return res;
}

StatusOr<HttpResponse> UpdateProviderOf(Call& call, ProviderType type) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", ObjectOf(type)));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_ASSIGN_OR_RETURN(ProviderFields f, ProviderBody(body, type, /*create=*/false));
  ALLEY_RETURN_IF_ERROR(
      services::GetProvider(call.store, id, type, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'p', id));
  if (f.update.unit_code) ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, *f.update.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      services::ProviderItem p,
      services::UpdateProvider(call.store, id, type, expected, f.update, call.principal->unit_code,
                               registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.SetHeader("ETag", ProviderETag(p.provider));
  res.SetJson(ProviderAnswer(p));
  return res;
}

}  // namespace

StatusOr<HttpResponse> Api::ListCaregivers(Call& call) {
  return ListProvidersOf(call, ProviderType::kCaregiver);
}
StatusOr<HttpResponse> Api::CreateCaregiver(Call& call) {
  return CreateProviderOf(call, ProviderType::kCaregiver);
}
StatusOr<HttpResponse> Api::GetCaregiver(Call& call) {
  return GetProviderOf(call, ProviderType::kCaregiver);
}
StatusOr<HttpResponse> Api::UpdateCaregiver(Call& call) {
  return UpdateProviderOf(call, ProviderType::kCaregiver);
}
StatusOr<HttpResponse> Api::ListVolunteers(Call& call) {
  return ListProvidersOf(call, ProviderType::kVolunteer);
}
StatusOr<HttpResponse> Api::CreateVolunteer(Call& call) {
  return CreateProviderOf(call, ProviderType::kVolunteer);
}
StatusOr<HttpResponse> Api::GetVolunteer(Call& call) {
  return GetProviderOf(call, ProviderType::kVolunteer);
}
StatusOr<HttpResponse> Api::UpdateVolunteer(Call& call) {
  return UpdateProviderOf(call, ProviderType::kVolunteer);
}

// ---- Orders ----

StatusOr<HttpResponse> Api::ListOrders(Call& call) {
  services::OrderListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  q.state = QueryText(call, "state").value_or("");
  q.kind = QueryText(call, "kind").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.provider_id, QueryId(call, "provider"));
  ALLEY_ASSIGN_OR_RETURN(q.resident_id, QueryId(call, "resident"));
  ALLEY_ASSIGN_OR_RETURN(q.from, QueryOptionalDate(call, "from"));
  ALLEY_ASSIGN_OR_RETURN(q.to, QueryOptionalDate(call, "to"));
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(store::HomeServiceOrderPage page,
                         services::ListHomeServiceOrders(call.store, q, call.principal->unit_code));
  json items = json::array();
  std::vector<int64_t> ids;
  for (const store::HomeServiceOrderRow& o : page.items) {
    items.push_back(OrderAnswer(o));
    ids.push_back(o.id);
  }
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "home_service_order",
                                    audit::RecordIds(ids), "", "unit=" + q.unit_code));
  return PageResponse(std::move(items), page.total, q.page, q.page_size);
}

StatusOr<HttpResponse> Api::CreateOrder(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"resident", "kind", "date", "start", "end", "lat", "lon", "note"}));
  services::OrderInput in;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> resident, OptionalInt(body, "resident"));
  if (!resident) return InvalidArgumentError("field resident: is required (a resident id)");
  in.resident_id = *resident;
  ALLEY_ASSIGN_OR_RETURN(in.kind, RequiredString(body, "kind"));
  ALLEY_ASSIGN_OR_RETURN(std::string date, RequiredString(body, "date"));
  StatusOr<core::Date> d = core::Date::Parse(date);
  if (!d.ok()) return d.status().WithContext("field date");
  in.slot.date = *d;
  ALLEY_ASSIGN_OR_RETURN(in.slot.start_min, ClockField(body, "start"));
  ALLEY_ASSIGN_OR_RETURN(in.slot.end_min, ClockField(body, "end"));
  ALLEY_ASSIGN_OR_RETURN(in.lat, OptionalNumber(body, "lat"));
  ALLEY_ASSIGN_OR_RETURN(in.lon, OptionalNumber(body, "lon"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  in.note = note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      services::OrderDetail o,
      services::RequestHomeService(call.store, in, call.principal->unit_code,
                                   registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location", "/api/v1/orders/" + std::to_string(o.order.id));
  res.SetHeader("ETag", OrderETag(o.order));
  res.SetJson(OrderDetailAnswer(o));
  return res;
}

StatusOr<HttpResponse> Api::GetOrder(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "order"));
  ALLEY_ASSIGN_OR_RETURN(services::OrderDetail o,
                         services::GetHomeServiceOrder(call.store, id, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, "home_service_order", id));
  HttpResponse res;
  res.SetHeader("ETag", OrderETag(o.order));
  res.SetJson(OrderDetailAnswer(o));
  return res;
}

StatusOr<HttpResponse> Api::MatchOrder(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "order"));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<services::RankedProvider> ranked,
      services::MatchHomeServiceOrder(call.store, id, call.principal->unit_code));
  std::vector<int64_t> ids;
  ids.reserve(ranked.size());
  for (const services::RankedProvider& r : ranked) ids.push_back(r.provider.id);
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "care_provider", audit::RecordIds(ids),
                                    "", "match order=" + std::to_string(id)));
  HttpResponse res;
  res.SetJson(services::CandidatesJson(id, ranked));
  return res;
}

StatusOr<HttpResponse> Api::AddOrderEvent(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "order"));
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"event", "provider", "stars", "reason"}));
  ALLEY_ASSIGN_OR_RETURN(std::string event, RequiredString(body, "event"));
  std::optional<services::OrderEvent> e = services::ParseOrderEvent(event);
  if (!e) {
    return InvalidArgumentError("field event: unknown event \"" + event.substr(0, 20) +
                                "\" (assign, start, finish, rate, cancel)");
  }
  services::OrderChange change;
  change.event = *e;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> provider, OptionalInt(body, "provider"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> stars, OptionalInt(body, "stars"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(body, "reason"));
  if (provider && *e != services::OrderEvent::kAssign) {
    return InvalidArgumentError("field provider: only an assign names a provider");
  }
  if (stars && *e != services::OrderEvent::kRate) {
    return InvalidArgumentError("field stars: only a rate gives stars");
  }
  if (provider && *provider <= 0) return InvalidArgumentError("field provider: must be an id");
  change.provider_id = provider.value_or(0);
  if (*e == services::OrderEvent::kRate) {
    if (!stars) return InvalidArgumentError("field stars: is required (1..5)");
    if (*stars < services::kMinStars || *stars > services::kMaxStars) {
      return InvalidArgumentError("field stars: must be 1..5");
    }
    change.stars = static_cast<int>(*stars);
  }
  change.note = reason.value_or("");
  std::optional<int64_t> expected;
  if (std::optional<std::string> if_match = IfMatch(call)) {
    ALLEY_RETURN_IF_ERROR(
        services::GetHomeServiceOrder(call.store, id, call.principal->unit_code).status());
    ALLEY_ASSIGN_OR_RETURN(expected, VersionFromETag(*if_match, 'o', id));
  }
  ALLEY_ASSIGN_OR_RETURN(
      services::OrderDetail o,
      services::ApplyOrderEvent(call.store, id, change, call.principal->unit_code,
                                registry::ActorOf(*call.principal), Seconds(call.now), expected));
  HttpResponse res;
  res.SetHeader("ETag", OrderETag(o.order));
  res.SetJson(OrderDetailAnswer(o));
  return res;
}

// ---- Time bank ----

StatusOr<HttpResponse> Api::TimeBankBalances(Call& call) {
  const std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> as_of, QueryOptionalDate(call, "as_of"));
  ALLEY_ASSIGN_OR_RETURN(
      services::TimeBankBalances b,
      services::GetTimeBankBalances(call.store, unit, as_of, call.principal->unit_code));
  int64_t accounts = 0;
  for (const services::BankBalances& bank : b.banks) {
    accounts += static_cast<int64_t>(bank.accounts.size());
  }
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "timebank_account",
                                    audit::RecordCount(accounts), "", "unit=" + unit));
  HttpResponse res;
  res.SetJson(services::BalancesJson(b));
  return res;
}

StatusOr<HttpResponse> Api::TimeBankStatement(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "time-bank account"));
  ALLEY_ASSIGN_OR_RETURN(core::Date to, QueryDate(call, "to", call.today));
  ALLEY_ASSIGN_OR_RETURN(core::Date from,
                         QueryDate(call, "from", *core::Date::FromYmd(to.year(), 1, 1)));
  ALLEY_ASSIGN_OR_RETURN(
      services::AccountStatement s,
      services::GetAccountStatement(call.store, id, from, to, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, "timebank_account", id));
  HttpResponse res;
  res.SetJson(services::StatementJson(s));
  return res;
}

StatusOr<HttpResponse> Api::TimeBankTransfer(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"from_account", "to_account", "to_resident", "hours",
                                               "minutes", "date", "relation", "memo"}));
  services::TransferInput in;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> from, OptionalInt(body, "from_account"));
  if (!from) return InvalidArgumentError("field from_account: is required (the giver's account)");
  in.from_account_id = *from;
  ALLEY_ASSIGN_OR_RETURN(in.to_account_id, OptionalInt(body, "to_account"));
  ALLEY_ASSIGN_OR_RETURN(in.to_resident_id, OptionalInt(body, "to_resident"));
  ALLEY_ASSIGN_OR_RETURN(in.minutes, AmountField(body));
  ALLEY_ASSIGN_OR_RETURN(in.date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> relation, OptionalString(body, "relation"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> memo, OptionalString(body, "memo"));
  in.relation = relation.value_or("");
  in.memo = memo.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      services::PostedTransaction p,
      services::TransferHours(call.store, in, call.principal->unit_code,
                              registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetJson(services::PostedJson(p));
  return res;
}

StatusOr<HttpResponse> Api::TimeBankRedemption(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"account", "hours", "minutes", "date", "reference", "memo"}));
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> account, OptionalInt(body, "account"));
  if (!account) return InvalidArgumentError("field account: is required (the member's account)");
  ALLEY_ASSIGN_OR_RETURN(int64_t minutes, AmountField(body));
  ALLEY_ASSIGN_OR_RETURN(core::Date date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(std::string reference, RequiredString(body, "reference"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> memo, OptionalString(body, "memo"));
  ALLEY_ASSIGN_OR_RETURN(
      services::PostedTransaction p,
      services::RedeemHours(call.store, *account, minutes, date, reference, memo.value_or(""),
                            call.principal->unit_code, registry::ActorOf(*call.principal),
                            Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetJson(services::PostedJson(p));
  return res;
}

StatusOr<HttpResponse> Api::TimeBankReversal(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"unit", "transaction", "date", "reason"}));
  ALLEY_ASSIGN_OR_RETURN(std::string unit, RequiredString(body, "unit"));
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> number, OptionalInt(body, "transaction"));
  if (!number) return InvalidArgumentError("field transaction: is required (its number)");
  ALLEY_ASSIGN_OR_RETURN(core::Date date, DateField(body, "date", call.today));
  ALLEY_ASSIGN_OR_RETURN(std::string reason, RequiredString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(services::PostedTransaction p,
                         services::ReverseTransaction(
                             call.store, unit, *number, date, reason, call.principal->unit_code,
                             registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetJson(services::PostedJson(p));
  return res;
}

}  // namespace alley::api
