// Residents: list, get, create, change, remove, unmask. Every answer that
// carries personal data (masked or not) appends its audit record before it is
// sent: no record, no data.
#include <algorithm>
#include <charconv>

#include "api/api.h"
#include "api/json.h"
#include "api/params.h"
#include "registry/audit.h"
#include "registry/residents.h"
#include "registry/unmask_reason.h"

namespace alley::api {

namespace audit = registry::audit;

namespace {

std::string ResidentETag(const registry::ResidentItem& r) {
  return ETag("r" + std::to_string(r.id) + "v" + std::to_string(r.version));
}

// The filters of GET /residents as the query string gives them.
StatusOr<registry::ResidentListQuery> ResidentQueryOf(const Call& call) {
  registry::ResidentListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  ALLEY_ASSIGN_OR_RETURN(q.as_of, QueryDate(call, "as_of", call.today));
  q.tags = call.req.QueryAll("tag");
  q.age_band = QueryText(call, "age_band").value_or("");
  if (call.req.Query("min_age")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t v, QueryInt(call, "min_age", 0, 0, 150));
    q.min_age = static_cast<int>(v);
  }
  if (call.req.Query("max_age")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t v, QueryInt(call, "max_age", 150, 0, 150));
    q.max_age = static_cast<int>(v);
  }
  q.sex = QueryText(call, "sex").value_or("");
  q.employment = QueryText(call, "employment").value_or("");
  q.text = QueryText(call, "q").value_or("");
  if (call.req.Query("household")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t h, QueryInt(call, "household", 0, 1, INT64_MAX));
    q.household_id = h;
  }
  const std::string status = QueryText(call, "status").value_or("active");
  if (status != "active" && status != "all") {
    return InvalidArgumentError("parameter status: must be active or all");
  }
  q.include_inactive = status == "all";
  q.sort = QueryText(call, "sort").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.page, QueryInt(call, "page", 1, 1, INT64_MAX));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, QueryInt(call, "page_size", registry::kDefaultPageSize, 1,
                                               registry::kMaxPageSize));
  return q;
}

// The fields of a resident's body shared by POST and PATCH.
struct ResidentFields {
  std::optional<std::string> name, unit, household, relation, phone, building, entrance, room,
      registration, employment, insurance, note, effective, change;
  std::optional<std::vector<std::string>> tags, add_tags, remove_tags;
};

