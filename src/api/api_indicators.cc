// Indicators through the API (docs/http.md, "Indicators"): the catalogue of
// data elements, indicators and rules, the unit × period table with targets
// (the JSON of `alley indicator show --json`), the rule check, entering
// values, and defining an indicator.
//
// The figures are counts and rates per unit, never a person: reads leave no
// audit record; entering values and defining an indicator do. A unit named in
// the query or the body must lie in the caller's scope (403).
#include <string>
#include <vector>

#include "api/api.h"
#include "api/params.h"
#include "indicators/indicator_queries.h"
#include "registry/audit.h"

namespace alley::api {
namespace {

namespace audit = registry::audit;

// The most values one POST may enter (a form of a few hundred cells).
constexpr std::size_t kMaxValuesPerPost = 10000;

HttpResponse JsonAnswer(const nlohmann::json& doc, int status = 200) {
  HttpResponse res;
  res.status = status;
  res.SetJson(doc);
  return res;
}

// Every value of a repeatable parameter, each also split at commas
// ("codes=a,b&codes=c" is a, b, c); empty items are dropped.
std::vector<std::string> ListParam(const Call& call, std::string_view name) {
  std::vector<std::string> out;
  for (const std::string& text : call.req.QueryAll(name)) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      if (comma > start) out.push_back(text.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

// The query of the table and the check: unit (default the caller's, in
// scope), codes, period (required), units.
StatusOr<indicators::IndicatorQuery> QueryOf(const Call& call, bool with_codes) {
  const std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  std::vector<std::string> periods = ListParam(call, "period");
  if (periods.empty()) {
    return InvalidArgumentError(
        "parameter period: is required (2026, 2026Q3, 2026-07, or a range 2026-01..2026-06)");
  }
  StatusOr<indicators::IndicatorQuery> q = indicators::MakeQuery(
      unit, with_codes ? ListParam(call, "codes") : std::vector<std::string>{}, std::move(periods),
      QueryText(call, "units").value_or(""));
  if (!q.ok()) return InvalidArgumentError("parameter " + q.status().message());
  return q;
}

services::Instant InstantOf(const Call& call) {
  return std::chrono::floor<std::chrono::seconds>(call.now);
}

}  // namespace

Status Api::EnsureIndicatorCatalogue(store::Store& store) {
  if (catalogue_ensured_.load()) return OkStatus();
  ALLEY_RETURN_IF_ERROR(indicators::EnsureCatalogue(store));
  catalogue_ensured_.store(true);
  return OkStatus();
}

StatusOr<HttpResponse> Api::IndicatorCatalogue(Call& call) {
  ALLEY_RETURN_IF_ERROR(EnsureIndicatorCatalogue(call.store));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc, indicators::CatalogueJson(call.store));
  return JsonAnswer(doc);
}

StatusOr<HttpResponse> Api::IndicatorTable(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(indicators::IndicatorQuery q, QueryOf(call, true));
  ALLEY_RETURN_IF_ERROR(EnsureIndicatorCatalogue(call.store));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc, indicators::IndicatorTableJson(call.store, *hierarchy,
                                                                            q, InstantOf(call)));
  return JsonAnswer(doc);
}

StatusOr<HttpResponse> Api::IndicatorCheck(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(indicators::IndicatorQuery q, QueryOf(call, false));
  ALLEY_RETURN_IF_ERROR(EnsureIndicatorCatalogue(call.store));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc,
                         indicators::RuleCheckJson(call.store, *hierarchy, q,
                                                   ListParam(call, "rule"), InstantOf(call)));
  return JsonAnswer(doc);
}

