#include "store/care_store.h"

#include <map>
#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"
#include "store/stored_dates.h"

namespace alley::store {

// Version 6: home-service providers (caregivers, volunteers) and orders, the
// time bank. The time bank's tables come first: an order refers to the
// transaction that paid for it.
const std::string_view kSchemaV6Care = R"sql(
-- One time bank per community, with its policy (services::TimeBankPolicy).
CREATE TABLE timebank (
  id INTEGER PRIMARY KEY,
  community_code TEXT NOT NULL UNIQUE REFERENCES unit(code),
  opened_on TEXT NOT NULL,
  max_minutes_per_service INTEGER NOT NULL CHECK (max_minutes_per_service > 0),
  allow_family_transfer INTEGER NOT NULL CHECK (allow_family_transfer IN (0, 1)),
  max_transfer_minutes_per_year INTEGER NOT NULL CHECK (max_transfer_minutes_per_year > 0),
  receiver_must_be_relative INTEGER NOT NULL CHECK (receiver_must_be_relative IN (0, 1)),
  receiver_must_share_household INTEGER NOT NULL CHECK (receiver_must_share_household IN (0, 1)),
  receiver_must_be_elderly INTEGER NOT NULL CHECK (receiver_must_be_elderly IN (0, 1)),
  receiver_min_age INTEGER NOT NULL CHECK (receiver_min_age BETWEEN 0 AND 150),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);

CREATE TABLE timebank_account (
  id INTEGER PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES unit(code),
  kind TEXT NOT NULL CHECK (kind IN ('issuance', 'member')),
  resident_id INTEGER REFERENCES resident(id),
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK ((kind = 'issuance' AND resident_id IS NULL) OR (kind = 'member' AND resident_id IS NOT NULL)),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX timebank_account_community ON timebank_account(community_code, id);
CREATE UNIQUE INDEX timebank_account_issuance ON timebank_account(community_code)
  WHERE kind = 'issuance';
CREATE UNIQUE INDEX timebank_account_holder ON timebank_account(community_code, resident_id)
  WHERE closed_on IS NULL AND resident_id IS NOT NULL;

-- Transactions and postings are appended, never changed: an error is undone
-- by a reversal, itself a new transaction.
CREATE TABLE timebank_transaction (
  id INTEGER PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES unit(code),
  number INTEGER NOT NULL CHECK (number > 0),
  kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'transfer', 'reversal')),
  txn_date TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  reverses INTEGER NOT NULL DEFAULT 0,
  memo TEXT NOT NULL DEFAULT '',
  family_relative INTEGER,
  family_same_household INTEGER,
  family_receiver_age INTEGER,
  family_relation TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  UNIQUE (community_code, number)
);

CREATE TABLE timebank_posting (
  id INTEGER PRIMARY KEY,
  transaction_id INTEGER NOT NULL REFERENCES timebank_transaction(id),
  community_code TEXT NOT NULL REFERENCES unit(code),
  account_id INTEGER NOT NULL REFERENCES timebank_account(id),
  minutes INTEGER NOT NULL CHECK (minutes <> 0)
);
CREATE INDEX timebank_posting_transaction ON timebank_posting(transaction_id, id);
CREATE INDEX timebank_posting_account ON timebank_posting(account_id);
CREATE INDEX timebank_posting_community ON timebank_posting(community_code, minutes);

