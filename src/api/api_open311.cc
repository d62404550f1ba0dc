// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON format,
// under /open311/v2/: the services (Alley's concern categories), filing a
// request (a concern, channel "open311"), the requests and one request, so
// that existing apps can file and follow concerns.
//
// Who calls: a bearer token of an Alley session (its role needs
// services.read, and services.write to file) or an `api_key` that
// `alley apikey add --unit CODE` issued (query parameter or form field).
// Either way the caller's unit is the root of what it sees: a request
// elsewhere is not found (404), a jurisdiction elsewhere is refused (403). Errors answer the
// GeoReport way: a JSON array
// `[{"code": 400, "description": "..."}]` with the HTTP status.
//
// Mapping (docs/http.md, "Open311"): service_code = category identifier;
// service_request_id = the concern's id; status "closed" once resolved
// (resolved, rated or closed), "open" before; jurisdiction_id = the unit
// code where a request is placed (default: the API key's unit).
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "api/api.h"
#include "api/params.h"
#include "registry/accounts.h"
#include "registry/api_keys.h"
#include "registry/audit.h"
#include "services/concerns.h"

namespace alley::api {

namespace audit = registry::audit;

namespace {

using nlohmann::json;

constexpr int64_t kChinaOffsetSeconds = 8 * 3600;
constexpr int64_t kMaxRequests = 1000;
constexpr int64_t kDefaultWindowDays = 90;

HttpResponse Open311Error(const Status& status) {
  HttpResponse res;
  res.status = HttpStatusOf(status.code());
  res.SetJson(json::array({{{"code", res.status}, {"description", status.message()}}}));
  return res;
}

// "2025-09-29T10:00:00+08:00": W3C date-time in Beijing time.
std::string W3c(int64_t seconds) {
  const std::string utc =
      store::FormatTimestamp(store::Timestamp(std::chrono::seconds(seconds + kChinaOffsetSeconds)));
  return utc.substr(0, utc.size() - 1) + "+08:00";  // "...Z" shifted by 8 hours
}

// A W3C date-time: "...Z" or "...+08:00" / "...-05:00".
StatusOr<int64_t> ParseW3c(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return InvalidArgumentError(std::string(field) + ": \"" + std::string(text.substr(0, 40)) +
                                "\" is not a W3C date-time (2025-09-29T10:00:00+08:00)");
  };
  if (text.size() == 20 && text.back() == 'Z') {
    StatusOr<store::Timestamp> t = store::ParseTimestamp(text);
    if (!t.ok()) return bad();
    return t->time_since_epoch().count();
  }
  if (text.size() != 25 || (text[19] != '+' && text[19] != '-') || text[22] != ':') return bad();
  StatusOr<store::Timestamp> t = store::ParseTimestamp(std::string(text.substr(0, 19)) + "Z");
  int hours = 0;
  int minutes = 0;
  auto h = std::from_chars(text.data() + 20, text.data() + 22, hours);
  auto m = std::from_chars(text.data() + 23, text.data() + 25, minutes);
  if (!t.ok() || h.ec != std::errc() || m.ec != std::errc() || hours > 14 || minutes > 59) {
    return bad();
  }
  const int64_t offset = (hours * 3600 + minutes * 60) * (text[19] == '+' ? 1 : -1);
  return t->time_since_epoch().count() - offset;
}

bool Closed(std::string_view state) {
  return state == "resolved" || state == "rated" || state == "closed";
}

json RequestJson(const store::ConcernRow& c, std::string_view status_notes) {
  const services::ConcernCategory* category = services::FindConcernCategory(c.category);
  json j = {
      {"service_request_id", std::to_string(c.id)},
      {"status", Closed(c.state) ? "closed" : "open"},
      {"status_notes", std::string(status_notes)},
      {"service_name", category != nullptr ? std::string(category->name_zh) : c.category},
      {"service_code", c.category},
      {"description", c.description},
      {"agency_responsible", category != nullptr && c.assignee.empty()
                                 ? std::string(services::ResponsibleBodyName(category->body))
                                 : c.assignee},
      {"service_notice", "请于 " + W3c(c.resolution_due) + " 前办结"},
      {"requested_datetime", W3c(c.received_at)},
      {"updated_datetime",
       W3c(std::max({c.received_at, c.responded_at.value_or(0), c.resolved_at.value_or(0)}))},
      {"expected_datetime", W3c(c.resolution_due)},
      {"address", c.address},
      {"address_id", c.unit_code},
      {"zipcode", nullptr},
      {"media_url", nullptr},
  };
  j["lat"] = c.lat ? json(*c.lat) : json(nullptr);
  j["long"] = c.lon ? json(*c.lon) : json(nullptr);
  return j;
}

// Form fields of an application/x-www-form-urlencoded body, or of a JSON
// object (its string and number values).
StatusOr<std::map<std::string, std::string>> RequestFields(const HttpRequest& req) {
  std::map<std::string, std::string> fields;
  const std::string type(req.Header("content-type").value_or(""));
  if (type.starts_with("application/json")) {
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return InvalidArgumentError("the body is not a JSON object");
    for (auto& [key, value] : body.items()) {
      if (value.is_string()) {
        fields[key] = value.get<std::string>();
      } else if (value.is_number()) {
        fields[key] = value.dump();
      } else if (!value.is_null()) {
        return InvalidArgumentError(key + ": a string or a number");
      }
    }
    return fields;
  }
  ALLEY_ASSIGN_OR_RETURN(auto pairs, ParseForm(req.body));
  for (auto& [key, value] : pairs) fields.emplace(std::move(key), std::move(value));
  return fields;
}

StatusOr<std::optional<double>> Coordinate(const std::map<std::string, std::string>& fields,
                                           const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return std::optional<double>();
  double value = 0;
  auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || ptr != it->second.data() + it->second.size()) {
    return InvalidArgumentError(name + ": \"" + it->second.substr(0, 40) + "\" is not a number");
  }
  return std::optional<double>(value);
}

