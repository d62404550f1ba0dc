#include "planning/projection_run.h"

#include <utility>

namespace alley::planning {
namespace {

nlohmann::json YearJson(const ProjectionYear& y, int base_year) {
  return {{"year", y.year},
          {"calendar_year", base_year + y.year},
          {"total", y.total},
          {"births", y.births},
          {"deaths", y.deaths},
          {"migration", y.migration},
          {"ages_0_2", y.ages_0_2},
          {"ages_3_5", y.ages_3_5},
          {"ages_60_plus", y.ages_60_plus},
          {"ages_65_plus", y.ages_65_plus},
          {"ages_80_plus", y.ages_80_plus}};
}

nlohmann::json DemandJson(const ServiceDemand& d) {
  return {{"code", d.code},
          {"name", d.name},
          {"residents", d.residents},
          {"children_0_2", d.children_0_2},
          {"nursery_places_by_take_up", d.nursery_places_by_take_up},
          {"nursery_places_by_target", d.nursery_places_by_target},
          {"elderly_60_plus", d.elderly_60_plus},
          {"elderly_65_plus", d.elderly_65_plus},
          {"elderly_80_plus", d.elderly_80_plus},
          {"elderly_care_beds", d.elderly_care_beds}};
}

}  // namespace

nlohmann::json LedgerProjectionJson(const LedgerProjection& lp) {
  const UnitProjection& p = lp.projection;
  const CensusDefaults& census = lp.census;
  const ServiceNorms& norms = lp.norms;
  const ProjectionParameters& par = census.parameters;
  const int base_year = p.as_of.year();
  nlohmann::json base_demand = nlohmann::json::array();
  for (const ServiceDemand& d : p.base_demand) base_demand.push_back(DemandJson(d));
  nlohmann::json scenarios = nlohmann::json::array();
  for (const ScenarioProjection& s : p.scenarios) {
    nlohmann::json years = nlohmann::json::array();
    for (const ProjectionYear& y : s.years) years.push_back(YearJson(y, base_year));
    nlohmann::json demand = nlohmann::json::array();
    for (const ServiceDemand& d : s.demand) demand.push_back(DemandJson(d));
    scenarios.push_back({{"name", s.scenario.name},
                         {"description", s.scenario.description},
                         {"fertility_factor", s.scenario.fertility_factor},
                         {"old_age_death_factor", s.scenario.old_age_death_factor},
                         {"inflow_per_year", s.scenario.inflow_per_year},
                         {"inflow_male_share", s.scenario.inflow_male_share},
                         {"years", years},
                         {"demand_at_horizon", demand}});
  }
  nlohmann::json base = YearJson(p.base, base_year);
  base["pyramid"] = {{"male", p.base.population.male}, {"female", p.base.population.female}};
  return {
      {"unit", {{"code", p.code}, {"name", p.name}}},
      {"as_of", p.as_of.ToString()},
      {"base_year", base_year},
      {"horizon_year", base_year + p.years},
      {"years", p.years},
      {"base", base},
      {"parameters",
       {{"census_dir", lp.census_dir.string()},
        {"total_fertility_rate", census.total_fertility_rate},
        {"sex_ratio_at_birth", par.sex_ratio_at_birth},
        {"sample_fraction", census.sample_fraction},
        {"e0_male", StationaryPersonsPerBirth(par.survival_male, par.birth_survival_male)},
        {"e0_female", StationaryPersonsPerBirth(par.survival_female, par.birth_survival_female)},
        {"platform_inflow_male_share", lp.inflow_male_share}}},
      {"norms",
       {{"childcare_places_per_1000", norms.childcare_places_per_1000},
        {"childcare_places_per_1000_source", norms.childcare_places_per_1000_source},
        {"nursery_take_up", norms.nursery_take_up},
        {"nursery_take_up_source", norms.nursery_take_up_source},
        {"elderly_beds_per_1000_elderly", norms.elderly_beds_per_1000_elderly},
        {"elderly_beds_source", norms.elderly_beds_source}}},
      {"base_demand", base_demand},
      {"scenarios", scenarios}};
}

StatusOr<LedgerProjection> ProjectFromLedger(store::Store& store,
                                             const LedgerProjectionOptions& options) {
  LedgerProjection out;
  out.census_dir = options.census_dir;
  out.inflow_male_share = options.inflow_male_share;
  const std::filesystem::path stats_dir =
      options.stats_dir.empty() ? options.census_dir.parent_path() / "stats" : options.stats_dir;
  ALLEY_ASSIGN_OR_RETURN(out.census, LoadCensusDefaults(options.census_dir));
  ALLEY_ASSIGN_OR_RETURN(out.norms, LoadServiceNorms(stats_dir));
  if (options.take_up) {
    out.norms.nursery_take_up = *options.take_up;
    out.norms.nursery_take_up_source = options.take_up_source;
  }
  ALLEY_ASSIGN_OR_RETURN(UnitPyramids base,
                         LedgerPyramids(store, options.unit_code, options.as_of));
  ProjectionOptions po;
  po.parameters = out.census.parameters;
  po.norms = out.norms;
  po.years = options.years;
  po.scenarios = options.scenarios;
  po.platform_inflow_per_year = options.inflow;
  po.platform_male_share = options.inflow_male_share;
  ALLEY_ASSIGN_OR_RETURN(out.projection, ProjectUnit(base, po));
  return out;
}

}  // namespace alley::planning
