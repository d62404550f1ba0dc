// Units: the tree, search by name, summaries, compounds and grids; and the
// vocabulary that forms offer.
#include "api/api.h"
#include "api/params.h"
#include "registry/json.h"
#include "registry/units.h"
#include "registry/vocabulary.h"

namespace alley::api {

namespace {

nlohmann::json Terms(std::span<const registry::Term> terms) {
  nlohmann::json list = nlohmann::json::array();
  for (const registry::Term& t : terms) list.push_back({{"id", t.id}, {"name", t.name_zh}});
  return list;
}

std::string CodeParam(const Call& call) { return call.params.at("code"); }

}  // namespace

StatusOr<HttpResponse> Api::Vocabulary(Call& call) {
  (void)call;
  nlohmann::json bands = nlohmann::json::array();
  for (const registry::AgeBand& b : registry::AgeBands()) bands.push_back(b.label);
  nlohmann::json roles = nlohmann::json::array();
  for (registry::Role role : registry::AllRoles()) {
    nlohmann::json permissions = nlohmann::json::array();
    for (registry::Permission p : registry::PermissionsOf(role)) {
      permissions.push_back(registry::PermissionId(p));
    }
    roles.push_back({{"id", registry::RoleId(role)}, {"permissions", permissions}});
  }
  HttpResponse res;
  res.SetJson({
      {"tags", Terms(registry::ResidentTagTerms())},
      {"employment", Terms(registry::EmploymentFormTerms())},
      {"insurance", Terms(registry::InsuranceTerms())},
      {"registration", Terms(registry::RegistrationTerms())},
      {"relations", Terms(registry::RelationTerms())},
      {"facility_types", Terms(registry::FacilityTypeTerms())},
      {"age_bands", bands},
      {"roles", roles},
  });
  return res;
}

StatusOr<HttpResponse> Api::GetUnit(Call& call) {
  const std::string code = CodeParam(call);
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, code));
  const std::string key = "summary " + code + "@" + as_of.ToString();
  HttpResponse res;
  if (std::optional<CachedAnswer> hit = answers_.Get(key)) {
    res.body = std::move(hit->body);
    return res;
  }
  ALLEY_ASSIGN_OR_RETURN(registry::UnitSummary s, registry::SummarizeUnit(call.store, code, as_of));
  res.SetJson(registry::SummaryJson(s));
  answers_.Put(key, {res.body, {}});
  return res;
}

void Api::InvalidateCaches() { answers_.Clear(); }

StatusOr<HttpResponse> Api::UnitChildren(Call& call) {
  const std::string code = CodeParam(call);
  ALLEY_ASSIGN_OR_RETURN(core::Date as_of, QueryDate(call, "as_of", call.today));
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, code));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitChildRow> children,
                         registry::ListChildUnitsWithCounts(call.store, code, as_of));
  nlohmann::json items = nlohmann::json::array();
  for (const store::UnitChildRow& c : children) {
    nlohmann::json j = registry::UnitJson(c.unit);
    j["children"] = c.children;
    j["residents"] = c.residents;
    items.push_back(std::move(j));
  }
  HttpResponse res;
  res.SetJson({{"items", items}});
  return res;
}

StatusOr<HttpResponse> Api::SearchUnits(Call& call) {
  std::optional<std::string> q = QueryText(call, "q");
  if (!q) return InvalidArgumentError("parameter q: is required (a fragment of a unit's name)");
  ALLEY_ASSIGN_OR_RETURN(int64_t limit, QueryInt(call, "limit", 20, 1, 200));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<registry::UnitMatch> matches,
      registry::FindUnits(*hierarchy, *q, static_cast<size_t>(limit), call.principal->unit_code));
  nlohmann::json items = nlohmann::json::array();
  for (const registry::UnitMatch& m : matches) {
    items.push_back({{"code", m.code},
                     {"name", m.name},
                     {"level", core::UnitLevelName(m.level)},
                     {"path", m.path}});
  }
  HttpResponse res;
  res.SetJson({{"items", items}});
  return res;
}

StatusOr<HttpResponse> Api::CreateUnit(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"parent", "kind", "name"}));
  ALLEY_ASSIGN_OR_RETURN(std::string parent, RequiredString(body, "parent"));
  ALLEY_ASSIGN_OR_RETURN(std::string kind_text, RequiredString(body, "kind"));
  ALLEY_ASSIGN_OR_RETURN(std::string name, RequiredString(body, "name"));
  std::optional<core::UnitLevel> kind = core::ParseUnitLevel(kind_text);
  if (!kind || (*kind != core::UnitLevel::kCompound && *kind != core::UnitLevel::kGrid)) {
    return InvalidArgumentError("field kind: must be compound or grid");
  }
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, parent));
  ALLEY_ASSIGN_OR_RETURN(store::UnitRow unit, registry::AddUnit(call.store, parent, *kind, name));
  InvalidateHierarchy();
  InvalidateCaches();
  HttpResponse res;
  res.status = 201;
  res.SetHeader("Location", "/api/v1/units/" + unit.code);
  res.SetJson(registry::UnitJson(unit));
  return res;
}

StatusOr<std::shared_ptr<const core::Hierarchy>> Api::CachedHierarchy(store::Store& store) {
  {
    std::lock_guard<std::mutex> lock(hierarchy_mutex_);
    if (hierarchy_) return hierarchy_;
  }
  // Loaded outside the lock: two first searches may both load it; the second
  // result wins, and both are the same hierarchy.
  ALLEY_ASSIGN_OR_RETURN(core::Hierarchy loaded, registry::LoadHierarchy(store));
  auto shared = std::make_shared<const core::Hierarchy>(std::move(loaded));
  std::lock_guard<std::mutex> lock(hierarchy_mutex_);
  hierarchy_ = shared;
  return shared;
}

void Api::InvalidateHierarchy() {
  std::lock_guard<std::mutex> lock(hierarchy_mutex_);
  hierarchy_.reset();
}

}  // namespace alley::api
