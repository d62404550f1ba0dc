// The stored side of performance scorecards (indicators/scorecard.h): a
// scorecard is data, a code and a name with its weighted items, each an
// indicator with a direction and a scoring rule, so that an office changes
// its weights without a new Alley. The rules of scoring are
// indicators/scorecard.h's; this file keeps the rows (schema step 13).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// One item of a scorecard.
struct ScorecardItemRow {
  std::string indicator;                       // an indicator or data element code
  double weight = 1;                           // > 0
  std::string direction = "higher_is_better";  // or "lower_is_better"
  std::string scoring = "target";              // "target" or "range"
  double cap = 100;                            // the most an item scores, in (0, 100]
  // For "target": the figure that scores the cap; nullopt: the indicator's
  // own target.
  std::optional<double> target;
};

struct ScorecardRow {
  std::string code;  // [a-z][a-z0-9_.]*, unique
  std::string name;
  std::string description;
  bool builtin = false;
  std::vector<ScorecardItemRow> items;  // in the order given
};

// Inserts or replaces (by code) a scorecard with its items. The CHECKs of the
// tables refuse an empty code, a weight not above 0, an unknown direction or
// scoring (kInvalidArgument); the caller validates first.
Status PutScorecard(Writer& w, const ScorecardRow& row);

// Every scorecard by code, items in their order.
StatusOr<std::vector<ScorecardRow>> ListScorecards(Reader& r);

// The scorecard `code`, or nullopt.
StatusOr<std::optional<ScorecardRow>> FindScorecard(Reader& r, std::string_view code);

// Removes the scorecard `code` and its items; answers whether there was one.
StatusOr<bool> DeleteScorecard(Writer& w, std::string_view code);

}  // namespace alley::store
