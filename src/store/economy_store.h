// The stored side of regional economics (indicators/economy.h): any series
// (GDP, fiscal spending, employment, income, published growth rates) per
// region and period, as imported from CSV.
//
// One row per (region, period, series). The region is kept as the import
// named it, with its official code when the hierarchy knows it (a province:
// indicators/economy_import.h resolves names); rows with a code are keyed by
// the code, the others by the name, so "江苏", "江苏省" and "32" are one region
// once the hierarchy is imported. A value is nullable: a figure not found is
// NULL, never 0. Periods are indicators/period.h text ("2024", "2024Q3").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

struct EconomyValueRow {
  std::string region;           // the name as imported ("江苏", "全国"), or the unit's name
  std::string region_code;      // the official code when known, else ""
  std::string period;           // "2024", "2024Q3", ...
  std::string series;           // "gdp", "real_growth", ...
  std::optional<double> value;  // nullopt: missing
  std::string source;           // the file it came from
  int64_t imported_at = 0;      // seconds since the epoch (UTC)
};

// The key a row is stored under: its code when known, else its name.
std::string EconomyRegionKey(const EconomyValueRow& row);

// Stores `rows`, each replacing the row of the same key (region, period,
// series) when there is one. Runs in the caller's transaction: validate
// every row before calling, so that a refused import stores nothing.
// kInvalidArgument when a row has an empty region, period or series.
Status UpsertEconomyValues(Writer& w, const std::vector<EconomyValueRow>& rows);

// The stored rows of `series` (every series when empty), by series, region
// key, then period text.
StatusOr<std::vector<EconomyValueRow>> ListEconomyValues(Reader& r, std::string_view series);

// What is stored per series: how many regions, which periods, how many values
// and how many of them are missing.
struct EconomySeriesSummary {
  std::string series;
  int64_t regions = 0;
  std::vector<std::string> periods;  // in text order
  int64_t values = 0;
  int64_t missing = 0;
  int64_t last_imported_at = 0;
};
StatusOr<std::vector<EconomySeriesSummary>> SummariseEconomy(Reader& r);

// A province of the stored hierarchy (level 1), for resolving region names.
struct ProvinceNameRow {
  std::string code;
  std::string name;  // the full name, "江苏省"
};
StatusOr<std::vector<ProvinceNameRow>> ListProvinceNames(Reader& r);

}  // namespace alley::store