std::string Field(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? "" : it->second;
}

}  // namespace

StatusOr<Api::Open311Caller> Api::Open311CallerOf(Call& call, const std::string& form_api_key,
                                                  bool write) {
  const auto now = call.now;
  std::string token;
  if (std::optional<std::string_view> auth = call.req.Header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->starts_with(kBearer)) token = std::string(auth->substr(kBearer.size()));
  }
  if (!token.empty()) {
    std::optional<registry::Principal> principal = CachedPrincipal(token, now);
    if (!principal) {
      ALLEY_ASSIGN_OR_RETURN(registry::Principal p,
                             registry::Authenticate(call.store, token, Seconds(now)));
      principal = p;
      RememberPrincipal(token, *principal, now);
    }
    const registry::Permission needed =
        write ? registry::Permission::kServicesWrite : registry::Permission::kServicesRead;
    if (!registry::Allows(principal->role, needed)) {
      return PermissionDeniedError("the role " + std::string(registry::RoleId(principal->role)) +
                                   " may not " + std::string(registry::PermissionId(needed)));
    }
    call.principal = principal;
    return Open311Caller{principal->unit_code, registry::ActorOf(*principal)};
  }
  std::string key(call.req.Query("api_key").value_or(""));
  if (key.empty()) key = form_api_key;
  if (key.empty()) {
    return UnauthenticatedError("give an api_key (alley apikey add) or a bearer token");
  }
  ALLEY_ASSIGN_OR_RETURN(registry::ApiClient client, registry::AuthenticateApiKey(call.store, key));
  return Open311Caller{client.unit_code, registry::ActorOf(client)};
}

HttpResponse Api::Open311Answer(const StatusOr<HttpResponse>& answer) {
  if (!answer.ok()) return Open311Error(answer.status());
  return *answer;
}

