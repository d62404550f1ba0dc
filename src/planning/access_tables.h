// Accessibility on tables a user brings, as PySAL `access` users bring theirs:
// three CSV files — demand per home, supply per facility, and the travel
// times within reach in long form — read into the columns accessibility.h,
// norms.h and equity.h take. `alley plan access` reads them.
//
//   demand.csv   home,demand[,target][,unit]   one row per home; `target` is
//                                              the facility's target group's
//                                              count there, `unit` any label
//   supply.csv   facility,supply               one row per facility
//   pairs.csv    home,facility,time_ds         integer deciseconds; a pair
//                                              absent is out of reach
//
//   ALLEY_ASSIGN_OR_RETURN(AccessTables t, ParseAccessTables(demand, supply, pairs));
//   ComputeAccessibility(t.demand, t.supply, t.Pairs(), options);
//
// Homes and facilities are named by any text, unique within their file;
// indexes follow the order of the rows. Units are numbered in the order they
// first appear. Errors are kInvalidArgument with the file's role and the line
// ("pairs.csv line 7: home \"b12\" is not in demand.csv"): a missing or
// unknown column, a name given twice, a number that does not parse or is
// negative, a pair naming an unknown home or facility or given twice.
//
// Pure functions: safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "planning/accessibility.h"
#include "planning/travel.h"

namespace alley::planning {

struct AccessTables {
  std::vector<std::string> home_names;      // per home, in demand.csv order
  std::vector<double> demand;               // per home
  std::vector<double> target;               // per home; empty without a target column
  std::vector<std::uint32_t> unit_of_home;  // per home; empty without a unit column
  std::vector<std::string> unit_names;      // per unit, in order of first appearance
  std::vector<std::string> facility_names;  // per facility, in supply.csv order
  std::vector<double> supply;               // per facility
  std::vector<std::uint32_t> pair_home;
  std::vector<std::uint32_t> pair_facility;
  std::vector<Deciseconds> pair_time_ds;

  ReachPairs Pairs() const { return {pair_home, pair_facility, pair_time_ds}; }
  // Per home, the shortest time over its pairs: the time to the nearest
  // facility; kUnreachable for a home with no pair.
  std::vector<Deciseconds> NearestDeciseconds() const;
};

// Reads the three files' texts (see above).
StatusOr<AccessTables> ParseAccessTables(std::string_view demand_csv, std::string_view supply_csv,
                                         std::string_view pairs_csv);

}  // namespace alley::planning
