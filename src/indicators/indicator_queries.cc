#include "indicators/indicator_queries.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/csv.h"
#include "core/division.h"
#include "core/text.h"
#include "indicators/distribution.h"
#include "indicators/elements.h"
#include "indicators/formula.h"
#include "indicators/period.h"

namespace alley::indicators {
namespace {

using nlohmann::json;

json Nullable(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  if (code[0] < 'a' || code[0] > 'z') return false;
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// The stored definitions, read in one transaction.
struct Definitions {
  std::vector<store::IndicatorElementRow> elements;
  std::vector<store::IndicatorRow> indicators;
  std::vector<store::IndicatorRuleRow> rules;

  bool IsElement(std::string_view code) const {
    for (const auto& e : elements) {
      if (e.code == code) return true;
    }
    return false;
  }
  bool IsIndicator(std::string_view code) const {
    for (const auto& i : indicators) {
      if (i.code == code) return true;
    }
    return false;
  }
};

StatusOr<Definitions> ReadDefinitions(store::Reader& r) {
  Definitions d;
  ALLEY_ASSIGN_OR_RETURN(d.elements, store::ListIndicatorElements(r));
  ALLEY_ASSIGN_OR_RETURN(d.indicators, store::ListIndicators(r));
  ALLEY_ASSIGN_OR_RETURN(d.rules, store::ListIndicatorRules(r));
  return d;
}

// Parses `text` as the formula of field `field` and checks that it names
// only elements and indicators of `d` (and `self`, for a cycle check).
StatusOr<Formula> CheckFormula(std::string_view field, std::string_view text,
                               const Definitions& d) {
  StatusOr<Formula> f = ParseFormula(text);
  if (!f.ok()) return f.status().WithContext("field " + std::string(field));
  for (const Reference& ref : f->References()) {
    if (!d.IsElement(ref.name) && !d.IsIndicator(ref.name)) {
      return InvalidArgumentError("field " + std::string(field) + ": unknown name " + ref.name +
                                  " (neither an indicator nor a data element)");
    }
  }
  return f;
}

bool Reads(const Formula& f, std::string_view name) {
  for (const Reference& ref : f.References()) {
    if (ref.name == name) return true;
  }
  return false;
}

json ElementJson(const store::IndicatorElementRow& e) {
  return {{"code", e.code},
          {"name", e.name},
          {"measure", e.measure},
          {"aggregation", e.aggregation},
          {"weight", e.weight},
          {"source", e.source},
          {"description", e.description},
          {"entered_by", e.entered_by},
          {"builtin", e.builtin}};
}

json TargetJson(const store::IndicatorRow& i) {
  if (i.target_op.empty() || !i.target) return nullptr;
  return {{"op", i.target_op}, {"value", *i.target}, {"source", i.target_source}};
}

json IndicatorJson(const store::IndicatorRow& i) {
  return {{"code", i.code},       {"name", i.name},          {"formula", i.formula},
          {"measure", i.measure}, {"target", TargetJson(i)}, {"description", i.description},
          {"builtin", i.builtin}};
}

json RuleJson(const store::IndicatorRuleRow& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"condition", r.condition},
          {"description", r.description},
          {"builtin", r.builtin}};
}

// Checks one value against the definitions and the units; `where` prefixes
// the error.
Status CheckValue(store::Reader& r, const Definitions& d, const ValueInput& v,
                  std::string_view within, std::string_view where) {
  const store::IndicatorElementRow* element = nullptr;
  for (const auto& e : d.elements) {
    if (e.code == v.element) element = &e;
  }
  if (element == nullptr) {
    return NotFoundError(fmt::format("{}element: no data element {}", where, v.element));
  }
  if (element->source == "derived") {
    return InvalidArgumentError(fmt::format(
        "{}element: {} is derived from the ledger; it is never entered", where, v.element));
  }
  StatusOr<Period> period = ParsePeriod(v.period);
  if (!period.ok()) return period.status().WithContext(std::string(where) + "period");
  if (v.value && !std::isfinite(*v.value)) {
    return InvalidArgumentError(fmt::format("{}value: not a finite number", where));
  }
  ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, r.FindUnit(v.unit_code));
  if (!unit) return NotFoundError(fmt::format("{}unit: no unit {}", where, v.unit_code));
  if (!core::IsCodePrefixAncestor(within, v.unit_code)) {
    return PermissionDeniedError(
        fmt::format("{}unit: {} is outside your unit {}", where, v.unit_code, within));
  }
  return OkStatus();
}

