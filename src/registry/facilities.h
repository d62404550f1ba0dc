// Facilities: the places that serve — senior canteens, day-care centres,
// nurseries, kindergartens, health stations, rider rest stations, service
// centres, schools — each in a unit, with a location, capacity and staff.
//
//   FacilityInput in{.unit_code = "320706006010", .type = "nursery", .name = "海连托育园",
//                    .lat = 34.60, .lon = 119.17, .capacity = 60, .staff = 8};
//   ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, SaveFacility(store, in));
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::registry {

struct FacilityInput {
  std::string unit_code;
  std::string type;  // an identifier or Chinese name of registry::FacilityType
  std::string name;
  std::optional<double> lat;  // WGS-84; both or neither
  std::optional<double> lon;
  int capacity = 0;
  int staff = 0;
};

// Creates the facility, or updates the one of the same unit and name.
// Errors: kNotFound (unit), kInvalidArgument naming the field (type, empty
// name, a location outside WGS-84 or given by half, a negative count).
StatusOr<store::FacilityRow> SaveFacility(store::Store& store, const FacilityInput& input);

// The facilities of a unit's subtree, by unit, type and name. kNotFound for an
// unknown unit.
StatusOr<std::vector<store::FacilityRow>> ListFacilities(store::Store& store,
                                                         std::string_view unit_code);

}  // namespace alley::registry
