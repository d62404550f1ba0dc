// Residents' concerns (接诉即办): take one in, list, read with its events,
// move it on (If-Match), the reporter's phone in clear with a reason, the
// three rates, monthly rates per unit, hot spots, the categories, and the
// escalation of the overdue. The rules are services/concerns.h's; the scope
// is the user's unit, as everywhere.
#include "api/api.h"
#include "api/params.h"
#include "registry/audit.h"
#include "registry/paging.h"
#include "services/concerns.h"
#include "services/concerns_json.h"

namespace alley::api {

namespace audit = registry::audit;

namespace {

std::string ConcernETag(const store::ConcernRow& c) {
  return ETag("c" + std::to_string(c.id) + "v" + std::to_string(c.version));
}

services::Instant InstantOf(const Call& call) { return Seconds(call.now); }

StatusOr<services::ReportPeriod> PeriodOf(const Call& call) {
  const core::Date first_of_month = *core::Date::FromYmd(call.today.year(), call.today.month(), 1);
  ALLEY_ASSIGN_OR_RETURN(core::Date from, QueryDate(call, "from", first_of_month));
  ALLEY_ASSIGN_OR_RETURN(core::Date to, QueryDate(call, "to", call.today));
  if (to < from) return InvalidArgumentError("query to: is before from");
  return services::ReportPeriod{from, to};
}

// The unit a report is asked for: ?unit=, in scope (403 outside), default
// the user's own.
StatusOr<std::string> ReportUnit(const Call& call) {
  std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  return unit;
}

HttpResponse ConcernResponse(const store::ConcernRow& row, nlohmann::json body, int status) {
  HttpResponse res;
  res.status = status;
  res.SetHeader("ETag", ConcernETag(row));
  body["etag"] = ConcernETag(row);
  res.SetJson(body);
  return res;
}

}  // namespace

StatusOr<HttpResponse> Api::ListConcerns(Call& call) {
  store::ConcernQuery q;
  q.subtree_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.subtree_code));
  if (std::optional<std::string> state = QueryText(call, "state")) {
    ALLEY_RETURN_IF_ERROR(services::ParseConcernState(*state).status().WithContext("query state"));
    q.state = *state;
  }
  if (std::optional<std::string> category = QueryText(call, "category")) {
    const services::ConcernCategory* c = services::FindConcernCategory(*category);
    if (c == nullptr)
      return InvalidArgumentError("query category: \"" + *category + "\" is not a category");
    q.category = std::string(c->id);
  }
  if (QueryText(call, "from") || QueryText(call, "to")) {
    ALLEY_ASSIGN_OR_RETURN(services::ReportPeriod period, PeriodOf(call));
    if (QueryText(call, "from"))
      q.received_from = services::PeriodStart(period).time_since_epoch().count();
    if (QueryText(call, "to"))
      q.received_to = services::PeriodEnd(period).time_since_epoch().count();
  }
  if (std::optional<std::string> overdue = QueryText(call, "overdue")) {
    if (*overdue != "true" && *overdue != "false") {
      return InvalidArgumentError("query overdue: true or false");
    }
    if (*overdue == "true") q.overdue_at = InstantOf(call).time_since_epoch().count();
  }
  if (std::optional<std::string> text = QueryText(call, "q")) {
    if (text->size() > services::kMaxConcernShortText) {
      return InvalidArgumentError("query q: at most " +
                                  std::to_string(services::kMaxConcernShortText) + " bytes");
    }
    q.text = *text;
  }
  ALLEY_ASSIGN_OR_RETURN(int64_t page, QueryInt(call, "page", 1, 1, 1'000'000));
  ALLEY_ASSIGN_OR_RETURN(int64_t page_size, QueryInt(call, "page_size", registry::kDefaultPageSize,
                                                     1, registry::kMaxPageSize));
  q.limit = page_size;
  q.offset = (page - 1) * page_size;
  ALLEY_ASSIGN_OR_RETURN(
      store::ConcernPage list,
      services::ListConcerns(call.store, q, call.principal->unit_code,
                             registry::ActorOf(*call.principal), InstantOf(call)));
  nlohmann::json items = nlohmann::json::array();
  for (const store::ConcernRow& c : list.items) {
    nlohmann::json j = services::ConcernJson(c);
    j["etag"] = ConcernETag(c);
    items.push_back(std::move(j));
  }
  HttpResponse res;
  res.SetJson({{"items", items}, {"total", list.total}, {"page", page}, {"page_size", page_size}});
  return res;
}

