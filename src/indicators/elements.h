// Alley's own data elements, indicators and validation rules, and the values
// of the derived elements computed from the ledger and the services.
//
// "Collect once, report many": a figure the ledger already holds (residents
// aged 60+, children under 3, nursery places, concerns resolved on time) is
// never entered again. A derived element is computed for a period from what
// is stored, per unit where the records sit (the compound or community a
// resident lives in, the unit of a facility or a concern); the aggregation
// up the hierarchy is aggregate.h's.
//
// The catalogue is data once stored: SeedCatalogue writes the built-in
// definitions that are absent and never overwrites one a user changed, so an
// office may retarget "nursery places per 1,000 residents" without a new
// Alley.
//
//   ALLEY_RETURN_IF_ERROR(store.Write([](store::Writer& w) { return SeedCatalogue(w); }));
//   ALLEY_ASSIGN_OR_RETURN(std::vector<DerivedValue> v,
//       DeriveLedgerElements(store, hierarchy, "320706006010", {"residents_60_plus"},
//                            {first_day, last_day}, now));
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "services/concern_rates.h"
#include "store/indicator_store.h"
#include "store/store.h"

namespace alley::indicators {

// The built-in definitions, by code.
std::span<const store::IndicatorElementRow> BuiltinElements();
std::span<const store::IndicatorRow> BuiltinIndicators();
std::span<const store::IndicatorRuleRow> BuiltinRules();

// Stores every built-in element, indicator and rule whose code is not stored
// yet; answers how many it added.
StatusOr<int> SeedCatalogue(store::Writer& w);

// Whether Alley can derive `code` from the ledger (DeriveLedgerElements).
bool IsDerivable(std::string_view code);

// The days a derived value covers: stocks (residents, places) are counted on
// `last`, flows (concerns received, visits made) over [first, last].
struct DayRange {
  core::Date first;
  core::Date last;
};

// One derived value: `element` at `unit_code` (the unit the records sit at:
// a compound, a grid or a community). A derived count is complete only where
// the ledger is kept in Alley, so every community of the scope that has one
// (an active resident on days.last) gets an entry at the community itself for
// every element asked, as do its compounds and grids, 0 when nothing counts
// there; a unit outside such communities gets none, and its figure stays
// missing, never 0.
struct DerivedValue {
  std::string element;
  std::string unit_code;
  double value = 0;
};

// The values of the derivable `elements` (all derivable ones when empty) in
// `scope_code`'s subtree for `days`, as things stood at `as_of`. Counts of
// residents are of those active on days.last; households are those with an
// active member then; places are the capacity of the facilities of the type
// open on days.last; concerns are those received in the range, counted as
// services/concern_rates.h defines. kInvalidArgument for an element that is
// not derivable ("data element x is entered, not derived").
StatusOr<std::vector<DerivedValue>> DeriveLedgerElements(store::Store& store,
                                                         const core::Hierarchy& hierarchy,
                                                         std::string_view scope_code,
                                                         std::span<const std::string> elements,
                                                         DayRange days, services::Instant as_of);

}  // namespace alley::indicators