Status StoreValues(store::Store& store, const std::vector<ValueInput>& values,
                   std::string_view entered_by, std::string_view source, int64_t now) {
  std::vector<store::IndicatorValueRow> rows;
  rows.reserve(values.size());
  for (const ValueInput& v : values) {
    store::IndicatorValueRow row;
    row.element = v.element;
    row.unit_code = v.unit_code;
    row.period = FormatPeriod(*ParsePeriod(v.period));
    row.value = v.value;
    row.entered_by = std::string(entered_by);
    row.entered_at = now;
    row.source = std::string(source);
    rows.push_back(std::move(row));
  }
  return store.Write([&](store::Writer& w) { return store::PutIndicatorValues(w, rows); });
}

}  // namespace

Status EnsureCatalogue(store::Store& store) {
  // Read first: a database that has them all is not written to.
  size_t stored = 0;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(r));
    std::set<std::string> have;
    for (const auto& e : d.elements) have.insert(e.code);
    for (const auto& i : d.indicators) have.insert(i.code);
    for (const auto& x : d.rules) have.insert("rule " + x.code);
    for (const auto& e : BuiltinElements())
      if (have.contains(e.code)) ++stored;
    for (const auto& i : BuiltinIndicators())
      if (have.contains(i.code)) ++stored;
    for (const auto& x : BuiltinRules())
      if (have.contains("rule " + x.code)) ++stored;
    return OkStatus();
  }));
  if (stored == BuiltinElements().size() + BuiltinIndicators().size() + BuiltinRules().size()) {
    return OkStatus();
  }
  return store.Write([](store::Writer& w) { return SeedCatalogue(w).status(); });
}

StatusOr<json> CatalogueJson(store::Store& store) {
  json out;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(r));
    json elements = json::array();
    for (const auto& e : d.elements) elements.push_back(ElementJson(e));
    json indicators = json::array();
    for (const auto& i : d.indicators) indicators.push_back(IndicatorJson(i));
    json rules = json::array();
    for (const auto& x : d.rules) rules.push_back(RuleJson(x));
    out = {{"elements", elements}, {"indicators", indicators}, {"rules", rules}};
    return OkStatus();
  }));
  return out;
}

Status DefineElement(store::Store& store, store::IndicatorElementRow row) {
  if (!IsCode(row.code)) {
    return InvalidArgumentError("field code: \"" + row.code +
                                "\" must be [a-z][a-z0-9_.]*, at most 64 characters");
  }
  if (row.name.empty()) return InvalidArgumentError("field name: empty");
  static const std::set<std::string> kRules = {"sum", "average", "last", "max", "min"};
  if (!kRules.contains(row.aggregation)) {
    return InvalidArgumentError("field aggregation: \"" + row.aggregation +
                                "\" must be sum, average, last, max or min");
  }
  if (!row.weight.empty() && row.aggregation != "average") {
    return InvalidArgumentError("field weight: only an average is weighted");
  }
  if (row.source.empty()) row.source = "entered";
  if (row.source != "entered") {
    return InvalidArgumentError(
        "field source: only entered elements can be defined; the "
        "derived ones are Alley's own");
  }
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(w));
    if (d.IsIndicator(row.code)) {
      return AlreadyExistsError("field code: " + row.code + " is an indicator");
    }
    for (const auto& e : d.elements) {
      if (e.code == row.code && e.source == "derived") {
        return AlreadyExistsError("field code: " + row.code + " is a derived element");
      }
    }
    if (!row.weight.empty() && !d.IsElement(row.weight)) {
      return InvalidArgumentError("field weight: no data element " + row.weight);
    }
    if (row.weight == row.code) return InvalidArgumentError("field weight: an element's own");
    return store::PutIndicatorElement(w, row);
  });
}

