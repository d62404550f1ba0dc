#include "cli/report_commands.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/account_commands.h"
#include "cli/arguments.h"
#include "cli/output.h"
#include "indicators/reports.h"
#include "registry/files.h"
#include "registry/units.h"

namespace alley::cli {
namespace {

using nlohmann::json;

std::string Num(const std::optional<double>& v) {
  if (!v) return "-";
  const double x = *v;
  if (x == std::floor(x) && std::abs(x) < 1e15) return fmt::format("{}", static_cast<int64_t>(x));
  return fmt::format("{:.2f}", x);
}

std::string Share(const json& b) {
  if (b["filled_share"].is_null()) return "-";
  return fmt::format("{:.1f}%", b["filled_share"].get<double>() * 100);
}

StatusOr<store::Store*> ReportStore(Context& context) {
  ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
  ALLEY_RETURN_IF_ERROR(indicators::EnsureReportTemplates(*store));
  return store;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// At most `chars` characters of UTF-8 `s`, cut between characters.
std::string Clip(const std::string& s, size_t chars) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == chars) return s.substr(0, i);
  }
  return s;
}

void PrintFilled(const indicators::FilledReport& r) {
  std::cout << r.report.name << " — " << r.unit_name << " (" << r.unit_code << ") — " << r.period
            << "\n";
  std::cout << fmt::format("{:<40}", "");
  for (const auto& c : r.columns) std::cout << fmt::format(" {:>14}", Clip(c.label, 7));
  std::cout << "\n";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    std::cout << fmt::format("{:<40}", r.rows[i].item.substr(0, 40));
    for (size_t c = 0; c < r.columns.size(); ++c) {
      const indicators::ReportCell& cell = r.At(i, c);
      std::string text = Num(cell.value);
      if (cell.source == indicators::CellSource::kToEnter) text = "[enter]";
      std::cout << fmt::format(" {:>14}", text);
    }
    std::cout << "\n";
  }
  const auto& b = r.burden;
  std::cout << fmt::format(
      "{} cells: {} filled from existing data ({} derived, {} entered, {} aggregated, {} "
      "computed), {} to enter, {} unavailable\n",
      b.cells, b.Filled(), b.derived, b.entered, b.aggregated, b.computed, b.to_enter,
      b.unavailable);
  std::set<std::string> listed;  // an element missing for an indicator too is listed once
  for (size_t i = 0; i < r.rows.size(); ++i) {
    for (size_t c = 0; c < r.columns.size(); ++c) {
      for (const auto& e : r.At(i, c).to_enter) {
        std::string line = fmt::format("  to enter: {} for {} {} by {}\n", e.element, e.unit_code,
                                       e.period, e.entered_by.empty() ? "(unnamed)" : e.entered_by);
        if (listed.insert(line).second) std::cout << line;
      }
    }
  }
}

void RegisterDefine(CLI::App& parent, Context& context) {
  auto row = std::make_shared<store::ReportTemplateRow>();
  auto rows = std::make_shared<std::string>();
  auto labels = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand("define", "Define (or redefine) a report template");
  cmd->add_option("CODE", row->code, "its code: [a-z][a-z0-9_.]*")->required();
  cmd->add_option("--name", row->name, "its name (e.g. 社区基本情况表)")->required();
  cmd->add_option("--office", row->office, "the office that asks for it");
  cmd->add_option("--description", row->description, "what it is for");
  cmd->add_option("--rows", *rows,
                  "indicators, data elements or breakdowns (@age, @elderly, @children, @sex), "
                  "comma-separated")
      ->required();
  cmd->add_option("--labels", *labels, "the rows' labels, comma-separated, in the same order");
  cmd->add_option("--columns", row->columns,
                  "scope, children, a level (community, ...), or periods:months|quarters|A..B|A,B")
      ->required();
  cmd->callback([&context, row, rows, labels] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, ReportStore(context));
      std::vector<std::string> items = SplitCommas(*rows);
      std::vector<std::string> names = SplitCommas(*labels);
      row->rows.clear();
      for (size_t i = 0; i < items.size(); ++i) {
        row->rows.push_back({items[i], i < names.size() ? names[i] : ""});
      }
      ALLEY_RETURN_IF_ERROR(indicators::DefineReportTemplate(*store, *row));
      std::cout << "report template " << row->code << " stored (" << row->rows.size() << " rows)\n";
      return OkStatus();
    });
  });
}

void RegisterImportTemplate(CLI::App& parent, Context& context) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand("import-template", "Define a report template from JSON");
  cmd->add_option("FILE", *file,
                  "{\"code\",\"name\",\"office\",\"description\",\"columns\",\"rows\":[...]}")
      ->required();
  cmd->callback([&context, file] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, ReportStore(context));
      ALLEY_ASSIGN_OR_RETURN(std::string text, registry::ReadFile(*file));
      StatusOr<store::ReportTemplateRow> row = indicators::ParseReportTemplateJson(text);
      if (!row.ok()) return row.status().WithContext(*file);
      ALLEY_RETURN_IF_ERROR(indicators::DefineReportTemplate(*store, *row));
      std::cout << "report template " << row->code << " stored (" << row->rows.size() << " rows)\n";
      return OkStatus();
    });
  });
}

