// Planning through the API (docs/http.md, "Planning"): the stored networks,
// the network's streets as GeoJSON for the map, the whole pipeline of
// planning/plan_run.h for a unit and a facility type (as PlanRunJson or as
// GeoJSON), one facility's catchment, and the population projection.
//
// Every answer is counts per building and facilities, never a person: no
// audit record is written (docs/security.md, "Planning"). A unit named in
// the query must be in the caller's scope (403); a facility outside it is
// not found (404), as everywhere.
#include <optional>
#include <string>

#include "api/api.h"
#include "api/params.h"
#include "planning/catchments.h"
#include "planning/network_store.h"
#include "planning/plan_geojson.h"
#include "planning/plan_json.h"
#include "planning/plan_run.h"
#include "planning/projection_run.h"
#include "planning/snap.h"
#include "registry/facilities.h"
#include "store/planning_store.h"

namespace alley::api {
namespace {

// The most streets one network.geojson answer carries (a city district's
// walking network has some 50,000; the map asks for its view's box).
constexpr std::size_t kMaxGeoJsonEdges = 30000;
// How far a facility may lie from the nearest street for its catchment.
constexpr double kCatchmentSnapMaxM = 1000;
constexpr int64_t kMaxMinutes = 120;
// The most new sites one run may propose (a budget, not a city plan).
constexpr int64_t kMaxNewSites = 50;

void SetGeoJson(HttpResponse& res, const nlohmann::json& doc) {
  res.SetJson(doc);
  res.content_type = "application/geo+json; charset=utf-8";
}

// The options of a run from the query: unit (default the caller's), type
// (required), minutes, method, as_of, sites (new sites to propose), homes.
StatusOr<planning::PlanRunOptions> RunOptions(const Call& call) {
  planning::PlanRunOptions o;
  o.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, o.unit_code));
  const std::optional<std::string> type = QueryText(call, "type");
  if (!type) return InvalidArgumentError("parameter type: is required (a facility type)");
  const std::optional<registry::FacilityType> parsed = registry::ParseFacilityType(*type);
  if (!parsed) {
    return InvalidArgumentError("parameter type: \"" + *type + "\" is not a facility type");
  }
  o.type = *parsed;
  if (QueryText(call, "minutes")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t minutes, QueryInt(call, "minutes", 0, 1, kMaxMinutes));
    o.minutes = static_cast<std::uint32_t>(minutes);
  }
  const std::string method = QueryText(call, "method").value_or("e2sfca");
  const std::optional<planning::AccessMethod> m = planning::ParseAccessMethod(method);
  if (!m) {
    return InvalidArgumentError("parameter method: \"" + method +
                                "\" is not one of 2sfca, e2sfca, gaussian, gravity");
  }
  o.method = *m;
  ALLEY_ASSIGN_OR_RETURN(o.as_of, QueryDate(call, "as_of", call.today));
  ALLEY_ASSIGN_OR_RETURN(int64_t sites, QueryInt(call, "sites", 0, 0, kMaxNewSites));
  o.new_sites = static_cast<std::uint32_t>(sites);
  if (std::optional<std::string> homes = QueryText(call, "homes")) {
    if (*homes != "true" && *homes != "false") {
      return InvalidArgumentError("parameter homes: must be true or false");
    }
    o.with_homes = *homes == "true";
  }
  return o;
}

}  // namespace

StatusOr<HttpResponse> Api::PlanNetworks(Call& call) {
  std::vector<store::NetworkRow> rows;
  ALLEY_RETURN_IF_ERROR(call.store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(rows, store::ListNetworks(r));
    return OkStatus();
  }));
  nlohmann::json items = nlohmann::json::array();
  for (const store::NetworkRow& n : rows) {
    items.push_back({{"kind", n.kind},
                     {"source", n.source},
                     {"fingerprint", n.fingerprint},
                     {"vertices", n.vertices},
                     {"edges", n.edges},
                     {"imported_at", n.imported_at},
                     {"imported_by", n.imported_by},
                     {"synthetic", n.synthetic}});
  }
  HttpResponse res;
  res.SetJson({{"items", items}});
  return res;
}

StatusOr<HttpResponse> Api::PlanNetworkGeoJson(Call& call) {
  std::optional<planning::LatLonBox> box;
  if (std::optional<std::string> text = QueryText(call, "bbox")) {
    ALLEY_ASSIGN_OR_RETURN(box, planning::ParseLatLonBox(*text, "parameter bbox"));
  }
  ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                         planning::LoadNetwork(call.store, planning::kWalkNetwork));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc,
                         planning::NetworkGeoJson(net.graph, box, kMaxGeoJsonEdges));
  doc["network"] = {
      {"source", net.source}, {"fingerprint", net.fingerprint}, {"synthetic", net.synthetic}};
  HttpResponse res;
  SetGeoJson(res, doc);
  return res;
}