StatusOr<HttpResponse> Api::CreateConcern(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
      body, {"unit", "category", "urgency", "channel", "description", "address", "lat", "lon",
             "reporter_name", "reporter_phone", "resident", "received_at"}));
  services::NewConcern c;
  ALLEY_ASSIGN_OR_RETURN(c.unit_code, RequiredString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(c.category, RequiredString(body, "category"));
  ALLEY_ASSIGN_OR_RETURN(c.description, RequiredString(body, "description"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> channel, OptionalString(body, "channel"));
  c.channel = channel.value_or("app");
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> urgency, OptionalString(body, "urgency"));
  c.urgency = urgency.value_or("normal");
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> address, OptionalString(body, "address"));
  c.address = address.value_or("");
  ALLEY_ASSIGN_OR_RETURN(c.lat, OptionalNumber(body, "lat"));
  ALLEY_ASSIGN_OR_RETURN(c.lon, OptionalNumber(body, "lon"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(body, "reporter_name"));
  c.reporter_name = name.value_or("");
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> phone, OptionalString(body, "reporter_phone"));
  c.reporter_phone = phone.value_or("");
  ALLEY_ASSIGN_OR_RETURN(c.resident_id, OptionalInt(body, "resident"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> received, OptionalString(body, "received_at"));
  if (received) {
    StatusOr<store::Timestamp> at = store::ParseTimestamp(*received);
    if (!at.ok())
      return InvalidArgumentError("field received_at: " + std::string(at.status().message()));
    c.received_at = *at;
  }
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, c.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      store::ConcernRow row,
      services::TakeConcern(call.store, c, call.principal->unit_code,
                            registry::ActorOf(*call.principal), InstantOf(call)));
  return ConcernResponse(row, services::ConcernJson(row), 201);
}

StatusOr<HttpResponse> Api::GetConcern(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "concern"));
  ALLEY_ASSIGN_OR_RETURN(services::ConcernDetail detail,
                         services::GetConcern(call.store, id, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, "concern", id));
  return ConcernResponse(detail.concern, services::ConcernDetailJson(detail), 200);
}

StatusOr<HttpResponse> Api::MoveConcern(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "concern"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"event", "to", "reason", "note", "rating"}));
  ALLEY_ASSIGN_OR_RETURN(std::string event, RequiredString(body, "event"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> to, OptionalString(body, "to"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> rating, OptionalString(body, "rating"));
  if (event == "escalate") {
    return InvalidArgumentError(
        "field event: escalations are Alley's own when a deadline passes "
        "(POST /api/v1/concerns/escalations)");
  }
  ALLEY_ASSIGN_OR_RETURN(services::ConcernEvent e,
                         services::ConcernEventFrom(event, to.value_or(""), reason.value_or(""),
                                                    note.value_or(""), rating.value_or(""), 0));
  // The concern must be visible before its version is compared (404 before 409).
  StatusOr<int64_t> expected = VersionFromETag(*if_match, 'c', id);
  if (!expected.ok()) {
    ALLEY_RETURN_IF_ERROR(services::GetConcern(call.store, id, call.principal->unit_code).status());
    return expected.status();
  }
  ALLEY_ASSIGN_OR_RETURN(
      store::ConcernRow row,
      services::MoveConcern(call.store, id, *expected, e, call.principal->unit_code,
                            registry::ActorOf(*call.principal), InstantOf(call)));
  return ConcernResponse(row, services::ConcernJson(row), 200);
}

StatusOr<HttpResponse> Api::UnmaskConcern(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "concern"));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"reason"}));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(
      std::string phone,
      services::RevealReporterPhone(call.store, id, call.principal->unit_code, reason.value_or(""),
                                    registry::ActorOf(*call.principal), InstantOf(call)));
  HttpResponse res;
  res.SetHeader("Cache-Control", "no-store");
  res.SetJson({{"id", id}, {"reporter_phone", phone}});
  return res;
}

