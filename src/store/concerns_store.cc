#include "store/concerns_store.h"

#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 4: residents' concerns, their events, API keys.
const std::string_view kSchemaV4Concerns = R"sql(
CREATE TABLE concern (
  id INTEGER PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  community_code TEXT NOT NULL REFERENCES unit(code),
  category TEXT NOT NULL,
  urgency TEXT NOT NULL,
  channel TEXT NOT NULL,
  description TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  lat REAL,
  lon REAL,
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_phone_enc BLOB,
  reporter_phone_masked TEXT NOT NULL DEFAULT '',
  resident_id INTEGER REFERENCES resident(id),
  state TEXT NOT NULL,
  responsible TEXT NOT NULL,
  assignee TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,
  response_due INTEGER NOT NULL,
  resolution_due INTEGER NOT NULL,
  responded_at INTEGER,
  resolved_at INTEGER,
  rating TEXT,
  escalation INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (response_due >= received_at AND resolution_due >= received_at)
);
-- Rates and lists by place (a subtree is a range of unit codes) and time;
-- the columns the rates read are in the index, so that a year of a district
-- is counted from the index alone.
CREATE INDEX concern_unit_received ON concern(unit_code, received_at, category, state,
  response_due, resolution_due, responded_at, resolved_at, rating);
CREATE INDEX concern_open ON concern(unit_code, resolution_due) WHERE resolved_at IS NULL;

-- Every transition, appended; never changed.
CREATE TABLE concern_event (
  id INTEGER PRIMARY KEY,
  concern_id INTEGER NOT NULL REFERENCES concern(id),
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concern_event_concern ON concern_event(concern_id, id);
CREATE TRIGGER concern_event_no_update BEFORE UPDATE ON concern_event
BEGIN SELECT RAISE(ABORT, 'concern events are append-only'); END;
-- The demo's synthetic concerns go whole when the demo is made again.
CREATE TRIGGER concern_event_no_delete BEFORE DELETE ON concern_event
WHEN (SELECT synthetic FROM concern WHERE id = OLD.concern_id) IS NOT 1
BEGIN SELECT RAISE(ABORT, 'concern events are append-only'); END;

-- Keys for Open311 clients: the hash only (BLAKE2b, keyed like the sessions).
CREATE TABLE api_key (
  id INTEGER PRIMARY KEY,
  key_hash BLOB NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER
);
)sql";

namespace {

constexpr std::string_view kReporterPhoneColumn = "concern.reporter_phone";

constexpr std::string_view kConcernColumns =
    "id, unit_code, community_code, category, urgency, channel, description, address, lat, lon, "
    "reporter_name, reporter_phone_masked, resident_id, state, responsible, assignee, "
    "received_at, response_due, resolution_due, responded_at, resolved_at, rating, escalation, "
    "version, synthetic";

ConcernRow ReadConcern(const sql::Row& row) {
  ConcernRow c;
  int i = 0;
  c.id = row.Int(i++);
  c.unit_code = row.Text(i++);
  c.community_code = row.Text(i++);
  c.category = row.Text(i++);
  c.urgency = row.Text(i++);
  c.channel = row.Text(i++);
  c.description = row.Text(i++);
  c.address = row.Text(i++);
  c.lat = row.OptionalReal(i++);
  c.lon = row.OptionalReal(i++);
  c.reporter_name = row.Text(i++);
  c.reporter_phone_masked = row.Text(i++);
  c.resident_id = row.OptionalInt(i++);
  c.state = row.Text(i++);
  c.responsible = row.Text(i++);
  c.assignee = row.Text(i++);
  c.received_at = row.Int(i++);
  c.response_due = row.Int(i++);
  c.resolution_due = row.Int(i++);
  c.responded_at = row.OptionalInt(i++);
  c.resolved_at = row.OptionalInt(i++);
  c.rating = row.OptionalText(i++);
  c.escalation = row.Int(i++);
  c.version = row.Int(i++);
  c.synthetic = row.Int(i++) != 0;
  return c;
}

std::string SelectConcerns(std::string_view where) {
  return "SELECT " + std::string(kConcernColumns) + " FROM concern " + std::string(where);
}

}  // namespace

