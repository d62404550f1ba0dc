#include "store/indicator_store.h"

#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 11: indicators — data elements and their entered values,
// indicators (formulas with targets), validation rules.
const std::string_view kSchemaV11Indicators = R"sql(
CREATE TABLE ind_element (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'average', 'last', 'max', 'min')),
  weight TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('entered', 'derived')),
  description TEXT NOT NULL DEFAULT '',
  entered_by TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

-- One entered number per element, unit and period; a NULL value was entered
-- as missing. The key leads with the element and the unit's code, so that
-- "this element in this subtree" is one index range.
CREATE TABLE ind_value (
  element TEXT NOT NULL REFERENCES ind_element(code),
  unit_code TEXT NOT NULL REFERENCES unit(code) ON DELETE CASCADE,
  period TEXT NOT NULL,
  value REAL,
  entered_by TEXT NOT NULL DEFAULT '',
  entered_at INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (element, unit_code, period)
);

CREATE TABLE ind_indicator (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  formula TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  target_op TEXT NOT NULL DEFAULT '' CHECK (target_op IN ('', '>=', '>', '<=', '<', '==')),
  target REAL,
  target_source TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

CREATE TABLE ind_rule (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  condition TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);
)sql";

namespace {

int64_t Flag(bool b) { return b ? 1 : 0; }

StatusOr<bool> DeleteByCode(Writer& w, std::string_view table, std::string_view code) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t changed,
      sql::RunnerOf(w).Exec("DELETE FROM " + std::string(table) + " WHERE code = ?1",
                            {std::string(code)}));
  return changed > 0;
}

}  // namespace

Status PutIndicatorElement(Writer& w, const IndicatorElementRow& row) {
  return sql::RunnerOf(w)
      .Exec(
          "INSERT INTO ind_element (code, name, measure, aggregation, weight, source, "
          "description, entered_by, builtin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, measure = excluded.measure, "
          "aggregation = excluded.aggregation, weight = excluded.weight, "
          "source = excluded.source, description = excluded.description, "
          "entered_by = excluded.entered_by, builtin = excluded.builtin",
          {row.code, row.name, row.measure, row.aggregation, row.weight, row.source,
           row.description, row.entered_by, Flag(row.builtin)})
      .status()
      .WithContext("cannot store data element " + row.code);
}

Status PutIndicator(Writer& w, const IndicatorRow& row) {
  return sql::RunnerOf(w)
      .Exec(
          "INSERT INTO ind_indicator (code, name, formula, measure, target_op, target, "
          "target_source, description, builtin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, formula = excluded.formula, "
          "measure = excluded.measure, target_op = excluded.target_op, "
          "target = excluded.target, target_source = excluded.target_source, "
          "description = excluded.description, builtin = excluded.builtin",
          {row.code, row.name, row.formula, row.measure, row.target_op, sql::Nullable(row.target),
           row.target_source, row.description, Flag(row.builtin)})
      .status()
      .WithContext("cannot store indicator " + row.code);
}

Status PutIndicatorRule(Writer& w, const IndicatorRuleRow& row) {
  return sql::RunnerOf(w)
      .Exec(
          "INSERT INTO ind_rule (code, name, condition, description, builtin) "
          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
          "condition = excluded.condition, description = excluded.description, "
          "builtin = excluded.builtin",
          {row.code, row.name, row.condition, row.description, Flag(row.builtin)})
      .status()
      .WithContext("cannot store validation rule " + row.code);
}

StatusOr<std::vector<IndicatorElementRow>> ListIndicatorElements(Reader& r) {
  std::vector<IndicatorElementRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT code, name, measure, aggregation, weight, source, description, entered_by, "
      "builtin FROM ind_element ORDER BY code",
      {}, [&](const sql::Row& row) {
        IndicatorElementRow e;
        e.code = row.Text(0);
        e.name = row.Text(1);
        e.measure = row.Text(2);
        e.aggregation = row.Text(3);
        e.weight = row.Text(4);
        e.source = row.Text(5);
        e.description = row.Text(6);
        e.entered_by = row.Text(7);
        e.builtin = row.Int(8) != 0;
        rows.push_back(std::move(e));
        return OkStatus();
      }));
  return rows;
}

StatusOr<std::vector<IndicatorRow>> ListIndicators(Reader& r) {
  std::vector<IndicatorRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT code, name, formula, measure, target_op, target, target_source, description, "
      "builtin FROM ind_indicator ORDER BY code",
      {}, [&](const sql::Row& row) {
        IndicatorRow i;
        i.code = row.Text(0);
        i.name = row.Text(1);
        i.formula = row.Text(2);
        i.measure = row.Text(3);
        i.target_op = row.Text(4);
        i.target = row.OptionalReal(5);
        i.target_source = row.Text(6);
        i.description = row.Text(7);
        i.builtin = row.Int(8) != 0;
        rows.push_back(std::move(i));
        return OkStatus();
      }));
  return rows;
}

