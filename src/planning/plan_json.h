// The JSON of planning's answers, the same for the CLI (`alley plan run
// --json`) and the API (GET /api/v1/plan/run): docs/planning.md lists every
// key. Missing figures are null, never 0.
#pragma once

#include <nlohmann/json.hpp>

#include "planning/plan_run.h"

namespace alley::planning {

nlohmann::json PlanRunJson(const PlanRun& run);

// A home, facility or unit row of it, as in PlanRunJson.
nlohmann::json PlanHomeJson(const PlanRun& run, const PlanHome& home);

}  // namespace alley::planning