Status DefineIndicator(store::Store& store, store::IndicatorRow row) {
  if (!IsCode(row.code)) {
    return InvalidArgumentError("field code: \"" + row.code +
                                "\" must be [a-z][a-z0-9_.]*, at most 64 characters");
  }
  if (row.name.empty()) return InvalidArgumentError("field name: empty");
  static const std::set<std::string> kOps = {">=", ">", "<=", "<", "=="};
  if (!row.target_op.empty() && !kOps.contains(row.target_op)) {
    return InvalidArgumentError("field target: operator \"" + row.target_op +
                                "\" must be >=, >, <=, < or ==");
  }
  if (row.target_op.empty() != !row.target.has_value()) {
    return InvalidArgumentError("field target: give both the operator and the value");
  }
  if (row.target && !std::isfinite(*row.target)) {
    return InvalidArgumentError("field target: not a finite number");
  }
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(w));
    if (d.IsElement(row.code)) {
      return AlreadyExistsError("field code: " + row.code + " is a data element");
    }
    // The new formula may name itself: that is a cycle, found below.
    store::IndicatorRow self;
    self.code = row.code;
    d.indicators.push_back(self);
    ALLEY_ASSIGN_OR_RETURN(Formula f, CheckFormula("formula", row.formula, d));
    std::map<std::string, Formula, std::less<>> formulas;
    for (const auto& i : d.indicators) {
      if (i.code == row.code) continue;
      StatusOr<Formula> other = ParseFormula(i.formula);
      if (other.ok()) formulas.emplace(i.code, std::move(*other));
    }
    formulas.insert_or_assign(row.code, std::move(f));
    std::vector<std::string> cycle = FindCycle(formulas);
    if (!cycle.empty()) {
      std::string path;
      for (const std::string& name : cycle) path += (path.empty() ? "" : " -> ") + name;
      return InvalidArgumentError("field formula: indicators " + path +
                                  " would refer to each "
                                  "other");
    }
    row.formula = FormatFormula(formulas.at(row.code));
    return store::PutIndicator(w, row);
  });
}

Status DefineRule(store::Store& store, store::IndicatorRuleRow row) {
  if (!IsCode(row.code)) {
    return InvalidArgumentError("field code: \"" + row.code +
                                "\" must be [a-z][a-z0-9_.]*, at most 64 characters");
  }
  if (row.name.empty()) return InvalidArgumentError("field name: empty");
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(w));
    ALLEY_ASSIGN_OR_RETURN(Formula f, CheckFormula("condition", row.condition, d));
    row.condition = FormatFormula(f);
    return store::PutIndicatorRule(w, row);
  });
}

Status RemoveDefinition(store::Store& store, std::string_view code) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(w));
    // Whatever reads `code` keeps it.
    for (const auto& i : d.indicators) {
      StatusOr<Formula> f = ParseFormula(i.formula);
      if (i.code != code && f.ok() && Reads(*f, code)) {
        return FailedPreconditionError(std::string(code) + " is read by indicator " + i.code);
      }
    }
    for (const auto& x : d.rules) {
      StatusOr<Formula> f = ParseFormula(x.condition);
      if (f.ok() && Reads(*f, code)) {
        return FailedPreconditionError(std::string(code) + " is read by rule " + x.code);
      }
    }
    for (const auto& e : d.elements) {
      if (e.weight == code) {
        return FailedPreconditionError(std::string(code) + " weighs data element " + e.code);
      }
    }
    ALLEY_ASSIGN_OR_RETURN(bool removed, store::DeleteIndicator(w, code));
    if (removed) return OkStatus();
    ALLEY_ASSIGN_OR_RETURN(removed, store::DeleteIndicatorRule(w, code));
    if (removed) return OkStatus();
    ALLEY_ASSIGN_OR_RETURN(removed, store::DeleteIndicatorElement(w, code));
    if (removed) return OkStatus();
    return NotFoundError("no indicator, data element or rule " + std::string(code));
  });
}

Status EnterValues(store::Store& store, const std::vector<ValueInput>& values,
                   std::string_view within, std::string_view entered_by, std::string_view source,
                   int64_t now) {
  if (values.empty()) return InvalidArgumentError("values: none given");
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(r));
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string where =
          values.size() == 1 ? std::string() : "values[" + std::to_string(i) + "].";
      ALLEY_RETURN_IF_ERROR(CheckValue(r, d, values[i], within, where));
    }
    return OkStatus();
  }));
  return StoreValues(store, values, entered_by, source, now);
}

