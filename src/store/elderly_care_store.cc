#include "store/elderly_care_store.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 5: senior canteens' diner groups (versioned by date), their
// per-meal subsidies, meals, costs and lump-sum subsidies; visits to elderly
// people living alone.
const std::string_view kSchemaV5ElderlyCare = R"sql(
CREATE TABLE canteen_group (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  group_key TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  eligible_elderly INTEGER NOT NULL DEFAULT 0 CHECK (eligible_elderly IN (0, 1)),
  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  UNIQUE (facility_id, group_key, valid_from)
);

CREATE TABLE canteen_group_subsidy (
  group_row_id INTEGER NOT NULL REFERENCES canteen_group(id) ON DELETE CASCADE,
  payer TEXT NOT NULL,
  per_meal_fen INTEGER NOT NULL CHECK (per_meal_fen >= 0),
  PRIMARY KEY (group_row_id, payer)
);

CREATE TABLE canteen_meal (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  served_on TEXT NOT NULL,
  group_key TEXT NOT NULL,
  meals INTEGER NOT NULL CHECK (meals >= 0),
  resident_id INTEGER REFERENCES resident(id) ON DELETE CASCADE,
  recorded_at INTEGER NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
-- A report sums a facility's period from the index alone.
CREATE INDEX canteen_meal_facility ON canteen_meal(facility_id, served_on, group_key, meals);
CREATE INDEX canteen_meal_resident ON canteen_meal(resident_id, served_on)
  WHERE resident_id IS NOT NULL;

CREATE TABLE canteen_cost (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  cost_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('food_per_meal', 'staff', 'rent', 'utilities', 'other')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  note TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
CREATE INDEX canteen_cost_facility ON canteen_cost(facility_id, cost_date);
CREATE INDEX canteen_cost_kind ON canteen_cost(facility_id, kind, cost_date);

CREATE TABLE canteen_subsidy (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  paid_on TEXT NOT NULL,
  payer TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  purpose TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
CREATE INDEX canteen_subsidy_facility ON canteen_subsidy(facility_id, paid_on);

-- unit_code is the resident's unit when visited, a copy for lists by subtree
-- (no foreign key: a compound of the demo may be removed and rebuilt).
CREATE TABLE visit (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
  community_code TEXT NOT NULL REFERENCES unit(code),
  unit_code TEXT NOT NULL,
  visited_on TEXT NOT NULL,
  visitor_user_id INTEGER REFERENCES app_user(id),
  visitor_name TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('well', 'needs_help', 'not_at_home', 'hospitalised')),
  follow_up_needed INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_needed IN (0, 1)),
  notes TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))
);
CREATE INDEX visit_resident ON visit(resident_id, visited_on, outcome);
CREATE INDEX visit_unit ON visit(unit_code, visited_on);
)sql";

namespace {

// A stored date; the CHECKs and the writers only ever store Date::ToString.
core::Date DateOf(const std::string& text) {
  StatusOr<core::Date> d = core::Date::Parse(text);
  return d.ok() ? *d : core::Date();
}

// The subsidies of these group versions, keyed by version id, by payer.
Status LoadGroupSubsidies(sql::Runner& run, std::vector<CanteenGroupRow>& groups) {
  if (groups.empty()) return OkStatus();
  std::map<int64_t, CanteenGroupRow*> by_id;
  for (CanteenGroupRow& g : groups) by_id[g.id] = &g;
  const int64_t facility_id = groups.front().facility_id;
  return run.Query(
      "SELECT s.group_row_id, s.payer, s.per_meal_fen FROM canteen_group_subsidy s "
      "JOIN canteen_group g ON g.id = s.group_row_id WHERE g.facility_id = ?1 "
      "ORDER BY s.group_row_id, s.payer",
      {facility_id}, [&](const sql::Row& row) {
        auto it = by_id.find(row.Int(0));
        if (it != by_id.end()) it->second->subsidies.push_back({row.Text(1), row.Int(2)});
        return OkStatus();
      });
}

constexpr std::string_view kGroupColumns =
    "id, facility_id, community_code, group_key, valid_from, name, eligible_elderly, price_fen, "
    "synthetic";

CanteenGroupRow ReadGroup(const sql::Row& row) {
  CanteenGroupRow g;
  g.id = row.Int(0);
  g.facility_id = row.Int(1);
  g.community_code = row.Text(2);
  g.group_key = row.Text(3);
  g.valid_from = DateOf(row.Text(4));
  g.name = row.Text(5);
  g.eligible_elderly = row.Int(6) != 0;
  g.price_fen = row.Int(7);
  g.synthetic = row.Int(8) != 0;
  return g;
}

}  // namespace