StatusOr<HttpResponse> Api::Open311Services(Call& call) {
  (void)call;
  json list = json::array();
  for (const services::ConcernCategory& c : services::ConcernCategories()) {
    list.push_back({{"service_code", c.id},
                    {"service_name", c.name_zh},
                    {"description", c.description_zh},
                    {"metadata", false},
                    {"type", "realtime"},
                    {"keywords", ""},
                    {"group", services::ResponsibleBodyName(c.body)}});
  }
  HttpResponse res;
  res.SetJson(list);
  return res;
}

StatusOr<HttpResponse> Api::Open311Service(Call& call) {
  const std::string file = call.params.at("file");
  if (!file.ends_with(".json")) {
    return Open311Error(NotFoundError("only the JSON format is served: " + file + ".json"));
  }
  const std::string code = file.substr(0, file.size() - 5);
  if (services::FindConcernCategory(code) == nullptr || code.empty()) {
    return Open311Error(NotFoundError("no service " + code.substr(0, 40)));
  }
  HttpResponse res;
  res.SetJson({{"service_code", code}, {"attributes", json::array()}});
  return res;
}

StatusOr<HttpResponse> Api::Open311CreateRequest(Call& call) {
  return Open311Answer([&]() -> StatusOr<HttpResponse> {
    ALLEY_ASSIGN_OR_RETURN(auto fields, RequestFields(call.req));
    ALLEY_ASSIGN_OR_RETURN(Open311Caller caller,
                           Open311CallerOf(call, Field(fields, "api_key"), /*write=*/true));
    const std::string service = Field(fields, "service_code");
    if (service.empty()) return InvalidArgumentError("service_code: required");
    services::NewConcern c;
    c.category = service;
    c.channel = "open311";
    c.unit_code = Field(fields, "jurisdiction_id");
    if (c.unit_code.empty()) c.unit_code = caller.within;
    c.description = Field(fields, "description");
    c.address = Field(fields, "address_string");
    ALLEY_ASSIGN_OR_RETURN(c.lat, Coordinate(fields, "lat"));
    ALLEY_ASSIGN_OR_RETURN(c.lon, Coordinate(fields, "long"));
    if (!c.lat && !c.lon && c.address.empty() && Field(fields, "address_id").empty()) {
      return InvalidArgumentError(
          "a location is required: lat and long, address_string or "
          "address_id");
    }
    if (c.address.empty()) c.address = Field(fields, "address_id");
    c.reporter_name = Field(fields, "last_name") + Field(fields, "first_name");
    c.reporter_phone = Field(fields, "phone");
    if (services::FindConcernCategory(service) == nullptr) {
      return InvalidArgumentError("service_code: no service " + service.substr(0, 40) +
                                  " (GET /open311/v2/services.json)");
    }
    ALLEY_ASSIGN_OR_RETURN(
        store::ConcernRow row,
        services::TakeConcern(call.store, c, caller.within, caller.actor, Seconds(call.now)));
    HttpResponse res;
    res.status = 201;
    res.SetJson(json::array({{{"service_request_id", std::to_string(row.id)},
                              {"service_notice", "请于 " + W3c(row.resolution_due) + " 前办结"},
                              {"account_id", nullptr}}}));
    return res;
  }());
}