CREATE TRIGGER timebank_transaction_no_update BEFORE UPDATE ON timebank_transaction
BEGIN SELECT RAISE(ABORT, 'time-bank transactions are append-only: reverse instead'); END;
-- Synthetic rows (the demo's) may be deleted, so that the demo can be rebuilt
-- (DeleteSyntheticCareUnder); real ones never.
CREATE TRIGGER timebank_transaction_no_delete BEFORE DELETE ON timebank_transaction
WHEN OLD.synthetic = 0
BEGIN SELECT RAISE(ABORT, 'time-bank transactions are append-only: reverse instead'); END;
CREATE TRIGGER timebank_posting_no_update BEFORE UPDATE ON timebank_posting
BEGIN SELECT RAISE(ABORT, 'time-bank postings are append-only: reverse instead'); END;
CREATE TRIGGER timebank_posting_no_delete BEFORE DELETE ON timebank_posting
WHEN (SELECT t.synthetic FROM timebank_transaction t WHERE t.id = OLD.transaction_id) = 0
BEGIN SELECT RAISE(ABORT, 'time-bank postings are append-only: reverse instead'); END;

-- Caregivers (paid staff of an elderly-care occupation) and volunteers.
CREATE TABLE care_provider (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('caregiver', 'volunteer')),
  community_code TEXT NOT NULL REFERENCES unit(code),
  unit_code TEXT NOT NULL REFERENCES unit(code),
  resident_id INTEGER REFERENCES resident(id),
  name TEXT NOT NULL,
  occupation TEXT NOT NULL DEFAULT '',
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  location_source TEXT NOT NULL CHECK (location_source IN ('building', 'unit', 'given')),
  prior_minutes INTEGER NOT NULL DEFAULT 0 CHECK (prior_minutes >= 0),
  registered_on TEXT NOT NULL,
  left_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (type = 'caregiver' OR resident_id IS NOT NULL),
  CHECK (left_on IS NULL OR left_on >= registered_on)
);
CREATE INDEX care_provider_community ON care_provider(community_code, type, name, id);
CREATE INDEX care_provider_unit ON care_provider(unit_code);
CREATE UNIQUE INDEX care_provider_resident ON care_provider(type, resident_id)
  WHERE resident_id IS NOT NULL;

CREATE TABLE care_provider_skill (
  provider_id INTEGER NOT NULL REFERENCES care_provider(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (provider_id, kind)
);

CREATE TABLE care_provider_window (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES care_provider(id) ON DELETE CASCADE,
  day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 7),
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL,
  CHECK (start_min >= 0 AND start_min < end_min AND end_min <= 1440)
);
CREATE INDEX care_provider_window_of ON care_provider_window(provider_id, id);

CREATE TABLE care_certification (
  id INTEGER PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES care_provider(id) ON DELETE CASCADE,
  occupation TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  number TEXT NOT NULL DEFAULT '',
  issued TEXT NOT NULL,
  expires TEXT NOT NULL,
  CHECK (expires >= issued)
);
CREATE INDEX care_certification_of ON care_certification(provider_id, id);
CREATE INDEX care_certification_expires ON care_certification(expires);

CREATE TABLE home_service_order (
  id INTEGER PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES unit(code),
  unit_code TEXT NOT NULL REFERENCES unit(code),
  resident_id INTEGER NOT NULL REFERENCES resident(id),
  kind TEXT NOT NULL,
  service_date TEXT NOT NULL,
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL
    CHECK (state IN ('requested', 'assigned', 'in_service', 'done', 'rated', 'cancelled')),
  provider_id INTEGER REFERENCES care_provider(id),
  stars INTEGER CHECK (stars IS NULL OR stars BETWEEN 1 AND 5),
  earn_transaction_id INTEGER REFERENCES timebank_transaction(id),
  requested_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (start_min >= 0 AND start_min < end_min AND end_min <= 1440),
  CHECK (state IN ('requested', 'cancelled') OR provider_id IS NOT NULL)
);
CREATE INDEX home_service_order_community ON home_service_order(community_code, service_date, id);
CREATE INDEX home_service_order_provider ON home_service_order(provider_id, state, service_date);
CREATE INDEX home_service_order_resident ON home_service_order(resident_id, service_date);

-- Every transition, appended; never changed.
CREATE TABLE home_service_order_event (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES home_service_order(id),
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  provider_id INTEGER REFERENCES care_provider(id),
  stars INTEGER,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX home_service_order_event_order ON home_service_order_event(order_id, id);
CREATE TRIGGER home_service_order_event_no_update BEFORE UPDATE ON home_service_order_event
BEGIN SELECT RAISE(ABORT, 'home-service order events are append-only'); END;
CREATE TRIGGER home_service_order_event_no_delete BEFORE DELETE ON home_service_order_event
WHEN (SELECT o.synthetic FROM home_service_order o WHERE o.id = OLD.order_id) = 0
BEGIN SELECT RAISE(ABORT, 'home-service order events are append-only'); END;
)sql";

