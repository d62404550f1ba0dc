// Households (户) as the HTTP API serves them (docs/http.md): a paged list
// with member counts and heads, one household with its members, creating,
// moving and dissolving one.
//
//   HouseholdListQuery q;
//   q.unit_code = "320706006010";
//   q.as_of = today;
//   q.text = "0012";  // a number, or a fragment of the head's name
//   ALLEY_ASSIGN_OR_RETURN(HouseholdList page, ListHouseholds(store, q));
//
// A household belongs to the ledger of one community and lives in a unit of
// it (the community or a compound below). Its members are the active
// residents whose record in force places them in it.
//
// Versions: HouseholdItem::household.version is the version token (ETag),
// one more on every change; writes that name a stale one fail with kAborted.
// Scope: `within` is the caller's subtree; a household living outside it is
// kNotFound, a write that would take it outside is kPermissionDenied.
// A dissolved household is in no list or count and kNotFound here; its
// number stays taken (registering a member under it revives it).
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
#include "registry/residents.h"
#include "store/store.h"

namespace alley::registry {

struct HouseholdListQuery {
  std::string unit_code;  // the subtree (required): households living in it
  core::Date as_of;       // for the members and the head
  std::string text;       // a fragment of the number or of the head's name; empty: any
  int64_t page = 1;
  int64_t page_size = kDefaultPageSize;
};

struct HouseholdItem {
  store::HouseholdRow household;  // version: the ETag token
  std::string unit_name;
  int64_t members = 0;             // active residents in it on the date asked
  std::optional<int64_t> head_id;  // the member whose relation is "head"
  std::string head_name;           // empty without a head
};

struct HouseholdList {
  std::vector<HouseholdItem> items;  // ordered by community and number
  int64_t total = 0;
};

// One page of the households living in `query.unit_code`'s subtree, not
// dissolved. Errors: ValidatePage's; kNotFound for an unknown unit.
StatusOr<HouseholdList> ListHouseholds(store::Store& store, const HouseholdListQuery& query);

struct HouseholdDetail {
  HouseholdItem household;
  std::vector<ResidentItem> members;  // active on the date asked, by id
};

// Household `id` on `as_of` with its members. kNotFound for an unknown or
// dissolved household, or one living outside `within`.
StatusOr<HouseholdDetail> GetHousehold(store::Store& store, int64_t id, core::Date as_of,
                                       std::string_view within = core::kNationCode);

struct NewHousehold {
  std::string unit_code;  // the community, or a unit below it where the household lives
  std::string number;     // unique within the community
  std::string building;
  std::string entrance;
  std::string room;
};

// Creates a household (no members yet) and returns it as of `as_of`.
// Errors: kInvalidArgument "field NAME: reason" (an empty or too long number
// or field, a unit that does not exist or lies above community level);
// kPermissionDenied for a unit outside `within`; kAlreadyExists when the
// community has a household (dissolved or not) of that number.
StatusOr<HouseholdItem> CreateHousehold(store::Store& store, const NewHousehold& in,
                                        core::Date as_of,
                                        std::string_view within = core::kNationCode);

// A change of where a household lives. Unset fields keep their value.
struct HouseholdUpdate {
  std::optional<std::string> unit_code;  // another unit of the same community
  std::optional<std::string> building;
  std::optional<std::string> entrance;
  std::optional<std::string> room;
  // The date of the move: each active member gets a version dated so ("move")
  // that takes the new address, so that their records follow the household.
  core::Date effective;
};

// Moves household `id` and its active members; returns it as of
// `update.effective`. Errors: kNotFound (as GetHousehold); kAborted when
// `expected_version` is stale; kInvalidArgument "field NAME: reason" (a unit
// that does not exist or is in another community, a too long field);
// kPermissionDenied for a unit outside `within`; kFailedPrecondition when a
// member's record has a change dated after `update.effective`.
StatusOr<HouseholdItem> UpdateHousehold(store::Store& store, int64_t id, int64_t expected_version,
                                        const HouseholdUpdate& update,
                                        std::string_view within = core::kNationCode);

// Dissolves household `id` on `on`: it leaves every list and count.
// Errors: kNotFound (as GetHousehold); kAborted for a stale
// `expected_version`; kFailedPrecondition while an active resident's record
// in force on `on`, or any later one, places them in it.
Status DissolveHousehold(store::Store& store, int64_t id, int64_t expected_version, core::Date on,
                         std::string_view within = core::kNationCode);

}  // namespace alley::registry
