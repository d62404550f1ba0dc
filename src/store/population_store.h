// The ledger's population for planning's projection (planning/population.h):
// the residents in force on a date in a unit's subtree, counted by sex and
// birth date (the planner turns birth dates into ages). Reads only the
// resident_version rows and their copies of sex and birth date (schema step
// 3), so the count walks the index resident_version_list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

struct ResidentsBySexAndBirthRow {
  std::string unit_code;  // the subtree, or the group's code prefix
  std::string sex;        // "male" or "female"
  core::Date birth_date;
  int64_t residents = 0;
};

// The active residents in force on `as_of` (valid_from <= as_of < valid_to)
// in the subtree of `subtree_code`, one row per sex and birth date, ordered
// by unit code, sex and birth date. group_length 0: unit_code is
// subtree_code for every row; else the rows are split by the first
// `group_length` characters of the residents' unit codes (the children of a
// unit, whose codes all have one length) and unit_code is that prefix.
// kDataLoss when a stored birth date does not read.
StatusOr<std::vector<ResidentsBySexAndBirthRow>> CountResidentsBySexAndBirth(
    Reader& r, std::string_view subtree_code, core::Date as_of, int group_length = 0);

}  // namespace alley::store
