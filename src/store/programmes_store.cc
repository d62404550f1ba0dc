#include "store/programmes_store.h"

#include <algorithm>
#include <functional>
#include <string>
#include <tuple>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 8: programme enrolments, platform workers, rest stations.
const std::string_view kSchemaV8Programmes = R"sql(
-- A resident enrolled in a programme (services/programmes.h) from a date; the
-- end date is the first day no longer enrolled.
CREATE TABLE enrolment (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
  programme TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  community_code TEXT NOT NULL REFERENCES unit(code),
  enrolled_from TEXT NOT NULL,
  ended_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  end_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  ended_at INTEGER,
  ended_by TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (ended_on IS NULL OR ended_on >= enrolled_from)
);
-- One open enrolment per resident and programme.
CREATE UNIQUE INDEX enrolment_open ON enrolment(resident_id, programme) WHERE ended_on IS NULL;
CREATE INDEX enrolment_resident ON enrolment(resident_id, programme, enrolled_from);
CREATE INDEX enrolment_unit ON enrolment(unit_code, enrolled_from, programme);

-- What the ledger does not hold of a platform worker (the employment form and
-- the social insurance are the resident's version's).
CREATE TABLE platform_worker (
  resident_id INTEGER PRIMARY KEY REFERENCES resident(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  injury_protection TEXT NOT NULL DEFAULT 'unknown',
  injury_protection_since TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
CREATE INDEX platform_worker_community ON platform_worker(community_code);

-- The platforms a worker works for, by normalised key.
CREATE TABLE platform_worker_platform (
  resident_id INTEGER NOT NULL REFERENCES platform_worker(resident_id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  platform_key TEXT NOT NULL,
  platform_name TEXT NOT NULL,
  PRIMARY KEY (resident_id, platform_key)
);
CREATE INDEX platform_worker_platform_key ON platform_worker_platform(platform_key);

-- A rider rest station's opening hours; the station is its facility (unit,
-- name, capacity, version), so it is scoped and distributed by the facility.
CREATE TABLE rest_station (
  facility_id INTEGER PRIMARY KEY REFERENCES facility(id) ON DELETE CASCADE,
  hours TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
)sql";

namespace {

// Ids are looked up kChunk at a time, the list padded with an id no row has,
// so that one statement serves every lookup.
constexpr size_t kChunk = 100;
constexpr int64_t kNoId = -1;

// Calls `fn` with "?F, ?F+1, ..." (kChunk placeholders from `first`) and the
// values of each chunk of `ids`.
Status ForChunks(std::span<const int64_t> ids, int first,
                 const std::function<Status(const std::string&, std::vector<sql::Value>)>& fn) {
  std::string placeholders;
  for (size_t i = 0; i < kChunk; ++i) {
    if (i > 0) placeholders += ", ";
    placeholders += "?" + std::to_string(first + static_cast<int>(i));
  }
  for (size_t at = 0; at < ids.size(); at += kChunk) {
    std::vector<sql::Value> values;
    values.reserve(kChunk);
    for (size_t i = 0; i < kChunk; ++i) {
      values.emplace_back(at + i < ids.size() ? ids[at + i] : kNoId);
    }
    ALLEY_RETURN_IF_ERROR(fn(placeholders, std::move(values)));
  }
  return OkStatus();
}

StatusOr<core::Date> DateOf(const std::string& text, std::string_view what) {
  StatusOr<core::Date> d = core::Date::Parse(text);
  if (!d.ok())
    return DataLossError("stored " + std::string(what) + " \"" + text + "\" is not a date");
  return d;
}

StatusOr<std::optional<core::Date>> OptionalDateOf(const std::optional<std::string>& text,
                                                   std::string_view what) {
  if (!text) return std::optional<core::Date>();
  ALLEY_ASSIGN_OR_RETURN(core::Date d, DateOf(*text, what));
  return std::optional<core::Date>(d);
}

sql::Value DateValue(const std::optional<core::Date>& d) {
  if (!d) return std::monostate();
  return d->ToString();
}

constexpr std::string_view kEnrolmentColumns =
    "e.id, e.resident_id, e.programme, e.unit_code, e.community_code, e.enrolled_from, "
    "e.ended_on, e.note, e.end_reason, e.created_at, e.created_by, e.ended_at, e.ended_by, "
    "e.synthetic";
constexpr int kEnrolmentColumnCount = 14;

StatusOr<EnrolmentRow> ReadEnrolment(const sql::Row& row) {
  EnrolmentRow e;
  int i = 0;
  e.id = row.Int(i++);
  e.resident_id = row.Int(i++);
  e.programme = row.Text(i++);
  e.unit_code = row.Text(i++);
  e.community_code = row.Text(i++);
  ALLEY_ASSIGN_OR_RETURN(e.enrolled_from, DateOf(row.Text(i++), "enrolment date"));
  ALLEY_ASSIGN_OR_RETURN(e.ended_on, OptionalDateOf(row.OptionalText(i++), "enrolment end"));
  e.note = row.Text(i++);
  e.end_reason = row.Text(i++);
  e.created_at = row.Int(i++);
  e.created_by = row.Text(i++);
  e.ended_at = row.OptionalInt(i++);
  e.ended_by = row.Text(i++);
  e.synthetic = row.Int(i++) != 0;
  return e;
}

// The list fields after the enrolment's columns: the name of the resident's
// newest version, the masked ID number, the unit's name.
constexpr std::string_view kEnrolmentListColumns =
    ", (SELECT x.name FROM resident_version x WHERE x.resident_id = e.resident_id ORDER BY "
    "x.id DESC LIMIT 1), r.id_number_masked, u.name FROM enrolment e JOIN resident r ON r.id = "
    "e.resident_id LEFT JOIN unit u ON u.code = e.unit_code ";

StatusOr<EnrolmentListRow> ReadEnrolmentListRow(const sql::Row& row) {
  EnrolmentListRow item;
  ALLEY_ASSIGN_OR_RETURN(item.enrolment, ReadEnrolment(row));
  item.resident_name = row.Text(kEnrolmentColumnCount);
  item.id_number_masked = row.Text(kEnrolmentColumnCount + 1);
  item.unit_name = row.Text(kEnrolmentColumnCount + 2);
  return item;
}

}  // namespace

StatusOr<int64_t> InsertEnrolment(Writer& w, const EnrolmentRow& row) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO enrolment (resident_id, programme, unit_code, community_code, enrolled_from, "
      "ended_on, note, end_reason, created_at, created_by, ended_at, ended_by, synthetic) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
      {row.resident_id, row.programme, row.unit_code, row.community_code,
       row.enrolled_from.ToString(), DateValue(row.ended_on), row.note, row.end_reason,
       row.created_at, row.created_by, sql::Nullable(row.ended_at), row.ended_by,
       static_cast<int64_t>(row.synthetic)},
      "id of the new enrolment");
}

Status InsertEnrolments(Writer& w, std::vector<EnrolmentRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    StatusOr<int64_t> id = InsertEnrolment(w, rows[i]);
    if (!id.ok()) {
      return id.status().WithContext("enrolment " + std::to_string(i + 1) + " (resident " +
                                     std::to_string(rows[i].resident_id) + ", " +
                                     rows[i].programme + ")");
    }
    rows[i].id = *id;
  }
  return OkStatus();
}