StatusOr<HttpResponse> Api::Open311Requests(Call& call) {
  return Open311Answer([&]() -> StatusOr<HttpResponse> {
    ALLEY_ASSIGN_OR_RETURN(Open311Caller caller, Open311CallerOf(call, "", /*write=*/false));
    const int64_t now = Seconds(call.now).time_since_epoch().count();
    json list = json::array();
    // By ids: each one in scope, in the order asked; the others left out.
    if (std::optional<std::string_view> ids = call.req.Query("service_request_id")) {
      std::vector<int64_t> found;
      std::string_view rest = *ids;
      while (!rest.empty() && found.size() < static_cast<size_t>(kMaxRequests)) {
        const size_t comma = rest.find(',');
        std::string_view one = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        int64_t id = 0;
        auto [ptr, ec] = std::from_chars(one.data(), one.data() + one.size(), id);
        if (ec != std::errc() || ptr != one.data() + one.size()) {
          return InvalidArgumentError("service_request_id: \"" + std::string(one.substr(0, 20)) +
                                      "\" is not a request id");
        }
        StatusOr<services::ConcernDetail> d = services::GetConcern(call.store, id, caller.within);
        if (!d.ok()) {
          if (d.status().code() == StatusCode::kNotFound) continue;
          return d.status();
        }
        list.push_back(RequestJson(d->concern, d->events.back().note));
        found.push_back(id);
      }
      audit::AuditRecord a = audit::RecordBy(caller.actor, audit::kBulkRead);
      a.object = "concern";
      a.records = audit::RecordIds(found);
      a.detail = "open311";
      ALLEY_RETURN_IF_ERROR(audit::Append(call.store, a, Seconds(call.now)).status());
      HttpResponse res;
      res.SetJson(list);
      return res;
    }
    store::ConcernQuery q;
    q.subtree_code = std::string(call.req.Query("jurisdiction_id").value_or(caller.within));
    if (std::optional<std::string_view> code = call.req.Query("service_code")) {
      q.category = std::string(*code);
    }
    int64_t end = now;
    int64_t start = now - kDefaultWindowDays * 86400;
    if (std::optional<std::string_view> t = call.req.Query("end_date")) {
      ALLEY_ASSIGN_OR_RETURN(end, ParseW3c(*t, "end_date"));
    }
    if (std::optional<std::string_view> t = call.req.Query("start_date")) {
      ALLEY_ASSIGN_OR_RETURN(start, ParseW3c(*t, "start_date"));
    } else {
      start = end - kDefaultWindowDays * 86400;
    }
    if (end < start) return InvalidArgumentError("end_date: is before start_date");
    q.received_from = start;
    q.received_to = end + 1;
    std::optional<std::string> status;
    if (std::optional<std::string_view> s = call.req.Query("status")) {
      if (*s != "open" && *s != "closed") return InvalidArgumentError("status: open or closed");
      status = std::string(*s);
    }
    q.limit = kMaxRequests;
    ALLEY_ASSIGN_OR_RETURN(
        store::ConcernPage page,
        services::ListConcerns(call.store, q, caller.within, caller.actor, Seconds(call.now)));
    for (const store::ConcernRow& c : page.items) {
      if (status && (*status == "closed") != Closed(c.state)) continue;
      list.push_back(RequestJson(c, c.state));
    }
    HttpResponse res;
    res.SetJson(list);
    return res;
  }());
}

StatusOr<HttpResponse> Api::Open311Request(Call& call) {
  return Open311Answer([&]() -> StatusOr<HttpResponse> {
    ALLEY_ASSIGN_OR_RETURN(Open311Caller caller, Open311CallerOf(call, "", /*write=*/false));
    const std::string file = call.params.at("file");
    int64_t id = 0;
    const std::string digits = file.ends_with(".json") ? file.substr(0, file.size() - 5) : "";
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
      return NotFoundError("no request " + file.substr(0, 40) + " (requests/{id}.json)");
    }
    ALLEY_ASSIGN_OR_RETURN(services::ConcernDetail d,
                           services::GetConcern(call.store, id, caller.within));
    audit::AuditRecord a = audit::RecordBy(caller.actor, audit::kRead);
    a.object = "concern";
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    a.detail = "open311";
    ALLEY_RETURN_IF_ERROR(audit::Append(call.store, a, Seconds(call.now)).status());
    std::string notes = d.concern.state;
    for (const store::ConcernEventRow& e : d.events) {
      if (!e.note.empty() && e.event == "resolve") notes = e.note;
    }
    HttpResponse res;
    res.SetJson(json::array({RequestJson(d.concern, notes)}));
    return res;
  }());
}

}  // namespace alley::api