StatusOr<int64_t> InsertConcern(Writer& w, const ConcernRow& row, std::string_view reporter_phone) {
  sql::Runner& run = sql::RunnerOf(w);
  sql::Value phone = std::monostate();
  if (!reporter_phone.empty())
    phone = sql::Blob{run.Cipher().Encrypt(reporter_phone, kReporterPhoneColumn)};
  return run.QueryInt(
      "INSERT INTO concern (unit_code, community_code, category, urgency, channel, description, "
      "address, lat, lon, reporter_name, reporter_phone_enc, reporter_phone_masked, resident_id, "
      "state, responsible, assignee, received_at, response_due, resolution_due, responded_at, "
      "resolved_at, rating, escalation, version, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, 1, ?24) "
      "RETURNING id",
      {row.unit_code,
       row.community_code,
       row.category,
       row.urgency,
       row.channel,
       row.description,
       row.address,
       sql::Nullable(row.lat),
       sql::Nullable(row.lon),
       row.reporter_name,
       phone,
       row.reporter_phone_masked,
       sql::Nullable(row.resident_id),
       row.state,
       row.responsible,
       row.assignee,
       row.received_at,
       row.response_due,
       row.resolution_due,
       sql::Nullable(row.responded_at),
       sql::Nullable(row.resolved_at),
       sql::Nullable(row.rating),
       row.escalation,
       static_cast<int64_t>(row.synthetic)},
      "id of the new concern");
}

Status InsertConcerns(Writer& w, std::vector<ConcernRow>& rows,
                      const std::vector<std::string>& reporter_phones) {
  if (reporter_phones.size() != rows.size()) {
    return InternalError("InsertConcerns: one phone (or \"\") per concern");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    ALLEY_ASSIGN_OR_RETURN(rows[i].id, InsertConcern(w, rows[i], reporter_phones[i]));
  }
  return OkStatus();
}

StatusOr<std::optional<ConcernRow>> ConcernById(Reader& r, int64_t id) {
  std::optional<ConcernRow> found;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(SelectConcerns("WHERE id = ?1"), {id}, [&](const sql::Row& row) {
        found = ReadConcern(row);
        return OkStatus();
      }));
  return found;
}

Status UpdateConcern(Writer& w, const ConcernRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      run.Exec("UPDATE concern SET unit_code = ?2, community_code = ?3, category = ?4, "
               "urgency = ?5, state = ?6, responsible = ?7, assignee = ?8, response_due = ?9, "
               "resolution_due = ?10, responded_at = ?11, resolved_at = ?12, rating = ?13, "
               "escalation = ?14, version = version + 1 WHERE id = ?1 AND version = ?15",
               {row.id, row.unit_code, row.community_code, row.category, row.urgency, row.state,
                row.responsible, row.assignee, row.response_due, row.resolution_due,
                sql::Nullable(row.responded_at), sql::Nullable(row.resolved_at),
                sql::Nullable(row.rating), row.escalation, row.version}));
  if (changed == 1) return OkStatus();
  ALLEY_ASSIGN_OR_RETURN(std::optional<ConcernRow> now, ConcernById(w, row.id));
  if (!now) return NotFoundError("no concern " + std::to_string(row.id));
  return AbortedError("concern " + std::to_string(row.id) +
                      " was changed by someone else (now at version " +
                      std::to_string(now->version) + ", the change was made against version " +
                      std::to_string(row.version) + ")");
}

