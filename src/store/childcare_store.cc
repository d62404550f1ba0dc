#include "store/childcare_store.h"

#include <map>
#include <span>
#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 7: childcare — nursery classes with their caregivers over time,
// children's applications (the waiting lists and enrolments), inspections
// with their checklist scores and findings.
const std::string_view kSchemaV7Childcare = R"sql(
CREATE TABLE nursery_class (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  community_code TEXT NOT NULL REFERENCES unit(code),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('infant', 'younger', 'older', 'mixed')),
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  UNIQUE (facility_id, name),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX nursery_class_community ON nursery_class(community_code, unit_code, facility_id);

-- Caregivers on a class's staff: each figure holds from valid_from until the next.
CREATE TABLE nursery_staffing (
  class_id INTEGER NOT NULL REFERENCES nursery_class(id) ON DELETE CASCADE,
  valid_from TEXT NOT NULL,
  caregivers INTEGER NOT NULL CHECK (caregivers >= 0),
  PRIMARY KEY (class_id, valid_from)
);

-- A child's application: waiting, then enrolled and withdrawn, or cancelled.
CREATE TABLE nursery_enrolment (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES nursery_class(id) ON DELETE CASCADE,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  community_code TEXT NOT NULL REFERENCES unit(code),
  resident_id INTEGER NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
  applied_on TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'enrolled', 'withdrawn', 'cancelled')),
  enrolled_on TEXT,
  left_on TEXT,
  reason TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (enrolled_on IS NULL OR enrolled_on >= applied_on),
  CHECK (left_on IS NULL OR left_on >= applied_on),
  CHECK ((state = 'waiting' AND enrolled_on IS NULL AND left_on IS NULL) OR
         (state = 'enrolled' AND enrolled_on IS NOT NULL AND left_on IS NULL) OR
         (state = 'withdrawn' AND enrolled_on IS NOT NULL AND left_on IS NOT NULL AND
          left_on >= enrolled_on) OR
         (state = 'cancelled' AND enrolled_on IS NULL AND left_on IS NOT NULL))
);
CREATE INDEX nursery_enrolment_class ON nursery_enrolment(class_id, state, applied_on, id);
CREATE INDEX nursery_enrolment_facility ON nursery_enrolment(facility_id, state, applied_on);
CREATE INDEX nursery_enrolment_resident ON nursery_enrolment(resident_id, state);
CREATE INDEX nursery_enrolment_community ON nursery_enrolment(community_code, unit_code,
  enrolled_on);

CREATE TABLE nursery_inspection (
  id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  unit_code TEXT NOT NULL REFERENCES unit(code),
  community_code TEXT NOT NULL REFERENCES unit(code),
  inspected_on TEXT NOT NULL,
  inspector TEXT NOT NULL,
  remedy_deadline TEXT,
  follow_up_on TEXT,
  follow_up_note TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  CHECK (remedy_deadline IS NULL OR remedy_deadline >= inspected_on),
  CHECK (follow_up_on IS NULL OR (remedy_deadline IS NOT NULL AND follow_up_on >= inspected_on))
);
CREATE INDEX nursery_inspection_facility ON nursery_inspection(facility_id, inspected_on);
CREATE INDEX nursery_inspection_community ON nursery_inspection(community_code, unit_code);

