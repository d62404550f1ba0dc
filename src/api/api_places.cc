// Households and facilities: list, get, create, change, dissolve or close.
// A household's members are personal data: reading them is audited as the
// resident routes are.
#include "api/api.h"
#include "api/json.h"
#include "api/params.h"
#include "registry/audit.h"
#include "registry/facilities.h"
#include "registry/households.h"

namespace alley::api {

namespace audit = registry::audit;

namespace {

std::string HouseholdETag(const store::HouseholdRow& h) {
  return ETag("h" + std::to_string(h.id) + "v" + std::to_string(h.version));
}

std::string FacilityETag(const store::FacilityRow& f) {
  return ETag("f" + std::to_string(f.id) + "v" + std::to_string(f.version));
}

nlohmann::json HouseholdJson(const registry::HouseholdItem& item) {
  const store::HouseholdRow& h = item.household;
  return {{"id", h.id},
          {"number", h.number},
          {"community", h.community_code},
          {"unit", h.unit_code},
          {"unit_name", item.unit_name},
          {"building", h.building},
          {"entrance", h.entrance},
          {"room", h.room},
          {"members", item.members},
          {"head", item.head_name},
          {"head_id", item.head_id ? nlohmann::json(*item.head_id) : nlohmann::json(nullptr)},
          {"synthetic", h.synthetic},
          {"etag", HouseholdETag(h)}};
}

nlohmann::json FacilityJson(const registry::FacilityItem& item) {
  const store::FacilityRow& f = item.facility;
  nlohmann::json location = nullptr;
  if (f.lat && f.lon) location = {{"lat", *f.lat}, {"lon", *f.lon}};
  return {{"id", f.id},
          {"unit", f.unit_code},
          {"unit_name", item.unit_name},
          {"type", f.type},
          {"type_name", item.type_name},
          {"name", f.name},
          {"location", location},
          {"capacity", f.capacity},
          {"staff", f.staff},
          {"synthetic", f.synthetic},
          {"etag", FacilityETag(f)}};
}

StatusOr<int64_t> Page(const Call& call) { return QueryInt(call, "page", 1, 1, INT64_MAX); }
StatusOr<int64_t> PageSize(const Call& call) {
  return QueryInt(call, "page_size", registry::kDefaultPageSize, 1, registry::kMaxPageSize);
}

// A count field of a facility body: a whole number within int range.
StatusOr<std::optional<int>> OptionalCount(const nlohmann::json& body, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(body, name));
  if (!v) return std::optional<int>();
  constexpr int64_t kMaxCount = 1'000'000;
  if (*v < 0 || *v > kMaxCount) {
    return InvalidArgumentError("field " + std::string(name) + ": must be 0.." +
                                std::to_string(kMaxCount));
  }
  return std::optional<int>(static_cast<int>(*v));
}

}  // namespace

StatusOr<HttpResponse> Api::ListHouseholds(Call& call) {
  registry::HouseholdListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  ALLEY_ASSIGN_OR_RETURN(q.as_of, QueryDate(call, "as_of", call.today));
  q.text = QueryText(call, "q").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(registry::HouseholdList list, registry::ListHouseholds(call.store, q));
  nlohmann::json items = nlohmann::json::array();
  std::vector<int64_t> ids;
  for (const registry::HouseholdItem& h : list.items) {
    items.push_back(HouseholdJson(h));
    ids.push_back(h.household.id);
  }
  // The heads' names are personal data.
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kBulkRead, "household", audit::RecordIds(ids), "",
                                    "unit=" + q.unit_code));
  return PageResponse(std::move(items), list.total, q.page, q.page_size);
}

StatusOr<HttpResponse> Api::GetHousehold(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "household"));
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(registry::HouseholdDetail detail,
                         registry::GetHousehold(call.store, id, as_of, call.principal->unit_code));
  nlohmann::json j = HouseholdJson(detail.household);
  nlohmann::json members = nlohmann::json::array();
  std::vector<int64_t> ids;
  for (const registry::ResidentItem& r : detail.members) {
    members.push_back(
        ResidentItemJson(r, ETag("r" + std::to_string(r.id) + "v" + std::to_string(r.version))));
    ids.push_back(r.id);
  }
  j["member_list"] = members;
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kRead, "household",
                                    audit::RecordIds(std::vector<int64_t>{id}), "",
                                    "members=" + audit::RecordIds(ids)));
  HttpResponse res;
  res.SetHeader("ETag", HouseholdETag(detail.household.household));
  res.SetJson(j);
  return res;
}

StatusOr<HttpResponse> Api::CreateHousehold(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"community", "unit", "number", "building", "entrance", "room"}));
  registry::NewHousehold h;
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> unit, OptionalString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> community, OptionalString(body, "community"));
  if (!unit && !community) return InvalidArgumentError("field unit: is required");
  h.unit_code = unit ? *unit : *community;
  ALLEY_ASSIGN_OR_RETURN(h.number, RequiredString(body, "number"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> building, OptionalString(body, "building"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> entrance, OptionalString(body, "entrance"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> room, OptionalString(body, "room"));
  h.building = building.value_or("");
  h.entrance = entrance.value_or("");
  h.room = room.value_or("");
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, h.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      registry::HouseholdItem created,
      registry::CreateHousehold(call.store, h, call.today, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kCreate, "household", created.household.id));
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location", "/api/v1/households/" + std::to_string(created.household.id));
  res.SetHeader("ETag", HouseholdETag(created.household));
  res.SetJson(HouseholdJson(created));
  return res;
}

StatusOr<HttpResponse> Api::UpdateHousehold(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "household"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"unit", "building", "entrance", "room", "effective"}));
  registry::HouseholdUpdate u;
  ALLEY_ASSIGN_OR_RETURN(u.unit_code, OptionalString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(u.building, OptionalString(body, "building"));
  ALLEY_ASSIGN_OR_RETURN(u.entrance, OptionalString(body, "entrance"));
  ALLEY_ASSIGN_OR_RETURN(u.room, OptionalString(body, "room"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> effective, OptionalString(body, "effective"));
  u.effective = call.today;
  if (effective && !effective->empty()) {
    StatusOr<core::Date> d = core::Date::Parse(*effective);
    if (!d.ok()) return d.status().WithContext("field effective");
    u.effective = *d;
  }
  ALLEY_RETURN_IF_ERROR(
      registry::GetHousehold(call.store, id, call.today, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'h', id));
  if (u.unit_code) ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, *u.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      registry::HouseholdItem updated,
      registry::UpdateHousehold(call.store, id, expected, u, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kUpdate, "household", id));
  HttpResponse res;
  res.SetHeader("ETag", HouseholdETag(updated.household));
  res.SetJson(HouseholdJson(updated));
  return res;
}

