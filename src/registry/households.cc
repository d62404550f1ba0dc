#include "registry/households.h"

#include <limits>

#include "registry/resident_rules.h"

namespace alley::registry {
namespace {

using internal::FieldError;

Status NoSuchHousehold(int64_t id) {
  return NotFoundError("no household has the id " + std::to_string(id));
}

bool Within(std::string_view within, std::string_view code) {
  return core::IsCodePrefixAncestor(within, code);
}

HouseholdItem ToHouseholdItem(store::HouseholdListRow row) {
  HouseholdItem item;
  item.household = std::move(row.household);
  item.unit_name = std::move(row.unit_name);
  item.members = row.members;
  item.head_id = row.head_id;
  item.head_name = std::move(row.head_name);
  return item;
}

// Household `id` as a list item on `as_of`, or nullopt when it does not
// exist, is dissolved or lives outside `within`.
StatusOr<std::optional<HouseholdItem>> ItemOf(store::Reader& r, int64_t id, core::Date as_of,
                                              std::string_view within) {
  store::HouseholdQuery q;
  q.subtree_code = std::string(within);
  q.as_of = as_of;
  q.household_id = id;
  q.limit = 1;
  ALLEY_ASSIGN_OR_RETURN(store::HouseholdPage page, r.ListHouseholds(q));
  if (page.rows.empty()) return std::optional<HouseholdItem>();
  return std::optional<HouseholdItem>(ToHouseholdItem(std::move(page.rows.front())));
}

// The household a write starts from: existing, not dissolved, within scope,
// at `expected_version`.
StatusOr<store::HouseholdRow> CurrentForWrite(store::Writer& w, int64_t id,
                                              int64_t expected_version, std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> h, w.HouseholdById(id));
  if (!h || h->dissolved_on || !Within(within, h->unit_code)) return NoSuchHousehold(id);
  if (h->version != expected_version) {
    return AbortedError("household " + h->number +
                        " has changed since it was read: read it again and repeat the change");
  }
  return *std::move(h);
}

// The unit a household is to live in: it must exist, be in scope and be the
// community or below it. Returns the unit and its community.
StatusOr<std::pair<store::UnitRow, store::UnitRow>> HomeUnit(store::Reader& r,
                                                             std::string_view code,
                                                             std::string_view within) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(code));
  if (!unit) return FieldError("field", "unit", "unit " + std::string(code) + " not found");
  if (!Within(within, unit->code)) {
    return PermissionDeniedError("field unit: unit " + unit->code + " is outside your scope");
  }
  StatusOr<store::UnitRow> community = internal::CommunityOf(r, *unit);
  if (community.status().code() == StatusCode::kFailedPrecondition) {
    return FieldError("field", "unit", community.status().message());
  }
  ALLEY_RETURN_IF_ERROR(community.status());
  return std::pair{*std::move(unit), *std::move(community)};
}

Status CheckField(std::string_view name, std::string_view value) {
  if (value.size() > internal::kMaxFieldBytes) {
    return FieldError("field", name,
                      "longer than " + std::to_string(internal::kMaxFieldBytes) + " bytes");
  }
  return OkStatus();
}

}  // namespace

StatusOr<HouseholdList> ListHouseholds(store::Store& store, const HouseholdListQuery& query) {
  ALLEY_RETURN_IF_ERROR(ValidatePage(query.page, query.page_size));
  store::HouseholdQuery q;
  q.subtree_code = query.unit_code;
  q.as_of = query.as_of;
  q.text = internal::Trimmed(query.text);
  q.limit = query.page_size;
  q.offset = PageOffset(query.page, query.page_size);
  HouseholdList list;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(query.unit_code));
    if (!unit) return NotFoundError("unit " + query.unit_code + " not found");
    ALLEY_ASSIGN_OR_RETURN(store::HouseholdPage page, r.ListHouseholds(q));
    list.total = page.total;
    for (store::HouseholdListRow& row : page.rows) {
      list.items.push_back(ToHouseholdItem(std::move(row)));
    }
    return OkStatus();
  }));
  return list;
}

StatusOr<HouseholdDetail> GetHousehold(store::Store& store, int64_t id, core::Date as_of,
                                       std::string_view within) {
  HouseholdDetail detail;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<HouseholdItem> item, ItemOf(r, id, as_of, within));
    if (!item) return NoSuchHousehold(id);
    detail.household = *std::move(item);
    store::ResidentQuery q;
    q.subtree_code = std::string(core::kNationCode);
    q.as_of = as_of;
    q.household_id = id;
    q.order = store::ResidentOrder::kId;
    q.limit = std::numeric_limits<int64_t>::max();
    ALLEY_ASSIGN_OR_RETURN(store::ResidentPage members, r.ListResidents(q));
    for (const store::ResidentListRow& row : members.rows) {
      detail.members.push_back(ToResidentItem(row, as_of));
    }
    return OkStatus();
  }));
  return detail;
}