StatusOr<std::optional<EnrolmentRow>> EnrolmentById(Reader& r, int64_t id) {
  std::optional<EnrolmentRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kEnrolmentColumns) + " FROM enrolment e WHERE e.id = ?1", {id},
      [&](const sql::Row& row) -> Status {
        ALLEY_ASSIGN_OR_RETURN(found, ReadEnrolment(row));
        return OkStatus();
      }));
  return found;
}

StatusOr<std::vector<EnrolmentRow>> EnrolmentsOfResident(Reader& r, int64_t resident_id,
                                                         std::string_view programme) {
  std::vector<EnrolmentRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kEnrolmentColumns) +
          " FROM enrolment e WHERE e.resident_id = ?1 AND (?2 = '' OR e.programme = ?2) "
          "ORDER BY e.enrolled_from, e.id",
      {resident_id, std::string(programme)}, [&](const sql::Row& row) -> Status {
        ALLEY_ASSIGN_OR_RETURN(EnrolmentRow e, ReadEnrolment(row));
        rows.push_back(std::move(e));
        return OkStatus();
      }));
  return rows;
}

Status EndEnrolment(Writer& w, int64_t id, core::Date on, std::string_view reason, int64_t at,
                    std::string_view by) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec("UPDATE enrolment SET ended_on = ?2, end_reason = ?3, ended_at = ?4, "
                            "ended_by = ?5 WHERE id = ?1 AND ended_on IS NULL",
                            {id, on.ToString(), std::string(reason), at, std::string(by)}));
  if (changed == 1) return OkStatus();
  ALLEY_ASSIGN_OR_RETURN(std::optional<EnrolmentRow> now, EnrolmentById(w, id));
  if (!now) return NotFoundError("no enrolment " + std::to_string(id));
  return FailedPreconditionError("enrolment " + std::to_string(id) + " already ended on " +
                                 (now->ended_on ? now->ended_on->ToString() : "?"));
}