void RegisterList(CLI::App& parent, Context& context) {
  auto json_flag = std::make_shared<bool>(false);
  CLI::App* cmd = parent.add_subcommand("list", "The report templates, built-in and defined");
  cmd->add_flag("--json", *json_flag, "print them as JSON");
  cmd->callback([&context, json_flag] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, ReportStore(context));
      std::vector<store::ReportTemplateRow> all;
      ALLEY_RETURN_IF_ERROR(store->Read([&](store::Reader& r) -> Status {
        ALLEY_ASSIGN_OR_RETURN(all, store::ListReportTemplates(r));
        return OkStatus();
      }));
      if (*json_flag) {
        json list = json::array();
        for (const auto& t : all) list.push_back(indicators::ReportTemplateJson(t));
        PrintJson({{"templates", std::move(list)}});
        return OkStatus();
      }
      for (const auto& t : all) {
        std::string items;
        for (const auto& r : t.rows) items += (items.empty() ? "" : ",") + r.item;
        std::cout << fmt::format("{:<24} {} ({}) columns {}\n    rows {}\n", t.code, t.name,
                                 t.office.empty() ? "-" : t.office, t.columns, items);
      }
      return OkStatus();
    });
  });
}

struct FillArgs {
  std::string code, unit, period, csv, xlsx;
  bool json = false;
};

void RegisterFill(CLI::App& parent, Context& context) {
  auto a = std::make_shared<FillArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "fill", "Fill a report template for a unit and period from what is already there");
  cmd->add_option("CODE", a->code, "the template")->required();
  cmd->add_option("--unit", a->unit, "the unit (its code)")->required();
  cmd->add_option("--period", a->period, "the period: 2026, 2026Q3, 2026-07, ...")->required();
  cmd->add_flag("--json", a->json, "print the filled report as JSON");
  cmd->add_option("--csv", a->csv, "also write it as CSV to this file");
  cmd->add_option("--xlsx", a->xlsx, "also write it as an XLSX workbook to this file");
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, ReportStore(context));
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(
          indicators::FilledReport r,
          indicators::FillReport(*store, hierarchy, a->code, a->unit, a->period, Now()));
      if (!a->csv.empty()) {
        ALLEY_RETURN_IF_ERROR(WriteFileWhole(a->csv, indicators::FilledReportCsv(r)));
      }
      if (!a->xlsx.empty()) {
        ALLEY_ASSIGN_OR_RETURN(std::string bytes, indicators::FilledReportXlsx(r));
        ALLEY_RETURN_IF_ERROR(WriteFileWhole(a->xlsx, bytes));
      }
      if (a->json) {
        PrintJson(indicators::FilledReportJson(r));
      } else {
        PrintFilled(r);
      }
      return OkStatus();
    });
  });
}

void RegisterBurden(CLI::App& parent, Context& context) {
  auto a = std::make_shared<FillArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "burden", "For every template: the cells filled from existing data and those still to enter");
  cmd->add_option("--unit", a->unit, "the unit (its code)")->required();
  cmd->add_option("--period", a->period, "the period: 2026, 2026Q3, 2026-07, ...")->required();
  cmd->add_flag("--json", a->json, "print it as JSON");
  cmd->callback([&context, a] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, ReportStore(context));
      ALLEY_ASSIGN_OR_RETURN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store));
      ALLEY_ASSIGN_OR_RETURN(
          json b, indicators::ReportBurdenJson(*store, hierarchy, a->unit, a->period, Now()));
      if (a->json) {
        PrintJson(b);
        return OkStatus();
      }
      std::cout << fmt::format("{:<24} {:>7} {:>7} {:>9} {:>12} {:>8}\n", "template", "cells",
                               "filled", "to enter", "unavailable", "filled%");
      auto line = [](const std::string& name, const json& burden) {
        std::cout << fmt::format("{:<24} {:>7} {:>7} {:>9} {:>12} {:>8}\n", name,
                                 burden["cells"].get<int64_t>(), burden["filled"].get<int64_t>(),
                                 burden["to_enter"].get<int64_t>(),
                                 burden["unavailable"].get<int64_t>(), Share(burden));
      };
      for (const auto& t : b["templates"]) line(t["code"].get<std::string>(), t["burden"]);
      line("total", b["total"]);
      return OkStatus();
    });
  });
}

}  // namespace

void RegisterReport(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Reports that fill themselves (一表通): templates of indicators against units or\n"
      "periods, filled from the ledger and what was entered, with the cells still to enter");
  cmd->require_subcommand(1);
  RegisterDefine(*cmd, context);
  RegisterImportTemplate(*cmd, context);
  RegisterList(*cmd, context);
  RegisterFill(*cmd, context);
  RegisterBurden(*cmd, context);
}

}  // namespace alley::cli
