// The JSON of the senior canteens and the visits, one form for the CLI's
// --json and the HTTP API (docs/http.md, "Senior canteens" and "Visits").
// Money is in yuan, as JSON numbers with at most two decimals (1275 fen is
// 12.75); dates are "YYYY-MM-DD"; a figure that is missing is null.
#pragma once

#include <nlohmann/json.hpp>

#include "services/canteen_service.h"
#include "services/visits_service.h"
#include "store/elderly_care_store.h"

namespace alley::services {

// The report of a period: the contract keys meals, revenue, cost, subsidy,
// subsidy_dependency, break_even_meals_per_day, and the rest of the figures,
// the costs, the groups and settings_changed.
nlohmann::json CanteenFinancesJson(const CanteenFinances& f);
nlohmann::json DinerGroupJson(const store::CanteenGroupRow& g);
nlohmann::json MealRowJson(const store::CanteenMealRow& m);
nlohmann::json CostRowJson(const store::CanteenCostRow& c);
nlohmann::json SubsidyRowJson(const store::CanteenSubsidyRow& s);

nlohmann::json VisitItemJson(const VisitItem& item);
nlohmann::json OverdueListJson(const OverdueList& list);

}  // namespace alley::services
