// The SQLite implementation of the store: WAL journal, foreign keys on, a
// busy timeout, migrations on open, prepared statements cached per store.
#include <sqlite3.h>

#include <cstring>
#include <map>
#include <utility>

#include "store/store.h"

namespace alley::store {
namespace {

// Identifies an Alley database file ("Aley" in ASCII) so that some other
// SQLite file is refused rather than migrated.
constexpr int kApplicationId = 0x416c6579;
// How long a writer waits for another process's lock before giving up.
constexpr int kBusyTimeoutMs = 5000;

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(message + " (the database is busy; try again)");
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExistsError(std::move(message));
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return FailedPreconditionError(std::move(message));
      return InvalidArgumentError(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return UnavailableError(std::move(message));
    default:
      return InternalError(std::move(message));
  }
}

// The half-open code range [lower, upper) that holds a unit's subtree: every
// code in it extends the unit's code (DESIGN.md, codes are prefix-nested).
struct CodeRange {
  std::string lower;
  std::string upper;
};

CodeRange SubtreeRange(std::string_view code) {
  if (code.empty() || code == core::kNationCode) return {"", "~"};
  std::string upper(code);
  upper.back() = static_cast<char>(upper.back() + 1);
  return {std::string(code), upper};
}

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& Bind(int index, std::string_view text) {
    Check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, int64_t value) {
    Check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value) {
    Check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    if (value.has_value()) return Bind(index, *value);
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  Statement& BindNullIfEmpty(int index, std::string_view text) {
    if (!text.empty()) return Bind(index, text);
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }

  // True when a row is ready; false when done.
  // Rewinds the cursor; bindings stay (loops re-bind every parameter).
  void Reset() { sqlite3_reset(stmt_); }

  StatusOr<bool> Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, sqlite3_extended_errcode(db_), "statement failed");
  }
  Status Run() {
    StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    return OkStatus();
  }

  std::string Text(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<double> OptDouble(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Double(col);
  }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  void Check(int rc) {
    // Binding fails only on a wrong index or out of memory: programmer errors.
    ALLEY_CHECK(rc == SQLITE_OK, sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

StatusOr<core::Date> ColumnDate(const Statement& s, int col) {
  StatusOr<core::Date> date = core::Date::Parse(s.Text(col));
  if (!date.ok()) return DataLossError("stored date is unreadable: " + date.status().message());
  return date;
}

class SqliteStore final : public Store, private Writer {
 public:
  SqliteStore(sqlite3* db, int version) : db_(db), version_(version) {}
  ~SqliteStore() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int SchemaVersion() const override { return version_; }

  Status Read(const std::function<Status(Reader&)>& fn) override {
    ALLEY_RETURN_IF_ERROR(Exec("BEGIN DEFERRED"));
    Status status = fn(*this);
    ResetAll();
    Status end = Exec(status.ok() ? "COMMIT" : "ROLLBACK");
    return status.ok() ? end : status;
  }

  Status Write(const std::function<Status(Writer&)>& fn) override {
    ALLEY_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status status = fn(*this);
    ResetAll();
    if (!status.ok()) {
      Status rollback = Exec("ROLLBACK");
      (void)rollback;  // the function's error is the one to report
      return status;
    }
    Status commit = Exec("COMMIT");
    if (!commit.ok()) {
      Status rollback = Exec("ROLLBACK");
      (void)rollback;
    }
    return commit;
  }

  Status Exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      return SqliteError(nullptr, rc, message);
    }
    return OkStatus();
  }

  // ---- Reader ----

  StatusOr<std::vector<UnitRow>> LoadUnits() override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(kSelectUnit));
    return CollectUnits(s);
  }

  StatusOr<std::optional<UnitRow>> FindUnit(std::string_view code) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectUnit) + " WHERE code = ?1"));
    s.Bind(1, code);
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> rows, CollectUnits(s));
    if (rows.empty()) return std::optional<UnitRow>();
    return std::optional<UnitRow>(std::move(rows.front()));
  }

  StatusOr<std::vector<UnitRow>> ChildUnits(std::string_view code) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectUnit) + " WHERE parent_code = ?1 ORDER BY code"));
    s.Bind(1, code);
    return CollectUnits(s);
  }

  StatusOr<std::vector<int64_t>> CountUnitsByLevel(std::string_view code) override {
    CodeRange range = SubtreeRange(code);
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("SELECT level, COUNT(*) FROM unit WHERE code >= ?1 "
                                                "AND code < ?2 AND code <> ?3 GROUP BY level"));
    s.Bind(1, range.lower).Bind(2, range.upper).Bind(3, code);
    std::vector<int64_t> counts(static_cast<size_t>(core::UnitLevel::kGrid) + 1, 0);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      int64_t level = s.Int(0);
      if (level < 0 || level >= static_cast<int64_t>(counts.size())) {
        return DataLossError("unit level out of range: " + std::to_string(level));
      }
      counts[static_cast<size_t>(level)] = s.Int(1);
    }
    return counts;
  }

  StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("SELECT value FROM meta WHERE key = ?1"));
    s.Bind(1, key);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  StatusOr<std::optional<ResidentIdentity>> FindResidentByIdNumber(
      std::string_view id_number) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("SELECT id, id_number, sex, birth_date, synthetic "
                                                "FROM resident WHERE id_number = ?1"));
    s.Bind(1, id_number);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentIdentity>();
    ResidentIdentity identity;
    identity.id = s.Int(0);
    identity.id_number = s.Text(1);
    identity.sex = s.Text(2);
    ALLEY_ASSIGN_OR_RETURN(identity.birth_date, ColumnDate(s, 3));
    identity.synthetic = s.Int(4) != 0;
    return std::optional<ResidentIdentity>(std::move(identity));
  }

  StatusOr<std::optional<ResidentVersion>> ResidentVersionOn(int64_t resident_id,
                                                             core::Date as_of) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare(std::string(kSelectVersion) +
                " WHERE resident_id = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR "
                "valid_to > ?2) ORDER BY valid_from DESC, id DESC LIMIT 1"));
    s.Bind(1, resident_id).Bind(2, as_of.ToString());
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentVersion>();
    ALLEY_ASSIGN_OR_RETURN(ResidentVersion version, ReadVersion(s, 0));
    return std::optional<ResidentVersion>(std::move(version));
  }

  StatusOr<std::vector<ResidentVersion>> ResidentHistory(int64_t resident_id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectVersion) +
                                                " WHERE resident_id = ?1 ORDER BY valid_from, id"));
    s.Bind(1, resident_id);
    std::vector<ResidentVersion> versions;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ALLEY_ASSIGN_OR_RETURN(ResidentVersion version, ReadVersion(s, 0));
      versions.push_back(std::move(version));
    }
    return versions;
  }

  Status ScanResidents(const ResidentFilter& filter,
                       const std::function<Status(const ResidentRow&)>& fn) override {
    CodeRange range = SubtreeRange(filter.subtree_code);
    std::string sql =
        "SELECT r.id, r.id_number, r.sex, r.birth_date, r.synthetic, v.resident_id, "
        "v.valid_from, v.change, v.status, v.name, v.phone, v.community_code, v.unit_code, "
        "v.household_id, v.relation, v.building, v.entrance, v.room, v.registration, v.tags, "
        "v.employment, v.insurance, v.note "
        "FROM resident_version v JOIN resident r ON r.id = v.resident_id "
        "LEFT JOIN household h ON h.id = v.household_id "
        "WHERE v.unit_code >= ?1 AND v.unit_code < ?2 AND v.valid_from <= ?3 "
        "AND (v.valid_to IS NULL OR v.valid_to > ?3)";
    if (!filter.include_inactive) sql += " AND v.status = 'active'";
    sql += " ORDER BY v.community_code, h.number, r.id";
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
    s.Bind(1, range.lower).Bind(2, range.upper).Bind(3, filter.as_of.ToString());
    ResidentRow row;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      row.identity.id = s.Int(0);
      row.identity.id_number = s.Text(1);
      row.identity.sex = s.Text(2);
      ALLEY_ASSIGN_OR_RETURN(row.identity.birth_date, ColumnDate(s, 3));
      row.identity.synthetic = s.Int(4) != 0;
      ALLEY_ASSIGN_OR_RETURN(row.version, ReadVersion(s, 5));
      ALLEY_RETURN_IF_ERROR(fn(row));
    }
    return OkStatus();
  }

  StatusOr<std::optional<HouseholdRow>> FindHousehold(std::string_view community_code,
                                                      std::string_view number) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectHousehold) +
                                                " WHERE community_code = ?1 AND number = ?2"));
    s.Bind(1, community_code).Bind(2, number);
    return OneHousehold(s);
  }

  StatusOr<std::optional<HouseholdRow>> HouseholdById(int64_t id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectHousehold) + " WHERE id = ?1"));
    s.Bind(1, id);
    return OneHousehold(s);
  }

  StatusOr<int64_t> CountHouseholds(std::string_view subtree_code, core::Date as_of) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("SELECT COUNT(DISTINCT household_id) FROM resident_version WHERE unit_code >= ?1 "
                "AND unit_code < ?2 AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3) "
                "AND status = 'active' AND household_id IS NOT NULL"));
    s.Bind(1, range.lower).Bind(2, range.upper).Bind(3, as_of.ToString());
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  StatusOr<std::vector<FacilityRow>> ListFacilities(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("SELECT id, unit_code, type, name, lat, lon, capacity, staff, "
                             "synthetic FROM facility WHERE unit_code >= ?1 AND unit_code < ?2 "
                             "ORDER BY unit_code, type, name"));
    s.Bind(1, range.lower).Bind(2, range.upper);
    std::vector<FacilityRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      FacilityRow f;
      f.id = s.Int(0);
      f.unit_code = s.Text(1);
      f.type = s.Text(2);
      f.name = s.Text(3);
      f.lat = s.OptDouble(4);
      f.lon = s.OptDouble(5);
      f.capacity = static_cast<int>(s.Int(6));
      f.staff = static_cast<int>(s.Int(7));
      f.synthetic = s.Int(8) != 0;
      rows.push_back(std::move(f));
    }
    return rows;
  }

  StatusOr<std::vector<BuildingRow>> ListBuildings(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("SELECT id, unit_code, name, lat, lon, floors, synthetic FROM "
                             "building WHERE unit_code >= ?1 AND unit_code < ?2 ORDER BY id"));
    s.Bind(1, range.lower).Bind(2, range.upper);
    std::vector<BuildingRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      BuildingRow b;
      b.id = s.Int(0);
      b.unit_code = s.Text(1);
      b.name = s.Text(2);
      b.lat = s.Double(3);
      b.lon = s.Double(4);
      b.floors = static_cast<int>(s.Int(5));
      b.synthetic = s.Int(6) != 0;
      rows.push_back(std::move(b));
    }
    return rows;
  }

  // ---- Writer ----

  Status UpsertUnits(const std::vector<UnitRow>& units) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO unit (code, parent_code, level, name, settlement, source, synthetic, "
                "lat, lon) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO "
                "UPDATE SET parent_code = excluded.parent_code, level = excluded.level, "
                "name = excluded.name, settlement = excluded.settlement, source = excluded.source, "
                "synthetic = excluded.synthetic, lat = coalesce(excluded.lat, lat), "
                "lon = coalesce(excluded.lon, lon) WHERE parent_code IS NOT excluded.parent_code "
                "OR level <> excluded.level OR name <> excluded.name OR settlement IS NOT "
                "excluded.settlement OR source <> excluded.source OR synthetic <> "
                "excluded.synthetic OR excluded.lat IS NOT NULL OR excluded.lon IS NOT NULL"));
    for (const UnitRow& u : units) {
      s.Bind(1, u.code)
          .BindNullIfEmpty(2, u.parent_code)
          .Bind(3, static_cast<int>(u.level))
          .Bind(4, u.name)
          .BindNullIfEmpty(5, u.settlement)
          .Bind(6, u.source)
          .Bind(7, u.synthetic)
          .Bind(8, u.lat)
          .Bind(9, u.lon);
      Status status = s.Run();
      if (!status.ok()) return status.WithContext("unit " + u.code);
      s.Reset();
    }
    return OkStatus();
  }

  Status SetMeta(std::string_view key, std::string_view value) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO "
                             "UPDATE SET value = excluded.value"));
    s.Bind(1, key).Bind(2, value);
    return s.Run();
  }

  StatusOr<int64_t> InsertResident(const ResidentIdentity& identity) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("INSERT INTO resident (id_number, sex, birth_date, synthetic) "
                                   "VALUES (?1, ?2, ?3, ?4)"));
    s.Bind(1, identity.id_number)
        .Bind(2, identity.sex)
        .Bind(3, identity.birth_date.ToString())
        .Bind(4, identity.synthetic);
    Status status = s.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("a resident with this ID number is already registered");
    }
    ALLEY_RETURN_IF_ERROR(status);
    return sqlite3_last_insert_rowid(db_);
  }

  Status AddResidentVersion(const ResidentVersion& v) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement latest, Prepare("SELECT id, valid_from FROM resident_version WHERE resident_id = "
                                  "?1 ORDER BY valid_from DESC, id DESC LIMIT 1"));
    latest.Bind(1, v.resident_id);
    ALLEY_ASSIGN_OR_RETURN(bool has_latest, latest.Step());
    std::string from = v.valid_from.ToString();
    if (has_latest) {
      int64_t latest_id = latest.Int(0);
      std::string latest_from = latest.Text(1);
      latest.Reset();
      if (latest_from > from) {
        return FailedPreconditionError("the record already has a change dated " + latest_from +
                                       ", later than " + from);
      }
      ALLEY_ASSIGN_OR_RETURN(Statement close,
                             Prepare("UPDATE resident_version SET valid_to = ?2 WHERE id = ?1"));
      close.Bind(1, latest_id).Bind(2, from);
      ALLEY_RETURN_IF_ERROR(close.Run());
    }
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO resident_version (resident_id, valid_from, change, status, name, "
                "phone, community_code, unit_code, household_id, relation, building, entrance, "
                "room, registration, tags, employment, insurance, note) VALUES (?1, ?2, ?3, ?4, "
                "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"));
    s.Bind(1, v.resident_id)
        .Bind(2, from)
        .Bind(3, v.change)
        .Bind(4, v.status)
        .Bind(5, v.name)
        .Bind(6, v.phone)
        .Bind(7, v.community_code)
        .Bind(8, v.unit_code)
        .Bind(9, v.household_id)
        .Bind(10, v.relation)
        .Bind(11, v.building)
        .Bind(12, v.entrance)
        .Bind(13, v.room)
        .Bind(14, v.registration)
        .Bind(15, static_cast<int64_t>(v.tags))
        .Bind(16, v.employment)
        .Bind(17, v.insurance)
        .Bind(18, v.note);
    return s.Run();
  }

  StatusOr<int64_t> InsertHousehold(const HouseholdRow& h) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO household (community_code, number, unit_code, building, entrance, "
                "room, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.Bind(1, h.community_code)
        .Bind(2, h.number)
        .Bind(3, h.unit_code)
        .Bind(4, h.building)
        .Bind(5, h.entrance)
        .Bind(6, h.room)
        .Bind(7, h.synthetic);
    Status status = s.Run();
    if (!status.ok()) return status.WithContext("household " + h.number);
    return sqlite3_last_insert_rowid(db_);
  }

  Status UpdateHousehold(const HouseholdRow& h) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("UPDATE household SET unit_code = ?2, building = ?3, "
                                   "entrance = ?4, room = ?5 WHERE id = ?1"));
    s.Bind(1, h.id).Bind(2, h.unit_code).Bind(3, h.building).Bind(4, h.entrance).Bind(5, h.room);
    ALLEY_RETURN_IF_ERROR(s.Run());
    if (sqlite3_changes(db_) == 0) return NotFoundError("household " + std::to_string(h.id));
    return OkStatus();
  }

  StatusOr<int64_t> InsertBuilding(const BuildingRow& b) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("INSERT INTO building (unit_code, name, lat, lon, floors, "
                                   "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.Bind(1, b.unit_code)
        .Bind(2, b.name)
        .Bind(3, b.lat)
        .Bind(4, b.lon)
        .Bind(5, b.floors)
        .Bind(6, b.synthetic);
    Status status = s.Run();
    if (!status.ok()) return status.WithContext("building " + b.name);
    return sqlite3_last_insert_rowid(db_);
  }

  StatusOr<int64_t> UpsertFacility(const FacilityRow& f) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO facility (unit_code, type, name, lat, lon, capacity, staff, "
                "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (unit_code, name) "
                "DO UPDATE SET type = excluded.type, lat = excluded.lat, lon = excluded.lon, "
                "capacity = excluded.capacity, staff = excluded.staff, synthetic = "
                "excluded.synthetic RETURNING id"));
    s.Bind(1, f.unit_code)
        .Bind(2, f.type)
        .Bind(3, f.name)
        .Bind(4, f.lat)
        .Bind(5, f.lon)
        .Bind(6, f.capacity)
        .Bind(7, f.staff)
        .Bind(8, f.synthetic);
    StatusOr<bool> row = s.Step();
    if (!row.ok()) return row.status().WithContext("facility " + f.name);
    ALLEY_CHECK(*row, "INSERT ... RETURNING yields a row");
    int64_t id = s.Int(0);
    s.Reset();
    return id;
  }

  Status DeleteSyntheticUnder(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    // Children before parents, and residents (with their history) first.
    const char* kSteps[] = {
        R"(DELETE FROM resident WHERE synthetic = 1 AND id IN
             (SELECT resident_id FROM resident_version WHERE unit_code >= ?1 AND unit_code < ?2))",
        R"(DELETE FROM household WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM building WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM facility WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM unit WHERE synthetic = 1 AND code >= ?1 AND code < ?2)",
    };
    for (const char* sql : kSteps) {
      ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
      s.Bind(1, range.lower).Bind(2, range.upper);
      Status status = s.Run();
      if (!status.ok()) {
        return status.WithContext("cannot remove synthetic records under " +
                                  std::string(subtree_code));
      }
    }
    return OkStatus();
  }

 private:
  static constexpr const char* kSelectUnit =
      "SELECT code, parent_code, level, name, settlement, source, synthetic, lat, lon FROM unit";
  static constexpr const char* kSelectVersion =
      "SELECT resident_id, valid_from, change, status, name, phone, community_code, unit_code, "
      "household_id, relation, building, entrance, room, registration, tags, employment, "
      "insurance, note FROM resident_version";
  static constexpr const char* kSelectHousehold =
      "SELECT id, community_code, number, unit_code, building, entrance, room, synthetic FROM "
      "household";

  // A cached statement, reset and with bindings cleared.
  StatusOr<Statement> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "cannot prepare statement");
      it = cache_.emplace(sql, stmt).first;
    }
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(db_, it->second);
  }
  StatusOr<Statement> Prepare(const char* sql) { return Prepare(std::string(sql)); }

  // Ends every cursor left open, so that no statement outlives its transaction.
  void ResetAll() {
    for (auto& [sql, stmt] : cache_) {
      if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
    }
  }

  StatusOr<std::vector<UnitRow>> CollectUnits(Statement& s) {
    std::vector<UnitRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      UnitRow u;
      u.code = s.Text(0);
      u.parent_code = s.Text(1);
      int64_t level = s.Int(2);
      if (level < 0 || level > static_cast<int64_t>(core::UnitLevel::kGrid)) {
        return DataLossError("unit " + u.code + " has level " + std::to_string(level));
      }
      u.level = static_cast<core::UnitLevel>(level);
      u.name = s.Text(3);
      u.settlement = s.Text(4);
      u.source = s.Text(5);
      u.synthetic = s.Int(6) != 0;
      u.lat = s.OptDouble(7);
      u.lon = s.OptDouble(8);
      rows.push_back(std::move(u));
    }
    return rows;
  }

  StatusOr<std::optional<HouseholdRow>> OneHousehold(Statement& s) {
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<HouseholdRow>();
    HouseholdRow h;
    h.id = s.Int(0);
    h.community_code = s.Text(1);
    h.number = s.Text(2);
    h.unit_code = s.Text(3);
    h.building = s.Text(4);
    h.entrance = s.Text(5);
    h.room = s.Text(6);
    h.synthetic = s.Int(7) != 0;
    return std::optional<HouseholdRow>(std::move(h));
  }

  StatusOr<ResidentVersion> ReadVersion(const Statement& s, int first) {
    ResidentVersion v;
    int c = first;
    v.resident_id = s.Int(c++);
    ALLEY_ASSIGN_OR_RETURN(v.valid_from, ColumnDate(s, c++));
    v.change = s.Text(c++);
    v.status = s.Text(c++);
    v.name = s.Text(c++);
    v.phone = s.Text(c++);
    v.community_code = s.Text(c++);
    v.unit_code = s.Text(c++);
    v.household_id = s.OptInt(c++);
    v.relation = s.Text(c++);
    v.building = s.Text(c++);
    v.entrance = s.Text(c++);
    v.room = s.Text(c++);
    v.registration = s.Text(c++);
    v.tags = static_cast<uint32_t>(s.Int(c++));
    v.employment = s.Text(c++);
    v.insurance = s.Text(c++);
    v.note = s.Text(c++);
    return v;
  }

  sqlite3* db_;
  int version_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

