// Childcare (docs/http.md, "Childcare"): the classes of a nursery, children
// applying and withdrawing, inspections and follow-ups, the oversight flags
// and the balance of places of a unit, the national norms. A nursery is a
// facility of type nursery, addressed by its id: one outside the user's
// scope is 404, as are its classes, enrolments and inspections. Lists of
// children carry masked ID numbers and append a bulk_read audit record
// (services/childcare_service.h does both, for the CLI too).
#include <cstdint>

#include "api/api.h"
#include "api/json.h"
#include "api/params.h"
#include "registry/accounts.h"
#include "registry/paging.h"
#include "services/childcare_json.h"
#include "services/childcare_service.h"

namespace alley::api {

namespace {

std::string Field(std::string_view name) { return "field " + std::string(name); }

StatusOr<std::optional<bool>> OptionalFlag(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return InvalidArgumentError(Field(name) + ": must be true or false");
  return std::optional<bool>(it->get<bool>());
}

// A date field of a body (YYYY-MM-DD), or nullopt when absent or empty.
StatusOr<std::optional<core::Date>> OptionalDate(const nlohmann::json& body,
                                                 std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(body, name));
  if (!text || text->empty()) return std::optional<core::Date>();
  StatusOr<core::Date> d = core::Date::Parse(*text);
  if (!d.ok()) return d.status().WithContext(Field(name));
  return std::optional<core::Date>(*d);
}

// A whole-number field within int range (counts of places and caregivers).
StatusOr<std::optional<int>> OptionalSmallInt(const nlohmann::json& body, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(body, name));
  if (!v) return std::optional<int>();
  constexpr int64_t kMax = 1'000'000;
  if (*v < -kMax || *v > kMax) {
    return InvalidArgumentError(Field(name) + ": must be a whole number within ±1000000");
  }
  return std::optional<int>(static_cast<int>(*v));
}

StatusOr<int64_t> RequiredId(const nlohmann::json& body, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(body, name));
  if (!v) return InvalidArgumentError(Field(name) + ": is required");
  if (*v <= 0) return InvalidArgumentError(Field(name) + ": must be a positive id");
  return *v;
}

// "items": [{"item": "消防设施", "score": 80}, ...].
StatusOr<std::vector<services::ChecklistScore>> ChecklistItems(const nlohmann::json& body) {
  auto it = body.find("items");
  if (it == body.end() || it->is_null()) return InvalidArgumentError("field items: is required");
  const std::string rule = "field items: must be a list of {\"item\": text, \"score\": 0..100}";
  if (!it->is_array()) return InvalidArgumentError(rule);
  std::vector<services::ChecklistScore> items;
  for (const nlohmann::json& entry : *it) {
    if (!entry.is_object()) return InvalidArgumentError(rule);
    ALLEY_RETURN_IF_ERROR(OnlyKnownFields(entry, {"item", "score"}));
    ALLEY_ASSIGN_OR_RETURN(std::string item, RequiredString(entry, "item"));
    ALLEY_ASSIGN_OR_RETURN(std::optional<int> score, OptionalSmallInt(entry, "score"));
    if (!score) return InvalidArgumentError("field score: is required (item \"" + item + "\")");
    items.push_back({std::move(item), *score});
  }
  return items;
}

std::string NurseryPath(int64_t facility_id) {
  return "/api/v1/nurseries/" + std::to_string(facility_id);
}

}  // namespace

