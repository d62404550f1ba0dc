// Performance scorecards through the API (docs/http.md, "Scorecards"): the
// scorecards as data, and the units of a level inside a unit scored, ranked,
// with their trend (the JSON of `alley scorecard rank --json`).
//
// Scope: the unit whose units are ranked must lie inside the user's unit
// (403 otherwise), so every unit ranked does. The figures are aggregates per
// unit, no person: reads leave no audit record (docs/security.md).
#include <optional>
#include <string>

#include "api/api.h"
#include "api/params.h"
#include "core/division.h"
#include "indicators/scorecard.h"

namespace alley::api {

StatusOr<HttpResponse> Api::ListScorecards(Call& call) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<store::ScorecardRow> rows,
                         indicators::ListScorecardDefinitions(call.store));
  nlohmann::json out = nlohmann::json::array();
  for (const store::ScorecardRow& r : rows) out.push_back(indicators::ScorecardJson(r));
  HttpResponse res;
  res.SetJson({{"scorecards", out}});
  return res;
}

StatusOr<HttpResponse> Api::RankScorecard(Call& call) {
  indicators::RankQuery q;
  q.scorecard = call.params.at("code");
  q.scope = QueryText(call, "unit").value_or(call.principal->unit_code);
  ALLEY_RETURN_IF_ERROR(CheckUnitScope(call, q.scope));
  const std::string level = QueryText(call, "level").value_or("community");
  std::optional<core::UnitLevel> parsed = core::ParseUnitLevel(level);
  if (!parsed) return InvalidArgumentError("parameter level: unknown level \"" + level + "\"");
  q.level = *parsed;
  std::optional<std::string> period = QueryText(call, "period");
  if (!period || period->empty()) {
    return InvalidArgumentError("parameter period: is required (2026, 2026Q2, 2026-05 ...)");
  }
  q.period = *period;
  ALLEY_ASSIGN_OR_RETURN(std::shared_ptr<const core::Hierarchy> hierarchy,
                         CachedHierarchy(call.store));
  ALLEY_ASSIGN_OR_RETURN(indicators::ScorecardRanking ranking,
                         indicators::RankUnits(call.store, *hierarchy, q, Seconds(call.now)));
  HttpResponse res;
  res.SetJson(indicators::RankingJson(ranking));
  return res;
}

}  // namespace alley::api
