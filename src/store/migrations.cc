// Alley's schema, as a list of steps. A step is never edited once released:
// a change to the schema is a new step at the end.
#include <sqlite3.h>

#include <string>

#include "core/id_number.h"
#include "store/migration_context.h"
#include "store/personal_data.h"
#include "store/schemas.h"
#include "store/store.h"

namespace alley::store {

namespace {

// Version 1: the hierarchy, the ledger with its history, facilities.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The administrative hierarchy. Official codes are kept as published; the
-- code of every unit extends its parent's, so a subtree is a code range.
CREATE TABLE unit (
  code TEXT PRIMARY KEY,
  parent_code TEXT REFERENCES unit(code),
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
  name TEXT NOT NULL,
  settlement TEXT CHECK (settlement IN ('urban', 'rural', 'unknown')),
  source TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  lat REAL,
  lon REAL
) WITHOUT ROWID;
CREATE INDEX unit_parent ON unit(parent_code);
CREATE INDEX unit_level ON unit(level, code);

CREATE TABLE building (
  id INTEGER PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  name TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  floors INTEGER NOT NULL DEFAULT 0,
  synthetic INTEGER NOT NULL DEFAULT 0,
  UNIQUE (unit_code, name)
);

CREATE TABLE household (
  id INTEGER PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES unit(code),
  number TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  building TEXT NOT NULL DEFAULT '',
  entrance TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0,
  UNIQUE (community_code, number)
);
CREATE INDEX household_unit ON household(unit_code);

-- Who a resident is. What a resident's record says over time is in
-- resident_version: a change closes one version and opens the next.
CREATE TABLE resident (
  id INTEGER PRIMARY KEY,
  id_number TEXT NOT NULL UNIQUE,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE resident_version (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  change TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'deceased', 'departed')),
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  community_code TEXT NOT NULL REFERENCES unit(code),
  unit_code TEXT NOT NULL REFERENCES unit(code),
  household_id INTEGER REFERENCES household(id),
  relation TEXT NOT NULL DEFAULT '',
  building TEXT NOT NULL DEFAULT '',
  entrance TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  registration TEXT NOT NULL,
  tags INTEGER NOT NULL DEFAULT 0,
  employment TEXT NOT NULL,
  insurance TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  -- A same-day correction closes the earlier version on its own first day: it stays
  -- in the history but is never the one in force.
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX resident_version_of ON resident_version(resident_id, valid_from);
CREATE INDEX resident_version_unit ON resident_version(unit_code, valid_from);
CREATE INDEX resident_version_household ON resident_version(household_id);

CREATE TABLE facility (
  id INTEGER PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  lat REAL,
  lon REAL,
  capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
  staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
  synthetic INTEGER NOT NULL DEFAULT 0,
  UNIQUE (unit_code, name)
);
CREATE INDEX facility_unit ON facility(unit_code);
)sql";

// Version 2: personal data encrypted (ID numbers and phones: ciphertext, a
// masked copy for lists, a keyed blind index to find an ID number), versions
// for facilities and households (ETag), accounts and sessions, the audit log.
//
// resident and resident_version are rebuilt by SQLite's documented procedure
// (https://www.sqlite.org/lang_altertable.html#otheralter): new tables, the
// rows copied (encrypted by MigrateV2Rows, as SQL cannot encrypt), the old
// tables dropped, the new ones renamed. Foreign keys are off meanwhile and
// checked before commit (Migrate in sqlite_store.cc).
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE new_resident (
  id INTEGER PRIMARY KEY,
  id_number_index BLOB NOT NULL UNIQUE,  -- keyed BLAKE2b of the upper-cased number
  id_number_enc BLOB NOT NULL,           -- XChaCha20-Poly1305: nonce || ciphertext || tag
  id_number_masked TEXT NOT NULL,        -- "320706********0147"
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE new_resident_version (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  change TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'deceased', 'departed', 'removed')),
  name TEXT NOT NULL,
  phone_enc BLOB,                        -- NULL when there is no phone
  phone_masked TEXT NOT NULL DEFAULT '', -- "138****5678"
  community_code TEXT NOT NULL REFERENCES unit(code),
  unit_code TEXT NOT NULL REFERENCES unit(code),
  household_id INTEGER REFERENCES household(id),
  relation TEXT NOT NULL DEFAULT '',
  building TEXT NOT NULL DEFAULT '',
  entrance TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  registration TEXT NOT NULL,
  tags INTEGER NOT NULL DEFAULT 0,
  employment TEXT NOT NULL,
  insurance TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
INSERT INTO new_resident_version (id, resident_id, valid_from, valid_to, recorded_at, change,
    status, name, phone_enc, phone_masked, community_code, unit_code, household_id, relation,
    building, entrance, room, registration, tags, employment, insurance, note)
  SELECT id, resident_id, valid_from, valid_to, recorded_at, change, status, name, NULL, '',
    community_code, unit_code, household_id, relation, building, entrance, room, registration,
    tags, employment, insurance, note
  FROM resident_version;

ALTER TABLE facility ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE facility ADD COLUMN closed_on TEXT;
ALTER TABLE household ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE household ADD COLUMN dissolved_on TEXT;

-- Accounts. Times are Unix seconds (UTC). A user's unit is the root of all
-- they may see or touch (registry/accounts.h).
CREATE TABLE app_user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  password_hash TEXT NOT NULL,            -- crypto_pwhash_str (argon2id), parameters inside
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);
CREATE INDEX app_user_unit ON app_user(unit_code);