StatusOr<HttpResponse> Api::ListNurseryClasses(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  ALLEY_ASSIGN_OR_RETURN(core::Date on, QueryDate(call, "on", call.today));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<services::NurseryClassView> views,
      services::ListNurseryClasses(call.store, facility, on, call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  for (const services::NurseryClassView& v : views) items.push_back(services::NurseryClassJson(v));
  return JsonResponse({{"items", items}, {"on", on.ToString()}});
}

StatusOr<HttpResponse> Api::CreateNurseryClass(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"name", "type", "capacity", "caregivers", "opened_on"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  services::NewNurseryClass in;
  in.facility_id = facility;
  ALLEY_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(in.type, RequiredString(body, "type"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<int> capacity, OptionalSmallInt(body, "capacity"));
  if (!capacity) return InvalidArgumentError("field capacity: is required");
  in.capacity = *capacity;
  ALLEY_ASSIGN_OR_RETURN(std::optional<int> caregivers, OptionalSmallInt(body, "caregivers"));
  in.caregivers = caregivers.value_or(0);
  ALLEY_ASSIGN_OR_RETURN(in.opened_on, OptionalDate(body, "opened_on"));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryClassView v,
      services::AddNurseryClass(call.store, in, call.today, call.principal->unit_code,
                                registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res = JsonResponse(services::NurseryClassJson(v), 201);
  res.SetHeader("Location", NurseryPath(facility) + "/classes/" + std::to_string(v.row.id));
  res.SetHeader("ETag", services::NurseryClassETag(v.row));
  return res;
}

StatusOr<HttpResponse> Api::UpdateNurseryClass(Call& call) {
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"name", "capacity", "caregivers", "effective", "close"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  ALLEY_ASSIGN_OR_RETURN(int64_t class_id, PathId(call, "class_id", "class"));
  services::NurseryClassChange change;
  ALLEY_ASSIGN_OR_RETURN(change.name, OptionalString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(change.capacity, OptionalSmallInt(body, "capacity"));
  ALLEY_ASSIGN_OR_RETURN(change.caregivers, OptionalSmallInt(body, "caregivers"));
  ALLEY_ASSIGN_OR_RETURN(change.effective, OptionalDate(body, "effective"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<bool> close, OptionalFlag(body, "close"));
  change.close = close.value_or(false);
  // The class must be visible before its ETag is judged (404 before 409).
  ALLEY_RETURN_IF_ERROR(services::GetNurseryClass(call.store, facility, class_id, call.today,
                                                  call.principal->unit_code)
                            .status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'n', class_id));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryClassChanged changed,
      services::ChangeNurseryClass(call.store, facility, class_id, expected, change, call.today,
                                   call.principal->unit_code, registry::ActorOf(*call.principal),
                                   Seconds(call.now)));
  nlohmann::json j = services::NurseryClassJson(changed.view);
  j["admitted"] = changed.admitted;
  HttpResponse res = JsonResponse(j);
  res.SetHeader("ETag", services::NurseryClassETag(changed.view.row));
  return res;
}

StatusOr<HttpResponse> Api::ListNurseryEnrolments(Call& call) {
  services::NurseryEnrolmentListQuery q;
  ALLEY_ASSIGN_OR_RETURN(q.facility_id, PathId(call, "facility_id", "nursery"));
  if (call.req.Query("class")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t c, QueryInt(call, "class", 0, 1, INT64_MAX));
    q.class_id = c;
  }
  q.state = QueryText(call, "state").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(q.page, QueryInt(call, "page", 1, 1, INT64_MAX));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, QueryInt(call, "page_size", registry::kDefaultPageSize, 1,
                                               registry::kMaxPageSize));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryEnrolmentList list,
      services::ListNurseryEnrolments(call.store, q, call.principal->unit_code,
                                      registry::ActorOf(*call.principal), Seconds(call.now)));
  nlohmann::json items = nlohmann::json::array();
  for (const services::NurseryEnrolmentItem& item : list.items) {
    items.push_back(services::NurseryEnrolmentJson(item));
  }
  return JsonResponse(
      {{"items", items}, {"total", list.total}, {"page", q.page}, {"page_size", q.page_size}});
}

StatusOr<HttpResponse> Api::CreateNurseryEnrolment(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"class_id", "resident_id", "date"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  services::NurseryApplication a;
  a.facility_id = facility;
  ALLEY_ASSIGN_OR_RETURN(a.class_id, RequiredId(body, "class_id"));
  ALLEY_ASSIGN_OR_RETURN(a.resident_id, RequiredId(body, "resident_id"));
  ALLEY_ASSIGN_OR_RETURN(a.on, OptionalDate(body, "date"));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryApplyResult r,
      services::ApplyForNurseryPlace(call.store, a, call.today, call.principal->unit_code,
                                     registry::ActorOf(*call.principal), Seconds(call.now)));
  nlohmann::json j = services::NurseryEnrolmentJson(r.enrolment);
  j["admitted_from_list"] = r.admitted_from_list;
  HttpResponse res = JsonResponse(j, 201);
  res.SetHeader("Location", NurseryPath(facility) + "/enrolments/" +
                                std::to_string(r.enrolment.row.enrolment.id));
  return res;
}