StatusOr<HttpResponse> Api::EnterIndicatorValues(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(OnlyKnownFields(body, {"values"}));
  auto it = body.find("values");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return InvalidArgumentError("field values: is required (a non-empty array)");
  }
  if (it->size() > kMaxValuesPerPost) {
    return InvalidArgumentError("field values: at most " + std::to_string(kMaxValuesPerPost) +
                                " values a request");
  }
  std::vector<indicators::ValueInput> values;
  values.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& item = (*it)[i];
    const std::string where = "values[" + std::to_string(i) + "]";
    if (!item.is_object()) return InvalidArgumentError("field " + where + ": must be an object");
    StatusOr<indicators::ValueInput> v = [&]() -> StatusOr<indicators::ValueInput> {
      ALLEY_RETURN_IF_ERROR(OnlyKnownFields(item, {"element", "unit", "period", "value"}));
      indicators::ValueInput in;
      ALLEY_ASSIGN_OR_RETURN(in.element, RequiredString(item, "element"));
      ALLEY_ASSIGN_OR_RETURN(in.unit_code, RequiredString(item, "unit"));
      ALLEY_ASSIGN_OR_RETURN(in.period, RequiredString(item, "period"));
      if (!item.contains("value")) {
        return InvalidArgumentError("field value: is required (a number, or null for missing)");
      }
      ALLEY_ASSIGN_OR_RETURN(in.value, OptionalNumber(item, "value"));
      return in;
    }();
    if (!v.ok()) return v.status().WithContext(where);
    values.push_back(std::move(v).value());
  }
  ALLEY_RETURN_IF_ERROR(EnsureIndicatorCatalogue(call.store));
  ALLEY_RETURN_IF_ERROR(indicators::EnterValues(call.store, values, call.principal->unit_code,
                                                call.principal->username, "api",
                                                Seconds(call.now).time_since_epoch().count()));
  int64_t missing = 0;
  std::string detail;
  for (const indicators::ValueInput& v : values) {
    if (!v.value) ++missing;
    if (detail.size() < 512) {
      detail += (detail.empty() ? "" : "; ") + v.element + " " + v.unit_code + " " + v.period;
    }
  }
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kCreate, "indicator_value",
                                    audit::RecordCount(static_cast<int64_t>(values.size())), "",
                                    detail));
  return JsonAnswer({{"stored", values.size()}, {"missing", missing}}, 201);
}

StatusOr<HttpResponse> Api::DefineIndicator(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.req.body));
  ALLEY_RETURN_IF_ERROR(
      OnlyKnownFields(body, {"code", "name", "formula", "measure", "target", "description"}));
  store::IndicatorRow row;
  ALLEY_ASSIGN_OR_RETURN(row.code, RequiredString(body, "code"));
  ALLEY_ASSIGN_OR_RETURN(row.name, RequiredString(body, "name"));
  ALLEY_ASSIGN_OR_RETURN(row.formula, RequiredString(body, "formula"));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> measure, OptionalString(body, "measure"));
  row.measure = measure.value_or("");
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> description,
                         OptionalString(body, "description"));
  row.description = description.value_or("");
  if (auto t = body.find("target"); t != body.end() && !t->is_null()) {
    if (!t->is_object()) {
      return InvalidArgumentError("field target: must be an object {op, value, source} or null");
    }
    StatusOr<bool> target_ok = [&]() -> StatusOr<bool> {
      ALLEY_RETURN_IF_ERROR(OnlyKnownFields(*t, {"op", "value", "source"}));
      ALLEY_ASSIGN_OR_RETURN(row.target_op, RequiredString(*t, "op"));
      ALLEY_ASSIGN_OR_RETURN(row.target, OptionalNumber(*t, "value"));
      if (!row.target) return InvalidArgumentError("field value: is required (a number)");
      ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> source, OptionalString(*t, "source"));
      row.target_source = source.value_or("");
      return true;
    }();
    if (!target_ok.ok()) return target_ok.status().WithContext("target");
  }
  ALLEY_RETURN_IF_ERROR(EnsureIndicatorCatalogue(call.store));
  const std::string code = row.code;
  const std::string formula = row.formula;
  ALLEY_RETURN_IF_ERROR(indicators::DefineIndicator(call.store, std::move(row)));
  ALLEY_RETURN_IF_ERROR(AuditAction(call, audit::kCreate, "indicator", audit::RecordCount(1), "",
                                    code + " = " + formula));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json catalogue, indicators::CatalogueJson(call.store));
  for (const nlohmann::json& i : catalogue["indicators"]) {
    if (i.value("code", "") == code) return JsonAnswer(i, 201);
  }
  return InternalError("indicator " + code + " was stored but is not in the catalogue");
}

}  // namespace alley::api