CREATE TABLE nursery_inspection_item (
  inspection_id INTEGER NOT NULL REFERENCES nursery_inspection(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  item TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  PRIMARY KEY (inspection_id, seq),
  UNIQUE (inspection_id, item)
);

CREATE TABLE nursery_inspection_finding (
  inspection_id INTEGER NOT NULL REFERENCES nursery_inspection(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  finding TEXT NOT NULL,
  PRIMARY KEY (inspection_id, seq)
);
)sql";

namespace {

constexpr size_t kCommunityCodeLength = 12;

// Numbered parameters collected while a statement is put together.
class Args {
 public:
  std::string Add(sql::Value v) {
    values_.push_back(std::move(v));
    return "?" + std::to_string(values_.size());
  }
  std::span<const sql::Value> span() const { return values_; }

 private:
  std::vector<sql::Value> values_;
};

// The rows of table `t` (with community_code and unit_code) that lie in the
// subtree of `code`.
std::string SubtreeWhere(std::string_view t, std::string_view code, Args& args) {
  const std::string p(t);
  const sql::CodeRange communities = sql::SubtreeRange(code.substr(0, kCommunityCodeLength));
  std::string w = p + ".community_code >= " + args.Add(communities.lower) + " AND " + p +
                  ".community_code < " + args.Add(communities.upper);
  if (code.size() > kCommunityCodeLength) {
    const sql::CodeRange units = sql::SubtreeRange(code);
    w += " AND " + p + ".unit_code >= " + args.Add(units.lower) + " AND " + p + ".unit_code < " +
         args.Add(units.upper);
  }
  return w;
}

// The rows of table `t` (with facility_id, community_code, unit_code) that a
// query selects.
std::string ScopeWhere(std::string_view t, const NurseryClassQuery& q, Args& args) {
  std::string w = "1 = 1";
  if (q.facility_id) w += " AND " + std::string(t) + ".facility_id = " + args.Add(*q.facility_id);
  if (q.subtree_code) w += " AND " + SubtreeWhere(t, *q.subtree_code, args);
  return w;
}

StatusOr<core::Date> DateAt(const sql::Row& row, int column) {
  const std::string text = row.Text(column);
  StatusOr<core::Date> d = core::Date::Parse(text);
  if (!d.ok()) return DataLossError("a stored date does not read: \"" + text + "\"");
  return d;
}

StatusOr<std::optional<core::Date>> OptionalDateAt(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::optional<core::Date>();
  ALLEY_ASSIGN_OR_RETURN(core::Date d, DateAt(row, column));
  return std::optional<core::Date>(d);
}

sql::Value DateValue(const std::optional<core::Date>& d) {
  if (!d) return std::monostate();
  return d->ToString();
}

constexpr std::string_view kClassColumns =
    "c.id, c.facility_id, c.unit_code, c.community_code, c.name, c.type, c.capacity, "
    "c.opened_on, c.closed_on, c.version, c.synthetic";

Status ReadClass(const sql::Row& row, NurseryClassRow& c) {
  int i = 0;
  c.id = row.Int(i++);
  c.facility_id = row.Int(i++);
  c.unit_code = row.Text(i++);
  c.community_code = row.Text(i++);
  c.name = row.Text(i++);
  c.type = row.Text(i++);
  c.capacity = static_cast<int>(row.Int(i++));
  ALLEY_ASSIGN_OR_RETURN(c.opened_on, DateAt(row, i++));
  ALLEY_ASSIGN_OR_RETURN(c.closed_on, OptionalDateAt(row, i++));
  c.version = row.Int(i++);
  c.synthetic = row.Int(i++) != 0;
  c.caregivers = static_cast<int>(row.Int(i++));
  return OkStatus();
}

// The caregivers column of a class query: on `on`, or the newest figure.
std::string CaregiversColumn(const std::optional<core::Date>& on, Args& args) {
  std::string w = "COALESCE((SELECT s.caregivers FROM nursery_staffing s WHERE s.class_id = c.id";
  if (on) w += " AND s.valid_from <= " + args.Add(on->ToString());
  return w + " ORDER BY s.valid_from DESC LIMIT 1), 0)";
}

// Over nursery_enrolment e joined with resident r.
constexpr std::string_view kEnrolmentColumns =
    "e.id, e.class_id, e.facility_id, e.unit_code, e.community_code, e.resident_id, "
    "e.applied_on, e.state, e.enrolled_on, e.left_on, e.reason, e.synthetic, r.birth_date";

Status ReadEnrolment(const sql::Row& row, int& i, NurseryEnrolmentRow& e) {
  e.id = row.Int(i++);
  e.class_id = row.Int(i++);
  e.facility_id = row.Int(i++);
  e.unit_code = row.Text(i++);
  e.community_code = row.Text(i++);
  e.resident_id = row.Int(i++);
  ALLEY_ASSIGN_OR_RETURN(e.applied_on, DateAt(row, i++));
  e.state = row.Text(i++);
  ALLEY_ASSIGN_OR_RETURN(e.enrolled_on, OptionalDateAt(row, i++));
  ALLEY_ASSIGN_OR_RETURN(e.left_on, OptionalDateAt(row, i++));
  e.reason = row.Text(i++);
  e.synthetic = row.Int(i++) != 0;
  ALLEY_ASSIGN_OR_RETURN(e.birth_date, DateAt(row, i++));
  return OkStatus();
}

StatusOr<std::vector<NurseryEnrolmentRow>> SelectEnrolments(
    Reader& r, std::string_view where, std::initializer_list<sql::Value> args) {
  std::vector<NurseryEnrolmentRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT " + std::string(kEnrolmentColumns) +
          " FROM nursery_enrolment e JOIN resident r ON r.id = e.resident_id " + std::string(where),
      args, [&](const sql::Row& row) -> Status {
        NurseryEnrolmentRow e;
        int i = 0;
        ALLEY_RETURN_IF_ERROR(ReadEnrolment(row, i, e));
        rows.push_back(std::move(e));
        return OkStatus();
      }));
  return rows;
}