-- A session is found by the hash of its token: the database never holds a
-- token that could be replayed.
CREATE TABLE session (
  token_hash BLOB PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Who did what to which records, and why. Append-only: the triggers refuse
-- every UPDATE and DELETE; each row's hash is a keyed hash of its fields and
-- the previous row's hash, so a row changed behind Alley's back breaks the
-- chain (`alley audit verify`).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,                      -- "2026-07-01T08:30:00Z"
  username TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  scope_unit TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object TEXT NOT NULL DEFAULT '',
  records TEXT NOT NULL DEFAULT '[]',    -- a JSON array of ids, or a count
  reason TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(username, at);
CREATE INDEX audit_log_action ON audit_log(action, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted');
END;
)sql";

// After MigrateV2Rows has filled the new tables: the old ones go.
constexpr std::string_view kSchemaV2Swap = R"sql(
DROP TABLE resident_version;
DROP TABLE resident;
ALTER TABLE new_resident RENAME TO resident;
ALTER TABLE new_resident_version RENAME TO resident_version;
CREATE INDEX resident_version_of ON resident_version(resident_id, valid_from);
CREATE INDEX resident_version_unit ON resident_version(unit_code, valid_from);
CREATE INDEX resident_version_household ON resident_version(household_id);
)sql";

Status StepError(sqlite3* db, std::string_view what) {
  return InternalError(std::string(what) + ": " + sqlite3_errmsg(db));
}

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() const { return stmt_; }
  std::string Text(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  void BindBlob(int index, const std::string& bytes) {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  void BindText(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Encrypts the v1 rows into the tables kSchemaV2 created, then swaps them in.
Status MigrateV2Rows(MigrationContext& context) {
  sqlite3* db = context.db;
  const PersonalDataCipher& cipher = context.cipher;
  {
    Stmt read(db, "SELECT id, id_number, sex, birth_date, synthetic FROM resident ORDER BY id");
    Stmt write(db,
               "INSERT INTO new_resident (id, id_number_index, id_number_enc, id_number_masked, "
               "sex, birth_date, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!read.ok() || !write.ok()) return StepError(db, "cannot prepare the resident copy");
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
      std::string id_number = NormaliseIdNumber(read.Text(1));
      sqlite3_reset(write.get());
      sqlite3_bind_int64(write.get(), 1, sqlite3_column_int64(read.get(), 0));
      write.BindBlob(2, cipher.BlindIndex(id_number));
      write.BindBlob(3, cipher.Encrypt(id_number, kIdNumberColumn));
      write.BindText(4, core::MaskIdNumber(id_number));
      write.BindText(5, read.Text(2));
      write.BindText(6, read.Text(3));
      sqlite3_bind_int64(write.get(), 7, sqlite3_column_int64(read.get(), 4));
      if (sqlite3_step(write.get()) != SQLITE_DONE) {
        return StepError(db, "resident " + std::to_string(sqlite3_column_int64(read.get(), 0)));
      }
    }
    if (rc != SQLITE_DONE) return StepError(db, "cannot read residents");
  }
  {
    Stmt read(db, "SELECT id, phone FROM resident_version WHERE phone <> '' ORDER BY id");
    Stmt write(db,
               "UPDATE new_resident_version SET phone_enc = ?2, phone_masked = ?3 WHERE id = ?1");
    if (!read.ok() || !write.ok()) return StepError(db, "cannot prepare the phone copy");
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
      std::string phone = read.Text(1);
      sqlite3_reset(write.get());
      sqlite3_bind_int64(write.get(), 1, sqlite3_column_int64(read.get(), 0));
      write.BindBlob(2, cipher.Encrypt(phone, kPhoneColumn));
      write.BindText(3, core::MaskPhone(phone));
      if (sqlite3_step(write.get()) != SQLITE_DONE) return StepError(db, "resident version phone");
    }
    if (rc != SQLITE_DONE) return StepError(db, "cannot read resident versions");
  }
  char* error = nullptr;
  if (sqlite3_exec(db, std::string(kSchemaV2Swap).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return InternalError("cannot swap the encrypted tables in: " + message);
  }
  return OkStatus();
}

// Version 3: the read path of lists and summaries (docs/http.md). Each
// version row carries copies of what lists filter and sort on and summaries
// count but that lives elsewhere: the household number and the resident's
// sex, birth date and synthetic mark. None of them ever changes (a household
// keeps its number, an identity its ID number), so the copies cannot go
// stale; AddResidentVersion fills them. One covering index then answers a
// list's filters, count and default order, and a summary's counts, without
// touching the tables; the others cover the per-unit counts and a
// household's members.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE resident_version ADD COLUMN household_number TEXT;
ALTER TABLE resident_version ADD COLUMN sex TEXT;
ALTER TABLE resident_version ADD COLUMN birth_date TEXT;
ALTER TABLE resident_version ADD COLUMN synthetic INTEGER;
UPDATE resident_version SET
  household_number = (SELECT number FROM household h WHERE h.id = household_id),
  sex = (SELECT sex FROM resident r WHERE r.id = resident_id),
  birth_date = (SELECT birth_date FROM resident r WHERE r.id = resident_id),
  synthetic = (SELECT synthetic FROM resident r WHERE r.id = resident_id);

-- In the default order of a list; the columns every list tests come first.
CREATE INDEX resident_version_list ON resident_version(community_code, household_number,
  resident_id, valid_from, valid_to, status, unit_code, tags, employment, sex, birth_date,
  household_id, name, synthetic);
DROP INDEX resident_version_unit;
CREATE INDEX resident_version_unit ON resident_version(unit_code, status, valid_from, valid_to,
  household_id);
DROP INDEX resident_version_household;
CREATE INDEX resident_version_member ON resident_version(household_id, status, valid_from,
  valid_to, relation);
-- dissolved_on is listed so that SQLite sees the index as covering.
CREATE INDEX household_open ON household(community_code, number, unit_code, dissolved_on)
  WHERE dissolved_on IS NULL;
)sql";

}  // namespace

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "hierarchy, ledger with history, facilities", kSchemaV1},
      {2, "personal data encrypted, accounts, sessions, audit log", kSchemaV2, MigrateV2Rows},
      {3, "list read path: sort and filter copies, covering indexes", kSchemaV3},
      {4, "residents' concerns, their events, API keys", kSchemaV4Concerns},
      {5, "senior canteens' groups, meals, costs, subsidies; visits", kSchemaV5ElderlyCare},
      {6, "home-service providers and orders, the time bank", kSchemaV6Care},
      {7, "childcare: nursery classes, caregivers, enrolments, inspections", kSchemaV7Childcare},
      {8, "programme enrolments, platform workers, rest stations", kSchemaV8Programmes},
      {9, "planning: networks, candidate sites", kSchemaV9Planning},
      {10, "regional economics: series per region and period", kSchemaV10Economy},
      {11, "indicators: data elements and values, indicators, rules", kSchemaV11Indicators},
      {12, "report templates: rows and column axis", kSchemaV12Reports},
      {13, "performance scorecards: weighted indicators per unit", kSchemaV13Scorecards},
  };
  return kMigrations;
}

}  // namespace alley::store
