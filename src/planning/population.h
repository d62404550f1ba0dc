// The population projection of a unit (planning's stage 8) on the ledger:
// the base population is the unit's residents in force on a date by single
// year of age and sex (the unit's subtree, and each child unit's — e.g. the
// compounds of a community), projected with projection.h's method under
// named scenarios side by side, and the demand for nursery places and
// elderly services read off each unit's population at the horizon.
//
//   ALLEY_ASSIGN_OR_RETURN(UnitPyramids base, LedgerPyramids(store, "320706006010", date));
//   ALLEY_ASSIGN_OR_RETURN(UnitProjection p, ProjectUnit(base, options));
//
// Demand per unit, with the figures of census_defaults.h's ServiceNorms:
//   nursery places, two ways: children aged 0–2 × the take-up share, and the
//     national target of places per 1,000 residents × residents / 1,000;
//   elderly services: persons aged 60+, 65+ and 80+, and elderly-care beds at
//     the nation's provision per 1,000 persons aged 60+.
// Each child unit is projected on its own with the unit's parameters; the
// scenario's inflow is shared among the children by their base population
// (a child unit without residents gets none). Residents whose record sits on
// the unit itself rather than on a child are in the unit's figures only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "planning/census_defaults.h"
#include "planning/projection.h"
#include "store/store.h"

namespace alley::planning {

struct UnitPyramid {
  std::string code;
  std::string name;
  Pyramid pyramid;
};

struct UnitPyramids {
  core::Date as_of;
  UnitPyramid unit;
  std::vector<UnitPyramid> children;  // by code
};

// The residents in force on `as_of` in the subtree of `unit_code` and of
// each of its child units, by age on that day (AgeOn; 100 and over in the
// open group) and sex. kNotFound when there is no such unit.
StatusOr<UnitPyramids> LedgerPyramids(store::Store& store, std::string_view unit_code,
                                      core::Date as_of);

struct ServiceDemand {
  std::string code;
  std::string name;
  double residents = 0;
  double children_0_2 = 0;
  double nursery_places_by_take_up = 0;  // children_0_2 × nursery_take_up
  double nursery_places_by_target = 0;   // residents × childcare_places_per_1000 / 1000
  double elderly_60_plus = 0;
  double elderly_65_plus = 0;
  double elderly_80_plus = 0;
  double elderly_care_beds = 0;  // elderly_60_plus × elderly_beds_per_1000_elderly / 1000
};

ServiceDemand DemandOf(std::string code, std::string name, const ProjectionYear& year,
                       const ServiceNorms& norms);

struct ProjectionOptions {
  ProjectionParameters parameters;
  ServiceNorms norms;
  int years = 10;
  // The scenarios to run, by name (StandardScenarios); empty: all of them.
  std::vector<std::string> scenarios;
  // platform_inflow's workers a year; nullopt: 1% of the unit's base
  // population (a choice, not a statistic: an inflow that a growing delivery
  // station or warehouse nearby can bring).
  std::optional<double> platform_inflow_per_year;
  // The men's share of that inflow. The statistics file gives no sex split
  // of new-form workers (the 2023 ACFTU survey's 84 million); 0.85 is an
  // assumption that couriers and riders are mostly men.
  double platform_male_share = 0.85;
};

struct ScenarioProjection {
  Scenario scenario;
  std::vector<ProjectionYear> years;  // the whole unit, base year first
  // At the horizon: the unit, then each child unit.
  std::vector<ServiceDemand> demand;
};

struct UnitProjection {
  core::Date as_of;
  std::string code;
  std::string name;
  int years = 0;
  ProjectionYear base;                     // the unit's base year
  std::vector<ServiceDemand> base_demand;  // the base year: the unit, then each child
  std::vector<ScenarioProjection> scenarios;
};

// Projects the unit and its children under each scenario. kInvalidArgument
// when years is not 1..200 or the parameters or a scenario are refused
// (projection.h); kNotFound for a scenario name StandardScenarios lacks.
StatusOr<UnitProjection> ProjectUnit(const UnitPyramids& base, const ProjectionOptions& options);

}  // namespace alley::planning