constexpr std::string_view kInspectionColumns =
    "i.id, i.facility_id, i.unit_code, i.community_code, i.inspected_on, i.inspector, "
    "i.remedy_deadline, i.follow_up_on, i.follow_up_note, i.note, i.recorded_by, i.synthetic";

// The inspections `where` selects (over nursery_inspection i), with their
// items and findings, by date then id.
StatusOr<std::vector<NurseryInspectionRow>> SelectInspections(Reader& r, const std::string& where,
                                                              const Args& args) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<NurseryInspectionRow> rows;
  std::map<int64_t, size_t> index;
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT " + std::string(kInspectionColumns) + " FROM nursery_inspection i WHERE " +
                    where + " ORDER BY i.inspected_on, i.id",
                args.span(), [&](const sql::Row& row) -> Status {
                  NurseryInspectionRow x;
                  int i = 0;
                  x.id = row.Int(i++);
                  x.facility_id = row.Int(i++);
                  x.unit_code = row.Text(i++);
                  x.community_code = row.Text(i++);
                  ALLEY_ASSIGN_OR_RETURN(x.date, DateAt(row, i++));
                  x.inspector = row.Text(i++);
                  ALLEY_ASSIGN_OR_RETURN(x.remedy_deadline, OptionalDateAt(row, i++));
                  ALLEY_ASSIGN_OR_RETURN(x.follow_up, OptionalDateAt(row, i++));
                  x.follow_up_note = row.Text(i++);
                  x.note = row.Text(i++);
                  x.recorded_by = row.Text(i++);
                  x.synthetic = row.Int(i++) != 0;
                  index[x.id] = rows.size();
                  rows.push_back(std::move(x));
                  return OkStatus();
                }));
  if (rows.empty()) return rows;
  const std::string of = " WHERE t.inspection_id IN (SELECT i.id FROM nursery_inspection i WHERE " +
                         where + ") ORDER BY t.inspection_id, t.seq";
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT t.inspection_id, t.item, t.score FROM "
                "nursery_inspection_item t" +
                    of,
                args.span(), [&](const sql::Row& row) -> Status {
                  auto it = index.find(row.Int(0));
                  if (it == index.end()) return OkStatus();
                  rows[it->second].items.push_back({row.Text(1), static_cast<int>(row.Int(2))});
                  return OkStatus();
                }));
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT t.inspection_id, t.finding FROM "
                "nursery_inspection_finding t" +
                    of,
                args.span(), [&](const sql::Row& row) -> Status {
                  auto it = index.find(row.Int(0));
                  if (it == index.end()) return OkStatus();
                  rows[it->second].findings.push_back(row.Text(1));
                  return OkStatus();
                }));
  return rows;
}

}  // namespace

std::string NurseryCommunityOf(std::string_view unit_code) {
  return std::string(unit_code.substr(0, kCommunityCodeLength));
}

// ---- Classes ----

StatusOr<int64_t> InsertNurseryClass(Writer& w, const NurseryClassRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(
      int64_t id,
      run.QueryInt("INSERT INTO nursery_class (facility_id, unit_code, community_code, name, type, "
                   "capacity, opened_on, closed_on, version, synthetic) VALUES (?1, ?2, ?3, ?4, "
                   "?5, ?6, ?7, ?8, 1, ?9) RETURNING id",
                   {row.facility_id, row.unit_code, row.community_code, row.name, row.type,
                    static_cast<int64_t>(row.capacity), row.opened_on.ToString(),
                    DateValue(row.closed_on), static_cast<int64_t>(row.synthetic)},
                   "id of the new class"));
  ALLEY_RETURN_IF_ERROR(SetNurseryCaregivers(w, id, row.opened_on, row.caregivers));
  return id;
}

