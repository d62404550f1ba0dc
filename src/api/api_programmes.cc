// Programme enrolments, platform workers, their coverage and rider rest
// stations (docs/http.md, "Programmes" and "Platform workers"). The domain
// (services/enrolments.h, services/platform_service.h) checks scope and
// rules and writes each change with its audit record; lists that show names
// append their bulk_read record here, as the resident list does.
#include <climits>

#include "api/api.h"
#include "api/params.h"
#include "registry/audit.h"
#include "services/enrolments.h"
#include "services/platform_service.h"
#include "services/programmes_json.h"

namespace alley::api {

namespace audit = registry::audit;

namespace {

std::string WorkerETag(const services::PlatformWorkerItem& w) {
  return ETag("w" + std::to_string(w.resident_id) + "v" + std::to_string(w.version));
}

std::string StationETag(const services::RestStationItem& s) {
  return ETag("f" + std::to_string(s.facility.id) + "v" + std::to_string(s.facility.version));
}

StatusOr<int64_t> Page(const Call& call) { return QueryInt(call, "page", 1, 1, INT64_MAX); }
StatusOr<int64_t> PageSize(const Call& call) {
  return QueryInt(call, "page_size", registry::kDefaultPageSize, 1, registry::kMaxPageSize);
}

// A date field of a body, or nullopt when absent.
StatusOr<std::optional<core::Date>> OptionalDate(const nlohmann::json& body,
                                                 std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(body, name));
  if (!text) return std::optional<core::Date>();
  StatusOr<core::Date> d = core::Date::Parse(*text);
  if (!d.ok()) return d.status().WithContext("field " + std::string(name));
  return std::optional<core::Date>(*d);
}

services::TimeOfDay TimeOfDayAt(const Call& call) { return services::ChinaTimeOfDay(call.now); }

}  // namespace

// ---------------------------------------------------------------------------
// Enrolments

StatusOr<HttpResponse> Api::ListEnrolments(Call& call) {
  services::EnrolmentListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  q.programme = QueryText(call, "programme").value_or("");
  q.status = QueryText(call, "status").value_or("open");
  if (QueryText(call, "resident")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t resident, QueryInt(call, "resident", 0, 1, INT64_MAX));
    q.resident_id = resident;
  }
  if (QueryText(call, "as_of")) {
    ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
    q.in_force_on = as_of;
  }
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(services::EnrolmentList list,
                         services::ListEnrolments(call.store, q, call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  std::vector<int64_t> ids;
  for (const services::Enrolment& e : list.items) {
    items.push_back(services::EnrolmentJson(e));
    ids.push_back(e.id);
  }
  // The residents' names are personal data.
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "enrolment", audit::RecordIds(ids), "",
                                    "unit=" + q.unit_code + " page=" + std::to_string(q.page)));
  return PageResponse(std::move(items), list.total, q.page, q.page_size);
}

StatusOr<HttpResponse> Api::GetEnrolment(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "enrolment"));
  ALLEY_ASSIGN_OR_RETURN(services::Enrolment e,
                         services::GetEnrolment(call.store, id, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, "enrolment", id));
  HttpResponse res;
  res.SetJson(services::EnrolmentJson(e));
  return res;
}

StatusOr<HttpResponse> Api::CreateEnrolment(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"resident_id", "programme", "from", "note"}));
  services::NewEnrolment in;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> resident, OptionalInt(body, "resident_id"));
  if (!resident) return InvalidArgumentError("field resident_id: is required");
  if (*resident < 1) return InvalidArgumentError("field resident_id: must be a resident's id");
  in.resident_id = *resident;
  ALLEY_ASSIGN_OR_RETURN(in.programme, RequiredString(body, "programme"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> from, OptionalDate(body, "from"));
  in.from = from.value_or(call.today);
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  in.note = note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(services::Enrolment e,
                         services::Enrol(call.store, in, call.principal->unit_code,
                                         registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location", "/api/v1/enrolments/" + std::to_string(e.id));
  res.SetJson(services::EnrolmentJson(e));
  return res;
}

StatusOr<HttpResponse> Api::EndEnrolment(Call& call) {
  // The body first: a malformed one is refused before anything is looked up.
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"on", "reason"}));
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> on, OptionalDate(body, "on"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "enrolment"));
  ALLEY_ASSIGN_OR_RETURN(
      services::Enrolment e,
      services::EndEnrolment(call.store, id, on.value_or(call.today), reason.value_or(""),
                             call.principal->unit_code, registry::ActorOf(*call.principal),
                             Seconds(call.now)));
  HttpResponse res;
  res.SetJson(services::EnrolmentJson(e));
  return res;
}

