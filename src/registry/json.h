// The JSON forms of units and unit summaries that every interface shares: the
// CLI's `alley unit show --json` and the API's `GET /api/v1/units/{code}` answer
// the same keys (docs/cli.md, docs/http.md).
#pragma once

#include <nlohmann/json.hpp>

#include "registry/units.h"
#include "store/store.h"

namespace alley::registry {

// {"code", "name", "level", "parent", "synthetic", and "settlement" and
// "location" when known}.
nlohmann::json UnitJson(const store::UnitRow& unit);

// UnitJson plus "path", "path_codes", "children", "units_below", "residents",
// "households", "compounds", "by_age_band", "by_age_band_sex" ({"0-2":
// {"male": n, "female": n}, ...}), "by_sex", "by_tag",
// "by_employment", "facilities", "facility_capacity", "synthetic_residents",
// "as_of".
nlohmann::json SummaryJson(const UnitSummary& summary);

}  // namespace alley::registry