StatusOr<EnrolmentPage> ListEnrolments(Reader& r, const EnrolmentQuery& q) {
  if (q.limit < 0 || q.offset < 0) return InvalidArgumentError("negative limit or offset");
  sql::CodeRange range = sql::SubtreeRange(q.subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  std::string where = "WHERE e.unit_code >= ?1 AND e.unit_code < ?2";
  auto next = [&](sql::Value value) {
    args.push_back(std::move(value));
    return "?" + std::to_string(args.size());
  };
  if (q.programme) where += " AND e.programme = " + next(*q.programme);
  if (q.resident_id) where += " AND e.resident_id = " + next(*q.resident_id);
  switch (q.state) {
    case EnrolmentState::kOpen:
      where += " AND e.ended_on IS NULL";
      break;
    case EnrolmentState::kEnded:
      where += " AND e.ended_on IS NOT NULL";
      break;
    case EnrolmentState::kAll:
      break;
  }
  if (q.in_force_on) {
    const std::string on = next(q.in_force_on->ToString());
    where +=
        " AND e.enrolled_from <= " + on + " AND (e.ended_on IS NULL OR e.ended_on > " + on + ")";
  }
  sql::Runner& run = sql::RunnerOf(r);
  EnrolmentPage page;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT count(*) FROM enrolment e " + where, args, [&](const sql::Row& row) {
        page.total = row.Int(0);
        return OkStatus();
      }));
  if (q.limit == 0 || q.offset >= page.total) return page;
  const std::string limit = next(q.limit);
  const std::string offset = next(q.offset);
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT " + std::string(kEnrolmentColumns) + std::string(kEnrolmentListColumns) + where +
          " ORDER BY e.enrolled_from DESC, e.id DESC LIMIT " + limit + " OFFSET " + offset,
      args, [&](const sql::Row& row) -> Status {
        ALLEY_ASSIGN_OR_RETURN(EnrolmentListRow item, ReadEnrolmentListRow(row));
        page.items.push_back(std::move(item));
        return OkStatus();
      }));
  return page;
}

StatusOr<std::optional<EnrolmentListRow>> EnrolmentListRowById(Reader& r, int64_t id) {
  std::optional<EnrolmentListRow> found;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query("SELECT " + std::string(kEnrolmentColumns) +
                                 std::string(kEnrolmentListColumns) + "WHERE e.id = ?1",
                             {id}, [&](const sql::Row& row) -> Status {
                               ALLEY_ASSIGN_OR_RETURN(found, ReadEnrolmentListRow(row));
                               return OkStatus();
                             }));
  return found;
}

StatusOr<std::vector<EnrolmentRow>> EnrolmentsInForce(Reader& r,
                                                      std::span<const int64_t> resident_ids,
                                                      core::Date on) {
  std::vector<EnrolmentRow> rows;
  sql::Runner& run = sql::RunnerOf(r);
  ALLEY_RETURN_IF_ERROR(
      ForChunks(resident_ids, 2, [&](const std::string& in, std::vector<sql::Value> ids) -> Status {
        std::vector<sql::Value> args = {on.ToString()};
        args.insert(args.end(), std::make_move_iterator(ids.begin()),
                    std::make_move_iterator(ids.end()));
        return run.Query("SELECT " + std::string(kEnrolmentColumns) +
                             " FROM enrolment e WHERE e.resident_id IN (" + in +
                             ") AND e.enrolled_from <= ?1 AND (e.ended_on IS NULL OR "
                             "e.ended_on > ?1)",
                         args, [&](const sql::Row& row) -> Status {
                           ALLEY_ASSIGN_OR_RETURN(EnrolmentRow e, ReadEnrolment(row));
                           rows.push_back(std::move(e));
                           return OkStatus();
                         });
      }));
  std::sort(rows.begin(), rows.end(), [](const EnrolmentRow& a, const EnrolmentRow& b) {
    return std::tie(a.resident_id, a.programme, a.id) < std::tie(b.resident_id, b.programme, b.id);
  });
  return rows;
}

// ---------------------------------------------------------------------------
// Platform workers

