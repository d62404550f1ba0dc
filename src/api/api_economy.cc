// Regional economics through the API (docs/http.md, "Regional economics"):
// what is stored, each region's contribution to and pull on national growth
// (the JSON of `alley economy contribution --json`), a ranking with the top
// N's share, the distribution of a
// series over the regions, and the import of a long-form CSV.
//
// The figures are published statistics per region, not people: no unit scope
// applies and no audit record is written for reads (docs/security.md).
#include <chrono>
#include <optional>
#include <string>

#include "api/api.h"
#include "api/params.h"
#include "indicators/economy.h"
#include "indicators/economy_import.h"
#include "indicators/economy_queries.h"

namespace alley::api {
namespace {

// The most regions a top N may sum (there are 34 provincial-level regions).
constexpr int64_t kMaxTop = 1000;

HttpResponse JsonAnswer(const nlohmann::json& doc) {
  HttpResponse res;
  res.SetJson(doc);
  return res;
}

std::string Text(const Call& call, std::string_view name) {
  return QueryText(call, name).value_or("");
}

}  // namespace

StatusOr<HttpResponse> Api::EconomySeries(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(nlohmann::json doc, indicators::EconomySeries(call.store));
  return JsonAnswer(doc);
}

StatusOr<HttpResponse> Api::EconomyContribution(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t top, QueryInt(call, "top", indicators::kDefaultTop, 1, kMaxTop));
  StatusOr<nlohmann::json> doc =
      indicators::EconomyContribution(call.store, Text(call, "series"), Text(call, "growth"),
                                      Text(call, "period"), static_cast<int>(top));
  if (!doc.ok()) return doc.status();
  return JsonAnswer(*doc);
}

StatusOr<HttpResponse> Api::EconomyRanking(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(int64_t top, QueryInt(call, "top", indicators::kDefaultTop, 1, kMaxTop));
  StatusOr<nlohmann::json> doc = indicators::EconomyRanking(
      call.store, Text(call, "series"), Text(call, "period"), static_cast<int>(top));
  if (!doc.ok()) return doc.status();
  return JsonAnswer(*doc);
}

StatusOr<HttpResponse> Api::EconomyDistribution(Call& call) {
  StatusOr<nlohmann::json> doc = indicators::EconomyDistribution(
      call.store, Text(call, "series"), Text(call, "period"), Text(call, "weights"),
      Text(call, "urban"), Text(call, "rural"));
  if (!doc.ok()) return doc.status();
  return JsonAnswer(*doc);
}

StatusOr<HttpResponse> Api::EconomyImport(Call& call) {
  const std::string_view type = call.req.Header("content-type").value_or("");
  if (!type.starts_with("text/csv")) {
    return InvalidArgumentError("content-type: expected text/csv, got \"" + std::string(type) +
                                "\"");
  }
  const std::string file = QueryText(call, "file").value_or("upload.csv");
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(call.now.time_since_epoch()).count();
  ALLEY_ASSIGN_OR_RETURN(indicators::EconomyImportResult r,
                         indicators::ImportEconomyCsv(call.store, call.req.body, file, now));
  HttpResponse res;
  res.status = 201;
  res.SetJson({{"rows", r.rows},
               {"missing", r.missing},
               {"series", r.series},
               {"regions", r.regions},
               {"unresolved", r.unresolved}});
  return res;
}

}  // namespace alley::api
