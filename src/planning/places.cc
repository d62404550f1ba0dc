#include "planning/places.h"

#include <optional>
#include <utility>

#include "store/planning_store.h"

namespace alley::planning {
namespace {

constexpr std::size_t kCountyCodeLength = 6;

}  // namespace

bool InTargetGroup(TargetGroup group, core::Date birth, core::Date as_of) {
  const int age = core::AgeOn(birth, as_of);
  const AgeRange range = TargetGroupAges(group);
  if (age < static_cast<int>(range.min_age)) return false;
  return !range.max_age || age <= static_cast<int>(*range.max_age);
}

StatusOr<Places> LoadPlaces(store::Store& store, std::string_view unit_code,
                            registry::FacilityType type, core::Date as_of) {
  Places places;
  const std::string_view type_id = registry::FacilityTypeId(type);
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(unit_code));
    if (!unit) return NotFoundError("no unit " + std::string(unit_code));

    const std::string as_of_text = as_of.ToString();
    ALLEY_RETURN_IF_ERROR(store::ScanHomeResidents(
        r, unit_code, as_of_text, [&](const store::HomeResidentsRow& row) -> Status {
          if (!row.lat || !row.lon) {
            places.unlocated_residents += static_cast<double>(row.residents);
            return OkStatus();
          }
          if (places.homes.empty() || places.homes.back().unit_code != row.unit_code ||
              places.homes.back().building != row.building) {
            Home h;
            h.unit_code = row.unit_code;
            h.building = row.building;
            h.at = {*row.lat, *row.lon};
            places.homes.push_back(std::move(h));
          }
          StatusOr<core::Date> birth = core::Date::Parse(row.birth_date);
          if (!birth.ok()) {
            return DataLossError("stored birth date \"" + row.birth_date + "\" is not a date");
          }
          Home& h = places.homes.back();
          const auto n = static_cast<double>(row.residents);
          for (std::size_t g = 0; g < kTargetGroupCount; ++g) {
            if (InTargetGroup(static_cast<TargetGroup>(g), *birth, as_of)) h.people[g] += n;
          }
          return OkStatus();
        }));

    const std::string scope(
        unit_code.size() > kCountyCodeLength ? unit_code.substr(0, kCountyCodeLength) : unit_code);
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::FacilityRow> facilities, r.ListFacilities(scope));
    for (const store::FacilityRow& f : facilities) {
      if (f.type != type_id || (f.closed_on && *f.closed_on <= as_of)) continue;
      if (!f.lat || !f.lon) {
        ++places.facilities_unlocated;
        continue;
      }
      places.facilities.push_back(
          {f.id, f.unit_code, f.name, {*f.lat, *f.lon}, static_cast<double>(f.capacity)});
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::CandidateSiteRow> candidates,
                           store::ListCandidateSites(r, unit_code));
    for (const store::CandidateSiteRow& c : candidates) {
      places.candidates.push_back(
          {c.id, c.unit_code, c.name, {c.lat, c.lon}, static_cast<double>(c.capacity)});
    }
    return OkStatus();
  }));
  return places;
}

}  // namespace alley::planning