StatusOr<ResidentFields> ReadResidentFields(const nlohmann::json& body) {
  ResidentFields f;
  ALLEY_ASSIGN_OR_RETURN(f.name, OptionalString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(f.unit, OptionalString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(f.household, OptionalString(body, "household"));
  ALLEY_ASSIGN_OR_RETURN(f.relation, OptionalString(body, "relation"));
  ALLEY_ASSIGN_OR_RETURN(f.phone, OptionalString(body, "phone"));
  ALLEY_ASSIGN_OR_RETURN(f.building, OptionalString(body, "building"));
  ALLEY_ASSIGN_OR_RETURN(f.entrance, OptionalString(body, "entrance"));
  ALLEY_ASSIGN_OR_RETURN(f.room, OptionalString(body, "room"));
  ALLEY_ASSIGN_OR_RETURN(f.registration, OptionalString(body, "registration"));
  ALLEY_ASSIGN_OR_RETURN(f.employment, OptionalString(body, "employment"));
  ALLEY_ASSIGN_OR_RETURN(f.insurance, OptionalString(body, "insurance"));
  ALLEY_ASSIGN_OR_RETURN(f.note, OptionalString(body, "note"));
  ALLEY_ASSIGN_OR_RETURN(f.effective, OptionalString(body, "effective"));
  ALLEY_ASSIGN_OR_RETURN(f.change, OptionalString(body, "change"));
  ALLEY_ASSIGN_OR_RETURN(f.tags, OptionalStrings(body, "tags"));
  ALLEY_ASSIGN_OR_RETURN(f.add_tags, OptionalStrings(body, "add_tags"));
  ALLEY_ASSIGN_OR_RETURN(f.remove_tags, OptionalStrings(body, "remove_tags"));
  return f;
}

StatusOr<core::Date> EffectiveDate(const std::optional<std::string>& text, core::Date today) {
  if (!text || text->empty()) return today;
  StatusOr<core::Date> date = core::Date::Parse(*text);
  if (!date.ok()) return date.status().WithContext("field effective");
  return date;
}

// The answer to a write: the resident as the write left them, as of the
// change's effective date (a change dated ahead answers what was recorded),
// with the new ETag, after the audit record. The list item: GET gives the
// history.
StatusOr<HttpResponse> WrittenResident(const Call& call, const registry::ResidentItem& r,
                                       int status, std::string_view audit_action) {
  // (An empty action: the write recorded itself in its own transaction.)
  if (!audit_action.empty()) {
    ALLEY_RETURN_IF_ERROR(AuditObject(call, audit_action, "resident", r.id));
  }
  HttpResponse res;
  res.status = status;
  res.SetHeader("ETag", ResidentETag(r));
  if (status == 201) res.SetHeader("Location", "/api/v1/residents/" + std::to_string(r.id));
  res.SetJson(ResidentItemJson(r, ResidentETag(r)));
  return res;
}

}  // namespace

namespace {

// The cache key of a resident page: every parameter of the query, as parsed.
std::string ResidentPageKey(const registry::ResidentListQuery& q) {
  std::vector<std::string> tags = q.tags;
  std::sort(tags.begin(), tags.end());
  std::string key = "residents unit=" + q.unit_code + " as_of=" + q.as_of.ToString() + " tags=";
  for (const std::string& t : tags) key += t + ",";
  key += " band=" + q.age_band + " min=" + (q.min_age ? std::to_string(*q.min_age) : "") +
         " max=" + (q.max_age ? std::to_string(*q.max_age) : "") + " sex=" + q.sex +
         " employment=" + q.employment +
         " household=" + (q.household_id ? std::to_string(*q.household_id) : "") +
         " all=" + (q.include_inactive ? "1" : "0") + " sort=" + q.sort +
         " page=" + std::to_string(q.page) + " size=" + std::to_string(q.page_size) +
         " q=" + q.text;
  return key;
}

}  // namespace

StatusOr<HttpResponse> Api::ListResidents(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(registry::ResidentListQuery query, ResidentQueryOf(call));
  const std::string key = ResidentPageKey(query);
  std::optional<CachedAnswer> answer = answers_.Get(key);
  if (!answer) {
    ALLEY_ASSIGN_OR_RETURN(registry::ResidentList list, registry::ListResidents(call.store, query));
    answer.emplace();
    nlohmann::json items = nlohmann::json::array();
    for (const registry::ResidentItem& r : list.items) {
      answer->ids.push_back(r.id);
      items.push_back(ResidentItemJson(r, ResidentETag(r)));
    }
    HttpResponse page;
    page.SetJson({{"items", items},
                  {"total", list.total},
                  {"page", query.page},
                  {"page_size", query.page_size}});
    answer->body = std::move(page.body);
    answers_.Put(key, *answer);
  }
  ALLEY_RETURN_IF_ERROR(
      AuditAction(call, audit::kBulkRead, "resident", audit::RecordIds(answer->ids), "",
                  "unit=" + query.unit_code + " page=" + std::to_string(query.page)));
  HttpResponse res;
  res.body = std::move(answer->body);
  return res;
}

StatusOr<HttpResponse> Api::GetResident(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "resident"));
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(
      registry::ResidentDetail detail,
      registry::GetResidentById(call.store, id, as_of, call.principal->unit_code));
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kRead, "resident", id));
  HttpResponse res;
  res.SetHeader("ETag", ResidentETag(detail.resident));
  res.SetJson(ResidentDetailJson(detail, ResidentETag(detail.resident)));
  return res;
}

StatusOr<HttpResponse> Api::CreateResident(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(
      body, {"id_number", "name", "unit", "household", "relation", "phone", "building", "entrance",
             "room", "registration", "tags", "employment", "insurance", "note", "effective"}));
  registry::NewResident r;
  ALLEY_ASSIGN_OR_RETURN(r.id_number, RequiredString(body, "id_number"));
  ALLEY_ASSIGN_OR_RETURN(r.name, RequiredString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(r.unit_code, RequiredString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(ResidentFields f, ReadResidentFields(body));
  r.household = f.household.value_or("");
  r.relation = f.relation.value_or("");
  r.phone = f.phone.value_or("");
  r.building = f.building.value_or("");
  r.entrance = f.entrance.value_or("");
  r.room = f.room.value_or("");
  r.registration = f.registration.value_or("");
  r.tags = f.tags.value_or(std::vector<std::string>{});
  r.employment = f.employment.value_or("");
  r.insurance = f.insurance.value_or("");
  r.note = f.note.value_or("");
  ALLEY_ASSIGN_OR_RETURN(r.effective, EffectiveDate(f.effective, call.today));
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, r.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      registry::ResidentItem created,
      registry::CreateResident(call.store, r, call.today, call.principal->unit_code));
  InvalidateCaches();
  return WrittenResident(call, created, 201, audit::kCreate);
}