namespace {

// Official community codes have 12 digits; compounds and grids extend them.
constexpr size_t kCommunityCodeLength = 12;

using internal::OptionalDateValue;
using internal::ReadDate;
using internal::ReadOptionalDate;

// ---- Providers ----

constexpr std::string_view kProviderColumns =
    "p.id, p.type, p.community_code, p.unit_code, p.resident_id, p.name, p.occupation, p.lat, "
    "p.lon, p.location_source, p.prior_minutes, p.registered_on, p.left_on, p.note, p.version, "
    "p.synthetic, p.prior_minutes + coalesce((SELECT sum(o.end_min - o.start_min) FROM "
    "home_service_order o WHERE o.provider_id = p.id AND o.state IN ('done', 'rated')), 0)";

Status ReadProvider(const sql::Row& row, CareProviderRow& p) {
  int i = 0;
  p.id = row.Int(i++);
  p.type = row.Text(i++);
  p.community_code = row.Text(i++);
  p.unit_code = row.Text(i++);
  p.resident_id = row.OptionalInt(i++);
  p.name = row.Text(i++);
  p.occupation = row.Text(i++);
  p.lat = row.Real(i++);
  p.lon = row.Real(i++);
  p.location_source = row.Text(i++);
  p.prior_minutes = row.Int(i++);
  ALLEY_RETURN_IF_ERROR(ReadDate(row, i++, "care_provider.registered_on", p.registered_on));
  ALLEY_RETURN_IF_ERROR(ReadOptionalDate(row, i++, "care_provider.left_on", p.left_on));
  p.note = row.Text(i++);
  p.version = row.Int(i++);
  p.synthetic = row.Int(i++) != 0;
  p.worked_minutes = row.Int(i++);
  return OkStatus();
}

Status InsertProviderDetails(sql::Runner& run, const CareProviderRow& p, int64_t id) {
  for (size_t i = 0; i < p.skills.size(); ++i) {
    ALLEY_RETURN_IF_ERROR(
        run.Exec(
               "INSERT INTO care_provider_skill (provider_id, position, kind) VALUES (?1, ?2, ?3)",
               {id, static_cast<int64_t>(i), p.skills[i]})
            .status());
  }
  for (const WeeklyWindowRow& w : p.availability) {
    ALLEY_RETURN_IF_ERROR(run.Exec("INSERT INTO care_provider_window (provider_id, day, start_min, "
                                   "end_min) VALUES (?1, ?2, ?3, ?4)",
                                   {id, int64_t{w.day}, int64_t{w.start_min}, int64_t{w.end_min}})
                              .status());
  }
  for (const CertificationRow& c : p.certifications) {
    ALLEY_RETURN_IF_ERROR(
        run.Exec("INSERT INTO care_certification (provider_id, occupation, level, number, issued, "
                 "expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 {id, c.occupation, int64_t{c.level}, c.number, c.issued.ToString(),
                  c.expires.ToString()})
            .status());
  }
  return OkStatus();
}

// Fills the skills, windows and certificates of `providers` (by id).
Status ReadProviderDetails(sql::Runner& run, std::vector<CareProviderRow>& providers) {
  if (providers.empty()) return OkStatus();
  std::map<int64_t, CareProviderRow*> by_id;
  std::string ids;
  for (CareProviderRow& p : providers) {
    by_id[p.id] = &p;
    ids += (ids.empty() ? "" : ", ") + std::to_string(p.id);
  }
  // The ids are integers the store itself read: safe to inline, and one
  // statement per list instead of one per provider.
  const std::string in = " IN (" + ids + ")";
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT provider_id, kind FROM care_provider_skill WHERE provider_id" + in +
                    " ORDER BY provider_id, position",
                {}, [&](const sql::Row& row) {
                  by_id.at(row.Int(0))->skills.push_back(row.Text(1));
                  return OkStatus();
                }));
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT provider_id, day, start_min, end_min FROM care_provider_window WHERE provider_id" +
          in + " ORDER BY provider_id, id",
      {}, [&](const sql::Row& row) {
        by_id.at(row.Int(0))
            ->availability.push_back({static_cast<int>(row.Int(1)), static_cast<int>(row.Int(2)),
                                      static_cast<int>(row.Int(3))});
        return OkStatus();
      }));
  return run.Query(
      "SELECT provider_id, occupation, level, number, issued, expires FROM care_certification "
      "WHERE provider_id" +
          in + " ORDER BY provider_id, id",
      {}, [&](const sql::Row& row) -> Status {
        CertificationRow c;
        c.occupation = row.Text(1);
        c.level = static_cast<int>(row.Int(2));
        c.number = row.Text(3);
        ALLEY_RETURN_IF_ERROR(ReadDate(row, 4, "care_certification.issued", c.issued));
        ALLEY_RETURN_IF_ERROR(ReadDate(row, 5, "care_certification.expires", c.expires));
        by_id.at(row.Int(0))->certifications.push_back(std::move(c));
        return OkStatus();
      });
}

