#include "store/economy_store.h"

#include <map>
#include <set>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 10: regional economics' series per region and period.
const std::string_view kSchemaV10Economy = R"sql(
-- One figure per region, period and series, as imported (indicators/economy.h).
-- region_key is region_code when the region is a known unit, else region.
-- value NULL is a figure not found: missing, never 0.
CREATE TABLE econ_value (
  region_key TEXT NOT NULL CHECK (region_key <> ''),
  region TEXT NOT NULL CHECK (region <> ''),
  region_code TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL CHECK (period <> ''),
  series TEXT NOT NULL CHECK (series <> ''),
  value REAL,
  source TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  PRIMARY KEY (series, region_key, period)
) WITHOUT ROWID;
)sql";

std::string EconomyRegionKey(const EconomyValueRow& row) {
  return row.region_code.empty() ? row.region : row.region_code;
}

Status UpsertEconomyValues(Writer& w, const std::vector<EconomyValueRow>& rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (const EconomyValueRow& row : rows) {
    if (row.region.empty() || row.period.empty() || row.series.empty()) {
      return InvalidArgumentError("economy value: region, period and series must not be empty");
    }
    ALLEY_RETURN_IF_ERROR(
        run.Exec("INSERT INTO econ_value (region_key, region, region_code, period, series, "
                 "value, source, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                 "ON CONFLICT (series, region_key, period) DO UPDATE SET "
                 "region = excluded.region, region_code = excluded.region_code, "
                 "value = excluded.value, source = excluded.source, "
                 "imported_at = excluded.imported_at",
                 {EconomyRegionKey(row), row.region, row.region_code, row.period, row.series,
                  sql::Nullable(row.value), row.source, row.imported_at})
            .status()
            .WithContext("cannot store " + row.series + " of " + row.region + " for " +
                         row.period));
  }
  return OkStatus();
}

StatusOr<std::vector<EconomyValueRow>> ListEconomyValues(Reader& r, std::string_view series) {
  std::vector<EconomyValueRow> rows;
  auto read = [&](const sql::Row& row) {
    EconomyValueRow v;
    v.region = row.Text(0);
    v.region_code = row.Text(1);
    v.period = row.Text(2);
    v.series = row.Text(3);
    v.value = row.OptionalReal(4);
    v.source = row.Text(5);
    v.imported_at = row.Int(6);
    rows.push_back(std::move(v));
    return OkStatus();
  };
  constexpr std::string_view kSelect =
      "SELECT region, region_code, period, series, value, source, imported_at FROM econ_value ";
  if (series.empty()) {
    ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
        std::string(kSelect) + "ORDER BY series, region_key, period", {}, read));
  } else {
    ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
        std::string(kSelect) + "WHERE series = ?1 ORDER BY series, region_key, period",
        {std::string(series)}, read));
  }
  return rows;
}

StatusOr<std::vector<EconomySeriesSummary>> SummariseEconomy(Reader& r) {
  std::vector<EconomySeriesSummary> out;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT series, COUNT(DISTINCT region_key), COUNT(*), SUM(value IS NULL), "
      "MAX(imported_at) FROM econ_value GROUP BY series ORDER BY series",
      {}, [&](const sql::Row& row) {
        EconomySeriesSummary s;
        s.series = row.Text(0);
        s.regions = row.Int(1);
        s.values = row.Int(2);
        s.missing = row.Int(3);
        s.last_imported_at = row.Int(4);
        out.push_back(std::move(s));
        return OkStatus();
      }));
  for (EconomySeriesSummary& s : out) {
    ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
        "SELECT DISTINCT period FROM econ_value WHERE series = ?1 ORDER BY period", {s.series},
        [&](const sql::Row& row) {
          s.periods.push_back(row.Text(0));
          return OkStatus();
        }));
  }
  return out;
}

StatusOr<std::vector<ProvinceNameRow>> ListProvinceNames(Reader& r) {
  std::vector<ProvinceNameRow> out;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT code, name FROM unit WHERE level = 1 ORDER BY code", {}, [&](const sql::Row& row) {
        out.push_back(ProvinceNameRow{row.Text(0), row.Text(1)});
        return OkStatus();
      }));
  return out;
}

}  // namespace alley::store