StatusOr<ParsedValues> ParseValuesCsv(std::string_view text, std::string_view file) {
  core::CsvReader reader(text);
  core::CsvRecord record;
  auto file_error = [&](const Status& s) {
    return InvalidArgumentError(fmt::format("{}: {}", file, s.message()));
  };
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return file_error(has_header.status());
  if (!*has_header) return InvalidArgumentError(fmt::format("{}: the file is empty", file));
  static constexpr std::string_view kRequired[] = {"element", "unit", "period", "value"};
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, kRequired, {});
  if (!header.ok()) return file_error(header.status());
  ParsedValues parsed;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> seen;
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return file_error(more.status());
    if (!*more) break;
    Status width = header->CheckWidth(record);
    if (!width.ok()) return file_error(width);
    auto bad = [&](std::string_view column, std::string_view why) {
      return InvalidArgumentError(
          fmt::format("{}:{}: column {}: {}", file, record.line, column, why));
    };
    ValueInput v;
    v.element = core::TrimBlanks(header->Get(record, "element"));
    if (v.element.empty()) return bad("element", "empty");
    v.unit_code = core::TrimBlanks(header->Get(record, "unit"));
    if (v.unit_code.empty()) return bad("unit", "empty");
    v.period = core::TrimBlanks(header->Get(record, "period"));
    StatusOr<Period> period = ParsePeriod(v.period);
    if (!period.ok()) return bad("period", period.status().message());
    std::string_view value_text = core::TrimBlanks(header->Get(record, "value"));
    if (!value_text.empty()) {
      v.value = core::ParseFiniteNumber(value_text);
      if (!v.value) return bad("value", fmt::format("\"{}\" is not a number", value_text));
    } else {
      ++parsed.missing;
    }
    auto [it, inserted] =
        seen.emplace(std::make_tuple(v.element, v.unit_code, FormatPeriod(*period)), record.line);
    if (!inserted) {
      return bad("period", fmt::format("{} of {} in {} is also on line {}", v.element, v.unit_code,
                                       v.period, it->second));
    }
    parsed.values.push_back(std::move(v));
    parsed.lines.push_back(record.line);
  }
  if (parsed.values.empty()) {
    return InvalidArgumentError(fmt::format("{}: the file has no rows", file));
  }
  return parsed;
}

StatusOr<ValueImportResult> ImportValuesCsv(store::Store& store, std::string_view text,
                                            std::string_view file, std::string_view within,
                                            std::string_view entered_by, int64_t now) {
  ALLEY_ASSIGN_OR_RETURN(ParsedValues parsed, ParseValuesCsv(text, file));
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(Definitions d, ReadDefinitions(r));
    for (size_t i = 0; i < parsed.values.size(); ++i) {
      Status s = CheckValue(r, d, parsed.values[i], within, "column ");
      if (!s.ok()) {
        return Status(s.code(), fmt::format("{}:{}: {}", file, parsed.lines[i], s.message()));
      }
    }
    return OkStatus();
  }));
  ALLEY_RETURN_IF_ERROR(StoreValues(store, parsed.values, entered_by, file, now));
  ValueImportResult result;
  result.rows = static_cast<int64_t>(parsed.values.size());
  result.missing = parsed.missing;
  return result;
}

StatusOr<IndicatorQuery> MakeQuery(std::string scope, std::vector<std::string> codes,
                                   std::vector<std::string> periods, std::string_view units) {
  IndicatorQuery q;
  q.scope = std::move(scope);
  q.codes = std::move(codes);
  q.periods = std::move(periods);
  if (units.empty() || units == "children") {
    q.units = UnitSelection::kScopeAndChildren;
  } else if (units == "scope") {
    q.units = UnitSelection::kScope;
  } else if (std::optional<core::UnitLevel> level = core::ParseUnitLevel(units)) {
    q.units = UnitSelection::kLevel;
    q.level = *level;
  } else {
    return InvalidArgumentError("units: \"" + std::string(units) +
                                "\" must be scope, children or a level (street, community, ...)");
  }
  return q;
}

StatusOr<json> IndicatorTableJson(store::Store& store, const core::Hierarchy& hierarchy,
                                  const IndicatorQuery& query, services::Instant as_of) {
  ALLEY_ASSIGN_OR_RETURN(IndicatorTable t, EvaluateIndicators(store, hierarchy, query, as_of));
  std::map<std::string, json> targets;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
    for (const auto& i : indicators) targets[i.code] = TargetJson(i);
    return OkStatus();
  }));
  json columns = json::array();
  for (const IndicatorColumn& c : t.columns) {
    columns.push_back({{"code", c.code},
                       {"name", c.name},
                       {"measure", c.measure},
                       {"kind", c.kind},
                       {"formula", c.formula},
                       {"target", targets.contains(c.code) ? targets[c.code] : json(nullptr)}});
  }
  json rows = json::array();
  for (size_t u = 0; u < t.units.size(); ++u) {
    for (size_t p = 0; p < t.periods.size(); ++p) {
      json values = json::object();
      json reporting = json::object();
      json checks = json::object();
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const IndicatorCell& cell = t.At(u, p, c);
        values[cell.code] = Nullable(cell.value);
        if (cell.reporting) reporting[cell.code] = *cell.reporting;
        if (cell.target) checks[cell.code] = {{"met", cell.target->met}, {"gap", cell.target->gap}};
      }
      rows.push_back({{"unit", t.units[u].code},
                      {"name", t.units[u].name},
                      {"level", core::UnitLevelName(t.units[u].level)},
                      {"period", t.periods[p]},
                      {"values", values},
                      {"reporting", reporting},
                      {"targets", checks}});
    }
  }
  return json{{"scope", query.scope}, {"periods", t.periods}, {"columns", columns}, {"rows", rows}};
}

