// Reports that fill themselves through the API (docs/http.md, "Reports"): the
// templates, one filled for a unit and period as JSON, CSV or XLSX, and the
// burden over every template. Figures per unit, no person: the unit must be
// inside the caller's own (403 otherwise); no audit record for reads
// (docs/security.md).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/api.h"
#include "api/params.h"
#include "indicators/reports.h"

namespace alley::api {
namespace {

HttpResponse JsonAnswer(const nlohmann::json& doc) {
  HttpResponse res;
  res.SetJson(doc);
  return res;
}

// The unit asked (the caller's own by default), checked against the scope.
StatusOr<std::string> ScopedUnit(const Call& call) {
  std::string unit = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, unit));
  return unit;
}

StatusOr<std::string> RequiredPeriod(const Call& call) {
  std::optional<std::string> period = QueryText(call, "period");
  if (!period || period->empty()) {
    return InvalidArgumentError("period: required (2026, 2026Q3, 2026-07, ...)");
  }
  return *period;
}

services::Instant AsOf(const Call& call) {
  return std::chrono::floor<std::chrono::seconds>(call.now);
}

}  // namespace

StatusOr<HttpResponse> Api::ReportTemplates(Call& call) {
  ALLEY_RETURN_IF_ERROR(indicators::EnsureReportTemplates(call.store));
  std::vector<store::ReportTemplateRow> all;
  ALLEY_RETURN_IF_ERROR(call.store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(all, store::ListReportTemplates(r));
    return OkStatus();
  }));
  nlohmann::json list = nlohmann::json::array();
  for (const store::ReportTemplateRow& t : all) list.push_back(indicators::ReportTemplateJson(t));
  return JsonAnswer({{"templates", std::move(list)}});
}

StatusOr<HttpResponse> Api::ReportFill(Call& call) {
  const std::string format = QueryText(call, "format").value_or("json");
  if (format != "json" && format != "csv" && format != "xlsx") {
    return InvalidArgumentError("format: \"" + format + "\" must be json, csv or xlsx");
  }
  ALLEY_ASSIGN_OR_RETURN(std::string unit, ScopedUnit(call));
  ALLEY_ASSIGN_OR_RETURN(std::string period, RequiredPeriod(call));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(indicators::FilledReport r,
                         indicators::FillReport(call.store, *hierarchy, call.params.at("code"),
                                                unit, period, AsOf(call)));
  if (format == "json") return JsonAnswer(indicators::FilledReportJson(r));
  HttpResponse res;
  // The code is [a-z0-9_.], the unit digits, the period [0-9QW-]: safe in a
  // quoted file name.
  const std::string name = r.report.code + "-" + r.unit_code + "-" + r.period + "." + format;
  if (format == "csv") {
    res.content_type = "text/csv; charset=utf-8";
    res.body = indicators::FilledReportCsv(r);
  } else {
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    ALLEY_ASSIGN_OR_RETURN(res.body, indicators::FilledReportXlsx(r));
  }
  res.SetHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return res;
}

StatusOr<HttpResponse> Api::ReportBurden(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::string unit, ScopedUnit(call));
  ALLEY_ASSIGN_OR_RETURN(std::string period, RequiredPeriod(call));
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc, indicators::ReportBurdenJson(
                                                 call.store, *hierarchy, unit, period, AsOf(call)));
  return JsonAnswer(doc);
}

}  // namespace alley::api