Status InsertNurseryClasses(Writer& w, std::vector<NurseryClassRow>& rows) {
  for (NurseryClassRow& row : rows) {
    ALLEY_ASSIGN_OR_RETURN(row.id, InsertNurseryClass(w, row));
  }
  return OkStatus();
}

StatusOr<std::optional<NurseryClassRow>> NurseryClassById(Reader& r, int64_t id) {
  Args args;
  const std::string caregivers = CaregiversColumn(std::nullopt, args);
  const std::string sql = "SELECT " + std::string(kClassColumns) + ", " + caregivers +
                          " FROM nursery_class c WHERE c.id = " + args.Add(id);
  std::optional<NurseryClassRow> found;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(sql, args.span(), [&](const sql::Row& row) -> Status {
        NurseryClassRow c;
        ALLEY_RETURN_IF_ERROR(ReadClass(row, c));
        found = std::move(c);
        return OkStatus();
      }));
  return found;
}

StatusOr<std::vector<NurseryClassRow>> ListNurseryClasses(Reader& r,
                                                          const NurseryClassQuery& query) {
  Args args;
  const std::string caregivers = CaregiversColumn(query.open_on, args);
  std::string sql = "SELECT " + std::string(kClassColumns) + ", " + caregivers +
                    " FROM nursery_class c JOIN facility f ON f.id = c.facility_id WHERE " +
                    ScopeWhere("c", query, args);
  if (query.open_on) {
    const std::string on = args.Add(query.open_on->ToString());
    sql += " AND c.opened_on <= " + on + " AND (c.closed_on IS NULL OR c.closed_on > " + on +
           ") AND (f.closed_on IS NULL OR f.closed_on > " + on + ")";
  }
  sql += " ORDER BY c.facility_id, c.name";
  std::vector<NurseryClassRow> rows;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(sql, args.span(), [&](const sql::Row& row) -> Status {
        NurseryClassRow c;
        ALLEY_RETURN_IF_ERROR(ReadClass(row, c));
        rows.push_back(std::move(c));
        return OkStatus();
      }));
  return rows;
}

Status UpdateNurseryClass(Writer& w, const NurseryClassRow& row) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec("UPDATE nursery_class SET name = ?2, capacity = ?3, closed_on = ?4, "
                            "version = version + 1 WHERE id = ?1 AND version = ?5",
                            {row.id, row.name, static_cast<int64_t>(row.capacity),
                             DateValue(row.closed_on), row.version}));
  if (changed == 1) return OkStatus();
  ALLEY_ASSIGN_OR_RETURN(std::optional<NurseryClassRow> now, NurseryClassById(w, row.id));
  if (!now) return NotFoundError("no nursery class " + std::to_string(row.id));
  return AbortedError("class " + now->name + " was changed by someone else (now at version " +
                      std::to_string(now->version) + ", the change was made against version " +
                      std::to_string(row.version) + ")");
}

Status SetNurseryCaregivers(Writer& w, int64_t class_id, core::Date from, int caregivers) {
  return sql::RunnerOf(w)
      .Exec(
          "INSERT INTO nursery_staffing (class_id, valid_from, caregivers) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (class_id, valid_from) DO UPDATE SET caregivers = excluded.caregivers",
          {class_id, from.ToString(), static_cast<int64_t>(caregivers)})
      .status();
}

StatusOr<std::vector<NurseryStaffingRow>> NurseryStaffing(Reader& r, int64_t class_id) {
  std::vector<NurseryStaffingRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT class_id, valid_from, caregivers FROM nursery_staffing WHERE class_id = ?1 "
      "ORDER BY valid_from",
      {class_id}, [&](const sql::Row& row) -> Status {
        NurseryStaffingRow s;
        s.class_id = row.Int(0);
        ALLEY_ASSIGN_OR_RETURN(s.valid_from, DateAt(row, 1));
        s.caregivers = static_cast<int>(row.Int(2));
        rows.push_back(s);
        return OkStatus();
      }));
  return rows;
}

// ---- Enrolments ----

StatusOr<int64_t> InsertNurseryEnrolment(Writer& w, const NurseryEnrolmentRow& row) {
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO nursery_enrolment (class_id, facility_id, unit_code, community_code, "
      "resident_id, applied_on, state, enrolled_on, left_on, reason, synthetic) VALUES (?1, ?2, "
      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
      {row.class_id, row.facility_id, row.unit_code, row.community_code, row.resident_id,
       row.applied_on.ToString(), row.state, DateValue(row.enrolled_on), DateValue(row.left_on),
       row.reason, static_cast<int64_t>(row.synthetic)},
      "id of the new enrolment");
}