StatusOr<HttpResponse> Api::EscalateConcerns(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body,
                         ParseJsonObject(call.req.body.empty() ? "{}" : call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"unit"}));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> unit, OptionalString(body, "unit"));
  const std::string within = unit.value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, within));
  ALLEY_ASSIGN_OR_RETURN(
      int64_t n, services::EscalateOverdue(call.store, within, registry::ActorOf(*call.principal),
                                           InstantOf(call)));
  HttpResponse res;
  res.SetJson({{"unit", within}, {"escalated", n}});
  return res;
}

StatusOr<HttpResponse> Api::ConcernRates(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::string unit, ReportUnit(call));
  ALLEY_ASSIGN_OR_RETURN(services::ReportPeriod period, PeriodOf(call));
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::Timestamp> as_of, QueryInstant(call, "as_of"));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(
      services::ConcernRates rates,
      services::RatesFor(call.store, *hierarchy, unit, period, as_of.value_or(InstantOf(call))));
  nlohmann::json doc = services::ConcernRatesJson(rates);
  doc["unit"] = unit;
  doc["from"] = period.from.ToString();
  doc["to"] = period.to.ToString();
  doc["as_of"] = store::FormatTimestamp(as_of.value_or(InstantOf(call)));
  HttpResponse res;
  res.SetJson(doc);
  return res;
}

StatusOr<HttpResponse> Api::MonthlyConcernRates(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::string unit, ReportUnit(call));
  ALLEY_ASSIGN_OR_RETURN(services::ReportPeriod period, PeriodOf(call));
  const std::string level_name = QueryText(call, "level").value_or("community");
  std::optional<core::UnitLevel> level = core::ParseUnitLevel(level_name);
  if (!level) return InvalidArgumentError("query level: \"" + level_name + "\" is not a level");
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(
      services::MonthlyConcernCounts m,
      services::MonthlyRatesFor(call.store, *hierarchy, unit, *level,
                                services::YearMonth::Of(period.from),
                                services::YearMonth::Of(period.to), InstantOf(call)));
  nlohmann::json rows = nlohmann::json::array();
  for (size_t u = 0; u < m.units.size(); ++u) {
    for (int month = 0; month < m.month_count; ++month) {
      nlohmann::json row = services::ConcernRatesJson(m.RatesAt(u, month));
      const int64_t ordinal = m.first_month.Ordinal() + month;
      services::YearMonth ym{static_cast<int>(ordinal / 12), static_cast<int>(ordinal % 12) + 1};
      row["unit"] = hierarchy->Code(m.units[u]);
      row["name"] = hierarchy->Name(m.units[u]);
      row["month"] = ym.ToString();
      rows.push_back(std::move(row));
    }
  }
  HttpResponse res;
  res.SetJson({{"unit", unit}, {"level", level_name}, {"rows", rows}});
  return res;
}

StatusOr<HttpResponse> Api::ConcernHotSpots(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::string unit, ReportUnit(call));
  ALLEY_ASSIGN_OR_RETURN(services::ReportPeriod period, PeriodOf(call));
  ALLEY_ASSIGN_OR_RETURN(int64_t top, QueryInt(call, "top", 10, 1, 100));
  ALLEY_ASSIGN_OR_RETURN(std::vector<services::HotSpot> spots,
                         services::HotSpots(call.store, unit, period, static_cast<size_t>(top)));
  nlohmann::json items = nlohmann::json::array();
  for (const services::HotSpot& s : spots) items.push_back(services::HotSpotJson(s));
  HttpResponse res;
  res.SetJson({{"unit", unit},
               {"from", period.from.ToString()},
               {"to", period.to.ToString()},
               {"items", items}});
  return res;
}

StatusOr<HttpResponse> Api::ConcernCategories(Call& call) {
  (void)call;
  HttpResponse res;
  res.SetJson({{"categories", services::ConcernCategoriesJson()},
               {"channels", services::kConcernChannels},
               {"urgencies", {"normal", "urgent", "emergency"}}});
  return res;
}

}  // namespace alley::api