StatusOr<std::vector<IndicatorRuleRow>> ListIndicatorRules(Reader& r) {
  std::vector<IndicatorRuleRow> rows;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT code, name, condition, description, builtin FROM ind_rule ORDER BY code", {},
      [&](const sql::Row& row) {
        IndicatorRuleRow rule;
        rule.code = row.Text(0);
        rule.name = row.Text(1);
        rule.condition = row.Text(2);
        rule.description = row.Text(3);
        rule.builtin = row.Int(4) != 0;
        rows.push_back(std::move(rule));
        return OkStatus();
      }));
  return rows;
}

StatusOr<bool> DeleteIndicatorElement(Writer& w, std::string_view code) {
  ALLEY_ASSIGN_OR_RETURN(
      int64_t values, sql::RunnerOf(w).QueryInt("SELECT COUNT(*) FROM ind_value WHERE element = ?1",
                                                {std::string(code)}, "values"));
  if (values > 0) {
    return FailedPreconditionError("data element " + std::string(code) + " has " +
                                   std::to_string(values) + " entered values: remove them first");
  }
  return DeleteByCode(w, "ind_element", code);
}

StatusOr<bool> DeleteIndicator(Writer& w, std::string_view code) {
  return DeleteByCode(w, "ind_indicator", code);
}

StatusOr<bool> DeleteIndicatorRule(Writer& w, std::string_view code) {
  return DeleteByCode(w, "ind_rule", code);
}

Status PutIndicatorValues(Writer& w, std::span<const IndicatorValueRow> rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (size_t i = 0; i < rows.size(); ++i) {
    const IndicatorValueRow& row = rows[i];
    const std::string where = "values[" + std::to_string(i) + "]: ";
    ALLEY_ASSIGN_OR_RETURN(int64_t element,
                           run.QueryInt("SELECT COUNT(*) FROM ind_element WHERE code = ?1",
                                        {row.element}, "data element"));
    if (element == 0) return NotFoundError(where + "no data element " + row.element);
    ALLEY_ASSIGN_OR_RETURN(int64_t unit, run.QueryInt("SELECT COUNT(*) FROM unit WHERE code = ?1",
                                                      {row.unit_code}, "unit"));
    if (unit == 0) return NotFoundError(where + "no unit " + row.unit_code);
    ALLEY_RETURN_IF_ERROR(
        run.Exec("INSERT INTO ind_value (element, unit_code, period, value, entered_by, "
                 "entered_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                 "ON CONFLICT (element, unit_code, period) DO UPDATE SET value = excluded.value, "
                 "entered_by = excluded.entered_by, entered_at = excluded.entered_at, "
                 "source = excluded.source",
                 {row.element, row.unit_code, row.period, sql::Nullable(row.value), row.entered_by,
                  row.entered_at, row.source})
            .status()
            .WithContext(where + "cannot store the value"));
  }
  return OkStatus();
}

Status ScanIndicatorValues(Reader& r, std::span<const std::string> elements,
                           std::string_view subtree_code, std::span<const std::string> periods,
                           const std::function<Status(const IndicatorValueRow&)>& fn) {
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  std::vector<sql::Value> args = {range.lower, range.upper};
  std::string sql =
      "SELECT element, unit_code, period, value, entered_by, entered_at, source FROM ind_value "
      "WHERE unit_code >= ?1 AND unit_code < ?2";
  auto add_list = [&](std::string_view column, std::span<const std::string> values) {
    if (values.empty()) return;
    sql += " AND " + std::string(column) + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      args.emplace_back(values[i]);
      sql += (i == 0 ? "?" : ", ?") + std::to_string(args.size());
    }
    sql += ")";
  };
  add_list("element", elements);
  add_list("period", periods);
  IndicatorValueRow value;
  return sql::RunnerOf(r).Query(sql, args, [&](const sql::Row& row) {
    value.element.assign(row.TextView(0));
    value.unit_code.assign(row.TextView(1));
    value.period.assign(row.TextView(2));
    value.value = row.OptionalReal(3);
    value.entered_by.assign(row.TextView(4));
    value.entered_at = row.Int(5);
    value.source.assign(row.TextView(6));
    return fn(value);
  });
}

StatusOr<int64_t> DeleteIndicatorValues(Writer& w, std::string_view element,
                                        std::string_view subtree_code, std::string_view period) {
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  if (period.empty()) {
    return sql::RunnerOf(w).Exec(
        "DELETE FROM ind_value WHERE element = ?1 AND unit_code >= ?2 AND unit_code < ?3",
        {std::string(element), range.lower, range.upper});
  }
  return sql::RunnerOf(w).Exec(
      "DELETE FROM ind_value WHERE element = ?1 AND unit_code >= ?2 AND unit_code < ?3 "
      "AND period = ?4",
      {std::string(element), range.lower, range.upper, std::string(period)});
}

}  // namespace alley::store