StatusOr<int64_t> SaveCanteenGroup(Writer& w, const CanteenGroupRow& g) {
  sql::Runner& run = sql::RunnerOf(w);
  std::optional<int64_t> existing;
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT id FROM canteen_group WHERE facility_id = ?1 AND group_key = ?2 AND valid_from = ?3",
      {g.facility_id, g.group_key, g.valid_from.ToString()}, [&](const sql::Row& row) {
        existing = row.Int(0);
        return OkStatus();
      }));
  int64_t id = 0;
  if (existing) {
    id = *existing;
    ALLEY_RETURN_IF_ERROR(
        run.Exec("UPDATE canteen_group SET community_code = ?2, name = ?3, "
                 "eligible_elderly = ?4, price_fen = ?5, synthetic = ?6 "
                 "WHERE id = ?1",
                 {id, g.community_code, g.name, static_cast<int64_t>(g.eligible_elderly),
                  g.price_fen, static_cast<int64_t>(g.synthetic)})
            .status());
    ALLEY_RETURN_IF_ERROR(
        run.Exec("DELETE FROM canteen_group_subsidy WHERE group_row_id = ?1", {id}).status());
  } else {
    ALLEY_ASSIGN_OR_RETURN(
        id, run.QueryInt("INSERT INTO canteen_group (facility_id, community_code, group_key, "
                         "valid_from, name, eligible_elderly, price_fen, synthetic) VALUES (?1, "
                         "?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                         {g.facility_id, g.community_code, g.group_key, g.valid_from.ToString(),
                          g.name, static_cast<int64_t>(g.eligible_elderly), g.price_fen,
                          static_cast<int64_t>(g.synthetic)},
                         "id of the new diner group version"));
  }
  for (const CanteenGroupSubsidyRow& s : g.subsidies) {
    ALLEY_RETURN_IF_ERROR(run.Exec("INSERT INTO canteen_group_subsidy (group_row_id, payer, "
                                   "per_meal_fen) VALUES (?1, ?2, ?3)",
                                   {id, s.payer, s.per_meal_fen})
                              .status());
  }
  return id;
}

StatusOr<std::vector<CanteenGroupRow>> CanteenGroupsOn(Reader& r, int64_t facility_id,
                                                       core::Date on) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<CanteenGroupRow> groups;
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT " + std::string(kGroupColumns) +
          " FROM canteen_group g WHERE facility_id = ?1 AND valid_from = (SELECT max(valid_from) "
          "FROM canteen_group h WHERE h.facility_id = g.facility_id AND h.group_key = g.group_key "
          "AND h.valid_from <= ?2) ORDER BY group_key",
      {facility_id, on.ToString()}, [&](const sql::Row& row) {
        groups.push_back(ReadGroup(row));
        return OkStatus();
      }));
  ALLEY_RETURN_IF_ERROR(LoadGroupSubsidies(run, groups));
  return groups;
}