StatusOr<int64_t> AppendConcernEvent(Writer& w, const ConcernEventRow& e) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO concern_event (concern_id, at, event, from_state, to_state, actor, target, "
      "reason, note, rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
      {e.concern_id, e.at, e.event, e.from_state, e.to_state, e.actor, e.target, e.reason, e.note,
       e.rating},
      "id of the new event");
}

StatusOr<std::vector<ConcernEventRow>> ConcernEvents(Reader& r, int64_t concern_id) {
  std::vector<ConcernEventRow> events;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT id, concern_id, at, event, from_state, to_state, actor, target, reason, note, "
      "rating FROM concern_event WHERE concern_id = ?1 ORDER BY id",
      {concern_id}, [&](const sql::Row& row) {
        ConcernEventRow e;
        int i = 0;
        e.id = row.Int(i++);
        e.concern_id = row.Int(i++);
        e.at = row.Int(i++);
        e.event = row.Text(i++);
        e.from_state = row.Text(i++);
        e.to_state = row.Text(i++);
        e.actor = row.Text(i++);
        e.target = row.Text(i++);
        e.reason = row.Text(i++);
        e.note = row.Text(i++);
        e.rating = row.Text(i++);
        events.push_back(std::move(e));
        return OkStatus();
      }));
  return events;
}

StatusOr<std::string> ConcernReporterPhone(Reader& r, int64_t concern_id) {
  sql::Runner& run = sql::RunnerOf(r);
  std::optional<std::string> sealed;
  bool found = false;
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT reporter_phone_enc FROM concern WHERE id = ?1",
                                  {concern_id}, [&](const sql::Row& row) {
                                    found = true;
                                    if (!row.IsNull(0)) sealed = row.BlobAt(0);
                                    return OkStatus();
                                  }));
  if (!found) return NotFoundError("no concern " + std::to_string(concern_id));
  if (!sealed) return std::string();
  return run.Cipher().Decrypt(*sealed, kReporterPhoneColumn);
}

StatusOr<ConcernPage> ListConcerns(Reader& r, const ConcernQuery& q) {
  sql::CodeRange range = sql::SubtreeRange(q.subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  std::string where = "WHERE unit_code >= ?1 AND unit_code < ?2";
  auto add = [&](std::string_view condition, sql::Value value) {
    args.push_back(std::move(value));
    std::string placeholder = "?" + std::to_string(args.size());
    std::string c(condition);
    for (size_t at = c.find('$'); at != std::string::npos; at = c.find('$', at + 1)) {
      c.replace(at, 1, placeholder);
    }
    where += " AND " + c;
  };
  if (q.state) add("state = $", *q.state);
  if (q.category) add("category = $", *q.category);
  if (q.received_from) add("received_at >= $", *q.received_from);
  if (q.received_to) add("received_at < $", *q.received_to);
  if (q.overdue_at) {
    add("resolved_at IS NULL AND (resolution_due < $ OR (responded_at IS NULL AND "
        "response_due < $))",
        *q.overdue_at);
  }
  if (q.text) add("(instr(description, $) > 0 OR instr(address, $) > 0)", *q.text);
  sql::Runner& run = sql::RunnerOf(r);
  ConcernPage page;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT count(*) FROM concern " + where, args, [&](const sql::Row& row) {
        page.total = row.Int(0);
        return OkStatus();
      }));
  args.emplace_back(q.limit);
  args.emplace_back(q.offset);
  const std::string paging = " ORDER BY received_at DESC, id DESC LIMIT ?" +
                             std::to_string(args.size() - 1) + " OFFSET ?" +
                             std::to_string(args.size());
  ALLEY_RETURN_IF_ERROR(run.Query(SelectConcerns(where + paging), args, [&](const sql::Row& row) {
    page.items.push_back(ReadConcern(row));
    return OkStatus();
  }));
  return page;
}

