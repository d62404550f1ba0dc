#include "store/report_store.h"

#include <map>
#include <string>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 12: report templates — the template and its rows in order.
const std::string_view kSchemaV12Reports = R"sql(
CREATE TABLE report_template (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  office TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  columns TEXT NOT NULL,
  layout TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);

CREATE TABLE report_row (
  template_code TEXT NOT NULL REFERENCES report_template(code) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (template_code, position)
);
)sql";

namespace {

Status LoadRows(sql::Runner& run, std::map<std::string, ReportTemplateRow*>& by_code,
                std::string_view where, std::initializer_list<sql::Value> args) {
  return run.Query("SELECT template_code, item, label FROM report_row " + std::string(where) +
                       " ORDER BY template_code, position",
                   args, [&](const sql::Row& row) {
                     auto it = by_code.find(row.Text(0));
                     if (it != by_code.end())
                       it->second->rows.push_back({row.Text(1), row.Text(2)});
                     return OkStatus();
                   });
}

ReportTemplateRow TemplateOf(const sql::Row& row) {
  ReportTemplateRow t;
  t.code = row.Text(0);
  t.name = row.Text(1);
  t.office = row.Text(2);
  t.description = row.Text(3);
  t.columns = row.Text(4);
  t.layout = row.Text(5);
  t.builtin = row.Int(6) != 0;
  return t;
}

constexpr std::string_view kSelect =
    "SELECT code, name, office, description, columns, layout, builtin FROM report_template ";

}  // namespace

Status PutReportTemplate(Writer& w, const ReportTemplateRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  Status st =
      run.Exec(
             "INSERT INTO report_template (code, name, office, description, columns, layout, "
             "builtin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code) DO UPDATE SET "
             "name = excluded.name, office = excluded.office, "
             "description = excluded.description, columns = excluded.columns, "
             "layout = excluded.layout, builtin = excluded.builtin",
             {row.code, row.name, row.office, row.description, row.columns, row.layout,
              int64_t{row.builtin ? 1 : 0}})
          .status();
  if (st.ok()) {
    st = run.Exec("DELETE FROM report_row WHERE template_code = ?1", {row.code}).status();
  }
  for (size_t i = 0; st.ok() && i < row.rows.size(); ++i) {
    st = run.Exec(
                "INSERT INTO report_row (template_code, position, item, label) "
                "VALUES (?1, ?2, ?3, ?4)",
                {row.code, static_cast<int64_t>(i), row.rows[i].item, row.rows[i].label})
             .status();
  }
  return st.WithContext("cannot store report template " + row.code);
}

StatusOr<std::vector<ReportTemplateRow>> ListReportTemplates(Reader& r) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<ReportTemplateRow> out;
  ALLEY_RETURN_IF_ERROR(
      run.Query(std::string(kSelect) + "ORDER BY code", {}, [&](const sql::Row& row) {
        out.push_back(TemplateOf(row));
        return OkStatus();
      }));
  std::map<std::string, ReportTemplateRow*> by_code;
  for (ReportTemplateRow& t : out) by_code[t.code] = &t;
  ALLEY_RETURN_IF_ERROR(LoadRows(run, by_code, "", {}));
  return out;
}

StatusOr<std::optional<ReportTemplateRow>> GetReportTemplate(Reader& r, std::string_view code) {
  sql::Runner& run = sql::RunnerOf(r);
  std::optional<ReportTemplateRow> out;
  ALLEY_RETURN_IF_ERROR(run.Query(std::string(kSelect) + "WHERE code = ?1", {std::string(code)},
                                  [&](const sql::Row& row) {
                                    out = TemplateOf(row);
                                    return OkStatus();
                                  }));
  if (!out) return out;
  std::map<std::string, ReportTemplateRow*> by_code{{out->code, &*out}};
  ALLEY_RETURN_IF_ERROR(LoadRows(run, by_code, "WHERE template_code = ?1", {std::string(code)}));
  return out;
}

StatusOr<bool> DeleteReportTemplate(Writer& w, std::string_view code) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_RETURN_IF_ERROR(
      run.Exec("DELETE FROM report_row WHERE template_code = ?1", {std::string(code)}).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t changed, run.Exec("DELETE FROM report_template WHERE code = ?1",
                                                   {std::string(code)}));
  return changed > 0;
}

}  // namespace alley::store
