// Indicators as the CLI (`alley indicator ...`) and the API
// (/api/v1/indicators/...) use them: define elements, indicators and rules
// (checked before they are stored), enter and import values, and answer the
// tables and rule checks of evaluate.h as one JSON document each. The CLI's
// text forms are printed from the same documents.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/status.h"
#include "indicators/evaluate.h"
#include "services/concern_rates.h"
#include "store/indicator_store.h"
#include "store/store.h"

namespace alley::indicators {

// Writes the built-in catalogue's missing definitions (elements.h), so that a
// database of any age has them; cheap when they are there.
Status EnsureCatalogue(store::Store& store);

// {"elements":[...],"indicators":[...],"rules":[...]}: every definition, by code.
StatusOr<nlohmann::json> CatalogueJson(store::Store& store);

// Checks and stores a data element. kInvalidArgument naming the field: a
// code that is not [a-z][a-z0-9_.]* (at most 64), an empty name, an unknown
// aggregation, a weight on anything but an average, a weight that is not an
// element, a source other than "entered" (derived elements are Alley's own);
// kAlreadyExists for the code of an indicator.
Status DefineElement(store::Store& store, store::IndicatorElementRow row);

// Checks and stores an indicator: its formula must parse ("field formula:
// column 7: ..."), name only elements and indicators, and not make a cycle;
// a target needs an operator of >=, >, <=, <, ==; kAlreadyExists for the code
// of an element.
Status DefineIndicator(store::Store& store, store::IndicatorRow row);

// Checks and stores a validation rule (its condition as a formula).
Status DefineRule(store::Store& store, store::IndicatorRuleRow row);

// Removes the element, indicator or rule `code`; kNotFound when there is none,
// kFailedPrecondition for an element with values or one a formula reads.
Status RemoveDefinition(store::Store& store, std::string_view code);

// One value to enter, as a form or the API gives it.
struct ValueInput {
  std::string element;
  std::string unit_code;
  std::string period;
  std::optional<double> value;  // nullopt: entered as missing
};

// Checks every value (the element exists and is entered, not derived; the
// unit exists and lies in `within`; the period parses; the value is finite),
// then stores all of them in one transaction. Errors name the value's
// position ("values[2]: ...").
Status EnterValues(store::Store& store, const std::vector<ValueInput>& values,
                   std::string_view within, std::string_view entered_by, std::string_view source,
                   int64_t now);

// The rows of a values CSV (element, unit, period, value), each checked on
// its own (non-empty fields, a period that parses, a finite number or empty,
// no key twice), with the line each came from; errors are "FILE:LINE: column
// NAME: reason". Nothing is looked up: ImportValuesCsv checks the rest.
struct ParsedValues {
  std::vector<ValueInput> values;
  std::vector<int64_t> lines;
  int64_t missing = 0;
};
StatusOr<ParsedValues> ParseValuesCsv(std::string_view text, std::string_view file);

struct ValueImportResult {
  int64_t rows = 0;
  int64_t missing = 0;  // entered as missing (an empty value)
};

// Imports a CSV with the columns element, unit, period, value (an empty value
// is entered as missing). Every row is checked first; the first bad one is
// "FILE:LINE: column NAME: reason" and nothing is stored.
StatusOr<ValueImportResult> ImportValuesCsv(store::Store& store, std::string_view text,
                                            std::string_view file, std::string_view within,
                                            std::string_view entered_by, int64_t now);

// The table of EvaluateIndicators as
// {"scope","periods":[...],"columns":[{"code","name","measure","kind","formula",
//  "target":{"op","value","source"}|null}],
//  "rows":[{"unit","name","level","period","values":{code: v|null},
//           "reporting":{element: n},"targets":{code: {"met","gap"}}}]}.
StatusOr<nlohmann::json> IndicatorTableJson(store::Store& store, const core::Hierarchy& hierarchy,
                                            const IndicatorQuery& query, services::Instant as_of);

// CheckRules as {"scope","periods","checked","unchecked","violations":[{"rule","name",
// "condition","unit","unit_name","period","inputs":{name: v|null}}]}.
StatusOr<nlohmann::json> RuleCheckJson(store::Store& store, const core::Hierarchy& hierarchy,
                                       const IndicatorQuery& query,
                                       const std::vector<std::string>& rules,
                                       services::Instant as_of);

// How evenly indicator or element `code` is spread over the units of `query`
// (the scope left out when its children are asked) in its one period,
// weighted by element `weight` ("" = each unit weighs 1), with Theil's
// within/between split by `group_by`: "" (none), "parent" (each unit's
// parent) or "settlement" (urban or rural, for villages and communities).
// {"code","period","units","missing","weight","mean","bottom20_mean",
//  "top20_mean","quintile_ratio","gini","theil_t","theil_within",
//  "theil_between","groups":[{"name","weight","mean","theil_t"}],
//  "missing_units":[codes]}. kInvalidArgument for more than one period or an
// unknown group_by; EvaluateIndicators' errors otherwise.
StatusOr<nlohmann::json> IndicatorDistributionJson(store::Store& store,
                                                   const core::Hierarchy& hierarchy,
                                                   IndicatorQuery query, const std::string& code,
                                                   const std::string& weight,
                                                   std::string_view group_by,
                                                   services::Instant as_of);

// "scope" | "children" | a level name, as --units and ?units= take it.
StatusOr<IndicatorQuery> MakeQuery(std::string scope, std::vector<std::string> codes,
                                   std::vector<std::string> periods, std::string_view units);

}  // namespace alley::indicators
