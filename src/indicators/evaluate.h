// Indicators for any unit and period, from what is stored: the entered values
// and the elements derived from the ledger, aggregated up the hierarchy
// (aggregate.h) and put through the formulas (formula.h), with each figure's
// target and gap and the validation rules' violations.
//
//   IndicatorQuery q{.scope = "320706006", .codes = {"nursery_places_per_1000"},
//                    .periods = {"2026"}, .units = UnitSelection::kScopeAndChildren};
//   ALLEY_ASSIGN_OR_RETURN(IndicatorTable t, EvaluateIndicators(store, hierarchy, q, now));
//   t.cells[0].value  // the street's places per 1,000 residents in 2026, or nullopt
//
// Where a figure comes from, for a data element at a unit and period:
//   - a derived element (elements.h) is computed from the ledger for the
//     period itself (stocks on its last day, flows over it);
//   - an entered element is the value entered for the unit and period; a
//     unit with no value of its own gets the aggregate, by the element's rule,
//     of what was entered below it; a period with no value of its own gets the
//     aggregate of the values of the finer periods inside it (months in a
//     quarter). A value entered for a unit or a period replaces the
//     aggregate of what lies below it, never adds to it.
// An indicator is its formula over those figures; references to other
// indicators are evaluated first, and prev()/last_year() read the same unit
// in the earlier period. A missing input gives a missing figure, never 0.
//
// Thread safety: reads the store through its own transactions; the
// hierarchy is only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/division.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "services/concern_rates.h"
#include "store/store.h"

namespace alley::indicators {

// Which units a query answers for.
enum class UnitSelection {
  kScope,             // the scope unit alone
  kScopeAndChildren,  // the scope, then its direct children
  kLevel,             // the units of `level` inside the scope
};

struct IndicatorQuery {
  std::string scope;                 // a unit's code
  std::vector<std::string> codes;    // indicators or data elements; empty: every indicator
  std::vector<std::string> periods;  // ParsePeriod text, one kind
  UnitSelection units = UnitSelection::kScopeAndChildren;
  core::UnitLevel level = core::UnitLevel::kCommunity;  // for kLevel
};

// How a figure stands against its indicator's target.
struct TargetCheck {
  std::string op;  // ">=", ">", "<=", "<", "=="
  double target = 0;
  bool met = false;
  // How far the figure is from meeting the target, in the indicator's
  // measure: target - value for >= and >, value - target for <= and <,
  // |value - target| for ==; 0 when met.
  double gap = 0;
};

struct IndicatorCell {
  std::string code;  // the indicator or data element
  std::string unit_code;
  std::string period;
  std::optional<double> value;
  // For a data element: how many values went into the figure (aggregate.h's
  // reporting count); for an indicator: nullopt.
  std::optional<int32_t> reporting;
  std::optional<TargetCheck> target;  // when the indicator has a target and a value
};

struct IndicatorColumn {
  std::string code;
  std::string name;
  std::string measure;
  std::string kind;  // "indicator", "entered" or "derived"
  std::string formula;
};

struct IndicatorUnit {
  std::string code;
  std::string name;
  core::UnitLevel level = core::UnitLevel::kNation;
};

// The answer: cells in the order units × periods × codes.
struct IndicatorTable {
  std::vector<IndicatorColumn> columns;  // the codes asked, in order
  std::vector<IndicatorUnit> units;      // the units answered, scope first, in preorder
  std::vector<std::string> periods;      // as asked, in the text FormatPeriod writes
  std::vector<IndicatorCell> cells;
  // The cell of (unit u, period p, code c), indexes into the vectors above.
  const IndicatorCell& At(size_t u, size_t p, size_t c) const {
    return cells[(u * periods.size() + p) * columns.size() + c];
  }
};

// Errors: kNotFound for an unknown scope, indicator or element (naming it);
// kInvalidArgument for a period that does not parse, periods of mixed kinds,
// no period, a stored formula that no longer parses ("indicator x: formula:
// column 4: ..."), a reference to a name that is neither ("indicator x:
// unknown name y"), or a cycle among indicators ("indicators a -> b -> a
// refer to each other"). `hierarchy` must hold the scope's subtree (the
// national hierarchy as loaded, registry/units.h).
StatusOr<IndicatorTable> EvaluateIndicators(store::Store& store, const core::Hierarchy& hierarchy,
                                            const IndicatorQuery& query, services::Instant as_of);

// One broken validation rule at one unit and period.
struct RuleViolation {
  std::string rule;
  std::string name;
  std::string condition;
  std::string unit_code;
  std::string unit_name;
  std::string period;
  // The figures the condition read, by the name it wrote (prev(x) and the
  // like included), missing as nullopt.
  std::vector<std::pair<std::string, std::optional<double>>> inputs;
};

struct RuleReport {
  int64_t checked = 0;                    // (rule, unit, period) triples evaluated
  int64_t unchecked = 0;                  // of them, with a missing input: neither kept nor broken
  std::vector<RuleViolation> violations;  // by unit (preorder), period, rule
};

// Checks every stored validation rule (or those of `rules`) for the units
// and periods of `query` (its codes are ignored). Errors as
// EvaluateIndicators', and kNotFound for an unknown rule.
StatusOr<RuleReport> CheckRules(store::Store& store, const core::Hierarchy& hierarchy,
                                const IndicatorQuery& query, const std::vector<std::string>& rules,
                                services::Instant as_of);

}  // namespace alley::indicators
