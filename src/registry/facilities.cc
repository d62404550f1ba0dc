#include "registry/facilities.h"

#include "core/geo.h"
#include "registry/vocabulary.h"

namespace alley::registry {

StatusOr<store::FacilityRow> SaveFacility(store::Store& store, const FacilityInput& input) {
  std::optional<FacilityType> type = ParseFacilityType(input.type);
  if (!type) {
    std::string expected;
    for (const Term& t : FacilityTypeTerms()) {
      if (!expected.empty()) expected += ", ";
      expected += t.id;
    }
    return InvalidArgumentError("type: unknown facility type \"" + input.type +
                                "\" (expected one of " + expected + ")");
  }
  if (input.name.empty()) return InvalidArgumentError("name: empty");
  if (input.lat.has_value() != input.lon.has_value()) {
    return InvalidArgumentError("location: give both latitude and longitude, or neither");
  }
  if (input.lat && !core::IsValidLatLon({*input.lat, *input.lon})) {
    return InvalidArgumentError(
        "location: latitude must be within -90..90 and longitude "
        "within -180..180 (WGS-84 degrees)");
  }
  if (input.capacity < 0) return InvalidArgumentError("capacity: must not be negative");
  if (input.staff < 0) return InvalidArgumentError("staff: must not be negative");
  store::FacilityRow row;
  row.unit_code = input.unit_code;
  row.type = std::string(FacilityTypeId(*type));
  row.name = input.name;
  row.lat = input.lat;
  row.lon = input.lon;
  row.capacity = input.capacity;
  row.staff = input.staff;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(input.unit_code));
    if (!unit) return NotFoundError("unit " + input.unit_code + " not found");
    ALLEY_ASSIGN_OR_RETURN(row.id, w.UpsertFacility(row));
    return OkStatus();
  }));
  return row;
}

StatusOr<std::vector<store::FacilityRow>> ListFacilities(store::Store& store,
                                                         std::string_view unit_code) {
  std::vector<store::FacilityRow> rows;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
    if (!unit) return NotFoundError("unit " + std::string(unit_code) + " not found");
    ALLEY_ASSIGN_OR_RETURN(rows, r.ListFacilities(unit_code));
    return OkStatus();
  }));
  return rows;
}

}  // namespace alley::registry