StatusOr<std::optional<CareProviderRow>> OneProvider(Reader& r, std::string_view where,
                                                     std::initializer_list<sql::Value> args) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<CareProviderRow> found;
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT " + std::string(kProviderColumns) +
                                      " FROM care_provider p WHERE " + std::string(where),
                                  args, [&](const sql::Row& row) -> Status {
                                    CareProviderRow p;
                                    ALLEY_RETURN_IF_ERROR(ReadProvider(row, p));
                                    found.push_back(std::move(p));
                                    return OkStatus();
                                  }));
  if (found.empty()) return std::optional<CareProviderRow>();
  found.resize(1);
  ALLEY_RETURN_IF_ERROR(ReadProviderDetails(run, found));
  return std::optional<CareProviderRow>(std::move(found.front()));
}

// Adds "AND condition" with its value as the next numbered parameter ($ in
// `condition` stands for it).
void AddCondition(std::string& where, std::vector<sql::Value>& args, std::string_view condition,
                  sql::Value value) {
  args.push_back(std::move(value));
  const std::string placeholder = "?" + std::to_string(args.size());
  std::string c(condition);
  for (size_t at = c.find('$'); at != std::string::npos; at = c.find('$', at + 1)) {
    c.replace(at, 1, placeholder);
  }
  where += " AND " + c;
}

std::string Paging(std::vector<sql::Value>& args, int64_t limit, int64_t offset) {
  args.emplace_back(limit);
  args.emplace_back(offset);
  return " LIMIT ?" + std::to_string(args.size() - 1) + " OFFSET ?" + std::to_string(args.size());
}

// ---- Orders ----

constexpr std::string_view kOrderColumns =
    "o.id, o.community_code, o.unit_code, o.resident_id, o.kind, o.service_date, o.start_min, "
    "o.end_min, o.lat, o.lon, o.note, o.state, o.provider_id, o.stars, o.earn_transaction_id, "
    "o.requested_at, o.updated_at, o.requested_by, o.version, o.synthetic, "
    "coalesce((SELECT v.name FROM resident_version v WHERE v.resident_id = o.resident_id ORDER BY "
    "v.valid_from DESC, v.id DESC LIMIT 1), ''), coalesce(p.name, ''), coalesce(p.type, '')";

constexpr std::string_view kOrderFrom =
    " FROM home_service_order o LEFT JOIN care_provider p ON p.id = o.provider_id ";

Status ReadOrder(const sql::Row& row, HomeServiceOrderRow& o) {
  int i = 0;
  o.id = row.Int(i++);
  o.community_code = row.Text(i++);
  o.unit_code = row.Text(i++);
  o.resident_id = row.Int(i++);
  o.kind = row.Text(i++);
  ALLEY_RETURN_IF_ERROR(ReadDate(row, i++, "home_service_order.service_date", o.service_date));
  o.start_min = static_cast<int>(row.Int(i++));
  o.end_min = static_cast<int>(row.Int(i++));
  o.lat = row.Real(i++);
  o.lon = row.Real(i++);
  o.note = row.Text(i++);
  o.state = row.Text(i++);
  o.provider_id = row.OptionalInt(i++);
  if (std::optional<int64_t> stars = row.OptionalInt(i++)) o.stars = static_cast<int>(*stars);
  o.earn_transaction_id = row.OptionalInt(i++);
  o.requested_at = row.Int(i++);
  o.updated_at = row.Int(i++);
  o.requested_by = row.Text(i++);
  o.version = row.Int(i++);
  o.synthetic = row.Int(i++) != 0;
  o.resident_name = row.Text(i++);
  o.provider_name = row.Text(i++);
  o.provider_type = row.Text(i++);
  return OkStatus();
}

}  // namespace

