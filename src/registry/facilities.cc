#include "registry/facilities.h"

#include "core/geo.h"
#include "registry/vocabulary.h"

namespace alley::registry {
namespace {

std::string ExpectedTypes() {
  std::string expected;
  for (const Term& t : FacilityTypeTerms()) {
    if (!expected.empty()) expected += ", ";
    expected += t.id;
  }
  return expected;
}

// The stored row of a valid `input` (id, unit existence and scope aside).
StatusOr<store::FacilityRow> ValidFacility(const FacilityInput& input) {
  std::optional<FacilityType> type = ParseFacilityType(input.type);
  if (!type) {
    return InvalidArgumentError("field type: unknown facility type \"" + input.type +
                                "\" (expected one of " + ExpectedTypes() + ")");
  }
  if (input.name.empty()) return InvalidArgumentError("field name: empty");
  // Errors name the body's own fields, lat and lon, so that a form can show
  // them where they were typed.
  if (input.lat.has_value() != input.lon.has_value()) {
    return InvalidArgumentError(std::string(input.lat ? "field lon" : "field lat") +
                                ": give both lat and lon (the location), or neither");
  }
  if (input.lat && !(*input.lat >= -90 && *input.lat <= 90)) {
    return InvalidArgumentError("field lat: must be within -90..90 (WGS-84 degrees)");
  }
  if (input.lon && !core::IsValidLatLon({0, *input.lon})) {
    return InvalidArgumentError("field lon: must be within -180..180 (WGS-84 degrees)");
  }
  if (input.capacity < 0) return InvalidArgumentError("field capacity: must not be negative");
  if (input.staff < 0) return InvalidArgumentError("field staff: must not be negative");
  store::FacilityRow row;
  row.unit_code = input.unit_code;
  row.type = std::string(FacilityTypeId(*type));
  row.name = input.name;
  row.lat = input.lat;
  row.lon = input.lon;
  row.capacity = input.capacity;
  row.staff = input.staff;
  return row;
}

bool Within(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

Status NoSuchFacility(int64_t id) {
  return NotFoundError("no facility has the id " + std::to_string(id));
}

// The unit a facility of the API is to be in: it must exist and be in scope.
Status CheckFacilityUnit(store::Reader& r, const std::string& code, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
  if (!unit) return InvalidArgumentError("field unit: unit " + code + " not found");
  if (!Within(within, code)) {
    return PermissionDeniedError("field unit: unit " + code + " is outside your scope");
  }
  return OkStatus();
}

StatusOr<FacilityItem> ItemOf(store::Reader& r, store::FacilityRow row) {
  FacilityItem item;
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(row.unit_code));
  if (unit) item.unit_name = unit->name;
  std::optional<FacilityType> type = ParseFacilityType(row.type);
  if (type) item.type_name = std::string(FacilityTypeTerms()[static_cast<size_t>(*type)].name_zh);
  item.facility = std::move(row);
  return item;
}

// The open facility `id` within scope, at `expected_version` when given.
StatusOr<store::FacilityRow> OpenFacility(store::Reader& r, int64_t id, std::string_view within,
                                          std::optional<int64_t> expected_version) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> f, r.FacilityById(id));
  if (!f || f->closed_on || !Within(within, f->unit_code)) return NoSuchFacility(id);
  if (expected_version && f->version != *expected_version) {
    return AbortedError("facility " + f->name +
                        " has changed since it was read: read it again and repeat the change");
  }
  return *std::move(f);
}

}  // namespace

StatusOr<store::FacilityRow> SaveFacility(store::Store& store, const FacilityInput& input) {
  ALLEY_ASSIGN_OR_RETURN(store::FacilityRow row, ValidFacility(input));
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(input.unit_code));
    if (!unit) return NotFoundError("unit " + input.unit_code + " not found");
    ALLEY_ASSIGN_OR_RETURN(row.id, w.UpsertFacility(row));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> saved, w.FacilityById(row.id));
    if (!saved) return InternalError("the saved facility cannot be read back");
    row = *std::move(saved);
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