StatusOr<std::vector<CanteenGroupRow>> CanteenGroupHistory(Reader& r, int64_t facility_id) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<CanteenGroupRow> groups;
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT " + std::string(kGroupColumns) +
                                      " FROM canteen_group WHERE facility_id = ?1 "
                                      "ORDER BY group_key, valid_from",
                                  {facility_id}, [&](const sql::Row& row) {
                                    groups.push_back(ReadGroup(row));
                                    return OkStatus();
                                  }));
  ALLEY_RETURN_IF_ERROR(LoadGroupSubsidies(run, groups));
  return groups;
}

Status InsertCanteenMeals(Writer& w, std::vector<CanteenMealRow>& rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (CanteenMealRow& m : rows) {
    ALLEY_ASSIGN_OR_RETURN(
        m.id, run.QueryInt(
                  "INSERT INTO canteen_meal (facility_id, community_code, served_on, "
                  "group_key, meals, resident_id, recorded_at, synthetic) VALUES (?1, ?2, "
                  "?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                  {m.facility_id, m.community_code, m.date.ToString(), m.group_key, m.meals,
                   sql::Nullable(m.resident_id), m.recorded_at, static_cast<int64_t>(m.synthetic)},
                  "id of the new meal count"));
  }
  return OkStatus();
}

StatusOr<std::vector<CanteenMealRow>> CanteenMealTotals(Reader& r, int64_t facility_id,
                                                        core::Date from, core::Date to) {
  std::vector<CanteenMealRow> totals;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT served_on, group_key, sum(meals) FROM canteen_meal WHERE facility_id = ?1 AND "
      "served_on >= ?2 AND served_on <= ?3 GROUP BY served_on, group_key "
      "ORDER BY served_on, group_key",
      {facility_id, from.ToString(), to.ToString()}, [&](const sql::Row& row) {
        CanteenMealRow m;
        m.facility_id = facility_id;
        m.date = DateOf(row.Text(0));
        m.group_key = row.Text(1);
        m.meals = row.Int(2);
        totals.push_back(std::move(m));
        return OkStatus();
      }));
  return totals;
}

namespace {

constexpr std::string_view kCostColumns =
    "SELECT id, facility_id, community_code, cost_date, kind, amount_fen, note, recorded_at, "
    "synthetic FROM canteen_cost ";

CanteenCostRow ReadCost(const sql::Row& row) {
  CanteenCostRow c;
  c.id = row.Int(0);
  c.facility_id = row.Int(1);
  c.community_code = row.Text(2);
  c.date = DateOf(row.Text(3));
  c.kind = row.Text(4);
  c.amount_fen = row.Int(5);
  c.note = row.Text(6);
  c.recorded_at = row.Int(7);
  c.synthetic = row.Int(8) != 0;
  return c;
}

}  // namespace

Status InsertCanteenCosts(Writer& w, std::vector<CanteenCostRow>& rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (CanteenCostRow& c : rows) {
    ALLEY_ASSIGN_OR_RETURN(
        c.id, run.QueryInt("INSERT INTO canteen_cost (facility_id, community_code, cost_date, "
                           "kind, amount_fen, note, recorded_at, synthetic) VALUES (?1, ?2, ?3, "
                           "?4, ?5, ?6, ?7, ?8) RETURNING id",
                           {c.facility_id, c.community_code, c.date.ToString(), c.kind,
                            c.amount_fen, c.note, c.recorded_at, static_cast<int64_t>(c.synthetic)},
                           "id of the new cost"));
  }
  return OkStatus();
}

StatusOr<std::vector<CanteenCostRow>> CanteenCosts(Reader& r, int64_t facility_id, core::Date from,
                                                   core::Date to) {
  std::vector<CanteenCostRow> costs;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      std::string(kCostColumns) +
          "WHERE facility_id = ?1 AND cost_date >= ?2 AND cost_date <= ?3 ORDER BY cost_date, id",
      {facility_id, from.ToString(), to.ToString()}, [&](const sql::Row& row) {
        costs.push_back(ReadCost(row));
        return OkStatus();
      }));
  return costs;
}

