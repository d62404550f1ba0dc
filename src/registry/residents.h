// Residents as the HTTP API serves them (docs/http.md): a filtered, sorted,
// paged list; one resident with their history; registering, changing and
// removing a resident; their personal data in clear.
//
//   ResidentListQuery q;
//   q.unit_code = "320706006010";
//   q.as_of = today;
//   q.tags = {"living_alone"};
//   q.age_band = "80+";
//   ALLEY_ASSIGN_OR_RETURN(ResidentList page, ListResidents(store, q));
//
//   ALLEY_ASSIGN_OR_RETURN(ResidentItem r, UpdateResident(store, 17, etag_version, change));
//
// Personal data: lists, records and histories carry the masked ID number and
// phone only; RevealPersonalData alone decrypts (its caller audits it).
//
// Versions: every resident has a version token, ResidentItem::version (the
// id of its newest version row; every change makes a new one). A write that
// names the token it expects fails with kAborted when the resident has
// changed since, so that two workers cannot silently overwrite each other.
//
// Scope: the functions on one resident take `within`, the code of the
// caller's subtree (the nation's code: everything). A resident whose record
// lies outside it is kNotFound, exactly as one that does not exist, so that
// ids cannot be probed; a write that would take a resident outside it is
// kPermissionDenied.
//
// A resident removed as entered in error (RemoveResident) is kNotFound here
// and absent from every list and summary; its history stays in the store.
//
// Every function is one transaction. Thread safety: as the Store's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/status.h"
#include "registry/ledger.h"
#include "registry/paging.h"
#include "store/store.h"