StatusOr<HttpResponse> Api::DeleteHousehold(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "household"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_RETURN_IF_ERROR(
      registry::GetHousehold(call.store, id, call.today, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'h', id));
  ALLEY_RETURN_IF_ERROR(
      registry::DissolveHousehold(call.store, id, expected, call.today, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kDelete, "household", id));
  HttpResponse res;
  res.status = 204;
  return res;
}

StatusOr<HttpResponse> Api::ListFacilities(Call& call) {
  registry::FacilityListQuery q;
  q.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.unit_code));
  q.type = QueryText(call, "type").value_or("");
  q.text = QueryText(call, "q").value_or("");
  ALLEY_ASSIGN_OR_RETURN(q.page, Page(call));
  ALLEY_ASSIGN_OR_RETURN(q.page_size, PageSize(call));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityList list, registry::ListFacilities(call.store, q));
  nlohmann::json items = nlohmann::json::array();
  for (const registry::FacilityItem& f : list.items) items.push_back(FacilityJson(f));
  return PageResponse(std::move(items), list.total, q.page, q.page_size);
}

StatusOr<HttpResponse> Api::GetFacility(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "facility"));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityItem f,
                         registry::GetFacility(call.store, id, call.principal->unit_code));
  HttpResponse res;
  res.SetHeader("ETag", FacilityETag(f.facility));
  res.SetJson(FacilityJson(f));
  return res;
}

namespace {

StatusOr<registry::FacilityUpdate> FacilityFields(const nlohmann::json& body) {
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"unit", "type", "name", "lat", "lon", "capacity", "staff"}));
  registry::FacilityUpdate u;
  ALLEY_ASSIGN_OR_RETURN(u.unit_code, OptionalString(body, "unit"));
  ALLEY_ASSIGN_OR_RETURN(u.type, OptionalString(body, "type"));
  ALLEY_ASSIGN_OR_RETURN(u.name, OptionalString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(u.lat, OptionalNumber(body, "lat"));
  ALLEY_ASSIGN_OR_RETURN(u.lon, OptionalNumber(body, "lon"));
  ALLEY_ASSIGN_OR_RETURN(u.capacity, OptionalCount(body, "capacity"));
  ALLEY_ASSIGN_OR_RETURN(u.staff, OptionalCount(body, "staff"));
  return u;
}

}  // namespace

StatusOr<HttpResponse> Api::CreateFacility(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityUpdate fields, FacilityFields(body));
  if (!fields.unit_code || fields.unit_code->empty()) {
    return InvalidArgumentError("field unit: is required");
  }
  if (!fields.type || fields.type->empty()) return InvalidArgumentError("field type: is required");
  if (!fields.name || fields.name->empty()) return InvalidArgumentError("field name: is required");
  registry::FacilityInput in;
  in.unit_code = *fields.unit_code;
  in.type = *fields.type;
  in.name = *fields.name;
  in.lat = fields.lat;
  in.lon = fields.lon;
  in.capacity = fields.capacity.value_or(0);
  in.staff = fields.staff.value_or(0);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, in.unit_code));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityItem created,
                         registry::CreateFacility(call.store, in, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kCreate, "facility", created.facility.id));
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location", "/api/v1/facilities/" + std::to_string(created.facility.id));
  res.SetHeader("ETag", FacilityETag(created.facility));
  res.SetJson(FacilityJson(created));
  return res;
}

StatusOr<HttpResponse> Api::UpdateFacility(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "facility"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityUpdate u, FacilityFields(body));
  ALLEY_RETURN_IF_ERROR(registry::GetFacility(call.store, id, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'f', id));
  if (u.unit_code) ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, *u.unit_code));
  ALLEY_ASSIGN_OR_RETURN(
      registry::FacilityItem updated,
      registry::UpdateFacility(call.store, id, expected, u, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kUpdate, "facility", id));
  HttpResponse res;
  res.SetHeader("ETag", FacilityETag(updated.facility));
  res.SetJson(FacilityJson(updated));
  return res;
}

StatusOr<HttpResponse> Api::DeleteFacility(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t id, PathId(call, "id", "facility"));
  std::optional<std::string> if_match = IfMatch(call);
  if (!if_match) return PreconditionRequired();
  ALLEY_RETURN_IF_ERROR(registry::GetFacility(call.store, id, call.principal->unit_code).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t expected, VersionFromETag(*if_match, 'f', id));
  ALLEY_RETURN_IF_ERROR(
      registry::CloseFacility(call.store, id, expected, call.today, call.principal->unit_code));
  InvalidateCaches();
  ALLEY_RETURN_IF_ERROR(AuditObject(call, audit::kDelete, "facility", id));
  HttpResponse res;
  res.status = 204;
  return res;
}

}  // namespace alley::api
