// Facilities: the places that serve — senior canteens, day-care centres,
// nurseries, kindergartens, health stations, rider rest stations, service
// centres, schools — each in a unit, with a location, capacity and staff.
//
//   FacilityInput in{.unit_code = "320706006010", .type = "nursery", .name = "海连托育园",
//                    .lat = 34.60, .lon = 119.17, .capacity = 60, .staff = 8};
//   ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, SaveFacility(store, in));
//
// The CLI saves facilities by unit and name (SaveFacility); the HTTP API
// (docs/http.md) lists them in pages, creates, updates and closes them by id.
//
// Versions: FacilityRow::version is the version token (ETag), one more on
// every change; writes that name a stale one fail with kAborted.
// Scope: `within` is the caller's subtree; a facility outside it is
// kNotFound, a write that would move one outside is kPermissionDenied.
// A closed facility (CloseFacility) keeps its row but is in no list or
// summary, and is kNotFound here.
//
// Every function is one transaction. Thread safety: as the Store's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/status.h"
#include "registry/paging.h"
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

// Creates the facility, or updates (and reopens, when closed) the one of the
// same unit and name.
// Errors: kNotFound (unit), kInvalidArgument "field NAME: reason" (type, empty
// name, a location outside WGS-84 or given by half, a negative count).
StatusOr<store::FacilityRow> SaveFacility(store::Store& store, const FacilityInput& input);

// The open facilities of a unit's subtree, by unit, type and name. kNotFound
// for an unknown unit.
StatusOr<std::vector<store::FacilityRow>> ListFacilities(store::Store& store,
                                                         std::string_view unit_code);

struct FacilityListQuery {
  std::string unit_code;  // the subtree (required)
  std::string type;       // a facility type (id or Chinese name); empty: any
  std::string text;       // a fragment of the name; empty: any
  int64_t page = 1;
  int64_t page_size = kDefaultPageSize;
};

struct FacilityItem {
  store::FacilityRow facility;  // version: the ETag token
  std::string unit_name;
  std::string type_name;  // Chinese
};

struct FacilityList {
  std::vector<FacilityItem> items;  // by unit, type and name
  int64_t total = 0;
};

// One page of the open facilities of `query.unit_code`'s subtree. Errors:
// kInvalidArgument "parameter type: ..." for an unknown type; ValidatePage's
// (paging.h); kNotFound for an unknown unit.
StatusOr<FacilityList> ListFacilities(store::Store& store, const FacilityListQuery& query);

// Facility `id`. kNotFound when there is none, it is closed, or it lies
// outside `within`.
StatusOr<FacilityItem> GetFacility(store::Store& store, int64_t id,
                                   std::string_view within = core::kNationCode);

// Creates a facility. Errors: SaveFacility's, except that an unknown unit is
// kInvalidArgument "field unit: ..."; kPermissionDenied for a unit outside
// `within`; kAlreadyExists when the unit has a facility (open or closed) of
// that name.
StatusOr<FacilityItem> CreateFacility(store::Store& store, const FacilityInput& input,
                                      std::string_view within = core::kNationCode);

// A change to a facility. Unset fields keep their value.
struct FacilityUpdate {
  std::optional<std::string> unit_code;
  std::optional<std::string> type;
  std::optional<std::string> name;
  std::optional<double> lat;
  std::optional<double> lon;
  std::optional<int> capacity;
  std::optional<int> staff;
};

// Changes facility `id` and returns it. Errors: kNotFound (as GetFacility);
// kAborted when `expected_version` is stale; CreateFacility's for the new
// values (kAlreadyExists when the new unit and name are another's).
StatusOr<FacilityItem> UpdateFacility(store::Store& store, int64_t id, int64_t expected_version,
                                      const FacilityUpdate& update,
                                      std::string_view within = core::kNationCode);

// Closes facility `id` on `on`: it stays stored, but leaves every list and
// summary. Errors: kNotFound (as GetFacility); kAborted for a stale
// `expected_version`.
Status CloseFacility(store::Store& store, int64_t id, int64_t expected_version, core::Date on,
                     std::string_view within = core::kNationCode);

}  // namespace alley::registry