Status ScanConcernFacts(Reader& r, std::string_view subtree_code, int64_t from, int64_t to,
                        const std::function<Status(const ConcernFact&)>& fn) {
  sql::CodeRange range = sql::SubtreeRange(subtree_code);
  // Only columns of concern_unit_received: a column outside it (the
  // community, say) would turn the index range into a table lookup per
  // concern, ten times slower for a district's year (bench/concern_rates_bench.cc).
  return sql::RunnerOf(r).Query(
      "SELECT unit_code, category, state, received_at, response_due, resolution_due, "
      "responded_at, resolved_at, rating FROM concern "
      "WHERE unit_code >= ?1 AND unit_code < ?2 AND received_at >= ?3 AND "
      "received_at < ?4",
      {range.lower, range.upper, from, to}, [&](const sql::Row& row) -> Status {
        ConcernFact f;
        f.unit_code = row.TextView(0);
        f.category = row.TextView(1);
        f.state = row.TextView(2);
        f.received_at = row.Int(3);
        f.response_due = row.Int(4);
        f.resolution_due = row.Int(5);
        f.responded_at = row.OptionalInt(6);
        f.resolved_at = row.OptionalInt(7);
        f.rating = row.TextView(8);
        return fn(f);
      });
}

StatusOr<int64_t> InsertApiKey(Writer& w, const ApiKeyRow& k) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO api_key (key_hash, prefix, unit_code, label, created_at, created_by) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
      {sql::Blob{k.key_hash}, k.prefix, k.unit_code, k.label, k.created_at, k.created_by},
      "id of the new key");
}

namespace {

constexpr std::string_view kApiKeyColumns =
    "SELECT id, key_hash, prefix, unit_code, label, created_at, created_by, revoked_at FROM "
    "api_key ";

ApiKeyRow ReadApiKey(const sql::Row& row) {
  ApiKeyRow k;
  k.id = row.Int(0);
  k.key_hash = row.BlobAt(1);
  k.prefix = row.Text(2);
  k.unit_code = row.Text(3);
  k.label = row.Text(4);
  k.created_at = row.Int(5);
  k.created_by = row.Text(6);
  k.revoked_at = row.OptionalInt(7);
  return k;
}

}  // namespace

StatusOr<std::optional<ApiKeyRow>> FindApiKey(Reader& r, std::string_view key_hash) {
  std::optional<ApiKeyRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(std::string(kApiKeyColumns) + "WHERE key_hash = ?1",
                                               {sql::Blob{std::string(key_hash)}},
                                               [&](const sql::Row& row) {
                                                 found = ReadApiKey(row);
                                                 return OkStatus();
                                               }));
  return found;
}

StatusOr<std::vector<ApiKeyRow>> ListApiKeys(Reader& r, std::string_view subtree_code) {
  sql::CodeRange range = sql::SubtreeRange(subtree_code);
  std::vector<ApiKeyRow> keys;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      std::string(kApiKeyColumns) + "WHERE unit_code >= ?1 AND unit_code < ?2 ORDER BY id",
      {range.lower, range.upper}, [&](const sql::Row& row) {
        keys.push_back(ReadApiKey(row));
        return OkStatus();
      }));
  return keys;
}

Status RevokeApiKey(Writer& w, int64_t id, int64_t at) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec(
          "UPDATE api_key SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1", {id, at}));
  if (changed == 0) return NotFoundError("no API key " + std::to_string(id));
  return OkStatus();
}

Status DeleteSyntheticConcernsUnder(Writer& w, std::string_view subtree_code) {
  sql::CodeRange range = sql::SubtreeRange(subtree_code);
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_RETURN_IF_ERROR(run.Exec("DELETE FROM concern_event WHERE concern_id IN (SELECT id FROM "
                                 "concern WHERE synthetic = 1 "
                                 "AND unit_code >= ?1 AND unit_code < ?2)",
                                 {range.lower, range.upper})
                            .status());
  return run
      .Exec("DELETE FROM concern WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2",
            {range.lower, range.upper})
      .status();
}

}  // namespace alley::store
