#include "planning/plan_json.h"

#include <optional>

namespace alley::planning {
namespace {

nlohmann::json Optional(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

double Minutes(Deciseconds ds) {
  return static_cast<double>(ds) / static_cast<double>(kDecisecondsPerMinute);
}

}  // namespace

nlohmann::json PlanHomeJson(const PlanRun& run, const PlanHome& h) {
  nlohmann::json j = {{"unit", h.unit_code},
                      {"building", h.building},
                      {"lat", h.at.lat},
                      {"lon", h.at.lon},
                      {"residents", h.residents},
                      {"target", h.target},
                      {"snapped", h.snapped},
                      {"access", h.access},
                      {"covered", h.nearest_ds <= run.threshold_ds}};
  j["nearest_minutes"] = h.nearest_ds == kUnreachable ? nlohmann::json(nullptr)
                                                      : nlohmann::json(Minutes(h.nearest_ds));
  j["nearest_facility"] =
      h.nearest ? nlohmann::json(run.facilities[*h.nearest].site.name) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json PlanRunJson(const PlanRun& run) {
  const FacilityNorm& norm = *run.norm;
  nlohmann::json j;
  j["unit"] = run.unit_code;
  j["type"] = std::string(registry::FacilityTypeId(norm.type));
  j["minutes"] = Minutes(run.threshold_ds);
  j["threshold_ds"] = run.threshold_ds;
  j["method"] = std::string(AccessMethodId(run.method));
  j["norm"] = {{"facility", std::string(norm.facility_zh)},
               {"circle_minutes", LifeCircleMinutes(norm.circle)},
               {"distance_m", norm.distance_m},
               {"minutes", norm.walk_minutes()},
               {"target_group", std::string(TargetGroupId(norm.target))},
               {"clause", std::string(norm.clause)},
               {"in_standard", norm.in_standard}};
  j["network"] = {{"source", run.network_source},
                  {"fingerprint", run.network_fingerprint},
                  {"synthetic", run.network_synthetic},
                  {"vertices", run.network_vertices}};

  j["residents"] = run.residents;
  j["unlocated_residents"] = run.unlocated_residents;
  j["unsnapped_residents"] = run.unsnapped_residents;
  j["target_group"] = std::string(TargetGroupId(run.target_group));
  j["target_residents"] = run.target_residents;
  j["covered"] = Optional(run.coverage.overall.residents.share);
  j["covered_target"] = Optional(run.coverage.overall.target.share);
  nlohmann::json circles = nlohmann::json::array();
  for (const auto& [minutes, coverage] : run.coverage_by_minutes) {
    circles.push_back({{"minutes", minutes},
                       {"covered", Optional(coverage.residents.share)},
                       {"covered_target", Optional(coverage.target.share)}});
  }
  j["coverage_by_minutes"] = circles;
  j["unserved"] = run.unserved;
  j["unserved_target"] = run.unserved_target;
  j["gini"] = Optional(run.gini);
  j["gini_target"] = Optional(run.gini_target);
  j["gini_units"] = Optional(run.gini_units);
  j["theil"] = {{"total", Optional(run.theil.total)},
                {"within", Optional(run.theil.within)},
                {"between", Optional(run.theil.between)}};
  j["worst_decile"] = {{"threshold", Optional(run.worst_decile.threshold)},
                       {"residents", run.worst_decile.weight},
                       {"share", run.worst_decile.share},
                       {"homes", run.worst_decile.homes.size()}};
  nlohmann::json worst = nlohmann::json::array();
  for (const PlanHome& h : run.worst_homes) worst.push_back(PlanHomeJson(run, h));
  j["worst_decile"]["places"] = worst;

  nlohmann::json units = nlohmann::json::array();
  for (const PlanUnit& u : run.units) {
    units.push_back({{"code", u.code},
                     {"name", u.name},
                     {"residents", u.coverage.residents.total},
                     {"covered", Optional(u.coverage.residents.share)},
                     {"target_residents", u.coverage.target.total},
                     {"covered_target", Optional(u.coverage.target.share)},
                     {"mean_access", Optional(u.mean_access)},
                     {"mean_access_target", Optional(u.mean_access_target)}});
  }
  j["units"] = units;

  nlohmann::json facilities = nlohmann::json::array();
  for (const PlanFacility& f : run.facilities) {
    facilities.push_back({{"id", f.site.id},
                          {"name", f.site.name},
                          {"unit", f.site.unit_code},
                          {"lat", f.site.at.lat},
                          {"lon", f.site.at.lon},
                          {"capacity", f.site.capacity},
                          {"supply", f.supply},
                          {"snapped", f.snapped},
                          {"demand", f.demand},
                          {"ratio", f.ratio}});
  }
  j["facilities"] = facilities;
  j["facilities_unlocated"] = run.facilities_unlocated;

  nlohmann::json homes = nlohmann::json::array();
  for (const PlanHome& h : run.homes) homes.push_back(PlanHomeJson(run, h));
  j["homes"] = homes;
  if (run.proposal) {
    const PlanProposal& p = *run.proposal;
    nlohmann::json sites = nlohmann::json::array();
    for (const Site& site : p.sites) {
      sites.push_back({{"id", site.id},
                       {"name", site.name},
                       {"unit", site.unit_code},
                       {"lat", site.at.lat},
                       {"lon", site.at.lon},
                       {"capacity", site.capacity}});
    }
    j["proposal"] = {{"model", p.model},
                     {"solver", p.solver},
                     {"optimal", p.optimal},
                     {"candidates", p.candidates},
                     {"candidates_unsnapped", p.candidates_unsnapped},
                     {"sites", sites},
                     {"after",
                      {{"covered", Optional(p.covered)},
                       {"covered_target", Optional(p.covered_target)},
                       {"gini", Optional(p.gini)},
                       {"gini_target", Optional(p.gini_target)},
                       {"unserved", p.unserved},
                       {"unserved_target", p.unserved_target}}},
                     {"siting_ms", p.siting_ms}};
  }
  j["timings_ms"] = {{"load", run.timings.load_ms},
                     {"snap", run.timings.snap_ms},
                     {"reach", run.timings.reach_ms},
                     {"measure", run.timings.measure_ms},
                     {"relaxations", run.timings.relaxations}};
  return j;
}

}  // namespace alley::planning