StatusOr<int64_t> InsertCareProvider(Writer& w, const CareProviderRow& p) {
  sql::Runner& run = sql::RunnerOf(w);
  if (p.resident_id) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<CareProviderRow> existing,
                           CareProviderByResident(w, p.type, *p.resident_id));
    if (existing) {
      return AlreadyExistsError("resident " + std::to_string(*p.resident_id) +
                                " is already registered as a " + p.type + " (provider " +
                                std::to_string(existing->id) + ")");
    }
  }
  ALLEY_ASSIGN_OR_RETURN(
      int64_t id,
      run.QueryInt("INSERT INTO care_provider (type, community_code, unit_code, resident_id, name, "
                   "occupation, lat, lon, location_source, prior_minutes, registered_on, left_on, "
                   "note, version, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                   "?11, ?12, ?13, 1, ?14) RETURNING id",
                   {p.type, p.community_code, p.unit_code, sql::Nullable(p.resident_id), p.name,
                    p.occupation, p.lat, p.lon, p.location_source, p.prior_minutes,
                    p.registered_on.ToString(), OptionalDateValue(p.left_on), p.note,
                    static_cast<int64_t>(p.synthetic)},
                   "id of the new provider"));
  ALLEY_RETURN_IF_ERROR(InsertProviderDetails(run, p, id));
  return id;
}

Status InsertCareProviders(Writer& w, std::vector<CareProviderRow>& rows) {
  for (CareProviderRow& row : rows) {
    ALLEY_ASSIGN_OR_RETURN(row.id, InsertCareProvider(w, row));
  }
  return OkStatus();
}

Status UpdateCareProvider(Writer& w, const CareProviderRow& p) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      run.Exec("UPDATE care_provider SET community_code = ?2, unit_code = ?3, name = ?4, "
               "occupation = ?5, lat = ?6, lon = ?7, location_source = ?8, prior_minutes = ?9, "
               "registered_on = ?10, left_on = ?11, note = ?12, version = version + 1 "
               "WHERE id = ?1 AND version = ?13",
               {p.id, p.community_code, p.unit_code, p.name, p.occupation, p.lat, p.lon,
                p.location_source, p.prior_minutes, p.registered_on.ToString(),
                OptionalDateValue(p.left_on), p.note, p.version}));
  if (changed != 1) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<CareProviderRow> now, CareProviderById(w, p.id));
    if (!now) return NotFoundError("no provider " + std::to_string(p.id));
    return AbortedError("provider " + std::to_string(p.id) +
                        " was changed by someone else (now at version " +
                        std::to_string(now->version) + ", the change was made against version " +
                        std::to_string(p.version) + ")");
  }
  for (std::string_view table :
       {"care_provider_skill", "care_provider_window", "care_certification"}) {
    ALLEY_RETURN_IF_ERROR(
        run.Exec("DELETE FROM " + std::string(table) + " WHERE provider_id = ?1", {p.id}).status());
  }
  return InsertProviderDetails(run, p, p.id);
}

StatusOr<std::optional<CareProviderRow>> CareProviderById(Reader& r, int64_t id) {
  return OneProvider(r, "p.id = ?1", {id});
}

StatusOr<std::optional<CareProviderRow>> CareProviderByResident(Reader& r, std::string_view type,
                                                                int64_t resident_id) {
  return OneProvider(r, "p.type = ?1 AND p.resident_id = ?2", {std::string(type), resident_id});
}

