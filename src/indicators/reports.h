// Reports that fill themselves (一表通): an office's report template is rows
// of indicators and data elements against a column axis of units or periods;
// for any unit and period Alley fills it from what is already there (the
// ledger's derived elements, values already entered, the aggregate of what
// the units below entered, indicators computed from those) and lists the
// cells still to enter, with the element, unit, period and who enters it.
// The burden it removes is counted per template: cells filled from existing
// data against cells that had to be entered.
//
//   ALLEY_ASSIGN_OR_RETURN(FilledReport r,
//       FillReport(store, hierarchy, "community_basic", "320706006", "2026", now));
//   r.At(0, 1).value      // the first row's figure for the first child unit
//   r.burden.FilledShare()
//
// Template texts:
//   columns   "scope"            the unit alone
//             "children"         the unit, then its direct children
//             a level name       the units of that level inside the unit ("community")
//             "periods:months"   the months (or "quarters") inside the fill period
//             "periods:A..B"     a range of periods; "periods:A,B,C" a list
//   rows      an indicator's or a data element's code, or a breakdown keyword
//             that expands to the band elements of elements.h: "@age"
//             (children_0_14, residents_15_59, residents_60_plus), "@elderly"
//             (residents_60_plus, residents_65_plus, residents_80_plus),
//             "@children" (children_0_2, children_3_5), "@sex" (residents_male,
//             residents_female). Age × sex crossings are not elements of the
//             catalogue, so a breakdown is one axis at a time.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/status.h"
#include "services/concern_rates.h"
#include "store/report_store.h"
#include "store/store.h"

namespace alley::indicators {

// Alley's own templates (a street office's 社区基本情况表, the 12345 hotline's
// 接诉即办月报, a 人口结构表 by age and sex), by code.
std::span<const store::ReportTemplateRow> BuiltinReportTemplates();

// Writes the built-in catalogue (elements.h) and the built-in templates that
// are absent, never overwriting one a user changed.
Status EnsureReportTemplates(store::Store& store);

// The element codes a breakdown keyword ("@age") stands for; empty for any
// other text.
std::vector<std::string> ExpandBreakdown(std::string_view item);

// Checks and stores a template. kInvalidArgument naming the field: a code
// that is not [a-z][a-z0-9_.]* (at most 64), an empty name, columns that do
// not parse ("field columns: ..."), no rows, a row that is neither an
// indicator, a data element nor a breakdown keyword ("rows[2]: unknown
// indicator or data element x").
Status DefineReportTemplate(store::Store& store, store::ReportTemplateRow row);

// A template from JSON: {"code","name","office","description","columns",
// "rows":["code" | {"item","label"}],"layout":any}. kInvalidArgument naming
// the field for a missing or mistyped one; then DefineReportTemplate's checks.
StatusOr<store::ReportTemplateRow> ParseReportTemplateJson(std::string_view text);

// Where a cell's figure comes from.
enum class CellSource {
  kDerived,      // a derived element, computed from the ledger
  kEntered,      // a value entered for this very unit and period
  kAggregated,   // the aggregate of values entered below (units or finer periods)
  kComputed,     // an indicator, computed from figures that are there
  kToEnter,      // missing: someone must enter the values of `to_enter`
  kUnavailable,  // missing, and nothing Alley can take in would fill it
};
std::string_view CellSourceName(CellSource source);  // "derived", "entered", ...

// One value someone has to enter for a cell to fill.
struct EntryNeeded {
  std::string element;
  std::string unit_code;
  std::string period;
  std::string entered_by;  // the element's entered_by ("" when nobody is named)
};

struct ReportCell {
  std::optional<double> value;
  CellSource source = CellSource::kUnavailable;
  std::optional<int32_t> reporting;   // for a data element: how many values fed it
  std::vector<EntryNeeded> to_enter;  // for kToEnter
};

struct ReportRowHead {
  std::string item;   // the code
  std::string label;  // the template's label, else the definition's name
  std::string measure;
  std::string kind;  // "indicator", "entered" or "derived"
};

struct ReportColumnHead {
  std::string label;      // the unit's name or the period
  std::string unit_code;  // the cell's unit
  std::string period;     // the cell's period
};

// The burden measure: how many cells came from data already there.
struct ReportBurden {
  int64_t cells = 0;
  int64_t derived = 0, entered = 0, aggregated = 0, computed = 0;  // filled, by source
  int64_t to_enter = 0;
  int64_t unavailable = 0;
  int64_t Filled() const { return derived + entered + aggregated + computed; }
  // Filled ÷ cells; nullopt for no cells.
  std::optional<double> FilledShare() const;
  ReportBurden& operator+=(const ReportBurden& other);
};

struct FilledReport {
  store::ReportTemplateRow report;  // the template
  std::string unit_code;
  std::string unit_name;
  std::string period;
  std::vector<ReportRowHead> rows;  // breakdowns expanded
  std::vector<ReportColumnHead> columns;
  std::vector<ReportCell> cells;  // rows × columns, row-major
  ReportBurden burden;
  const ReportCell& At(size_t row, size_t column) const {
    return cells[row * columns.size() + column];
  }
};

// Fills the template `code` for `unit_code` and `period` (ParsePeriod text)
// with one EvaluateIndicators call over every row, unit and period. Errors:
// kNotFound for an unknown template or unit (and EvaluateIndicators' errors,
// e.g. a template row whose definition was removed); kInvalidArgument for a
// period that does not parse or "periods:months" on a period finer than a month.
StatusOr<FilledReport> FillReport(store::Store& store, const core::Hierarchy& hierarchy,
                                  std::string_view code, std::string_view unit_code,
                                  std::string_view period, services::Instant as_of);

// Every template filled for `unit_code` and `period`: each one's burden, and
// the total. {"unit","period","templates":[{"code","name","office",
// "burden":{...}}],"total":{...}}; a burden is {"cells","filled","derived",
// "entered","aggregated","computed","to_enter","unavailable","filled_share"}.
StatusOr<nlohmann::json> ReportBurdenJson(store::Store& store, const core::Hierarchy& hierarchy,
                                          std::string_view unit_code, std::string_view period,
                                          services::Instant as_of);

nlohmann::json BurdenJson(const ReportBurden& burden);

// {"code","name","office","description","columns","rows":[{"item","label"}],"builtin"}.
nlohmann::json ReportTemplateJson(const store::ReportTemplateRow& row);

// {"template":{...},"unit","unit_name","period","columns":[{"label","unit","period"}],
//  "rows":[{"item","label","measure","kind","cells":[{"value","source","reporting",
//  "to_enter":[{"element","unit","period","entered_by"}]}]}],"burden":{...}}.
nlohmann::json FilledReportJson(const FilledReport& report);

// The grid as CSV: a header (item, label, then each column's label), a line
// per row; a missing figure is empty, a cell to enter reads "待填报: WHO".
std::string FilledReportCsv(const FilledReport& report);

// The grid as an XLSX workbook at `path`: a title row (name, unit, period),
// the header, numbers as numbers; a cell to enter is filled yellow with a
// comment naming what to enter and who enters it; kInternal when the file
// cannot be written.
Status WriteFilledReportXlsx(const FilledReport& report, const std::string& path);

// The same workbook's bytes (written through a temporary file).
StatusOr<std::string> FilledReportXlsx(const FilledReport& report);

}  // namespace alley::indicators