Status InsertNurseryEnrolments(Writer& w, std::vector<NurseryEnrolmentRow>& rows) {
  for (NurseryEnrolmentRow& row : rows) {
    ALLEY_ASSIGN_OR_RETURN(row.id, InsertNurseryEnrolment(w, row));
  }
  return OkStatus();
}

Status UpdateNurseryEnrolment(Writer& w, const NurseryEnrolmentRow& row) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec(
          "UPDATE nursery_enrolment SET state = ?2, enrolled_on = ?3, "
          "left_on = ?4, reason = ?5 WHERE id = ?1",
          {row.id, row.state, DateValue(row.enrolled_on), DateValue(row.left_on), row.reason}));
  if (changed != 1) return NotFoundError("no enrolment " + std::to_string(row.id));
  return OkStatus();
}

StatusOr<std::optional<NurseryEnrolmentRow>> NurseryEnrolmentById(Reader& r, int64_t id) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<NurseryEnrolmentRow> rows,
                         SelectEnrolments(r, "WHERE e.id = ?1", {id}));
  if (rows.empty()) return std::optional<NurseryEnrolmentRow>();
  return std::optional<NurseryEnrolmentRow>(std::move(rows.front()));
}

StatusOr<std::vector<NurseryEnrolmentRow>> NurseryEnrolmentsOfClass(Reader& r, int64_t class_id) {
  return SelectEnrolments(r, "WHERE e.class_id = ?1 ORDER BY e.applied_on, e.id", {class_id});
}

StatusOr<std::vector<NurseryEnrolmentRow>> OpenNurseryEnrolmentsOf(Reader& r, int64_t resident_id) {
  return SelectEnrolments(
      r, "WHERE e.resident_id = ?1 AND e.state IN ('waiting', 'enrolled') ORDER BY e.id",
      {resident_id});
}

StatusOr<std::optional<core::Date>> NurseryChildBirthDate(Reader& r, int64_t resident_id) {
  std::optional<core::Date> birth;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query("SELECT birth_date FROM resident WHERE id = ?1",
                                               {resident_id}, [&](const sql::Row& row) -> Status {
                                                 ALLEY_ASSIGN_OR_RETURN(birth, DateAt(row, 0));
                                                 return OkStatus();
                                               }));
  return birth;
}

StatusOr<NurseryEnrolmentPage> ListNurseryEnrolments(Reader& r,
                                                     const NurseryEnrolmentQuery& query) {
  Args args;
  std::string where = "e.facility_id = " + args.Add(query.facility_id);
  if (query.class_id) where += " AND e.class_id = " + args.Add(*query.class_id);
  if (query.enrolment_id) where += " AND e.id = " + args.Add(*query.enrolment_id);
  if (query.state) where += " AND e.state = " + args.Add(*query.state);
  sql::Runner& run = sql::RunnerOf(r);
  NurseryEnrolmentPage page;
  ALLEY_RETURN_IF_ERROR(run.Query("SELECT count(*) FROM nursery_enrolment e WHERE " + where,
                                  args.span(), [&](const sql::Row& row) -> Status {
                                    page.total = row.Int(0);
                                    return OkStatus();
                                  }));
  const std::string limit = args.Add(query.limit);
  const std::string offset = args.Add(query.offset);
  const std::string sql =
      "SELECT " + std::string(kEnrolmentColumns) +
      ", c.name, c.type, r.id_number_masked, r.sex, "
      "(SELECT v.name FROM resident_version v WHERE v.resident_id = e.resident_id "
      "ORDER BY v.valid_from DESC, v.id DESC LIMIT 1), "
      "(SELECT v.community_code FROM resident_version v WHERE v.resident_id = e.resident_id "
      "ORDER BY v.valid_from DESC, v.id DESC LIMIT 1), "
      "CASE WHEN e.state = 'waiting' THEN (SELECT count(*) FROM nursery_enrolment x WHERE "
      "x.class_id = e.class_id AND x.state = 'waiting' AND (x.applied_on < e.applied_on OR "
      "(x.applied_on = e.applied_on AND x.id <= e.id))) ELSE 0 END "
      "FROM nursery_enrolment e JOIN nursery_class c ON c.id = e.class_id "
      "JOIN resident r ON r.id = e.resident_id WHERE " +
      where +
      " ORDER BY c.name, CASE e.state WHEN 'enrolled' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, "
      "e.applied_on, e.id LIMIT " +
      limit + " OFFSET " + offset;
  ALLEY_RETURN_IF_ERROR(run.Query(sql, args.span(), [&](const sql::Row& row) -> Status {
    NurseryEnrolmentListRow item;
    int i = 0;
    ALLEY_RETURN_IF_ERROR(ReadEnrolment(row, i, item.enrolment));
    item.class_name = row.Text(i++);
    item.class_type = row.Text(i++);
    item.id_number_masked = row.Text(i++);
    item.sex = row.Text(i++);
    item.birth_date = item.enrolment.birth_date;
    item.child_name = row.Text(i++);
    item.child_community = row.Text(i++);
    item.waiting_position = row.Int(i++);
    page.items.push_back(std::move(item));
    return OkStatus();
  }));
  return page;
}

