// The JSON of residents' concerns, the same for `alley concern ... --json`
// and the HTTP API (docs/http.md, "Concerns"): a concern with its deadlines
// and masked reporter, its events, the three rates, hot spots. Instants are
// UTC ISO 8601 ("2025-09-29T02:00:00Z"); rates are fractions 0-1, null when
// their denominator is 0.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "services/concerns.h"

namespace alley::services {

nlohmann::json ConcernJson(const store::ConcernRow& concern);
nlohmann::json ConcernEventJson(const store::ConcernEventRow& event);
nlohmann::json ConcernDetailJson(const ConcernDetail& detail);

// {"received", ..., "response_rate", "resolution_rate", "satisfaction_rate"}:
// the counts of ConcernCounts and the rates.
nlohmann::json ConcernRatesJson(const ConcernRates& rates);

nlohmann::json HotSpotJson(const HotSpot& spot);

// The categories with their bodies and time limits (normal urgency).
nlohmann::json ConcernCategoriesJson();

// A ConcernEvent from the fields of a request or the CLI: `event` is an
// event identifier (dispatch, accept, start, resolve, rate, reopen,
// transfer, escalate, close). kInvalidArgument naming the field.
StatusOr<ConcernEvent> ConcernEventFrom(std::string_view event, std::string_view to,
                                        std::string_view reason, std::string_view note,
                                        std::string_view rating, int level);

}  // namespace alley::services