StatusOr<std::optional<CanteenCostRow>> LatestCanteenCost(Reader& r, int64_t facility_id,
                                                          std::string_view kind, core::Date on) {
  std::optional<CanteenCostRow> found;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      std::string(kCostColumns) + "WHERE facility_id = ?1 AND kind = ?2 AND cost_date <= ?3 "
                                  "ORDER BY cost_date DESC, id DESC LIMIT 1",
      {facility_id, std::string(kind), on.ToString()}, [&](const sql::Row& row) {
        found = ReadCost(row);
        return OkStatus();
      }));
  return found;
}

Status InsertCanteenSubsidies(Writer& w, std::vector<CanteenSubsidyRow>& rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (CanteenSubsidyRow& s : rows) {
    ALLEY_ASSIGN_OR_RETURN(
        s.id,
        run.QueryInt("INSERT INTO canteen_subsidy (facility_id, community_code, paid_on, "
                     "payer, amount_fen, purpose, recorded_at, synthetic) VALUES (?1, ?2, "
                     "?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                     {s.facility_id, s.community_code, s.date.ToString(), s.payer, s.amount_fen,
                      s.purpose, s.recorded_at, static_cast<int64_t>(s.synthetic)},
                     "id of the new subsidy"));
  }
  return OkStatus();
}

StatusOr<std::vector<CanteenSubsidyRow>> CanteenSubsidies(Reader& r, int64_t facility_id,
                                                          core::Date from, core::Date to) {
  std::vector<CanteenSubsidyRow> subsidies;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT id, facility_id, community_code, paid_on, payer, amount_fen, purpose, recorded_at, "
      "synthetic FROM canteen_subsidy WHERE facility_id = ?1 AND paid_on >= ?2 AND paid_on <= ?3 "
      "ORDER BY paid_on, id",
      {facility_id, from.ToString(), to.ToString()}, [&](const sql::Row& row) {
        CanteenSubsidyRow s;
        s.id = row.Int(0);
        s.facility_id = row.Int(1);
        s.community_code = row.Text(2);
        s.date = DateOf(row.Text(3));
        s.payer = row.Text(4);
        s.amount_fen = row.Int(5);
        s.purpose = row.Text(6);
        s.recorded_at = row.Int(7);
        s.synthetic = row.Int(8) != 0;
        subsidies.push_back(std::move(s));
        return OkStatus();
      }));
  return subsidies;
}

// ---- Visits ----

namespace {

constexpr std::string_view kVisitColumns =
    "SELECT id, resident_id, community_code, unit_code, visited_on, visitor_user_id, "
    "visitor_name, outcome, follow_up_needed, notes, recorded_at, recorded_by, synthetic "
    "FROM visit ";

VisitRow ReadVisit(const sql::Row& row) {
  VisitRow v;
  int i = 0;
  v.id = row.Int(i++);
  v.resident_id = row.Int(i++);
  v.community_code = row.Text(i++);
  v.unit_code = row.Text(i++);
  v.date = DateOf(row.Text(i++));
  v.visitor_user_id = row.OptionalInt(i++);
  v.visitor_name = row.Text(i++);
  v.outcome = row.Text(i++);
  v.follow_up_needed = row.Int(i++) != 0;
  v.notes = row.Text(i++);
  v.recorded_at = row.Int(i++);
  v.recorded_by = row.Text(i++);
  v.synthetic = row.Int(i++) != 0;
  return v;
}

// Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
constexpr size_t kIdsPerQuery = 500;

}  // namespace

StatusOr<int64_t> InsertVisit(Writer& w, const VisitRow& v) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO visit (resident_id, community_code, unit_code, visited_on, visitor_user_id, "
      "visitor_name, outcome, follow_up_needed, notes, recorded_at, recorded_by, synthetic) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
      {v.resident_id, v.community_code, v.unit_code, v.date.ToString(),
       sql::Nullable(v.visitor_user_id), v.visitor_name, v.outcome,
       static_cast<int64_t>(v.follow_up_needed), v.notes, v.recorded_at, v.recorded_by,
       static_cast<int64_t>(v.synthetic)},
      "id of the new visit");
}

