#include "indicators/reports.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/division.h"
#include "indicators/evaluate.h"
#include "indicators/formula.h"
#include "indicators/indicator_queries.h"
#include "indicators/period.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

using json = nlohmann::json;
using store::ReportRowRow;
using store::ReportTemplateRow;

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > 64 || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

ReportTemplateRow Builtin(std::string code, std::string name, std::string office,
                          std::string description, std::string columns,
                          std::vector<ReportRowRow> rows) {
  ReportTemplateRow t;
  t.code = std::move(code);
  t.name = std::move(name);
  t.office = std::move(office);
  t.description = std::move(description);
  t.columns = std::move(columns);
  t.rows = std::move(rows);
  t.builtin = true;
  return t;
}

std::vector<ReportTemplateRow> MakeBuiltins() {
  std::vector<ReportTemplateRow> rows = {
      Builtin("community_basic", "社区基本情况表", "街道办事处",
              "the street office's yearly sheet of each community's population, households, "
              "elderly and infants, nursery places and elderly-care floor space",
              "children",
              {{"residents", "常住人口（人）"},
               {"households", "户数（户）"},
               {"residents_60_plus", "60岁及以上人口（人）"},
               {"residents_80_plus", "80岁及以上人口（人）"},
               {"children_0_2", "3岁以下婴幼儿（人）"},
               {"nursery_places", "托位数（个）"},
               {"nursery_places_per_1000", "每千人口托位数"},
               {"elderly_care_floor_m2", "养老服务设施建筑面积（平方米）"},
               {"elderly_care_floor_per_100_households", "每百户养老服务设施面积（平方米）"}}),
      Builtin("concerns_monthly", "接诉即办月报", "12345市民服务热线",
              "the hotline's monthly return: concerns received and the three rates (response, "
              "resolution, satisfaction), month by month within the period",
              "periods:months",
              {{"concerns_received", "受理诉求（件）"},
               {"concern_response_rate", "响应率（%）"},
               {"concern_resolution_rate", "解决率（%）"},
               {"concern_satisfaction_rate", "满意率（%）"}}),
      Builtin("population_structure", "人口结构统计表", "街道办事处",
              "residents by age band and by sex, for the unit and each unit below it", "children",
              {{"residents", "常住人口"}, {"@age", ""}, {"@elderly", ""}, {"@sex", ""}}),
  };
  std::sort(rows.begin(), rows.end(),
            [](const ReportTemplateRow& a, const ReportTemplateRow& b) { return a.code < b.code; });
  return rows;
}

// The column axis of a template, parsed.
struct Columns {
  bool periods = false;           // the axis is periods (of the fill unit), else units
  std::string units;              // for units: "scope", "children" or a level name
  std::string relative;           // for periods: "months" or "quarters" inside the fill period
  std::vector<std::string> list;  // for periods: the periods given
};

StatusOr<Columns> ParseColumns(std::string_view text) {
  Columns c;
  constexpr std::string_view kPeriods = "periods:";
  if (!text.starts_with(kPeriods)) {
    if (text != "scope" && text != "children" && !core::ParseUnitLevel(text)) {
      return InvalidArgumentError("columns: \"" + std::string(text) +
                                  "\" must be scope, children, a level (street, community, ...) "
                                  "or periods:months|quarters|A..B|A,B,...");
    }
    c.units = std::string(text);
    return c;
  }
  c.periods = true;
  std::string_view rest = text.substr(kPeriods.size());
  if (rest == "months" || rest == "quarters") {
    c.relative = std::string(rest);
    return c;
  }
  if (rest.empty()) return InvalidArgumentError("columns: periods: names no period");
  std::optional<PeriodKind> kind;
  auto add = [&](const Period& p) -> Status {
    if (kind && *kind != p.kind) {
      return InvalidArgumentError("columns: periods of mixed kinds");
    }
    kind = p.kind;
    c.list.push_back(FormatPeriod(p));
    return OkStatus();
  };
  size_t start = 0;
  while (start <= rest.size()) {
    size_t comma = rest.find(',', start);
    std::string_view part = rest.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    StatusOr<std::vector<Period>> range = ParsePeriodRange(part);
    if (!range.ok()) return range.status().WithContext("columns");
    for (const Period& p : *range) ALLEY_RETURN_IF_ERROR(add(p));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (c.list.size() > 1000) return InvalidArgumentError("columns: more than 1000 periods");
  return c;
}

// The periods of kind `kind` inside `outer`, in order.
StatusOr<std::vector<std::string>> PeriodsInside(const Period& outer, PeriodKind kind) {
  if (!CanEnclose(outer.kind, kind) || outer.kind == kind) {
    return InvalidArgumentError("period " + FormatPeriod(outer) + " holds no " +
                                std::string(PeriodKindName(kind)) + "s");
  }
  std::vector<std::string> out;
  Period p = Enclosing(MakeDay(FirstDay(outer)), kind);
  while (Contains(outer, p)) {
    out.push_back(FormatPeriod(p));
    p = Next(p);
  }
  return out;
}

struct Definitions {
  std::map<std::string, store::IndicatorElementRow, std::less<>> elements;
  std::map<std::string, store::IndicatorRow, std::less<>> indicators;
};

StatusOr<Definitions> LoadDefinitions(store::Reader& r) {
  Definitions d;
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorElementRow> elements,
                         store::ListIndicatorElements(r));
  for (auto& e : elements) d.elements.emplace(e.code, std::move(e));
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
  for (auto& i : indicators) d.indicators.emplace(i.code, std::move(i));
  return d;
}