namespace {

constexpr std::string_view kWorkerColumns =
    "SELECT resident_id, community_code, injury_protection, injury_protection_since, version, "
    "updated_at, updated_by, synthetic FROM platform_worker ";

StatusOr<PlatformWorkerRow> ReadWorker(const sql::Row& row) {
  PlatformWorkerRow p;
  int i = 0;
  p.resident_id = row.Int(i++);
  p.community_code = row.Text(i++);
  p.injury_protection = row.Text(i++);
  ALLEY_ASSIGN_OR_RETURN(p.injury_protection_since,
                         OptionalDateOf(row.OptionalText(i++), "injury protection date"));
  p.version = row.Int(i++);
  p.updated_at = row.Int(i++);
  p.updated_by = row.Text(i++);
  p.synthetic = row.Int(i++) != 0;
  return p;
}

// Reads the workers of `ids` (one chunk's placeholders `in`) with their platforms.
Status ReadWorkers(sql::Runner& run, const std::string& in, const std::vector<sql::Value>& ids,
                   std::vector<PlatformWorkerRow>& out) {
  const size_t first = out.size();
  ALLEY_RETURN_IF_ERROR(run.Query(std::string(kWorkerColumns) + "WHERE resident_id IN (" + in + ")",
                                  ids, [&](const sql::Row& row) -> Status {
                                    ALLEY_ASSIGN_OR_RETURN(PlatformWorkerRow p, ReadWorker(row));
                                    out.push_back(std::move(p));
                                    return OkStatus();
                                  }));
  if (out.size() == first) return OkStatus();
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const PlatformWorkerRow& a, const PlatformWorkerRow& b) {
              return a.resident_id < b.resident_id;
            });
  return run.Query(
      "SELECT resident_id, platform_key, platform_name FROM platform_worker_platform WHERE "
      "resident_id IN (" +
          in + ") ORDER BY resident_id, ordinal",
      ids, [&](const sql::Row& row) -> Status {
        const int64_t resident = row.Int(0);
        auto it = std::lower_bound(
            out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), resident,
            [](const PlatformWorkerRow& p, int64_t id) { return p.resident_id < id; });
        if (it == out.end() || it->resident_id != resident) {
          return DataLossError("a platform of resident " + std::to_string(resident) +
                               " without its worker record");
        }
        it->platforms.push_back({row.Text(1), row.Text(2)});
        return OkStatus();
      });
}

}  // namespace

StatusOr<std::optional<PlatformWorkerRow>> PlatformWorkerById(Reader& r, int64_t resident_id) {
  const int64_t ids[] = {resident_id};
  ALLEY_ASSIGN_OR_RETURN(std::vector<PlatformWorkerRow> rows, PlatformWorkersOf(r, ids));
  if (rows.empty()) return std::optional<PlatformWorkerRow>();
  return std::optional<PlatformWorkerRow>(std::move(rows.front()));
}

StatusOr<std::vector<PlatformWorkerRow>> PlatformWorkersOf(Reader& r,
                                                           std::span<const int64_t> resident_ids) {
  std::vector<PlatformWorkerRow> rows;
  sql::Runner& run = sql::RunnerOf(r);
  ALLEY_RETURN_IF_ERROR(
      ForChunks(resident_ids, 1, [&](const std::string& in, const std::vector<sql::Value>& ids) {
        return ReadWorkers(run, in, ids, rows);
      }));
  std::sort(rows.begin(), rows.end(), [](const PlatformWorkerRow& a, const PlatformWorkerRow& b) {
    return a.resident_id < b.resident_id;
  });
  return rows;
}

Status SavePlatformWorker(Writer& w, const PlatformWorkerRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  const std::string who = "platform worker record of resident " + std::to_string(row.resident_id);
  if (row.version == 0) {
    StatusOr<int64_t> inserted = run.Exec(
        "INSERT INTO platform_worker (resident_id, community_code, injury_protection, "
        "injury_protection_since, version, updated_at, updated_by, synthetic) VALUES (?1, ?2, "
        "?3, ?4, 1, ?5, ?6, ?7)",
        {row.resident_id, row.community_code, row.injury_protection,
         DateValue(row.injury_protection_since), row.updated_at, row.updated_by,
         static_cast<int64_t>(row.synthetic)});
    if (!inserted.ok()) {
      if (inserted.status().code() == StatusCode::kAlreadyExists) {
        return AbortedError(
            "the " + who +
            " was created by someone else (the change was made against none): reload and "
            "apply the change again");
      }
      return inserted.status().WithContext(who);
    }
  } else {
    ALLEY_ASSIGN_OR_RETURN(
        int64_t changed,
        run.Exec(
            "UPDATE platform_worker SET community_code = ?2, injury_protection = ?3, "
            "injury_protection_since = ?4, version = version + 1, updated_at = ?5, "
            "updated_by = ?6 WHERE resident_id = ?1 AND version = ?7",
            {row.resident_id, row.community_code, row.injury_protection,
             DateValue(row.injury_protection_since), row.updated_at, row.updated_by, row.version}));
    if (changed != 1) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<PlatformWorkerRow> now,
                             PlatformWorkerById(w, row.resident_id));
      return AbortedError("the " + who + " was changed by someone else (now at version " +
                          std::to_string(now ? now->version : 0) +
                          ", the change was made against version " + std::to_string(row.version) +
                          "): reload and apply the change again");
    }
    ALLEY_RETURN_IF_ERROR(
        run.Exec("DELETE FROM platform_worker_platform WHERE resident_id = ?1", {row.resident_id})
            .status());
  }
  for (size_t i = 0; i < row.platforms.size(); ++i) {
    Status status = run.Exec(
                           "INSERT INTO platform_worker_platform (resident_id, ordinal, "
                           "platform_key, platform_name) VALUES (?1, ?2, ?3, ?4)",
                           {row.resident_id, static_cast<int64_t>(i), row.platforms[i].key,
                            row.platforms[i].name})
                        .status();
    if (!status.ok()) return status.WithContext(who + ", platform " + row.platforms[i].key);
  }
  return OkStatus();
}

