// The stored side of report templates (一表通, src/indicators/reports.h): an
// office's template with its rows (each an indicator or a data element, or a
// breakdown keyword) and its column axis (units or periods), kept as the text
// the user wrote; what the texts mean is indicators/reports.h's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// One row of a template: an indicator's or a data element's code (or a
// breakdown keyword such as "@age"), with the label the form prints.
struct ReportRowRow {
  std::string item;
  std::string label;  // "" = the definition's own name
};

// A report template (报表模板).
struct ReportTemplateRow {
  std::string code;    // [a-z][a-z0-9_.]*, unique
  std::string name;    // 社区基本情况表
  std::string office;  // the office that asks for it (街道办事处, 12345热线办)
  std::string description;
  std::string columns;             // the column axis: "scope", "children", a level, "periods:..."
  std::string layout;              // free JSON text the front end may keep ("" = none)
  bool builtin = false;            // one of Alley's own templates (indicators/reports.h)
  std::vector<ReportRowRow> rows;  // in order
};

// Inserts or replaces (by code) a template with its rows.
Status PutReportTemplate(Writer& w, const ReportTemplateRow& row);

// Every template, by code, with its rows.
StatusOr<std::vector<ReportTemplateRow>> ListReportTemplates(Reader& r);

// The template `code`, or nullopt.
StatusOr<std::optional<ReportTemplateRow>> GetReportTemplate(Reader& r, std::string_view code);

// Removes the template `code` and its rows; answers whether there was one.
StatusOr<bool> DeleteReportTemplate(Writer& w, std::string_view code);

}  // namespace alley::store