StatusOr<CareProviderPage> ListCareProviders(Reader& r, const CareProviderQuery& q) {
  const sql::CodeRange range = sql::SubtreeRange(q.subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  std::string where = "WHERE p.unit_code >= ?1 AND p.unit_code < ?2";
  if (!q.type.empty()) AddCondition(where, args, "p.type = $", q.type);
  if (!q.skill.empty()) {
    AddCondition(where, args,
                 "EXISTS (SELECT 1 FROM care_provider_skill s WHERE s.provider_id = p.id AND "
                 "s.kind = $)",
                 q.skill);
  }
  if (!q.text.empty()) AddCondition(where, args, "instr(p.name, $) > 0", q.text);
  if (q.active_on) {
    AddCondition(where, args, "p.registered_on <= $ AND (p.left_on IS NULL OR p.left_on > $)",
                 q.active_on->ToString());
  }
  sql::Runner& run = sql::RunnerOf(r);
  CareProviderPage page;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT count(*) FROM care_provider p " + where, args, [&](const sql::Row& row) {
        page.total = row.Int(0);
        return OkStatus();
      }));
  const std::string paging = Paging(args, q.limit, q.offset);
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT " + std::string(kProviderColumns) +
                                      " FROM care_provider p " + where +
                                      " ORDER BY p.community_code, p.type, p.name, p.id" + paging,
                                  args, [&](const sql::Row& row) -> Status {
                                    CareProviderRow p;
                                    ALLEY_RETURN_IF_ERROR(ReadProvider(row, p));
                                    page.items.push_back(std::move(p));
                                    return OkStatus();
                                  }));
  ALLEY_RETURN_IF_ERROR(ReadProviderDetails(run, page.items));
  return page;
}

StatusOr<int64_t> InsertHomeServiceOrder(Writer& w, const HomeServiceOrderRow& o) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO home_service_order (community_code, unit_code, resident_id, kind, service_date, "
      "start_min, end_min, lat, lon, note, state, provider_id, stars, earn_transaction_id, "
      "requested_at, updated_at, requested_by, version, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18) RETURNING id",
      {o.community_code, o.unit_code, o.resident_id, o.kind, o.service_date.ToString(),
       int64_t{o.start_min}, int64_t{o.end_min}, o.lat, o.lon, o.note, o.state,
       sql::Nullable(o.provider_id), sql::Nullable(o.stars), sql::Nullable(o.earn_transaction_id),
       o.requested_at, o.updated_at, o.requested_by, static_cast<int64_t>(o.synthetic)},
      "id of the new order");
}

Status InsertHomeServiceOrders(Writer& w, std::vector<HomeServiceOrderRow>& rows,
                               const std::vector<std::vector<HomeServiceOrderEventRow>>& events) {
  if (events.size() != rows.size()) {
    return InternalError("InsertHomeServiceOrders: one list of events per order");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    ALLEY_ASSIGN_OR_RETURN(rows[i].id, InsertHomeServiceOrder(w, rows[i]));
    for (HomeServiceOrderEventRow e : events[i]) {
      e.order_id = rows[i].id;
      ALLEY_RETURN_IF_ERROR(AppendHomeServiceOrderEvent(w, e).status());
    }
  }
  return OkStatus();
}

Status UpdateHomeServiceOrder(Writer& w, const HomeServiceOrderRow& o) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      run.Exec("UPDATE home_service_order SET state = ?2, provider_id = ?3, stars = ?4, "
               "earn_transaction_id = ?5, updated_at = ?6, version = version + 1 "
               "WHERE id = ?1 AND version = ?7",
               {o.id, o.state, sql::Nullable(o.provider_id), sql::Nullable(o.stars),
                sql::Nullable(o.earn_transaction_id), o.updated_at, o.version}));
  if (changed == 1) return OkStatus();
  ALLEY_ASSIGN_OR_RETURN(std::optional<HomeServiceOrderRow> now, HomeServiceOrderById(w, o.id));
  if (!now) return NotFoundError("no home-service order " + std::to_string(o.id));
  return AbortedError("home-service order " + std::to_string(o.id) +
                      " was changed by someone else (now at version " +
                      std::to_string(now->version) + ", the change was made against version " +
                      std::to_string(o.version) + ")");
}

Status LinkOrderEarning(Writer& w, int64_t order_id, int64_t transaction_id) {
  ALLEY_ASSIGN_OR_RETURN(int64_t changed,
                         sql::RunnerOf(w).Exec("UPDATE home_service_order SET "
                                               "earn_transaction_id = ?2 WHERE id = ?1 AND "
                                               "earn_transaction_id IS NULL",
                                               {order_id, transaction_id}));
  if (changed != 1) {
    return FailedPreconditionError("home-service order " + std::to_string(order_id) +
                                   " does not exist or is already paid for");
  }
  return OkStatus();
}