Status InsertPlatformWorkers(Writer& w, const std::vector<PlatformWorkerRow>& rows) {
  for (const PlatformWorkerRow& row : rows) {
    if (row.version != 0) {
      return InvalidArgumentError("InsertPlatformWorkers: resident " +
                                  std::to_string(row.resident_id) + " has version " +
                                  std::to_string(row.version) + ", new records have 0");
    }
    ALLEY_RETURN_IF_ERROR(SavePlatformWorker(w, row));
  }
  return OkStatus();
}

// ---------------------------------------------------------------------------
// Rest stations

namespace {

RestStationRow ReadStation(const sql::Row& row) {
  RestStationRow s;
  s.facility_id = row.Int(0);
  s.hours = row.Text(1);
  s.updated_at = row.Int(2);
  s.updated_by = row.Text(3);
  s.synthetic = row.Int(4) != 0;
  return s;
}

}  // namespace

StatusOr<std::optional<RestStationRow>> RestStationById(Reader& r, int64_t facility_id) {
  std::optional<RestStationRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT facility_id, hours, updated_at, updated_by, synthetic FROM rest_station WHERE "
      "facility_id = ?1",
      {facility_id}, [&](const sql::Row& row) {
        found = ReadStation(row);
        return OkStatus();
      }));
  return found;
}

StatusOr<std::vector<RestStationRow>> RestStationsUnder(Reader& r, std::string_view subtree_code) {
  sql::CodeRange range = sql::SubtreeRange(subtree_code);
  std::vector<RestStationRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT s.facility_id, s.hours, s.updated_at, s.updated_by, s.synthetic FROM rest_station s "
      "JOIN facility f ON f.id = s.facility_id WHERE f.unit_code >= ?1 AND f.unit_code < ?2 "
      "ORDER BY s.facility_id",
      {range.lower, range.upper}, [&](const sql::Row& row) {
        rows.push_back(ReadStation(row));
        return OkStatus();
      }));
  return rows;
}

Status SaveRestStation(Writer& w, const RestStationRow& row) {
  Status status =
      sql::RunnerOf(w)
          .Exec(
              "INSERT INTO rest_station (facility_id, hours, updated_at, updated_by, synthetic) "
              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (facility_id) DO UPDATE SET hours = "
              "excluded.hours, updated_at = excluded.updated_at, updated_by = "
              "excluded.updated_by, synthetic = excluded.synthetic",
              {row.facility_id, row.hours, row.updated_at, row.updated_by,
               static_cast<int64_t>(row.synthetic)})
          .status();
  if (!status.ok()) {
    return status.WithContext("rest station of facility " + std::to_string(row.facility_id));
  }
  return OkStatus();
}

// ---------------------------------------------------------------------------

Status DeleteSyntheticProgrammesUnder(Writer& w, std::string_view subtree_code) {
  sql::CodeRange range = sql::SubtreeRange(subtree_code);
  sql::Runner& run = sql::RunnerOf(w);
  const std::string_view kSteps[] = {
      "DELETE FROM enrolment WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2",
      "DELETE FROM platform_worker WHERE synthetic = 1 AND community_code >= ?1 AND "
      "community_code < ?2",
      "DELETE FROM rest_station WHERE synthetic = 1 AND facility_id IN (SELECT id FROM facility "
      "WHERE unit_code >= ?1 AND unit_code < ?2)",
  };
  for (std::string_view step : kSteps) {
    Status status = run.Exec(step, {range.lower, range.upper}).status();
    if (!status.ok()) {
      return status.WithContext("cannot remove the synthetic programme records under " +
                                std::string(subtree_code));
    }
  }
  return OkStatus();
}

}  // namespace alley::store