// The entered elements `code`'s formula reads in its own period, through
// the indicators it reads, in order of first reading.
void EnteredInputs(const Definitions& d, const std::string& code, std::set<std::string>& seen,
                   std::vector<std::string>& out) {
  if (!seen.insert(code).second) return;
  auto e = d.elements.find(code);
  if (e != d.elements.end()) {
    if (e->second.source == "entered") out.push_back(code);
    return;
  }
  auto i = d.indicators.find(code);
  if (i == d.indicators.end()) return;
  StatusOr<Formula> f = ParseFormula(i->second.formula);
  if (!f.ok()) return;  // EvaluateIndicators reports it
  for (const Reference& ref : f->References()) {
    if (ref.kind == OffsetKind::kCurrent) EnteredInputs(d, ref.name, seen, out);
  }
}

// The (element, unit, period) keys entered for the template's own cells.
using Key = std::tuple<std::string, std::string, std::string>;

}  // namespace

std::span<const ReportTemplateRow> BuiltinReportTemplates() {
  static const std::vector<ReportTemplateRow>* const kRows =
      new std::vector<ReportTemplateRow>(MakeBuiltins());
  return *kRows;
}

Status EnsureReportTemplates(store::Store& store) {
  ALLEY_RETURN_IF_ERROR(EnsureCatalogue(store));
  return store.Write([](store::Writer& w) -> Status {
    for (const ReportTemplateRow& t : BuiltinReportTemplates()) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<ReportTemplateRow> there,
                             store::GetReportTemplate(w, t.code));
      if (!there) ALLEY_RETURN_IF_ERROR(store::PutReportTemplate(w, t));
    }
    return OkStatus();
  });
}

std::vector<std::string> ExpandBreakdown(std::string_view item) {
  if (item == "@age") return {"children_0_14", "residents_15_59", "residents_60_plus"};
  if (item == "@elderly") return {"residents_60_plus", "residents_65_plus", "residents_80_plus"};
  if (item == "@children") return {"children_0_2", "children_3_5"};
  if (item == "@sex") return {"residents_male", "residents_female"};
  return {};
}

std::string_view CellSourceName(CellSource source) {
  switch (source) {
    case CellSource::kDerived:
      return "derived";
    case CellSource::kEntered:
      return "entered";
    case CellSource::kAggregated:
      return "aggregated";
    case CellSource::kComputed:
      return "computed";
    case CellSource::kToEnter:
      return "to_enter";
    case CellSource::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

std::optional<double> ReportBurden::FilledShare() const {
  if (cells == 0) return std::nullopt;
  return static_cast<double>(Filled()) / static_cast<double>(cells);
}

ReportBurden& ReportBurden::operator+=(const ReportBurden& other) {
  cells += other.cells;
  derived += other.derived;
  entered += other.entered;
  aggregated += other.aggregated;
  computed += other.computed;
  to_enter += other.to_enter;
  unavailable += other.unavailable;
  return *this;
}

Status DefineReportTemplate(store::Store& store, ReportTemplateRow row) {
  if (!IsCode(row.code)) {
    return InvalidArgumentError("field code: \"" + row.code +
                                "\" must be [a-z][a-z0-9_.]*, at most 64 characters");
  }
  if (row.name.empty()) return InvalidArgumentError("field name: must not be empty");
  if (StatusOr<Columns> columns = ParseColumns(row.columns); !columns.ok()) {
    return InvalidArgumentError("field " + columns.status().message());
  }
  if (row.rows.empty()) return InvalidArgumentError("field rows: a template needs a row");
  if (row.rows.size() > 500) return InvalidArgumentError("field rows: more than 500 rows");
  if (!row.layout.empty() && !json::accept(row.layout)) {
    return InvalidArgumentError("field layout: not JSON");
  }
  row.builtin = false;
  ALLEY_RETURN_IF_ERROR(EnsureCatalogue(store));
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, LoadDefinitions(w));
    for (size_t i = 0; i < row.rows.size(); ++i) {
      const std::string& item = row.rows[i].item;
      if (!ExpandBreakdown(item).empty() || d.elements.contains(item) ||
          d.indicators.contains(item)) {
        continue;
      }
      return InvalidArgumentError("rows[" + std::to_string(i) +
                                  "]: unknown indicator or data element " + item);
    }
    return store::PutReportTemplate(w, row);
  });
}

