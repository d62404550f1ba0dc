// Alley's schema, as a list of steps. A step is never edited once released:
// a change to the schema is a new step at the end.
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

}  // namespace

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "hierarchy, ledger with history, facilities", kSchemaV1},
  };
  return kMigrations;
}

}  // namespace alley::store