StatusOr<HouseholdItem> CreateHousehold(store::Store& store, const NewHousehold& in,
                                        core::Date as_of, std::string_view within) {
  store::HouseholdRow h;
  h.number = internal::Trimmed(in.number);
  h.building = internal::Trimmed(in.building);
  h.entrance = internal::Trimmed(in.entrance);
  h.room = internal::Trimmed(in.room);
  if (h.number.empty()) return FieldError("field", "number", "empty");
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string&>{"number", h.number},
        {"building", h.building},
        {"entrance", h.entrance},
        {"room", h.room}}) {
    ALLEY_RETURN_IF_ERROR(CheckField(name, value));
  }
  const std::string unit_code = internal::Trimmed(in.unit_code);
  if (unit_code.empty()) return FieldError("field", "unit", "empty");
  std::optional<HouseholdItem> created;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(auto home, HomeUnit(w, unit_code, within));
    h.unit_code = home.first.code;
    h.community_code = home.second.code;
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::HouseholdRow> existing,
                           w.FindHousehold(h.community_code, h.number));
    if (existing) {
      return AlreadyExistsError("field number: community " + h.community_code +
                                " already has a household " + h.number +
                                (existing->dissolved_on ? " (dissolved)" : ""));
    }
    ALLEY_ASSIGN_OR_RETURN(h.id, w.InsertHousehold(h));
    ALLEY_ASSIGN_OR_RETURN(created, ItemOf(w, h.id, as_of, core::kNationCode));
    if (!created) return InternalError("the new household cannot be read back");
    return OkStatus();
  }));
  return *std::move(created);
}

StatusOr<HouseholdItem> UpdateHousehold(store::Store& store, int64_t id, int64_t expected_version,
                                        const HouseholdUpdate& update, std::string_view within) {
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::optional<std::string>&>{"building", update.building},
        {"entrance", update.entrance},
        {"room", update.room}}) {
    if (value) ALLEY_RETURN_IF_ERROR(CheckField(name, *value));
  }
  std::optional<HouseholdItem> updated;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::HouseholdRow h, CurrentForWrite(w, id, expected_version, within));
    store::HouseholdRow moved = h;
    if (update.unit_code) {
      ALLEY_ASSIGN_OR_RETURN(auto home, HomeUnit(w, internal::Trimmed(*update.unit_code), within));
      if (home.second.code != h.community_code) {
        return FieldError("field", "unit",
                          "unit " + home.first.code + " is not in community " + h.community_code +
                              ", whose ledger holds household " + h.number);
      }
      moved.unit_code = home.first.code;
    }
    if (update.building) moved.building = internal::Trimmed(*update.building);
    if (update.entrance) moved.entrance = internal::Trimmed(*update.entrance);
    if (update.room) moved.room = internal::Trimmed(*update.room);
    ALLEY_RETURN_IF_ERROR(w.UpdateHousehold(moved));
    bool address_changed = moved.unit_code != h.unit_code || moved.building != h.building ||
                           moved.entrance != h.entrance || moved.room != h.room;
    if (address_changed) {
      // The members move with the household: a dated version each.
      store::ResidentQuery q;
      q.subtree_code = std::string(core::kNationCode);
      q.as_of = update.effective;
      q.household_id = id;
      q.order = store::ResidentOrder::kId;
      q.limit = std::numeric_limits<int64_t>::max();
      ALLEY_ASSIGN_OR_RETURN(store::ResidentPage members, w.ListResidents(q));
      for (const store::ResidentListRow& member : members.rows) {
        ALLEY_ASSIGN_OR_RETURN(std::vector<store::ResidentVersion> history,
                               w.ResidentHistory(member.identity.id));
        if (history.empty()) continue;
        store::ResidentVersion v = history.back();
        v.valid_from = update.effective;
        v.change = "move";
        v.unit_code = moved.unit_code;
        v.building = moved.building;
        v.entrance = moved.entrance;
        v.room = moved.room;
        Status added = w.AddResidentVersion(v);
        if (!added.ok()) {
          return added.WithContext("member " + std::to_string(member.identity.id) + " (" +
                                   member.version.name + ")");
        }
      }
    }
    ALLEY_ASSIGN_OR_RETURN(updated, ItemOf(w, id, update.effective, core::kNationCode));
    if (!updated) return InternalError("the household cannot be read back");
    return OkStatus();
  }));
  return *std::move(updated);
}

Status DissolveHousehold(store::Store& store, int64_t id, int64_t expected_version, core::Date on,
                         std::string_view within) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(store::HouseholdRow h, CurrentForWrite(w, id, expected_version, within));
    ALLEY_ASSIGN_OR_RETURN(int64_t members, w.CountActiveMembersFrom(id, on));
    if (members > 0) {
      return FailedPreconditionError("household " + h.number + " has " + std::to_string(members) +
                                     " active member" + (members == 1 ? "" : "s") + " on " +
                                     on.ToString() + " or later: move them out first");
    }
    h.dissolved_on = on;
    return w.UpdateHousehold(h);
  });
}

}  // namespace alley::registry
