// The schema steps kept beside the stores of the workflows (concerns_store.cc
// and the like), listed in order by SqliteMigrations (migrations.cc).
// Internal to src/store.
#pragma once

#include <string_view>

namespace alley::store {

extern const std::string_view kSchemaV4Concerns;     // concerns_store.cc
extern const std::string_view kSchemaV5ElderlyCare;  // elderly_care_store.cc
extern const std::string_view kSchemaV6Care;         // care_store.cc (and timebank_store.h)
extern const std::string_view kSchemaV7Childcare;    // childcare_store.cc
extern const std::string_view kSchemaV8Programmes;   // programmes_store.cc
extern const std::string_view kSchemaV9Planning;     // planning_store.cc
extern const std::string_view kSchemaV10Economy;     // economy_store.cc
extern const std::string_view kSchemaV11Indicators;  // indicator_store.cc
extern const std::string_view kSchemaV12Reports;     // report_store.cc
extern const std::string_view kSchemaV13Scorecards;  // scorecard_store.cc

}  // namespace alley::store
