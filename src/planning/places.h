// What planning measures from the ledger (stage 2): homes with their people
// by target group, the open facilities of a type, the candidate sites.
//
//   ALLEY_ASSIGN_OR_RETURN(Places p, LoadPlaces(store, "320706006010",
//                                                registry::FacilityType::kNursery, today));
//   p.homes[i].people[TargetGroupIndex(TargetGroup::kChildren0To2)];
//
// A home is a building (the residents whose version names it), or a unit
// where its residents' versions name no building with coordinates: its
// position is the building's, else the unit's own. Residents with neither
// are counted as unlocated and measured nowhere.
//
// Facilities serve across community lines: those of the unit's county (the
// unit itself at county level and above) are loaded, open on the date, with
// coordinates (the others are counted). Candidate sites are the unit's own.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/geo.h"
#include "core/status.h"
#include "planning/norms.h"
#include "registry/vocabulary.h"
#include "store/store.h"

namespace alley::planning {

// A group's index in Home::people (TargetGroup's value; kAllResidents is 0).
constexpr std::size_t TargetGroupIndex(TargetGroup g) { return static_cast<std::size_t>(g); }

struct Home {
  std::string unit_code;
  std::string building;  // "" for a unit's residents without a located building
  core::LatLon at;
  std::array<double, kTargetGroupCount> people{};  // by TargetGroupIndex
};

// A facility, or a candidate site for one.
struct Site {
  int64_t id = 0;
  std::string unit_code;
  std::string name;
  core::LatLon at;
  double capacity = 0;  // places; 0 when not recorded
};

struct Places {
  std::vector<Home> homes;  // by unit code, then building
  double unlocated_residents = 0;
  std::vector<Site> facilities;
  int64_t facilities_unlocated = 0;  // open facilities of the type without coordinates
  std::vector<Site> candidates;
};

// The places of `unit_code`'s subtree on `as_of`. kNotFound when the unit does
// not exist.
StatusOr<Places> LoadPlaces(store::Store& store, std::string_view unit_code,
                            registry::FacilityType type, core::Date as_of);

// Whether a person born on `birth` is in `group` on `as_of` (whole years).
bool InTargetGroup(TargetGroup group, core::Date birth, core::Date as_of);

}  // namespace alley::planning