StatusOr<int> QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
  rc = sqlite3_step(stmt);
  int value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db, rc, sql);
  return value;
}

Status ExecRaw(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return SqliteError(nullptr, rc, message);
  }
  return OkStatus();
}

Status Migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations,
               int* version) {
  ALLEY_ASSIGN_OR_RETURN(int application_id, QueryInt(db, "PRAGMA application_id"));
  ALLEY_ASSIGN_OR_RETURN(int current, QueryInt(db, "PRAGMA user_version"));
  ALLEY_ASSIGN_OR_RETURN(int tables, QueryInt(db, "SELECT count(*) FROM sqlite_schema"));
  if (application_id != kApplicationId && (application_id != 0 || tables > 0)) {
    return FailedPreconditionError(path + " is a SQLite database, but not Alley's");
  }
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return FailedPreconditionError(path + " has schema version " + std::to_string(current) +
                                   ", newer than this alley understands (" +
                                   std::to_string(latest) + "); use a newer alley");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    ALLEY_RETURN_IF_ERROR(ExecRaw(db, "BEGIN IMMEDIATE"));
    // Another process may have migrated while this one waited for the lock.
    StatusOr<int> now = QueryInt(db, "PRAGMA user_version");
    Status status = now.status();
    if (status.ok() && *now < m.version) {
      status = ExecRaw(db, std::string(m.sql));
      if (status.ok()) {
        status = ExecRaw(db, "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                 "; PRAGMA user_version = " + std::to_string(m.version));
      }
    }
    if (!status.ok()) {
      (void)ExecRaw(db, "ROLLBACK");
      return status.WithContext("migration " + std::to_string(m.version) + " (" +
                                std::string(m.description) + ")");
    }
    ALLEY_RETURN_IF_ERROR(ExecRaw(db, "COMMIT"));
  }
  ALLEY_ASSIGN_OR_RETURN(*version, QueryInt(db, "PRAGMA user_version"));
  return OkStatus();
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "cannot open " + path);
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // The first read tells whether this is a database at all. The page cache is
  // 64 MiB (a negative cache_size is in KiB) so that the national import's
  // indexes stay in memory: 16 s → 12 s for 665,276 units.
  Status status = ExecRaw(db.get(),
                          "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                          "PRAGMA cache_size = -65536");
  if (status.ok()) {
    StatusOr<int> schema = QueryInt(db.get(), "SELECT count(*) FROM sqlite_schema");
    status = schema.status();
  }
  if (!status.ok()) {
    if (status.code() == StatusCode::kDataLoss) {
      return DataLossError(path + " is not a SQLite database or is corrupt");
    }
    return status.WithContext(path);
  }
  ALLEY_RETURN_IF_ERROR(ExecRaw(db.get(), "PRAGMA journal_mode = WAL").WithContext(path));
  int version = 0;
  ALLEY_RETURN_IF_ERROR(Migrate(db.get(), path, migrations, &version));
  return std::unique_ptr<Store>(new SqliteStore(db.release(), version));
}

StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return UnavailableError("the PostgreSQL store is not built into this alley yet");
  }
  if (location.empty()) return InvalidArgumentError("empty database path");
  return OpenSqliteStore(std::string(location), SqliteMigrations());
}

}  // namespace alley::store
