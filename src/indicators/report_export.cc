// The exports of a filled report (reports.h): CSV and XLSX (libxlsxwriter).
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "core/csv.h"
#include "indicators/reports.h"

namespace alley::indicators {
namespace {

std::string WhoEnters(const ReportCell& cell) {
  std::string who;
  for (const EntryNeeded& e : cell.to_enter) {
    std::string by = e.entered_by.empty() ? "(unnamed)" : e.entered_by;
    if (who.find(by) == std::string::npos) who += (who.empty() ? "" : ", ") + by;
  }
  return who;
}

std::string Comment(const ReportCell& cell) {
  std::string text = "待填报 / to enter:";
  for (const EntryNeeded& e : cell.to_enter) {
    text += "\n" + e.element + " for " + e.unit_code + ", " + e.period + " by " +
            (e.entered_by.empty() ? "(unnamed)" : e.entered_by);
  }
  return text;
}

std::string Title(const FilledReport& report) {
  return report.report.name + " — " +
         (report.unit_name.empty() ? report.unit_code : report.unit_name) + " (" +
         report.unit_code + ") — " + report.period;
}

}  // namespace

std::string FilledReportCsv(const FilledReport& report) {
  std::string out;
  std::vector<std::string> fields = {"item", "label"};
  for (const ReportColumnHead& c : report.columns) fields.push_back(c.label);
  core::AppendCsvRow(&out, fields);
  for (size_t r = 0; r < report.rows.size(); ++r) {
    fields = {report.rows[r].item, report.rows[r].label};
    for (size_t c = 0; c < report.columns.size(); ++c) {
      const ReportCell& cell = report.At(r, c);
      if (cell.value) {
        fields.push_back(fmt::format("{}", *cell.value));
      } else if (cell.source == CellSource::kToEnter) {
        fields.push_back("待填报: " + WhoEnters(cell));
      } else {
        fields.emplace_back();
      }
    }
    core::AppendCsvRow(&out, fields);
  }
  return out;
}

Status WriteFilledReportXlsx(const FilledReport& report, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return InternalError("cannot create " + path);
  lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
  lxw_format* title = workbook_add_format(book);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bg_color(header, 0xD9D9D9);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* number = workbook_add_format(book);
  format_set_border(number, LXW_BORDER_THIN);
  format_set_num_format(number, "#,##0.##");
  lxw_format* to_enter = workbook_add_format(book);
  format_set_border(to_enter, LXW_BORDER_THIN);
  format_set_bg_color(to_enter, 0xFFFF00);
  lxw_format* plain = workbook_add_format(book);
  format_set_border(plain, LXW_BORDER_THIN);

  lxw_error err = LXW_NO_ERROR;
  auto check = [&](lxw_error e) {
    if (err == LXW_NO_ERROR) err = e;
  };
  check(worksheet_write_string(sheet, 0, 0, Title(report).c_str(), title));
  check(worksheet_write_string(sheet, 1, 0, "item", header));
  check(worksheet_write_string(sheet, 1, 1, "label", header));
  for (size_t c = 0; c < report.columns.size(); ++c) {
    check(worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(c + 2),
                                 report.columns[c].label.c_str(), header));
  }
  for (size_t r = 0; r < report.rows.size(); ++r) {
    auto row = static_cast<lxw_row_t>(r + 2);
    check(worksheet_write_string(sheet, row, 0, report.rows[r].item.c_str(), plain));
    check(worksheet_write_string(sheet, row, 1, report.rows[r].label.c_str(), plain));
    for (size_t c = 0; c < report.columns.size(); ++c) {
      const ReportCell& cell = report.At(r, c);
      auto col = static_cast<lxw_col_t>(c + 2);
      if (cell.value) {
        check(worksheet_write_number(sheet, row, col, *cell.value, number));
      } else if (cell.source == CellSource::kToEnter) {
        check(worksheet_write_blank(sheet, row, col, to_enter));
        check(worksheet_write_comment(sheet, row, col, Comment(cell).c_str()));
      } else {
        check(worksheet_write_blank(sheet, row, col, plain));
      }
    }
  }
  worksheet_set_column(sheet, 0, 0, 24, nullptr);
  worksheet_set_column(sheet, 1, 1, 30, nullptr);
  worksheet_freeze_panes(sheet, 2, 2);
  lxw_error closed = workbook_close(book);
  if (err != LXW_NO_ERROR) return InternalError(std::string("xlsx: ") + lxw_strerror(err));
  if (closed != LXW_NO_ERROR) {
    return InternalError("cannot write " + path + ": " + lxw_strerror(closed));
  }
  return OkStatus();
}

StatusOr<std::string> FilledReportXlsx(const FilledReport& report) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return InternalError("no temporary folder: " + ec.message());
  std::random_device rd;
  std::filesystem::path path = dir / fmt::format("alley-report-{:x}{:x}.xlsx", rd(), rd());
  Status st = WriteFilledReportXlsx(report, path.string());
  std::string bytes;
  if (st.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes = buf.str();
    if (!in.good() && bytes.empty()) st = InternalError("cannot read " + path.string());
  }
  std::filesystem::remove(path, ec);
  if (!st.ok()) return st;
  return bytes;
}

}  // namespace alley::indicators
