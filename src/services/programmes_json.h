// The JSON of enrolments, platform workers, their coverage and rest stations:
// one shape for `alley programme|platform ... --json` and the HTTP API
// (docs/http.md, docs/services.md), so that scripts and pages read the same
// keys. Dates are "YYYY-MM-DD"; shares are fractions 0..1, or null when there
// are no workers; ID numbers and phones are masked.
#pragma once

#include <nlohmann/json.hpp>

#include "services/enrolments.h"
#include "services/platform_service.h"
#include "services/platform_workers.h"

namespace alley::services {

// {"id", "resident_id", "resident_name", "id_number", "programme", "programme_name",
//  "group": "elderly" | "platform_worker", "unit", "unit_name", "community", "from",
//  "ended_on" (null while open), "open", "note", "end_reason", "synthetic"}
nlohmann::json EnrolmentJson(const Enrolment& e);

// {"resident_id", "name", "id_number", "phone", "sex", "age", "unit", "unit_name",
//  "community", "form", "insurance", "insured", "platforms": [{"key", "name"}],
//  "injury_protection", "injury_protection_since" (or null), "programmes": [...],
//  "version", "synthetic"}
nlohmann::json PlatformWorkerJson(const PlatformWorkerItem& w);

// {"workers", "by_form": [{"form", "name", "workers"}], "by_platform": [{"key", "name",
//  "workers"}], "platform_unknown", "by_insurance": [{"insurance", "name", "workers"}],
//  "by_programme": [{"programme", "name", "workers"}], "insured", "injury_protected",
//  "injury_unknown", "reached", "insured_share", "injury_protection_share",
//  "programme_reach_share"}
nlohmann::json PlatformSummaryJson(const PlatformWorkerSummary& s);

// PlatformSummaryJson of the total plus {"unit", "unit_name", "as_of", "units": [{"unit",
// "unit_name", ...summary}], "rest_stations": {"count", "capacity", "with_hours"}}.
nlohmann::json PlatformCoverageJson(const PlatformCoverage& c);

// {"facility_id", "name", "unit", "unit_name", "capacity", "hours" ("08:00-22:00" or
//  null), "minutes_open_per_day" (or null), "open_now" (at `now`, China Standard Time;
//  null without hours), "version", "synthetic"}
nlohmann::json RestStationJson(const RestStationItem& s, TimeOfDay now);

}  // namespace alley::services