StatusOr<HttpResponse> Api::UpdateResident(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "resident"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"change", "effective", "name", "unit", "household", "relation",
                             "phone", "building", "entrance", "room", "registration", "tags",
                             "add_tags", "remove_tags", "employment", "insurance", "note"}));
  ALLEY_ASSIGN_OR_RETURN(ResidentFields f, ReadResidentFields(body));
  // UpdateResident checks that the resident is visible before its version
  // (404 before 409); an ETag that is not even this resident's is checked
  // the same way below.
  StatusOr<int64_t> expected = VersionFromETag(*if_match, 'r', id);
  registry::ResidentChange change;
  change.change = f.change.value_or("update");
  ALLEY_ASSIGN_OR_RETURN(change.effective, EffectiveDate(f.effective, call.today));
  change.name = f.name;
  change.phone = f.phone;
  change.unit_code = f.unit;
  change.household = f.household;
  change.relation = f.relation;
  change.building = f.building;
  change.entrance = f.entrance;
  change.room = f.room;
  change.registration = f.registration;
  change.employment = f.employment;
  change.insurance = f.insurance;
  change.note = f.note;
  if (f.tags) {
    // A whole new set of tags: add the missing, remove the others.
    ALLEY_ASSIGN_OR_RETURN(
        registry::ResidentDetail before,
        registry::GetResidentById(call.store, id, call.today, call.principal->unit_code));
    for (const std::string& t : *f.tags) change.add_tags.push_back(t);
    for (const std::string& t : before.resident.tags) {
      if (std::find(f.tags->begin(), f.tags->end(), t) == f.tags->end()) {
        change.remove_tags.push_back(t);
      }
    }
  }
  for (const std::string& t : f.add_tags.value_or(std::vector<std::string>{})) {
    change.add_tags.push_back(t);
  }
  for (const std::string& t : f.remove_tags.value_or(std::vector<std::string>{})) {
    change.remove_tags.push_back(t);
  }
  if (change.unit_code) ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, *change.unit_code));
  if (!expected.ok()) {
    ALLEY_RETURN_IF_ERROR(
        registry::GetResidentById(call.store, id, call.today, call.principal->unit_code).status());
    return expected.status();
  }
  // The change and its audit record land together, in one transaction.
  const auto record = [&](store::Writer& w, const registry::ResidentItem& r) -> Status {
    const int64_t ids[] = {r.id};
    audit::AuditRecord a = audit::RecordBy(registry::ActorOf(*call.principal), audit::kUpdate);
    a.object = "resident";
    a.records = audit::RecordIds(ids);
    return audit::Append(w, a, Seconds(call.now)).status();
  };
  ALLEY_ASSIGN_OR_RETURN(registry::ResidentItem updated,
                         registry::UpdateResident(call.store, id, *expected, change,
                                                  call.principal->unit_code, record));
  InvalidateCaches();
  return WrittenResident(call, updated, 200, /*audit_action=*/"");
}

StatusOr<HttpResponse> Api::DeleteResident(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "resident"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(
      registry::ResidentDetail before,
      registry::GetResidentById(call.store, id, call.today, call.principal->unit_code));
  (void)before;
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'r', id));
  ALLEY_RETURN_IF_ERROR(
      registry::RemoveResident(call.store, id, expected, call.today, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kDelete, "resident", id));
  HttpResponse res;
  res.status = 204;
  return res;
}

StatusOr<HttpResponse> Api::UnmaskResident(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "resident"));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"reason", "fields"}));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> given, OptionalString(body, "reason"));
  ALLEY_ASSIGN_OR_RETURN(const std::string reason, registry::UnmaskReason(given.value_or("")));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> fields,
                         OptionalStrings(body, "fields"));
  bool id_number = !fields;
  bool phone = !fields;
  for (const std::string& field : fields.value_or(std::vector<std::string>{})) {
    if (field == "id_number") {
      id_number = true;
    } else if (field == "phone") {
      phone = true;
    } else {
      return InvalidArgumentError("field fields: \"" + field.substr(0, 40) +
                                  "\" is not id_number or phone");
    }
  }
  ALLEY_ASSIGN_OR_RETURN(registry::PersonalData data,
                         registry::RevealPersonalData(call.store, id, call.principal->unit_code));
  std::string which = id_number && phone ? "id_number,phone" : id_number ? "id_number" : "phone";
  const int64_t ids[] = {id};
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kUnmask, "resident", audit::RecordIds(ids), reason,
                                    "fields=" + which));
  nlohmann::json out = nlohmann::json::object();
  if (id_number) out["id_number"] = data.id_number;
  if (phone) out["phone"] = data.phone;
  HttpResponse res;
  res.SetJson(out);
  return res;
}

}  // namespace alley::api
