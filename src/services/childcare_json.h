// The JSON of childcare, the same for `alley nursery ... --json` and the
// HTTP API (docs/http.md, "Childcare"): the class norms, a class with its
// counts and findings, an application with its child (ID number masked), an
// inspection with its scores, the oversight flags of a unit, the balance of
// places. Dates are YYYY-MM-DD; absent dates and ratios without a
// denominator are null.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "services/childcare.h"
#include "services/childcare_service.h"

namespace alley::services {

// {"norms": [{"type", "name", "min_age_months", "max_age_months", "max_children",
// "children_per_caregiver", "ratio", "source"}], "target_places_per_1000",
// "target_source", "checklist_pass_mark", "inspection_interval_months"}.
nlohmann::json ChildcareNormsJson();

// The version token of a class as an ETag: "\"n12v3\"" (quotes included).
std::string NurseryClassETag(const store::NurseryClassRow& row);

nlohmann::json NurseryClassJson(const NurseryClassView& view);
nlohmann::json NurseryEnrolmentJson(const NurseryEnrolmentItem& item);
nlohmann::json NurseryInspectionJson(const NurseryInspectionView& view);
nlohmann::json ChildcareFlagsJson(const ChildcareFlagReport& report);
nlohmann::json ChildcareBalanceJson(const ChildcareBalanceReport& report);

}  // namespace alley::services
