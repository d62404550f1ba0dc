// The resident ledger: residents and households of a community, imported from
// and exported to the CSV files community offices keep, and changed over time
// without losing history.
//
//   ImportOptions options{.unit_code = "320706006010", .effective = today};
//   ALLEY_ASSIGN_OR_RETURN(ImportReport r,
//                          ImportResidents(store, "roster.csv", csv_text, options));
//   ALLEY_ASSIGN_OR_RETURN(std::string csv, ExportResidents(store, "320706006010", today));
//
// The CSV (UTF-8, a header row, a BOM accepted and written) has the columns
// of kResidentColumns; `name` and `id_number` are required, the others
// optional. See docs/ledger.md for every column and its accepted values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::registry {

// Column names, in the order an export writes them.
inline constexpr std::string_view kResidentColumns[] = {
    "household", "relation",   "name",      "id_number", "sex",       "birth_date",
    "phone",     "compound",   "building",  "entrance",  "room",      "registration",
    "tags",      "employment", "insurance", "note",      "synthetic",
};

struct ImportOptions {
  std::string unit_code;  // the community (or a unit below it) whose ledger this is
  core::Date effective;   // the date the rows' changes take effect
  core::Date today;       // to refuse birth dates in the future
  // Write the valid rows and return the others in ImportReport::rejected,
  // instead of writing nothing when any row is bad.
  bool skip_invalid = false;
};

struct RejectedRow {
  int64_t line = 0;
  std::vector<std::string> fields;  // as read
  std::string reason;               // "column NAME: reason"
};

struct ImportReport {
  int64_t rows = 0;
  int64_t registered = 0;  // residents new to the ledger
  int64_t updated = 0;     // residents whose record changed (a new dated version)
  int64_t unchanged = 0;
  int64_t households_created = 0;
  int64_t compounds_created = 0;
  std::vector<RejectedRow> rejected;
  std::vector<std::string> header;  // the file's header, for writing rejects
};

// Validates every row, then writes all of them in one transaction. A resident
// already in the ledger (same ID number) gets a new version dated
// `options.effective` when anything differs; history is kept.
// Errors: kInvalidArgument "FILE:LINE: column NAME: reason" for the first bad
// row (unless skip_invalid); kNotFound for an unknown unit; kFailedPrecondition
// for a unit above community level. On error nothing is written.
StatusOr<ImportReport> ImportResidents(store::Store& store, std::string_view file_name,
                                       std::string_view csv_text, const ImportOptions& options);

// The CSV of the residents of `unit_code`'s subtree in force on `as_of`, with
// a BOM and the columns of kResidentColumns. kNotFound for an unknown unit.
StatusOr<std::string> ExportResidents(store::Store& store, std::string_view unit_code,
                                      core::Date as_of);

// Writes `report.rejected` as CSV (the file's columns plus "line" and "reason").
std::string FormatRejects(const ImportReport& report);

// A dated change to one resident's record. Unset fields keep their value.
struct ResidentChange {
  std::string id_number;
  core::Date effective;
  std::string change;  // "update", "move", "death", "departure"
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> unit_code;  // move to a compound or community
  std::optional<std::string> household;  // move to a household number
  std::optional<std::string> relation;
  std::optional<std::string> building, entrance, room;
  std::optional<std::string> employment;
  std::optional<std::string> insurance;
  std::optional<std::string> registration;
  // Replaces every tag (ids or Chinese names) before add_tags and remove_tags apply.
  std::optional<std::vector<std::string>> tags;
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  std::optional<std::string> note;
};

// Records `change`; kNotFound for an unknown resident, unit or household
// number, kInvalidArgument "field NAME: reason" for a bad value,
// kFailedPrecondition for a change dated before the latest one, for a
// resident who is no longer active, or for a unit above community level.
Status RecordChange(store::Store& store, const ResidentChange& change);

// One resident's record on a date, with its history.
struct ResidentRecord {
  store::ResidentIdentity identity;
  std::optional<store::ResidentVersion> current;  // in force on the date
  std::vector<store::ResidentVersion> history;
  std::string household_number;
};
StatusOr<ResidentRecord> GetResident(store::Store& store, std::string_view id_number,
                                     core::Date as_of);

}  // namespace alley::registry