StatusOr<HttpResponse> Api::WithdrawNurseryEnrolment(Call& call) {
  nlohmann::json body = nlohmann::json::object();
  if (!call.req.body.empty()) {
    ALLEY_ASSIGN_OR_RETURN(body, ParseJsonObject(call.req.body));
  }
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"date", "reason"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  ALLEY_ASSIGN_OR_RETURN(int64_t enrolment, PathId(call, "enrolment_id", "enrolment"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> on, OptionalDate(body, "date"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryWithdrawResult r,
      services::WithdrawFromNursery(call.store, facility, enrolment, on, reason.value_or(""),
                                    call.today, call.principal->unit_code,
                                    registry::ActorOf(*call.principal), Seconds(call.now)));
  nlohmann::json j = services::NurseryEnrolmentJson(r.enrolment);
  j["admitted"] = r.admitted;
  return JsonResponse(j);
}

StatusOr<HttpResponse> Api::ListNurseryInspections(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<services::NurseryInspectionView> views,
      services::ListNurseryInspections(call.store, facility, call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  for (const services::NurseryInspectionView& v : views) {
    items.push_back(services::NurseryInspectionJson(v));
  }
  return JsonResponse({{"items", items}});
}

StatusOr<HttpResponse> Api::CreateNurseryInspection(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
      body, {"date", "inspector", "items", "findings", "remedy_deadline", "follow_up", "note"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  services::NewNurseryInspection in;
  in.facility_id = facility;
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> date, OptionalDate(body, "date"));
  in.inspection.date = date.value_or(call.today);
  ALLEY_ASSIGN_OR_RETURN(in.inspection.inspector, RequiredString(body, "inspector"));
  ALLEY_ASSIGN_OR_RETURN(in.inspection.items, ChecklistItems(body));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> findings,
                         OptionalStrings(body, "findings"));
  in.inspection.findings = findings.value_or(std::vector<std::string>{});
  ALLEY_ASSIGN_OR_RETURN(in.inspection.remedy_deadline, OptionalDate(body, "remedy_deadline"));
  ALLEY_ASSIGN_OR_RETURN(in.inspection.follow_up, OptionalDate(body, "follow_up"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  in.note = note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryInspectionView v,
      services::RecordNurseryInspection(call.store, in, call.today, call.principal->unit_code,
                                        registry::ActorOf(*call.principal), Seconds(call.now)));
  HttpResponse res = JsonResponse(services::NurseryInspectionJson(v), 201);
  res.SetHeader("Location", NurseryPath(facility) + "/inspections/" + std::to_string(v.row.id));
  return res;
}

StatusOr<HttpResponse> Api::FollowUpNurseryInspection(Call& call) {
  nlohmann::json body = nlohmann::json::object();
  if (!call.req.body.empty()) {
    ALLEY_ASSIGN_OR_RETURN(body, ParseJsonObject(call.req.body));
  }
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"date", "note"}));
  ALLEY_ASSIGN_OR_RETURN(int64_t facility, PathId(call, "facility_id", "nursery"));
  ALLEY_ASSIGN_OR_RETURN(int64_t inspection, PathId(call, "inspection_id", "inspection"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<core::Date> date, OptionalDate(body, "date"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  ALLEY_ASSIGN_OR_RETURN(
      services::NurseryInspectionView v,
      services::RecordNurseryFollowUp(call.store, facility, inspection, date.value_or(call.today),
                                      note.value_or(""), call.today, call.principal->unit_code,
                                      registry::ActorOf(*call.principal), Seconds(call.now)));
  return JsonResponse(services::NurseryInspectionJson(v));
}

StatusOr<HttpResponse> Api::ChildcareFlags(Call& call) {
  const std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  ALLEY_ASSIGN_OR_RETURN(core::Date on, QueryDate(call, "on", call.today));
  ALLEY_ASSIGN_OR_RETURN(int64_t interval,
                         QueryInt(call, "interval_months",
                                  services::OversightPolicy{}.inspection_interval_months, 1, 120));
  ALLEY_ASSIGN_OR_RETURN(
      services::ChildcareFlagReport report,
      services::ChildcareFlagsOn(call.store, unit, on, call.principal->unit_code,
                                 {.inspection_interval_months = static_cast<int>(interval)}));
  return JsonResponse(services::ChildcareFlagsJson(report));
}

StatusOr<HttpResponse> Api::ChildcareBalance(Call& call) {
  const std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(
      services::ChildcareBalanceReport report,
      services::ComputeUnitChildcareBalance(call.store, unit, as_of, call.principal->unit_code));
  return JsonResponse(services::ChildcareBalanceJson(report));
}

StatusOr<HttpResponse> Api::ChildcareNorms(Call& call) {
  (void)call;
  return JsonResponse(services::ChildcareNormsJson());
}

}  // namespace alley::api
