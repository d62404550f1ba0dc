#include "store/scorecard_store.h"

#include <map>
#include <utility>

#include "store/schemas.h"
#include "store/sql.h"

namespace alley::store {

// Version 13: performance scorecards.
const std::string_view kSchemaV13Scorecards = R"sql(
-- A performance scorecard (indicators/scorecard.h).
CREATE TABLE scorecard (
  code TEXT PRIMARY KEY CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) WITHOUT ROWID;
-- Its items in order: an indicator, its weight, direction and scoring rule.
-- target NULL: the indicator's own target.
CREATE TABLE scorecard_item (
  scorecard TEXT NOT NULL REFERENCES scorecard (code) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  indicator TEXT NOT NULL CHECK (indicator <> ''),
  weight REAL NOT NULL CHECK (weight > 0),
  direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
  scoring TEXT NOT NULL CHECK (scoring IN ('target', 'range')),
  cap REAL NOT NULL CHECK (cap > 0 AND cap <= 100),
  target REAL,
  PRIMARY KEY (scorecard, position)
) WITHOUT ROWID;
)sql";

Status PutScorecard(Writer& w, const ScorecardRow& row) {
  sql::Runner& run = sql::RunnerOf(w);
  const std::string context = "cannot store scorecard " + row.code;
  ALLEY_RETURN_IF_ERROR(run.Exec("DELETE FROM scorecard_item WHERE scorecard = ?1", {row.code})
                            .status()
                            .WithContext(context));
  ALLEY_RETURN_IF_ERROR(
      run.Exec("INSERT INTO scorecard (code, name, description, builtin) VALUES (?1, ?2, ?3, ?4) "
               "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
               "description = excluded.description, builtin = excluded.builtin",
               {row.code, row.name, row.description, int64_t{row.builtin ? 1 : 0}})
          .status()
          .WithContext(context));
  for (size_t i = 0; i < row.items.size(); ++i) {
    const ScorecardItemRow& item = row.items[i];
    ALLEY_RETURN_IF_ERROR(
        run.Exec("INSERT INTO scorecard_item (scorecard, position, indicator, weight, direction, "
                 "scoring, cap, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                 {row.code, static_cast<int64_t>(i), item.indicator, item.weight, item.direction,
                  item.scoring, item.cap, sql::Nullable(item.target)})
            .status()
            .WithContext(context + " item " + std::to_string(i)));
  }
  return OkStatus();
}

namespace {

StatusOr<std::vector<ScorecardRow>> Load(Reader& r, std::optional<std::string_view> code) {
  std::vector<ScorecardRow> rows;
  std::map<std::string, size_t> index;
  sql::Runner& run = sql::RunnerOf(r);
  std::string where = code ? " WHERE code = ?1" : "";
  std::vector<sql::Value> args;
  if (code) args.emplace_back(std::string(*code));
  ALLEY_RETURN_IF_ERROR(
      run.Query("SELECT code, name, description, builtin FROM scorecard" + where + " ORDER BY code",
                args, [&](const sql::Row& row) {
                  ScorecardRow s;
                  s.code = row.Text(0);
                  s.name = row.Text(1);
                  s.description = row.Text(2);
                  s.builtin = row.Int(3) != 0;
                  index[s.code] = rows.size();
                  rows.push_back(std::move(s));
                  return OkStatus();
                }));
  std::string item_where = code ? " WHERE scorecard = ?1" : "";
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT scorecard, indicator, weight, direction, scoring, cap, target FROM scorecard_item" +
          item_where + " ORDER BY scorecard, position",
      args, [&](const sql::Row& row) {
        auto it = index.find(row.Text(0));
        if (it == index.end()) return OkStatus();
        ScorecardItemRow item;
        item.indicator = row.Text(1);
        item.weight = row.Real(2);
        item.direction = row.Text(3);
        item.scoring = row.Text(4);
        item.cap = row.Real(5);
        item.target = row.OptionalReal(6);
        rows[it->second].items.push_back(std::move(item));
        return OkStatus();
      }));
  return rows;
}

}  // namespace

StatusOr<std::vector<ScorecardRow>> ListScorecards(Reader& r) { return Load(r, std::nullopt); }

StatusOr<std::optional<ScorecardRow>> FindScorecard(Reader& r, std::string_view code) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<ScorecardRow> rows, Load(r, code));
  if (rows.empty()) return std::optional<ScorecardRow>();
  return std::optional<ScorecardRow>(std::move(rows.front()));
}

StatusOr<bool> DeleteScorecard(Writer& w, std::string_view code) {
  sql::Runner& run = sql::RunnerOf(w);
  ALLEY_RETURN_IF_ERROR(
      run.Exec("DELETE FROM scorecard_item WHERE scorecard = ?1", {std::string(code)}).status());
  ALLEY_ASSIGN_OR_RETURN(int64_t n,
                         run.Exec("DELETE FROM scorecard WHERE code = ?1", {std::string(code)}));
  return n > 0;
}

}  // namespace alley::store
