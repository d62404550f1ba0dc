// The stored side of indicators (src/indicators): the data elements and their
// entered values per unit and period, the indicators (formulas over the
// elements, with their targets) and the validation rules. The rules of what a
// formula or a period is are indicators/'s; this file keeps the rows, with
// formulas and periods as the text the user wrote.
//
// A value is one number per (element, unit, period); a NULL value is one
// entered as missing (a form's "not known"), kept apart from a value never
// entered, which has no row at all. Storing a value for an existing key
// replaces it: the previous one is kept in the audit trail by the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// A data element (数据元): one number per unit and period.
struct IndicatorElementRow {
  std::string code;         // [a-z][a-z0-9_.]*, unique
  std::string name;         // 60岁及以上常住人口
  std::string measure;      // what one of it is: "person", "place", "yuan", "%"
  std::string aggregation;  // "sum" | "average" | "last" | "max" | "min"
  std::string weight;       // for "average": the element it is weighted by ("" = unweighted)
  std::string source;       // "entered" or "derived" (computed from the ledger)
  std::string description;
  std::string entered_by;  // who enters it when it is entered: a role or an office
  bool builtin = false;    // one of Alley's own definitions (indicators/elements.h)
};

// An indicator: a formula over elements, constants and other indicators.
struct IndicatorRow {
  std::string code;
  std::string name;
  std::string formula;  // as the user wrote it (indicators/formula.h)
  std::string measure;
  // The target or norm, when there is one: `target_op` one of ">=", ">", "<=",
  // "<", "==", and its value; `target_source` says where it comes from.
  std::string target_op;
  std::optional<double> target;
  std::string target_source;
  std::string description;
  bool builtin = false;
};

// A validation rule: a condition every unit's figures must meet.
struct IndicatorRuleRow {
  std::string code;
  std::string name;
  std::string condition;  // a formula that is true (non-zero) when the figures hold
  std::string description;
  bool builtin = false;
};

// One entered value.
struct IndicatorValueRow {
  std::string element;
  std::string unit_code;
  std::string period;           // indicators/period.h's text: 2024, 2024Q3, 2024-07, ...
  std::optional<double> value;  // nullopt: entered as missing
  std::string entered_by;
  int64_t entered_at = 0;  // seconds since the epoch (UTC)
  std::string source;      // "form", "api", a file name
};

// Inserts or replaces (by code) an element, an indicator, a rule.
Status PutIndicatorElement(Writer& w, const IndicatorElementRow& row);
Status PutIndicator(Writer& w, const IndicatorRow& row);
Status PutIndicatorRule(Writer& w, const IndicatorRuleRow& row);

// Every element, indicator, rule, by code.
StatusOr<std::vector<IndicatorElementRow>> ListIndicatorElements(Reader& r);
StatusOr<std::vector<IndicatorRow>> ListIndicators(Reader& r);
StatusOr<std::vector<IndicatorRuleRow>> ListIndicatorRules(Reader& r);

// Removes the one with `code`; answers whether there was one. An element
// that has values is kFailedPrecondition (remove its values first).
StatusOr<bool> DeleteIndicatorElement(Writer& w, std::string_view code);
StatusOr<bool> DeleteIndicator(Writer& w, std::string_view code);
StatusOr<bool> DeleteIndicatorRule(Writer& w, std::string_view code);

// Stores `rows`, each replacing the value of its key. The element and the
// unit must exist (kNotFound naming the row's position, "values[3]: ...").
Status PutIndicatorValues(Writer& w, std::span<const IndicatorValueRow> rows);

// Calls `fn` for every entered value of `elements` (all when empty) whose
// unit lies in `subtree_code`'s subtree and whose period is one of `periods`
// (all when empty), in no particular order. Stops early with fn's error.
Status ScanIndicatorValues(Reader& r, std::span<const std::string> elements,
                           std::string_view subtree_code, std::span<const std::string> periods,
                           const std::function<Status(const IndicatorValueRow&)>& fn);

// Removes the entered values of `element` in `subtree_code`'s subtree and
// `period` (every period when empty); answers how many were removed.
StatusOr<int64_t> DeleteIndicatorValues(Writer& w, std::string_view element,
                                        std::string_view subtree_code, std::string_view period);

}  // namespace alley::store