StatusOr<FacilityList> ListFacilities(store::Store& store, const FacilityListQuery& query) {
  ALLEY_RETURN_IF_ERROR(ValidatePage(query.page, query.page_size));
  store::FacilityQuery q;
  q.subtree_code = query.unit_code;
  if (!query.type.empty()) {
    std::optional<FacilityType> type = ParseFacilityType(query.type);
    if (!type) {
      return InvalidArgumentError("parameter type: unknown facility type \"" + query.type +
                                  "\" (expected one of " + ExpectedTypes() + ")");
    }
    q.type = std::string(FacilityTypeId(*type));
  }
  q.text = query.text;
  q.limit = query.page_size;
  q.offset = PageOffset(query.page, query.page_size);
  FacilityList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.unit_code));
    if (!unit) return NotFoundError("unit " + query.unit_code + " not found");
    ALLEY_ASSIGN_OR_RETURN(store::FacilityPage page, r.ListFacilityPage(q));
    list.total = page.total;
    for (store::FacilityListRow& row : page.rows) {
      FacilityItem item;
      std::optional<FacilityType> type = ParseFacilityType(row.facility.type);
      if (type) {
        item.type_name = std::string(FacilityTypeTerms()[static_cast<size_t>(*type)].name_zh);
      }
      item.facility = std::move(row.facility);
      item.unit_name = std::move(row.unit_name);
      list.items.push_back(std::move(item));
    }
    return OkStatus();
  }));
  return list;
}

StatusOr<FacilityItem> GetFacility(store::Store& store, int64_t id, std::string_view within) {
  std::optional<FacilityItem> item;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, OpenFacility(r, id, within, std::nullopt));
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(r, std::move(f)));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<FacilityItem> CreateFacility(store::Store& store, const FacilityInput& input,
                                      std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(store::FacilityRow row, ValidFacility(input));
  std::optional<FacilityItem> item;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(CheckFacilityUnit(w, row.unit_code, within));
    ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertFacility(row));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> created, w.FacilityById(id));
    if (!created) return InternalError("the new facility cannot be read back");
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(w, *std::move(created)));
    return OkStatus();
  }));
  return *std::move(item);
}

StatusOr<FacilityItem> UpdateFacility(store::Store& store, int64_t id, int64_t expected_version,
                                      const FacilityUpdate& update, std::string_view within) {
  std::optional<FacilityItem> item;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, OpenFacility(w, id, within, expected_version));
    FacilityInput input;
    input.unit_code = update.unit_code.value_or(f.unit_code);
    input.type = update.type.value_or(f.type);
    input.name = update.name.value_or(f.name);
    input.lat = update.lat ? update.lat : f.lat;
    input.lon = update.lon ? update.lon : f.lon;
    input.capacity = update.capacity.value_or(f.capacity);
    input.staff = update.staff.value_or(f.staff);
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow row, ValidFacility(input));
    if (row.unit_code != f.unit_code)
      ALLEY_RETURN_IF_ERROR(CheckFacilityUnit(w, row.unit_code, within));
    row.id = f.id;
    row.synthetic = f.synthetic;
    ALLEY_RETURN_IF_ERROR(w.UpdateFacility(row));
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::FacilityRow> updated, w.FacilityById(id));
    if (!updated) return InternalError("the facility cannot be read back");
    ALLEY_ASSIGN_OR_RETURN(item, ItemOf(w, *std::move(updated)));
    return OkStatus();
  }));
  return *std::move(item);
}

Status CloseFacility(store::Store& store, int64_t id, int64_t expected_version, core::Date on,
                     std::string_view within) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::FacilityRow f, OpenFacility(w, id, within, expected_version));
    f.closed_on = on;
    return w.UpdateFacility(f);
  });
}

}  // namespace alley::registry