// ---------------------------------------------------------------------------
// Platform workers

StatusOr<HttpResponse> Api::ListPlatformWorkers(Call& call) {
  services::PlatformWorkerListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  ALLEY_ASSIGN_OR_RETURN(q.as_of, QueryDate(call, "as_of", call.today));
  q.form = QueryText(call, "form").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(services::PlatformWorkerList list,
                         services::ListPlatformWorkers(call.store, q, call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  std::vector<int64_t> ids;
  for (const services::PlatformWorkerItem& w : list.items) {
    nlohmann::json j = services::PlatformWorkerJson(w);
    j["etag"] = WorkerETag(w);
    items.push_back(std::move(j));
    ids.push_back(w.resident_id);
  }
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "platform_worker",
                                    audit::RecordIds(ids), "",
                                    "unit=" + q.unit_code + " page=" + std::to_string(q.page)));
  return PageResponse(std::move(items), list.total, q.page, q.page_size);
}

StatusOr<HttpResponse> Api::UpdatePlatformWorker(Call& call) {
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"platforms", "injury_protection", "injury_protection_since"}));
  services::PlatformWorkerChange change;
  ALLEY_ASSIGN_OR_RETURN(change.platforms, OptionalStrings(body, "platforms"));
  ALLEY_ASSIGN_OR_RETURN(change.injury_protection, OptionalString(body, "injury_protection"));
  ALLEY_ASSIGN_OR_RETURN(change.injury_protection_since,
                         OptionalDate(body, "injury_protection_since"));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "resident_id", "resident"));
  // An object outside the scope is not found, whatever the ETag says.
  ALLEY_RETURN_IF_ERROR(
      services::GetPlatformWorker(call.store, id, call.today, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'w', id));
  ALLEY_ASSIGN_OR_RETURN(
      services::PlatformWorkerItem w,
      services::UpdatePlatformWorker(call.store, id, expected, change, call.today,
                                     call.principal->unit_code, registry::ActorOf(*call.principal),
                                     Seconds(call.now)));
  nlohmann::json j = services::PlatformWorkerJson(w);
  j["etag"] = WorkerETag(w);
  HttpResponse res;
  res.SetHeader("ETag", WorkerETag(w));
  res.SetJson(j);
  return res;
}

StatusOr<HttpResponse> Api::PlatformCoverage(Call& call) {
  const std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(
      services::PlatformCoverage c,
      services::PlatformCoverageOf(call.store, unit, as_of, call.principal->unit_code));
  HttpResponse res;
  res.SetJson(services::PlatformCoverageJson(c));
  return res;
}

// ---------------------------------------------------------------------------
// Rest stations

StatusOr<HttpResponse> Api::GetRestStation(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "facility"));
  ALLEY_ASSIGN_OR_RETURN(services::RestStationItem s,
                         services::GetRestStation(call.store, id, call.principal->unit_code));
  nlohmann::json j = services::RestStationJson(s, TimeOfDayAt(call));
  j["etag"] = StationETag(s);
  HttpResponse res;
  res.SetHeader("ETag", StationETag(s));
  res.SetJson(j);
  return res;
}

StatusOr<HttpResponse> Api::UpdateRestStation(Call& call) {
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"capacity", "hours"}));
  services::RestStationChange change;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> capacity, OptionalInt(body, "capacity"));
  if (capacity) {
    if (*capacity < 1 || *capacity > services::kMaxRestStationCapacity) {
      return InvalidArgumentError("field capacity: must be 1.." +
                                  std::to_string(services::kMaxRestStationCapacity) +
                                  " people, got " + std::to_string(*capacity));
    }
    change.capacity = static_cast<int>(*capacity);
  }
  ALLEY_ASSIGN_OR_RETURN(change.hours, OptionalString(body, "hours"));
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "facility_id", "facility"));
  ALLEY_RETURN_IF_ERROR(
      services::GetRestStation(call.store, id, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'f', id));
  ALLEY_ASSIGN_OR_RETURN(
      services::RestStationItem s,
      services::UpdateRestStation(call.store, id, expected, change, call.principal->unit_code,
                                  registry::ActorOf(*call.principal), Seconds(call.now)));
  // The station's version is its facility's: cached facility pages go too.
  InvalidateCaches();
  nlohmann::json j = services::RestStationJson(s, TimeOfDayAt(call));
  j["etag"] = StationETag(s);
  HttpResponse res;
  res.SetHeader("ETag", StationETag(s));
  res.SetJson(j);
  return res;
}

}  // namespace alley::api
