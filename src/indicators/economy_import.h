// Importing regional economic series from CSV (`alley economy import`,
// POST /api/v1/economy/import), and naming regions.
//
// The file is the long form, one figure a row:
//
//   region,period,series,value
//   江苏,2024,gdp,137008.0
//   全国,2024,real_growth,5.0
//   北京,2024,real_growth,          <- empty: missing (stored NULL), never 0
//
// region: a name or an official code. A province of the stored hierarchy is
// found by its code ("32"), its full name ("江苏省") or its short name ("江苏":
// the full name less 省, 市, 自治区, 壮族自治区, 回族自治区, 维吾尔自治区 or 特别行政区),
// and is stored with its code; any other region keeps its name and an empty
// code. The nation is 全国 (also written 全国(national)), stored as "全国".
// period: any indicators/period.h text (a year, 2024Q3, ...). series: a name
// of letters, digits, '_', '-' or '.'. value: a finite decimal number or empty.
//
// Every row is checked before anything is stored; the import is one
// transaction that replaces rows of the same (region, period, series).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/economy_store.h"
#include "store/store.h"

namespace alley::indicators {

// The name the nation is stored under.
inline constexpr std::string_view kNationRegion = "全国";

// A province's short name: "江苏省" -> "江苏", "广西壮族自治区" -> "广西",
// "北京市" -> "北京", "香港特别行政区" -> "香港"; other names are answered unchanged.
std::string ProvinceShortName(std::string_view full_name);

// A region as the store keeps it.
struct ResolvedRegion {
  std::string name;
  std::string code;  // "" when the region is not a known province
};

// Resolves `given` (already trimmed) against `provinces`, as described above.
ResolvedRegion ResolveRegion(std::string_view given,
                             const std::vector<store::ProvinceNameRow>& provinces);

// Reads the long-form file `text`, naming `file` in errors and as the rows'
// source. kInvalidArgument "FILE:LINE: column NAME: reason" for a bad row
// ("gdp.csv:7: column value: \"12,5\" is not a number"), "FILE:LINE: ..." for
// a malformed CSV or header, and when the file has no rows or the same key
// appears twice.
StatusOr<std::vector<store::EconomyValueRow>> ParseEconomyCsv(
    std::string_view text, std::string_view file,
    const std::vector<store::ProvinceNameRow>& provinces, int64_t imported_at);

struct EconomyImportResult {
  int64_t rows = 0;                     // figures stored
  int64_t missing = 0;                  // of which empty (NULL)
  std::vector<std::string> series;      // the series the file holds, sorted
  std::vector<std::string> regions;     // the regions it names, as stored, sorted
  std::vector<std::string> unresolved;  // regions kept by name only (no code), sorted
};

// Parses `text` and stores it in one transaction of `store`: nothing is stored
// when any row is refused (errors as ParseEconomyCsv).
StatusOr<EconomyImportResult> ImportEconomyCsv(store::Store& store, std::string_view text,
                                               std::string_view file, int64_t imported_at);

}  // namespace alley::indicators