StatusOr<ReportTemplateRow> ParseReportTemplateJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgumentError("template: not a JSON object");
  }
  ReportTemplateRow row;
  auto text_field = [&](const char* name, std::string& out, bool required) -> Status {
    auto it = doc.find(name);
    if (it == doc.end()) {
      return required ? InvalidArgumentError(std::string("field ") + name + ": missing")
                      : OkStatus();
    }
    if (!it->is_string()) return InvalidArgumentError(std::string("field ") + name + ": not text");
    out = it->get<std::string>();
    return OkStatus();
  };
  ALLEY_RETURN_IF_ERROR(text_field("code", row.code, true));
  ALLEY_RETURN_IF_ERROR(text_field("name", row.name, true));
  ALLEY_RETURN_IF_ERROR(text_field("office", row.office, false));
  ALLEY_RETURN_IF_ERROR(text_field("description", row.description, false));
  ALLEY_RETURN_IF_ERROR(text_field("columns", row.columns, true));
  if (auto it = doc.find("layout"); it != doc.end() && !it->is_null()) row.layout = it->dump();
  auto rows = doc.find("rows");
  if (rows == doc.end() || !rows->is_array()) {
    return InvalidArgumentError("field rows: missing or not a list");
  }
  for (size_t i = 0; i < rows->size(); ++i) {
    const json& r = (*rows)[i];
    std::string at = "rows[" + std::to_string(i) + "]";
    if (r.is_string()) {
      row.rows.push_back({r.get<std::string>(), ""});
    } else if (r.is_object() && r.contains("item") && r["item"].is_string() &&
               (!r.contains("label") || r["label"].is_string())) {
      row.rows.push_back({r["item"].get<std::string>(), r.value("label", std::string())});
    } else {
      return InvalidArgumentError(at + ": must be a code or {\"item\", \"label\"}");
    }
  }
  return row;
}