StatusOr<std::vector<NurseryRosterRow>> NurseryEnrolledOn(Reader& r, const NurseryClassQuery& where,
                                                          core::Date on) {
  Args args;
  const std::string day = args.Add(on.ToString());
  const std::string sql =
      "SELECT e.class_id, e.resident_id, r.birth_date FROM nursery_enrolment e JOIN resident r "
      "ON r.id = e.resident_id WHERE " +
      ScopeWhere("e", where, args) + " AND e.enrolled_on IS NOT NULL AND e.enrolled_on <= " + day +
      " AND (e.left_on IS NULL OR e.left_on > " + day +
      ") ORDER BY e.class_id, e.enrolled_on, e.id";
  std::vector<NurseryRosterRow> rows;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(sql, args.span(), [&](const sql::Row& row) -> Status {
        NurseryRosterRow x;
        x.class_id = row.Int(0);
        x.resident_id = row.Int(1);
        ALLEY_ASSIGN_OR_RETURN(x.birth_date, DateAt(row, 2));
        rows.push_back(x);
        return OkStatus();
      }));
  return rows;
}

// ---- Inspections ----

StatusOr<int64_t> InsertNurseryInspection(Writer& w, const NurseryInspectionRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_ASSIGN_OR_RETURN(
      int64_t id,
      run.QueryInt(
          "INSERT INTO nursery_inspection (facility_id, unit_code, community_code, inspected_on, "
          "inspector, remedy_deadline, follow_up_on, follow_up_note, note, recorded_by, "
          "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
          {row.facility_id, row.unit_code, row.community_code, row.date.ToString(), row.inspector,
           DateValue(row.remedy_deadline), DateValue(row.follow_up), row.follow_up_note, row.note,
           row.recorded_by, static_cast<int64_t>(row.synthetic)},
          "id of the new inspection"));
  for (size_t i = 0; i < row.items.size(); ++i) {
    ALLEY_RETURN_IF_ERROR(run.Exec("INSERT INTO nursery_inspection_item (inspection_id, seq, "
                                   "item, score) VALUES (?1, ?2, ?3, ?4)",
                                   {id, static_cast<int64_t>(i), row.items[i].item,
                                    static_cast<int64_t>(row.items[i].score)})
                              .status());
  }
  for (size_t i = 0; i < row.findings.size(); ++i) {
    ALLEY_RETURN_IF_ERROR(run.Exec("INSERT INTO nursery_inspection_finding (inspection_id, seq, "
                                   "finding) VALUES (?1, ?2, ?3)",
                                   {id, static_cast<int64_t>(i), row.findings[i]})
                              .status());
  }
  return id;
}

Status InsertNurseryInspections(Writer& w, std::vector<NurseryInspectionRow>& rows) {
  for (NurseryInspectionRow& row : rows) {
    ALLEY_ASSIGN_OR_RETURN(row.id, InsertNurseryInspection(w, row));
  }
  return OkStatus();
}

StatusOr<std::optional<NurseryInspectionRow>> NurseryInspectionById(Reader& r, int64_t id) {
  Args args;
  const std::string where = "i.id = " + args.Add(id);
  ALLEY_ASSIGN_OR_RETURN(std::vector<NurseryInspectionRow> rows, SelectInspections(r, where, args));
  if (rows.empty()) return std::optional<NurseryInspectionRow>();
  return std::optional<NurseryInspectionRow>(std::move(rows.front()));
}

