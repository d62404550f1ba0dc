// Candidate sites from the planner (stage 2, "Places"): the places where a
// new facility could open, typed at the command line or brought as a CSV
// file, checked whole before any is stored (store/planning_store.h keeps
// the rows).
//
//   ALLEY_ASSIGN_OR_RETURN(std::vector<CandidateInput> sites,
//                          ParseCandidatesCsv(text, {.file = "sites.csv", .unit =
//                          "320706006010"}));
//   ALLEY_RETURN_IF_ERROR(SaveCandidates(store, sites));  // one transaction
//
// Coordinates are WGS-84 when stored; a file or a command in GCJ-02 (the
// datum of Amap/Gaode and Tencent maps) is converted with
// core::Gcj02ToWgs84 first. Parsing is pure and thread-safe; SaveCandidates
// writes through the store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/planning_store.h"
#include "store/store.h"

namespace alley::planning {

enum class Crs { kWgs84, kGcj02 };

// "wgs84" or "gcj02"; kInvalidArgument naming `option` otherwise.
StatusOr<Crs> ParseCrs(std::string_view text, std::string_view option);

struct CandidateInput {
  store::CandidateSiteRow row;  // lat/lon WGS-84; synthetic false
  std::string where;            // "FILE:LINE" for a file's row, else "" (for messages)
};

// Checks one site as given (before any conversion): a unit code, a name of
// 1..200 bytes without control characters, a valid coordinate, a capacity of
// 0 or more. kInvalidArgument "column NAME: reason" (the CSV's column names:
// unit, name, lat, lon, capacity). Converts from `crs` to WGS-84.
Status CheckCandidate(store::CandidateSiteRow& row, Crs crs);

struct CandidatesCsvOptions {
  std::string_view file = "candidates.csv";  // for messages
  std::string_view unit;                     // the default unit; "" for none
  Crs crs = Crs::kWgs84;
};

// The sites of a CSV file with columns name, lat, lon and optionally unit,
// capacity (a whole number; empty for 0), note, in any order (core/csv.h).
// A row's unit is its `unit` column when the file has one and the field is
// not empty, else options.unit. Every row is checked: kInvalidArgument
// "FILE:LINE: column NAME: reason" for the first bad one; a site named twice
// in one unit is refused naming both lines; an empty file or one of only a
// header is kInvalidArgument too.
StatusOr<std::vector<CandidateInput>> ParseCandidatesCsv(std::string_view text,
                                                         const CandidatesCsvOptions& options);

// Stores `sites` in one transaction, with their ids set: all or none.
// kFailedPrecondition for an unknown unit, kAlreadyExists for a name the
// unit already has, each prefixed with the site's `where` when it has one.
Status SaveCandidates(store::Store& store, std::vector<CandidateInput>& sites);

}  // namespace alley::planning