StatusOr<json> RuleCheckJson(store::Store& store, const core::Hierarchy& hierarchy,
                             const IndicatorQuery& query, const std::vector<std::string>& rules,
                             services::Instant as_of) {
  ALLEY_ASSIGN_OR_RETURN(RuleReport report, CheckRules(store, hierarchy, query, rules, as_of));
  json violations = json::array();
  for (const RuleViolation& v : report.violations) {
    json inputs = json::object();
    for (const auto& [name, value] : v.inputs) inputs[name] = Nullable(value);
    violations.push_back({{"rule", v.rule},
                          {"name", v.name},
                          {"condition", v.condition},
                          {"unit", v.unit_code},
                          {"unit_name", v.unit_name},
                          {"period", v.period},
                          {"inputs", inputs}});
  }
  return json{{"scope", query.scope},
              {"periods", query.periods},
              {"checked", report.checked},
              {"unchecked", report.unchecked},
              {"violations", violations}};
}

StatusOr<json> IndicatorDistributionJson(store::Store& store, const core::Hierarchy& hierarchy,
                                         IndicatorQuery query, const std::string& code,
                                         const std::string& weight, std::string_view group_by,
                                         services::Instant as_of) {
  if (query.periods.size() != 1 || query.periods[0].find("..") != std::string::npos) {
    return InvalidArgumentError("period: give exactly one period");
  }
  if (!group_by.empty() && group_by != "parent" && group_by != "settlement") {
    return InvalidArgumentError("group_by: \"" + std::string(group_by) +
                                "\" must be parent or settlement");
  }
  query.codes = {code};
  if (!weight.empty()) query.codes.push_back(weight);
  ALLEY_ASSIGN_OR_RETURN(IndicatorTable t, EvaluateIndicators(store, hierarchy, query, as_of));
  DistributionInput in;
  std::map<std::string, uint32_t> group_index;
  std::vector<std::string> unit_codes;
  // The scope itself is a total, not one of the units compared.
  const size_t first = query.units == UnitSelection::kScopeAndChildren ? 1 : 0;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    for (size_t u = first; u < t.units.size(); ++u) {
      const IndicatorCell& value = t.At(u, 0, 0);
      in.values.push_back(value.value.value_or(std::nan("")));
      if (!weight.empty()) in.weights.push_back(t.At(u, 0, 1).value.value_or(std::nan("")));
      unit_codes.push_back(t.units[u].code);
      if (group_by.empty()) continue;
      std::string group;
      if (group_by == "parent") {
        std::optional<core::UnitIndex> i = hierarchy.Find(t.units[u].code);
        group = i && hierarchy.Parent(*i).valid()
                    ? std::string(hierarchy.Code(hierarchy.Parent(*i)))
                    : "";
      } else {
        ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> row, r.FindUnit(t.units[u].code));
        group = row && !row->settlement.empty() ? row->settlement : "unknown";
      }
      auto [it, added] = group_index.emplace(group, static_cast<uint32_t>(in.group_names.size()));
      if (added) in.group_names.push_back(group);
      in.groups.push_back(it->second);
    }
    return OkStatus();
  }));
  ALLEY_ASSIGN_OR_RETURN(DistributionResult d, Distribution(in));
  json missing_units = json::array();
  for (size_t i = 0; i < unit_codes.size(); ++i) {
    const bool no_weight = !in.weights.empty() && std::isnan(in.weights[i]);
    if (std::isnan(in.values[i]) || no_weight) missing_units.push_back(unit_codes[i]);
  }
  json groups = json::array();
  for (const GroupFigures& g : d.groups) {
    groups.push_back({{"name", g.name},
                      {"weight", g.weight},
                      {"mean", Nullable(g.mean)},
                      {"theil_t", Nullable(g.theil_t)}});
  }
  return json{{"code", code},
              {"period", t.periods.empty() ? "" : t.periods[0]},
              {"weight_element", weight},
              {"group_by", group_by},
              {"units", d.units},
              {"missing", d.missing},
              {"weight", d.weight},
              {"mean", Nullable(d.mean)},
              {"bottom20_mean", Nullable(d.bottom20_mean)},
              {"top20_mean", Nullable(d.top20_mean)},
              {"quintile_ratio", Nullable(d.quintile_ratio)},
              {"gini", Nullable(d.gini)},
              {"theil_t", Nullable(d.theil_t)},
              {"theil_within", Nullable(d.theil_within)},
              {"theil_between", Nullable(d.theil_between)},
              {"groups", groups},
              {"missing_units", missing_units}};
}

}  // namespace alley::indicators