Status InsertVisits(Writer& w, std::vector<VisitRow>& rows) {
  for (VisitRow& v : rows) {
    ALLEY_ASSIGN_OR_RETURN(v.id, InsertVisit(w, v));
  }
  return OkStatus();
}

StatusOr<VisitPage> ListVisits(Reader& r, const VisitQuery& q) {
  sql::CodeRange range = sql::SubtreeRange(q.subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  std::string where = "WHERE unit_code >= ?1 AND unit_code < ?2";
  auto add = [&](std::string_view column_op, sql::Value value) {
    args.push_back(std::move(value));
    where += " AND " + std::string(column_op) + " ?" + std::to_string(args.size());
  };
  if (q.resident_id) add("resident_id =", *q.resident_id);
  if (q.from) add("visited_on >=", q.from->ToString());
  if (q.to) add("visited_on <=", q.to->ToString());
  sql::Runner& run = sql::RunnerOf(r);
  VisitPage page;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT count(*) FROM visit " + where, args, [&](const sql::Row& row) {
        page.total = row.Int(0);
        return OkStatus();
      }));
  args.emplace_back(q.limit);
  args.emplace_back(q.offset);
  const std::string paging = " ORDER BY visited_on DESC, id DESC LIMIT ?" +
                             std::to_string(args.size() - 1) + " OFFSET ?" +
                             std::to_string(args.size());
  ALLEY_RETURN_IF_ERROR(
      run.Query(std::string(kVisitColumns) + where + paging, args, [&](const sql::Row& row) {
        page.items.push_back(ReadVisit(row));
        return OkStatus();
      }));
  return page;
}

StatusOr<std::vector<VisitRow>> VisitsOf(Reader& r, std::span<const int64_t> resident_ids,
                                         core::Date on) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<VisitRow> visits;
  for (size_t start = 0; start < resident_ids.size(); start += kIdsPerQuery) {
    const size_t end = std::min(resident_ids.size(), start + kIdsPerQuery);
    std::vector<sql::Value> args = {on.ToString()};
    std::string in;
    for (size_t i = start; i < end; ++i) {
      args.emplace_back(resident_ids[i]);
      in += (in.empty() ? "?" : ", ?") + std::to_string(args.size());
    }
    ALLEY_RETURN_IF_ERROR(run.Query(
        std::string(kVisitColumns) + "WHERE visited_on <= ?1 AND " + "resident_id IN (" + in + ")",
        args, [&](const sql::Row& row) {
          visits.push_back(ReadVisit(row));
          return OkStatus();
        }));
  }
  std::sort(visits.begin(), visits.end(), [](const VisitRow& a, const VisitRow& b) {
    if (a.resident_id != b.resident_id) return a.resident_id < b.resident_id;
    if (a.date != b.date) return a.date < b.date;
    return a.id < b.id;
  });
  return visits;
}

Status DeleteSyntheticElderlyCareUnder(Writer& w, std::string_view subtree_code) {
  sql::Runner& run = sql::RunnerOf(w);
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  // The subsidies of a group version go with it (ON DELETE CASCADE).
  for (std::string_view table :
       {"canteen_meal", "canteen_cost", "canteen_subsidy", "canteen_group"}) {
    ALLEY_RETURN_IF_ERROR(run.Exec("DELETE FROM " + std::string(table) +
                                       " WHERE synthetic = 1 AND community_code >= ?1 AND "
                                       "community_code < ?2",
                                   {range.lower, range.upper})
                              .status());
  }
  return run
      .Exec("DELETE FROM visit WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2",
            {range.lower, range.upper})
      .status();
}

}  // namespace alley::store