namespace alley::registry {

// What a resident list asks for. Every filter set applies (AND).
struct ResidentListQuery {
  std::string unit_code;          // the subtree (required)
  core::Date as_of;               // residents and records in force on this date
  std::vector<std::string> tags;  // tag ids or Chinese names; all must hold
  std::string age_band;           // "0-2", "3-5", "6-14", "15-59", "60-79", "80+"; empty: any
  std::optional<int> min_age;     // whole years on as_of, inclusive, 0..150
  std::optional<int> max_age;
  std::string sex;         // "male" or "female" (or 男/女); empty: any
  std::string employment;  // an employment form (id or Chinese name), or "platform"; empty: any
  // A fragment of the name, or a whole valid ID number (found through the
  // store's blind index; no record is decrypted). Surrounding spaces ignored.
  std::string text;
  std::optional<int64_t> household_id;
  bool include_inactive = false;  // deceased and departed residents too (status=all)
  // "name", "-name", "birth_date", "-birth_date", "id", "-id", "unit",
  // "household"; empty: "household" (community, household number, id).
  std::string sort;
  int64_t page = 1;
  int64_t page_size = kDefaultPageSize;
};

// One resident as a list shows them (docs/http.md's resident item).
struct ResidentItem {
  int64_t id = 0;
  std::string name;
  std::string id_number_masked;  // "320706********0147"
  std::string phone_masked;      // "138****5678"; empty without a phone
  std::string sex;               // "male" | "female"
  core::Date birth_date;
  int age = 0;  // whole years on the date asked
  std::string unit_code;
  std::string unit_name;
  std::string community_code;
  std::optional<int64_t> household_id;
  std::string household_number;  // empty without a household
  std::string relation;
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration;
  std::vector<std::string> tags;  // tag ids, in vocabulary order
  std::string employment;
  std::string insurance;
  std::string status;  // "active", "deceased", "departed"
  std::string note;
  bool synthetic = false;
  core::Date valid_from;  // of the version shown
  int64_t version = 0;    // the version token (ETag); changes with every change
};

struct ResidentList {
  std::vector<ResidentItem> items;  // the page asked for; empty past the end
  int64_t total = 0;                // matching residents on every page
};

// One page of the residents of `query.unit_code`'s subtree in force on
// `query.as_of`. Filters, order, count and page are computed by the store in
// SQL. Errors: kInvalidArgument naming the parameter and the rule
// ("parameter age_band: unknown band \"90+\" (...)", "parameter sort: ...",
// "parameter min_age: must be 0..150"); ValidatePage's; kNotFound for an
// unknown unit.
StatusOr<ResidentList> ListResidents(store::Store& store, const ResidentListQuery& query);

// A resident with every version of their record.
struct ResidentDetail {
  ResidentItem resident;  // as of the date asked
  // Oldest first, each with its change and status; phones masked only
  // (ResidentVersion::phone is empty).
  std::vector<store::ResidentVersion> history;
};

// Resident `id` as of `as_of`, with history. kNotFound when there is no such
// resident, when it was removed, when no version is in force on `as_of`, or
// when that version lies outside `within`.
StatusOr<ResidentDetail> GetResidentById(store::Store& store, int64_t id, core::Date as_of,
                                         std::string_view within = core::kNationCode);

// A resident to register (POST /api/v1/residents). Text fields take what the
// CSV columns take (docs/ledger.md); surrounding spaces are dropped.
struct NewResident {
  std::string id_number;  // required, GB 11643; sex and birth date come from it
  std::string name;       // required
  std::string unit_code;  // required: a community or a unit below it
  std::string household;  // a household number of the community: created when new
  std::string relation;   // to the household head; needs a household
  std::string phone;
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration;  // default "registered"
  std::vector<std::string> tags;
  std::string employment;  // default "none"
  std::string insurance;   // default "unknown"
  std::string note;
  core::Date effective;  // when the registration takes effect
  bool synthetic = false;
};

// Registers `in` and returns the resident as of `in.effective`. Validation
// is the CSV import's: kInvalidArgument "field NAME: reason" (an ID number
// that breaks GB 11643 or is born after `today`, an unknown vocabulary value,
// a relation without a household, a unit that does not exist or lies above
// community level, an effective date before the birth); kPermissionDenied for
// a unit outside `within`; kAlreadyExists when the ID number is already in
// the ledger. An ID number whose entry was removed is registered again (same
// id, a new "register" version; kFailedPrecondition if dated before the
// removal).
StatusOr<ResidentItem> CreateResident(store::Store& store, const NewResident& in, core::Date today,
                                      std::string_view within = core::kNationCode);

// Records a dated change to resident `id` (PATCH), by RecordChange's rules
// (ledger.h: `change.change` is "update", "move", "death" or "departure";
// `change.id_number` is ignored), and returns the resident as of
// `change.effective`. A household number new to the community creates the
// household. Errors: kNotFound (no such resident, removed, or outside
// `within`); kAborted when `expected_version` is not the resident's current
// version token; kInvalidArgument "field NAME: reason"; kFailedPrecondition
// for a resident no longer active or a change dated before the latest;
// kPermissionDenied for a move outside `within`.
// `also`, when given, runs inside the change's own transaction once the
// change is written, with the resident as changed: what it writes (the
// change's audit record) lands with the change or not at all, and its error
// undoes the change.
using AlsoInTransaction = std::function<Status(store::Writer&, const ResidentItem&)>;
StatusOr<ResidentItem> UpdateResident(store::Store& store, int64_t id, int64_t expected_version,
                                      const ResidentChange& change,
                                      std::string_view within = core::kNationCode,
                                      const AlsoInTransaction& also = nullptr);

// Removes resident `id` as entered in error (DELETE): a new version dated
// `effective`, change "delete", status "removed"; from then on the resident
// is in no list, count or summary, and kNotFound here. The history stays.
// Errors: kNotFound (as UpdateResident); kAborted for a stale
// `expected_version`; kFailedPrecondition when `effective` is before the
// resident's latest version.
Status RemoveResident(store::Store& store, int64_t id, int64_t expected_version,
                      core::Date effective, std::string_view within = core::kNationCode);

// A resident's personal data in clear.
struct PersonalData {
  std::string id_number;
  std::string phone;  // of the newest version; empty when none
};

// Decrypts resident `id`'s ID number and phone. The caller audits every
// call. kNotFound as GetResidentById (by the newest version's unit);
// kDataLoss when a ciphertext does not decrypt.
StatusOr<PersonalData> RevealPersonalData(store::Store& store, int64_t id,
                                          std::string_view within = core::kNationCode);

// ---- Shared with households.cc ----

// The list item of a store row, aged on `as_of`.
ResidentItem ToResidentItem(const store::ResidentListRow& row, core::Date as_of);

}  // namespace alley::registry