StatusOr<FilledReport> FillReport(store::Store& store, const core::Hierarchy& hierarchy,
                                  std::string_view code, std::string_view unit_code,
                                  std::string_view period, services::Instant as_of) {
  ALLEY_RETURN_IF_ERROR(EnsureReportTemplates(store));
  FilledReport out;
  Definitions d;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ReportTemplateRow> t, store::GetReportTemplate(r, code));
    if (!t) return NotFoundError("report template " + std::string(code));
    out.report = std::move(*t);
    ALLEY_ASSIGN_OR_RETURN(d, LoadDefinitions(r));
    return OkStatus();
  }));
  ALLEY_ASSIGN_OR_RETURN(Period fill_period, ParsePeriod(period));
  out.unit_code = std::string(unit_code);
  out.period = FormatPeriod(fill_period);
  ALLEY_ASSIGN_OR_RETURN(Columns axis, ParseColumns(out.report.columns));

  // The rows, breakdowns expanded; then the entered inputs of the indicators
  // among them, asked in the same call so that a missing figure can say what
  // is to enter.
  std::vector<std::string> codes;
  for (const ReportRowRow& row : out.report.rows) {
    std::vector<std::string> expanded = ExpandBreakdown(row.item);
    if (expanded.empty()) {
      codes.push_back(row.item);
      out.rows.push_back({row.item, row.label, "", ""});
    } else {
      for (std::string& e : expanded) {
        codes.push_back(e);
        out.rows.push_back({std::move(e), "", "", ""});
      }
    }
  }
  const size_t visible = codes.size();
  std::map<std::string, size_t> code_index;
  for (size_t i = 0; i < codes.size(); ++i) code_index.emplace(codes[i], i);
  std::map<std::string, std::vector<std::string>> inputs;  // indicator -> entered elements
  for (size_t i = 0; i < visible; ++i) {
    if (!d.indicators.contains(codes[i])) continue;
    std::set<std::string> seen;
    std::vector<std::string> in;
    EnteredInputs(d, codes[i], seen, in);
    for (const std::string& e : in) {
      if (code_index.emplace(e, codes.size()).second) codes.push_back(e);
    }
    inputs[codes[i]] = std::move(in);
  }

  std::vector<std::string> periods;
  if (!axis.periods) {
    periods = {out.period};
  } else if (axis.relative == "months") {
    ALLEY_ASSIGN_OR_RETURN(periods, PeriodsInside(fill_period, PeriodKind::kMonth));
  } else if (axis.relative == "quarters") {
    ALLEY_ASSIGN_OR_RETURN(periods, PeriodsInside(fill_period, PeriodKind::kQuarter));
  } else {
    periods = axis.list;
  }
  ALLEY_ASSIGN_OR_RETURN(IndicatorQuery query,
                         MakeQuery(out.unit_code, codes, periods,
                                   axis.periods ? std::string_view("scope") : axis.units));
  ALLEY_ASSIGN_OR_RETURN(IndicatorTable table, EvaluateIndicators(store, hierarchy, query, as_of));
  if (!table.units.empty()) out.unit_name = table.units[0].name;

  // Which entered cells hold a value entered for that very unit and period.
  std::vector<std::string> entered_codes;
  for (const std::string& c : codes) {
    auto e = d.elements.find(c);
    if (e != d.elements.end() && e->second.source == "entered") entered_codes.push_back(c);
  }
  std::set<Key> own;
  if (!entered_codes.empty()) {
    ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) {
      return store::ScanIndicatorValues(r, entered_codes, out.unit_code, table.periods,
                                        [&](const store::IndicatorValueRow& v) {
                                          own.emplace(v.element, v.unit_code, v.period);
                                          return OkStatus();
                                        });
    }));
  }

  for (size_t r = 0; r < visible; ++r) {
    ReportRowHead& head = out.rows[r];
    const IndicatorColumn& column = table.columns[r];
    if (head.label.empty()) head.label = column.name;
    head.measure = column.measure;
    head.kind = column.kind;
  }
  // Columns: units × periods with one of them of size 1.
  for (size_t u = 0; u < table.units.size(); ++u) {
    for (size_t p = 0; p < table.periods.size(); ++p) {
      out.columns.push_back({axis.periods ? table.periods[p] : table.units[u].name,
                             table.units[u].code, table.periods[p]});
    }
  }
  auto entered_by = [&](const std::string& element) {
    auto e = d.elements.find(element);
    return e == d.elements.end() ? std::string() : e->second.entered_by;
  };
  out.cells.resize(visible * out.columns.size());
  for (size_t r = 0; r < visible; ++r) {
    const std::string& kind = out.rows[r].kind;
    for (size_t u = 0; u < table.units.size(); ++u) {
      for (size_t p = 0; p < table.periods.size(); ++p) {
        size_t col = u * table.periods.size() + p;
        const IndicatorCell& in = table.At(u, p, r);
        ReportCell& cell = out.cells[r * out.columns.size() + col];
        cell.value = in.value;
        cell.reporting = in.reporting;
        const std::string& unit = table.units[u].code;
        const std::string& per = table.periods[p];
        if (kind == "derived") {
          cell.source = in.value ? CellSource::kDerived : CellSource::kUnavailable;
        } else if (kind == "entered") {
          if (own.contains({out.rows[r].item, unit, per})) {
            cell.source = CellSource::kEntered;
          } else if (in.value) {
            cell.source = CellSource::kAggregated;
          } else {
            cell.source = CellSource::kToEnter;
            cell.to_enter.push_back({out.rows[r].item, unit, per, entered_by(out.rows[r].item)});
          }
        } else if (in.value) {
          cell.source = CellSource::kComputed;
        } else {
          for (const std::string& e : inputs[out.rows[r].item]) {
            if (!table.At(u, p, code_index.at(e)).value && !own.contains({e, unit, per})) {
              cell.to_enter.push_back({e, unit, per, entered_by(e)});
            }
          }
          cell.source = cell.to_enter.empty() ? CellSource::kUnavailable : CellSource::kToEnter;
        }
        ReportBurden& b = out.burden;
        ++b.cells;
        switch (cell.source) {
          case CellSource::kDerived:
            ++b.derived;
            break;
          case CellSource::kEntered:
            ++b.entered;
            break;
          case CellSource::kAggregated:
            ++b.aggregated;
            break;
          case CellSource::kComputed:
            ++b.computed;
            break;
          case CellSource::kToEnter:
            ++b.to_enter;
            break;
          case CellSource::kUnavailable:
            ++b.unavailable;
            break;
        }
      }
    }
  }
  return out;
}