StatusOr<std::optional<HomeServiceOrderRow>> HomeServiceOrderById(Reader& r, int64_t id) {
  std::optional<HomeServiceOrderRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kOrderColumns) + std::string(kOrderFrom) + "WHERE o.id = ?1", {id},
      [&](const sql::Row& row) -> Status {
        HomeServiceOrderRow o;
        ALLEY_RETURN_IF_ERROR(ReadOrder(row, o));
        found = std::move(o);
        return OkStatus();
      }));
  return found;
}

StatusOr<int64_t> AppendHomeServiceOrderEvent(Writer& w, const HomeServiceOrderEventRow& e) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO home_service_order_event (order_id, at, event, from_state, to_state, actor, "
      "provider_id, stars, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
      {e.order_id, e.at, e.event, e.from_state, e.to_state, e.actor, sql::Nullable(e.provider_id),
       sql::Nullable(e.stars), e.note},
      "id of the new event");
}

StatusOr<std::vector<HomeServiceOrderEventRow>> HomeServiceOrderEvents(Reader& r,
                                                                       int64_t order_id) {
  std::vector<HomeServiceOrderEventRow> events;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT id, order_id, at, event, from_state, to_state, actor, provider_id, stars, note "
      "FROM home_service_order_event WHERE order_id = ?1 ORDER BY id",
      {order_id}, [&](const sql::Row& row) {
        HomeServiceOrderEventRow e;
        int i = 0;
        e.id = row.Int(i++);
        e.order_id = row.Int(i++);
        e.at = row.Int(i++);
        e.event = row.Text(i++);
        e.from_state = row.Text(i++);
        e.to_state = row.Text(i++);
        e.actor = row.Text(i++);
        e.provider_id = row.OptionalInt(i++);
        if (std::optional<int64_t> stars = row.OptionalInt(i++)) e.stars = static_cast<int>(*stars);
        e.note = row.Text(i++);
        events.push_back(std::move(e));
        return OkStatus();
      }));
  return events;
}

StatusOr<HomeServiceOrderPage> ListHomeServiceOrders(Reader& r, const HomeServiceOrderQuery& q) {
  const sql::CodeRange range = sql::SubtreeRange(q.subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  // The community code is the order's scope (its index); a subtree below a
  // community (a compound, a grid: longer codes) narrows by the resident's unit.
  std::string where = q.subtree_code.size() > kCommunityCodeLength
                          ? "WHERE o.unit_code >= ?1 AND o.unit_code < ?2"
                          : "WHERE o.community_code >= ?1 AND o.community_code < ?2";
  if (!q.state.empty()) AddCondition(where, args, "o.state = $", q.state);
  if (!q.kind.empty()) AddCondition(where, args, "o.kind = $", q.kind);
  if (q.provider_id) AddCondition(where, args, "o.provider_id = $", *q.provider_id);
  if (q.resident_id) AddCondition(where, args, "o.resident_id = $", *q.resident_id);
  if (q.from) AddCondition(where, args, "o.service_date >= $", q.from->ToString());
  if (q.to) AddCondition(where, args, "o.service_date <= $", q.to->ToString());
  sql::Runner& run = sql::RunnerOf(r);
  HomeServiceOrderPage page;
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT count(*) FROM home_service_order o " + where, args,
                                  [&](const sql::Row& row) {
                                    page.total = row.Int(0);
                                    return OkStatus();
                                  }));
  const std::string paging = Paging(args, q.limit, q.offset);
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT " + std::string(kOrderColumns) + std::string(kOrderFrom) + where +
                    " ORDER BY o.service_date DESC, o.start_min DESC, o.id DESC" + paging,
                args, [&](const sql::Row& row) -> Status {
                  HomeServiceOrderRow o;
                  ALLEY_RETURN_IF_ERROR(ReadOrder(row, o));
                  page.items.push_back(std::move(o));
                  return OkStatus();
                }));
  return page;
}

