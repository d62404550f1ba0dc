#include "store/planning_store.h"

#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 9: planning's networks and candidate sites.
const std::string_view kSchemaV9Planning = R"sql(
-- A network planning runs on, stored whole (planning/network_file.h): one row
-- per kind, replaced by an import.
CREATE TABLE plan_network (
  kind TEXT PRIMARY KEY CHECK (kind IN ('walk', 'drive')),
  source TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  vertices INTEGER NOT NULL CHECK (vertices >= 0),
  edges INTEGER NOT NULL CHECK (edges >= 0),
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  data BLOB NOT NULL
);

-- A place where a new facility could open (siting's candidates).
CREATE TABLE plan_candidate (
  id INTEGER PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES unit(code) ON DELETE CASCADE,
  name TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
  note TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  UNIQUE (unit_code, name)
);
CREATE INDEX plan_candidate_unit ON plan_candidate(unit_code);
)sql";

namespace {

constexpr std::string_view kNetworkColumns =
    "kind, source, fingerprint, vertices, edges, imported_at, imported_by, synthetic";

NetworkRow ReadNetwork(const sql::Row& row) {
  NetworkRow n;
  n.kind = row.Text(0);
  n.source = row.Text(1);
  n.fingerprint = row.Text(2);
  n.vertices = row.Int(3);
  n.edges = row.Int(4);
  n.imported_at = row.Int(5);
  n.imported_by = row.Text(6);
  n.synthetic = row.Int(7) != 0;
  return n;
}

}  // namespace

Status PutNetwork(Writer& w, const NetworkRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  return run
      .Exec(
          "INSERT INTO plan_network (kind, source, fingerprint, vertices, edges, imported_at, "
          "imported_by, synthetic, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT (kind) DO UPDATE SET source = excluded.source, "
          "fingerprint = excluded.fingerprint, vertices = excluded.vertices, "
          "edges = excluded.edges, imported_at = excluded.imported_at, "
          "imported_by = excluded.imported_by, synthetic = excluded.synthetic, "
          "data = excluded.data",
          {row.kind, row.source, row.fingerprint, row.vertices, row.edges, row.imported_at,
           row.imported_by, int64_t{row.synthetic ? 1 : 0}, sql::Blob{row.data}})
      .status()
      .WithContext("cannot store the " + row.kind + " network");
}

StatusOr<std::optional<NetworkRow>> GetNetwork(Reader& r, std::string_view kind) {
  std::optional<NetworkRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kNetworkColumns) + ", data FROM plan_network WHERE kind = ?1",
      {std::string(kind)}, [&](const sql::Row& row) {
        found = ReadNetwork(row);
        found->data = row.BlobAt(8);
        return OkStatus();
      }));
  return found;
}

StatusOr<std::vector<NetworkRow>> ListNetworks(Reader& r) {
  std::vector<NetworkRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kNetworkColumns) + " FROM plan_network ORDER BY kind", {},
      [&](const sql::Row& row) {
        rows.push_back(ReadNetwork(row));
        return OkStatus();
      }));
  return rows;
}

StatusOr<bool> DeleteSyntheticNetwork(Writer& w, std::string_view kind) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec("DELETE FROM plan_network WHERE kind = ?1 AND synthetic = 1",
                            {std::string(kind)}));
  return changed > 0;
}

StatusOr<int64_t> InsertCandidateSite(Writer& w, const CandidateSiteRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(int64_t units, run.QueryInt("SELECT COUNT(*) FROM unit WHERE code = ?1",
                                                     {row.unit_code}, "unit"));
  if (units == 0) {
    return FailedPreconditionError("candidate site " + row.name + ": no unit " + row.unit_code);
  }
  ALLEY_ASSIGN_OR_RETURN(
      int64_t same,
      run.QueryInt("SELECT COUNT(*) FROM plan_candidate WHERE unit_code = ?1 AND name = ?2",
                   {row.unit_code, row.name}, "candidate site"));
  if (same > 0) {
    return AlreadyExistsError("unit " + row.unit_code + " has a candidate site named " + row.name);
  }
  return run.QueryInt(
      "INSERT INTO plan_candidate (unit_code, name, lat, lon, capacity, note, synthetic) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
      {row.unit_code, row.name, row.lat, row.lon, row.capacity, row.note,
       int64_t{row.synthetic ? 1 : 0}},
      "candidate site");
}

StatusOr<int64_t> DeleteSyntheticCandidateSites(Writer& w, std::string_view unit_code) {
  const sql::CodeRange range = sql::SubtreeRange(unit_code);
  return sql::RunnerOf(w).Exec(
      "DELETE FROM plan_candidate WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2",
      {range.lower, range.upper});
}

StatusOr<std::vector<CandidateSiteRow>> ListCandidateSites(Reader& r, std::string_view unit_code) {
  const sql::CodeRange range = sql::SubtreeRange(unit_code);
  std::vector<CandidateSiteRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT id, unit_code, name, lat, lon, capacity, note, synthetic FROM plan_candidate "
      "WHERE unit_code >= ?1 AND unit_code < ?2 ORDER BY unit_code, name",
      {range.lower, range.upper}, [&](const sql::Row& row) {
        CandidateSiteRow c;
        c.id = row.Int(0);
        c.unit_code = row.Text(1);
        c.name = row.Text(2);
        c.lat = row.Real(3);
        c.lon = row.Real(4);
        c.capacity = row.Int(5);
        c.note = row.Text(6);
        c.synthetic = row.Int(7) != 0;
        rows.push_back(std::move(c));
        return OkStatus();
      }));
  return rows;
}

Status ScanHomeResidents(Reader& r, std::string_view unit_code, std::string_view as_of,
                         const std::function<Status(const HomeResidentsRow&)>& fn) {
  const sql::CodeRange range = sql::SubtreeRange(unit_code);
  HomeResidentsRow home;
  return sql::RunnerOf(r).Query(
      "SELECT v.unit_code, v.building, COALESCE(b.lat, u.lat), COALESCE(b.lon, u.lon), "
      "p.birth_date, p.sex, COUNT(*) FROM resident_version v "
      "JOIN resident p ON p.id = v.resident_id "
      "LEFT JOIN building b ON b.unit_code = v.unit_code AND b.name = v.building "
      "LEFT JOIN unit u ON u.code = v.unit_code "
      "WHERE v.unit_code >= ?1 AND v.unit_code < ?2 AND v.valid_from <= ?3 "
      "AND (v.valid_to IS NULL OR v.valid_to > ?3) AND v.status = 'active' "
      "GROUP BY v.unit_code, v.building, p.birth_date, p.sex "
      "ORDER BY v.unit_code, v.building, p.birth_date, p.sex",
      {range.lower, range.upper, std::string(as_of)}, [&](const sql::Row& row) {
        home.unit_code.assign(row.TextView(0));
        home.building.assign(row.TextView(1));
        home.lat = row.OptionalReal(2);
        home.lon = row.OptionalReal(3);
        home.birth_date.assign(row.TextView(4));
        home.sex.assign(row.TextView(5));
        home.residents = row.Int(6);
        return fn(home);
      });
}

}  // namespace alley::store
