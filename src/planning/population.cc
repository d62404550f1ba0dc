#include "planning/population.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "store/population_store.h"

namespace alley::planning {
namespace {

void Add(Pyramid& p, const store::ResidentsBySexAndBirthRow& row, core::Date as_of) {
  if (row.birth_date > as_of) return;  // not born yet on the day: no age
  const auto age = std::min(static_cast<size_t>(core::AgeOn(row.birth_date, as_of)), kOpenAge);
  AgeVector& v = row.sex == "female" ? p.female : p.male;
  v[age] += static_cast<double>(row.residents);
}

}  // namespace

StatusOr<UnitPyramids> LedgerPyramids(store::Store& store, std::string_view unit_code,
                                      core::Date as_of) {
  UnitPyramids out;
  out.as_of = as_of;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
    if (!unit) return NotFoundError("no unit " + std::string(unit_code));
    out.unit.code = unit->code;
    out.unit.name = unit->name;
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::UnitRow> children, r.ChildUnits(unit_code));
    std::sort(children.begin(), children.end(),
              [](const store::UnitRow& a, const store::UnitRow& b) { return a.code < b.code; });
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentsBySexAndBirthRow> whole,
                           store::CountResidentsBySexAndBirth(r, unit_code, as_of));
    for (const store::ResidentsBySexAndBirthRow& row : whole) Add(out.unit.pyramid, row, as_of);

    // One grouped query per code length (the children of a unit share one).
    std::map<std::string, size_t> index;
    std::set<size_t> lengths;
    for (const store::UnitRow& child : children) {
      index[child.code] = out.children.size();
      out.children.push_back(UnitPyramid{.code = child.code, .name = child.name, .pyramid = {}});
      lengths.insert(child.code.size());
    }
    for (size_t length : lengths) {
      ALLEY_ASSIGN_OR_RETURN(
          std::vector<store::ResidentsBySexAndBirthRow> rows,
          store::CountResidentsBySexAndBirth(r, unit_code, as_of, static_cast<int>(length)));
      for (const store::ResidentsBySexAndBirthRow& row : rows) {
        auto it = index.find(row.unit_code);
        if (it != index.end()) Add(out.children[it->second].pyramid, row, as_of);
      }
    }
    return OkStatus();
  }));
  return out;
}

ServiceDemand DemandOf(std::string code, std::string name, const ProjectionYear& year,
                       const ServiceNorms& norms) {
  ServiceDemand d;
  d.code = std::move(code);
  d.name = std::move(name);
  d.residents = year.total;
  d.children_0_2 = year.ages_0_2;
  d.nursery_places_by_take_up = year.ages_0_2 * norms.nursery_take_up;
  d.nursery_places_by_target = year.total * norms.childcare_places_per_1000 / 1000.0;
  d.elderly_60_plus = year.ages_60_plus;
  d.elderly_65_plus = year.ages_65_plus;
  d.elderly_80_plus = year.ages_80_plus;
  d.elderly_care_beds = year.ages_60_plus * norms.elderly_beds_per_1000_elderly / 1000.0;
  return d;
}

StatusOr<UnitProjection> ProjectUnit(const UnitPyramids& base, const ProjectionOptions& options) {
  if (options.years < 1 || options.years > 200) {
    return InvalidArgumentError("years is " + std::to_string(options.years) +
                                ": it must be 1..200");
  }
  const double base_total = base.unit.pyramid.Total();
  const double inflow = options.platform_inflow_per_year.value_or(0.01 * base_total);
  const std::vector<Scenario> standard = StandardScenarios(inflow, options.platform_male_share);
  std::vector<Scenario> chosen;
  if (options.scenarios.empty()) {
    chosen = standard;
  } else {
    for (const std::string& name : options.scenarios) {
      ALLEY_ASSIGN_OR_RETURN(Scenario s, FindScenario(standard, name));
      chosen.push_back(std::move(s));
    }
  }

  UnitProjection out;
  out.as_of = base.as_of;
  out.code = base.unit.code;
  out.name = base.unit.name;
  out.years = options.years;
  out.base = Describe(0, base.unit.pyramid);
  out.base_demand.push_back(
      DemandOf(base.unit.code, base.unit.name, Describe(0, base.unit.pyramid), options.norms));
  for (const UnitPyramid& child : base.children) {
    out.base_demand.push_back(
        DemandOf(child.code, child.name, Describe(0, child.pyramid), options.norms));
  }
  for (const Scenario& scenario : chosen) {
    ScenarioProjection sp;
    sp.scenario = scenario;
    ALLEY_ASSIGN_OR_RETURN(ProjectionParameters p, ApplyScenario(options.parameters, scenario));
    ALLEY_ASSIGN_OR_RETURN(sp.years, Project(base.unit.pyramid, p, options.years));
    sp.demand.push_back(DemandOf(base.unit.code, base.unit.name, sp.years.back(), options.norms));
    for (const UnitPyramid& child : base.children) {
      Scenario share = scenario;
      const double total = child.pyramid.Total();
      share.inflow_per_year = base_total > 0 ? scenario.inflow_per_year * total / base_total : 0;
      ALLEY_ASSIGN_OR_RETURN(ProjectionParameters q, ApplyScenario(options.parameters, share));
      ALLEY_ASSIGN_OR_RETURN(std::vector<ProjectionYear> years,
                             Project(child.pyramid, q, options.years));
      sp.demand.push_back(DemandOf(child.code, child.name, years.back(), options.norms));
    }
    out.scenarios.push_back(std::move(sp));
  }
  return out;
}

}  // namespace alley::planning
