// A unit's population projection from the ledger, the census defaults and
// the statistics file, as one call and one JSON (`alley plan project`, GET
// /api/v1/plan/project): docs/cli.md lists the keys.
//
//   LedgerProjectionOptions o{.unit_code = "320706006010", .as_of = today,
//                             .census_dir = shared / "census"};
//   ALLEY_ASSIGN_OR_RETURN(LedgerProjection p, ProjectFromLedger(store, o));
//   nlohmann::json j = LedgerProjectionJson(p);
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "planning/census_defaults.h"
#include "planning/population.h"
#include "store/store.h"

namespace alley::planning {

struct LedgerProjectionOptions {
  std::string unit_code;
  int years = 10;
  std::vector<std::string> scenarios;  // empty: all
  core::Date as_of;
  std::filesystem::path census_dir;
  std::filesystem::path stats_dir;  // empty: stats/ beside census_dir
  std::optional<double> inflow;     // platform_inflow's workers a year
  double inflow_male_share = 0.85;
  std::optional<double> take_up;           // overrides the statistics file's
  std::string take_up_source = "take_up";  // how the JSON names an override
};

struct LedgerProjection {
  UnitProjection projection;
  CensusDefaults census;
  ServiceNorms norms;
  std::filesystem::path census_dir;
  double inflow_male_share = 0.85;
};

// Reads the census and statistics files, the unit's residents by age and sex
// on as_of, and projects them (population.h). The callers check the ranges
// of years, take_up and inflow, naming their own option; the errors here are
// LoadCensusDefaults', LoadServiceNorms', LedgerPyramids' (kNotFound for an
// unknown unit) and ProjectUnit's.
StatusOr<LedgerProjection> ProjectFromLedger(store::Store& store,
                                             const LedgerProjectionOptions& options);

nlohmann::json LedgerProjectionJson(const LedgerProjection& p);

}  // namespace alley::planning