StatusOr<HttpResponse> Api::PlanRunAnswer(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(planning::PlanRunOptions o, RunOptions(call));
  ALLEY_ASSIGN_OR_RETURN(planning::PlanRun run, planning::RunPlan(call.store, o));
  HttpResponse res;
  res.SetJson(planning::PlanRunJson(run));
  return res;
}

StatusOr<HttpResponse> Api::PlanRunGeoJsonAnswer(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(planning::PlanRunOptions o, RunOptions(call));
  o.with_homes = true;
  ALLEY_ASSIGN_OR_RETURN(planning::PlanRun run, planning::RunPlan(call.store, o));
  nlohmann::json doc = planning::PlanRunGeoJson(run);
  doc["unit"] = run.unit_code;
  doc["minutes"] = static_cast<double>(run.threshold_ds) / planning::kDecisecondsPerMinute;
  HttpResponse res;
  SetGeoJson(res, doc);
  return res;
}

StatusOr<HttpResponse> Api::PlanCatchmentGeoJson(Call& call) {
  const std::optional<std::string> id_text = QueryText(call, "facility");
  if (!id_text) return InvalidArgumentError("parameter facility: is required (a facility id)");
  ALLEY_ASSIGN_OR_RETURN(int64_t id, QueryInt(call, "facility", 0, 1, INT64_MAX));
  ALLEY_ASSIGN_OR_RETURN(registry::FacilityItem item,
                         registry::GetFacility(call.store, id, call.principal->unit_code));
  const store::FacilityRow& f = item.facility;
  if (!f.lat || !f.lon) {
    return FailedPreconditionError("facility " + std::to_string(id) +
                                   " has no coordinates: give it a position to draw its catchment");
  }
  planning::Deciseconds limit = 0;
  if (QueryText(call, "minutes")) {
    ALLEY_ASSIGN_OR_RETURN(int64_t minutes, QueryInt(call, "minutes", 0, 1, kMaxMinutes));
    limit = planning::MinutesToDeciseconds(static_cast<std::uint32_t>(minutes));
  } else {
    const std::optional<registry::FacilityType> type = registry::ParseFacilityType(f.type);
    if (!type) return DataLossError("facility " + std::to_string(id) + ": stored type " + f.type);
    limit = planning::NormFor(*type).walk_ds;
  }
  ALLEY_ASSIGN_OR_RETURN(planning::StoredNetwork net,
                         planning::LoadNetwork(call.store, planning::kWalkNetwork));
  const planning::Snapper snapper(net.graph);
  StatusOr<planning::Snapped> snapped = snapper.Snap({*f.lat, *f.lon}, kCatchmentSnapMaxM);
  if (snapped.status().code() == StatusCode::kNotFound) {
    return FailedPreconditionError("facility " + std::to_string(id) + " lies more than " +
                                   std::to_string(static_cast<int>(kCatchmentSnapMaxM)) +
                                   " m from any street of the walking network");
  }
  ALLEY_RETURN_IF_ERROR(snapped.status());
  planning::BoundedSearch search(net.graph);
  const auto seeds = planning::SeedsOf(*snapped, 0);
  const planning::Site site{
      f.id, f.unit_code, f.name, {*f.lat, *f.lon}, static_cast<double>(f.capacity)};
  nlohmann::json doc = planning::CatchmentGeoJson(net.graph, search.Run(seeds, limit), limit, site);
  HttpResponse res;
  SetGeoJson(res, doc);
  return res;
}

// Not const, like every handler: they share the Handler type of the route table.
// NOLINTNEXTLINE(readability-make-member-function-const)
StatusOr<HttpResponse> Api::PlanProject(Call& call) {
  planning::LedgerProjectionOptions o;
  o.unit_code = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, o.unit_code));
  ALLEY_ASSIGN_OR_RETURN(int64_t years, QueryInt(call, "years", 10, 5, 15));
  o.years = static_cast<int>(years);
  if (std::optional<std::string> list = QueryText(call, "scenario")) {
    std::size_t start = 0;
    while (start <= list->size()) {
      const std::size_t comma = std::min(list->find(',', start), list->size());
      if (comma > start) o.scenarios.push_back(list->substr(start, comma - start));
      start = comma + 1;
    }
  }
  ALLEY_ASSIGN_OR_RETURN(o.as_of, QueryDate(call, "as_of", call.today));
  if (options_.census_dir.empty()) {
    return FailedPreconditionError(
        "the server has no census data for the projection: start alley serve with --census-dir "
        "DIR (or with $ALLEY_SHARED_DATA set)");
  }
  o.census_dir = options_.census_dir;
  StatusOr<planning::LedgerProjection> p = planning::ProjectFromLedger(call.store, o);
  // A scenario the projection does not know is the caller's mistake.
  if (p.status().code() == StatusCode::kNotFound &&
      p.status().message().find("scenario") != std::string::npos) {
    return InvalidArgumentError("parameter scenario: " + std::string(p.status().message()));
  }
  ALLEY_RETURN_IF_ERROR(p.status());
  HttpResponse res;
  res.SetJson(planning::LedgerProjectionJson(*p));
  return res;
}

}  // namespace alley::api