StatusOr<std::vector<ProviderSlotRow>> ProviderSlots(Reader& r, std::string_view community_code,
                                                     core::Date from, core::Date to) {
  std::vector<ProviderSlotRow> slots;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT o.provider_id, o.id, o.service_date, o.start_min, o.end_min FROM "
      "home_service_order o JOIN care_provider p ON p.id = o.provider_id WHERE "
      "p.community_code = ?1 AND o.state IN ('assigned', 'in_service') AND o.service_date >= ?2 "
      "AND o.service_date <= ?3 ORDER BY o.provider_id, o.service_date, o.start_min",
      {std::string(community_code), from.ToString(), to.ToString()},
      [&](const sql::Row& row) -> Status {
        ProviderSlotRow s;
        s.provider_id = row.Int(0);
        s.order_id = row.Int(1);
        ALLEY_RETURN_IF_ERROR(ReadDate(row, 2, "home_service_order.service_date", s.date));
        s.start_min = static_cast<int>(row.Int(3));
        s.end_min = static_cast<int>(row.Int(4));
        slots.push_back(s);
        return OkStatus();
      }));
  return slots;
}

Status DeleteSyntheticCareUnder(Writer& w, std::string_view subtree_code) {
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  sql::Runner& run = sql::RunnerOf(w);
  std::string mixed;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT community_code FROM timebank_transaction WHERE community_code >= ?1 AND "
                "community_code < ?2 GROUP BY community_code HAVING min(synthetic) = 0 AND "
                "max(synthetic) = 1",
                {range.lower, range.upper}, [&](const sql::Row& row) {
                  mixed += (mixed.empty() ? "" : ", ") + row.Text(0);
                  return OkStatus();
                }));
  if (!mixed.empty()) {
    return FailedPreconditionError("the time bank of " + mixed +
                                   " holds real transactions besides synthetic ones: its "
                                   "synthetic history cannot be removed without gaps");
  }
  // Children before parents; the providers' skills, windows and certificates
  // go with them (ON DELETE CASCADE).
  // Each step is one statement split over lines.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  constexpr std::string_view kSteps[] = {
      "DELETE FROM home_service_order_event WHERE order_id IN (SELECT id FROM home_service_order "
      "WHERE synthetic = 1 AND community_code >= ?1 AND community_code < ?2)",
      "DELETE FROM home_service_order WHERE synthetic = 1 AND community_code >= ?1 AND "
      "community_code < ?2",
      "DELETE FROM timebank_posting WHERE transaction_id IN (SELECT id FROM timebank_transaction "
      "WHERE synthetic = 1 AND community_code >= ?1 AND community_code < ?2)",
      "DELETE FROM timebank_transaction WHERE synthetic = 1 AND community_code >= ?1 AND "
      "community_code < ?2",
      "DELETE FROM timebank_account WHERE synthetic = 1 AND community_code >= ?1 AND "
      "community_code < ?2 AND NOT EXISTS (SELECT 1 FROM timebank_posting p WHERE p.account_id = "
      "timebank_account.id)",
      "DELETE FROM care_provider WHERE synthetic = 1 AND community_code >= ?1 AND "
      "community_code < ?2",
      "DELETE FROM timebank WHERE synthetic = 1 AND community_code >= ?1 AND community_code < ?2 "
      "AND NOT EXISTS (SELECT 1 FROM timebank_account a WHERE a.community_code = "
      "timebank.community_code)",
  };
  // NOLINTEND(bugprone-suspicious-missing-comma)
  for (std::string_view step : kSteps) {
    Status s = run.Exec(step, {range.lower, range.upper}).status();
    if (!s.ok()) {
      return s.WithContext("cannot remove the synthetic home services under " +
                           std::string(subtree_code));
    }
  }
  return OkStatus();
}

StatusOr<std::optional<StoredPoint>> BuildingLocation(Reader& r, std::string_view unit_code,
                                                      std::string_view name) {
  std::optional<StoredPoint> found;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query("SELECT lat, lon FROM building WHERE unit_code = ?1 AND name = ?2",
                             {std::string(unit_code), std::string(name)}, [&](const sql::Row& row) {
                               found = StoredPoint{row.Real(0), row.Real(1)};
                               return OkStatus();
                             }));
  return found;
}

StatusOr<std::optional<core::Date>> ResidentBirthDate(Reader& r, int64_t resident_id) {
  std::optional<core::Date> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query("SELECT birth_date FROM resident WHERE id = ?1",
                                               {resident_id}, [&](const sql::Row& row) -> Status {
                                                 core::Date d;
                                                 ALLEY_RETURN_IF_ERROR(
                                                     ReadDate(row, 0, "resident.birth_date", d));
                                                 found = d;
                                                 return OkStatus();
                                               }));
  return found;
}

}  // namespace alley::store