StatusOr<std::vector<NurseryInspectionRow>> ListNurseryInspections(Reader& r,
                                                                   const NurseryClassQuery& where) {
  Args args;
  const std::string w = ScopeWhere("i", where, args);
  return SelectInspections(r, w, args);
}

Status SetNurseryInspectionFollowUp(Writer& w, int64_t id, core::Date on, std::string_view note) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec(
          "UPDATE nursery_inspection SET follow_up_on = ?2, follow_up_note = ?3 WHERE id = ?1",
          {id, on.ToString(), std::string(note)}));
  if (changed != 1) return NotFoundError("no inspection " + std::to_string(id));
  return OkStatus();
}

// ---- The ledger's counts ----

StatusOr<std::vector<ResidentsBornAfterRow>> CountResidentsBornAfter(Reader& r,
                                                                     std::string_view subtree_code,
                                                                     core::Date as_of,
                                                                     core::Date born_after,
                                                                     int group_length) {
  Args args;
  const std::string on = args.Add(as_of.ToString());
  const std::string after = args.Add(born_after.ToString());
  // The resident_version copy of the birth date (schema step 3): the count
  // reads one index, never the resident table.
  const std::string group =
      group_length > 0 ? "substr(v.unit_code, 1, " + std::to_string(group_length) + ")" : "''";
  std::string sql = "SELECT " + group + ", count(*), sum(CASE WHEN v.birth_date > " + after +
                    " AND v.birth_date <= " + on +
                    " THEN 1 ELSE 0 END) FROM resident_version v WHERE " +
                    SubtreeWhere("v", subtree_code, args) + " AND v.valid_from <= " + on +
                    " AND (v.valid_to IS NULL OR v.valid_to > " + on + ") AND v.status = 'active'";
  if (group_length > 0) sql += " GROUP BY " + group + " ORDER BY " + group;
  std::vector<ResidentsBornAfterRow> rows;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(sql, args.span(), [&](const sql::Row& row) -> Status {
        ResidentsBornAfterRow c;
        c.unit_code = group_length > 0 ? row.Text(0) : std::string(subtree_code);
        c.residents = row.Int(1);
        c.born_after = row.Int(2);
        rows.push_back(std::move(c));
        return OkStatus();
      }));
  return rows;
}

Status DeleteSyntheticChildcareUnder(Writer& w, std::string_view subtree_code) {
  sql::Runner& run = sql::RunnerOf(w);
  struct Step {
    std::string_view table;  // of the synthetic rows, with community_code and unit_code
    std::string_view sql;    // "?" marks where the subtree condition goes
  };
  // Children before parents; foreign keys would cascade, but a backend
  // without them must not be left with orphans.
  const Step steps[] = {
      {"e",
       "DELETE FROM nursery_enrolment WHERE id IN (SELECT e.id FROM nursery_enrolment e "
       "WHERE e.synthetic = 1 AND ?)"},
      {"i",
       "DELETE FROM nursery_inspection_item WHERE inspection_id IN (SELECT i.id FROM "
       "nursery_inspection i WHERE i.synthetic = 1 AND ?)"},
      {"i",
       "DELETE FROM nursery_inspection_finding WHERE inspection_id IN (SELECT i.id FROM "
       "nursery_inspection i WHERE i.synthetic = 1 AND ?)"},
      {"i",
       "DELETE FROM nursery_inspection WHERE id IN (SELECT i.id FROM nursery_inspection i "
       "WHERE i.synthetic = 1 AND ?)"},
      {"c",
       "DELETE FROM nursery_enrolment WHERE class_id IN (SELECT c.id FROM nursery_class c "
       "WHERE c.synthetic = 1 AND ?)"},
      {"c",
       "DELETE FROM nursery_staffing WHERE class_id IN (SELECT c.id FROM nursery_class c "
       "WHERE c.synthetic = 1 AND ?)"},
      {"c",
       "DELETE FROM nursery_class WHERE id IN (SELECT c.id FROM nursery_class c WHERE "
       "c.synthetic = 1 AND ?)"},
  };
  for (const Step& step : steps) {
    Args args;
    std::string sql(step.sql);
    sql.replace(sql.find('?'), 1, SubtreeWhere(step.table, subtree_code, args));
    ALLEY_RETURN_IF_ERROR(run.Exec(sql, args.span()).status());
  }
  return OkStatus();
}

}  // namespace alley::store