json BurdenJson(const ReportBurden& b) {
  json share = nullptr;
  if (std::optional<double> s = b.FilledShare()) share = *s;
  return {{"cells", b.cells},       {"filled", b.Filled()},         {"derived", b.derived},
          {"entered", b.entered},   {"aggregated", b.aggregated},   {"computed", b.computed},
          {"to_enter", b.to_enter}, {"unavailable", b.unavailable}, {"filled_share", share}};
}

StatusOr<json> ReportBurdenJson(store::Store& store, const core::Hierarchy& hierarchy,
                                std::string_view unit_code, std::string_view period,
                                services::Instant as_of) {
  ALLEY_RETURN_IF_ERROR(EnsureReportTemplates(store));
  std::vector<ReportTemplateRow> templates;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(templates, store::ListReportTemplates(r));
    return OkStatus();
  }));
  json list = json::array();
  ReportBurden total;
  std::string period_text(period);
  for (const ReportTemplateRow& t : templates) {
    ALLEY_ASSIGN_OR_RETURN(FilledReport filled,
                           FillReport(store, hierarchy, t.code, unit_code, period, as_of));
    total += filled.burden;
    period_text = filled.period;
    list.push_back({{"code", t.code},
                    {"name", t.name},
                    {"office", t.office},
                    {"burden", BurdenJson(filled.burden)}});
  }
  return json{{"unit", std::string(unit_code)},
              {"period", period_text},
              {"templates", std::move(list)},
              {"total", BurdenJson(total)}};
}

json ReportTemplateJson(const ReportTemplateRow& row) {
  json rows = json::array();
  for (const ReportRowRow& r : row.rows) rows.push_back({{"item", r.item}, {"label", r.label}});
  json layout = nullptr;
  if (!row.layout.empty()) layout = json::parse(row.layout, nullptr, false);
  if (layout.is_discarded()) layout = nullptr;
  return {{"code", row.code},
          {"name", row.name},
          {"office", row.office},
          {"description", row.description},
          {"columns", row.columns},
          {"rows", std::move(rows)},
          {"layout", std::move(layout)},
          {"builtin", row.builtin}};
}

json FilledReportJson(const FilledReport& report) {
  json columns = json::array();
  for (const ReportColumnHead& c : report.columns) {
    columns.push_back({{"label", c.label}, {"unit", c.unit_code}, {"period", c.period}});
  }
  json rows = json::array();
  for (size_t r = 0; r < report.rows.size(); ++r) {
    const ReportRowHead& head = report.rows[r];
    json cells = json::array();
    for (size_t c = 0; c < report.columns.size(); ++c) {
      const ReportCell& cell = report.At(r, c);
      json to_enter = json::array();
      for (const EntryNeeded& e : cell.to_enter) {
        to_enter.push_back({{"element", e.element},
                            {"unit", e.unit_code},
                            {"period", e.period},
                            {"entered_by", e.entered_by}});
      }
      json value = nullptr;
      if (cell.value) value = *cell.value;
      json reporting = nullptr;
      if (cell.reporting) reporting = *cell.reporting;
      cells.push_back({{"value", value},
                       {"source", CellSourceName(cell.source)},
                       {"reporting", reporting},
                       {"to_enter", std::move(to_enter)}});
    }
    rows.push_back({{"item", head.item},
                    {"label", head.label},
                    {"measure", head.measure},
                    {"kind", head.kind},
                    {"cells", std::move(cells)}});
  }
  return {{"template", ReportTemplateJson(report.report)},
          {"unit", report.unit_code},
          {"unit_name", report.unit_name},
          {"period", report.period},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)},
          {"burden", BurdenJson(report.burden)}};
}

}  // namespace alley::indicators
