// Performance scorecards (绩效考核): every unit of a level inside a scope
// scored 0..100 from weighted indicators, ranked, with the trend on the
// previous period. Weights and rules are data (store/scorecard_store.h): an
// office defines its own scorecard; Alley seeds one built-in.
//
// An item's score, from its indicator's figure v at the unit and period:
//   - "target": the share of the target t met, times 100, at most the cap:
//     higher_is_better 100·v/t (0 when v <= 0), lower_is_better 100·t/v (the
//     cap when v <= t). t is the item's own target, else its indicator's.
//   - "range": min-max over the units compared with a figure that period:
//     higher_is_better 100·(v−lo)/(hi−lo), lower_is_better 100·(hi−v)/(hi−lo)
//     (100 for every unit when hi = lo), at most the cap.
// The unit's score is Σ w·s ÷ Σ w over the items it has a figure for: an
// item with a missing figure is left out, the weights renormalised, and it
// is named in `missing`. A unit with no figure at all has no score, no rank.
// Ranks are 1 for the highest score, ties share a rank (1, 1, 3); the trend
// is the same score for the previous period (indicators/period.h Previous)
// and the change.
//
//   ALLEY_ASSIGN_OR_RETURN(ScorecardRanking r,
//       RankUnits(store, hierarchy, {.scorecard = "governance", .scope = "320706006",
//                 .level = core::UnitLevel::kCommunity, .period = "2026"}, now));
//
// Thread safety: reads the store through its own transactions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/division.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "services/concern_rates.h"
#include "store/scorecard_store.h"
#include "store/store.h"

namespace alley::indicators {

// The built-in scorecards, by code ("governance": the three rates of
// concerns, visits on time, daycare coverage, canteen cost recovery).
std::span<const store::ScorecardRow> BuiltinScorecards();

// Stores the built-in scorecards whose code is not stored yet (never
// overwriting one an office changed); cheap when they are there.
Status EnsureScorecards(store::Store& store);

// Checks a scorecard: kInvalidArgument naming the field for a code that is
// not [a-z][a-z0-9_.]* (at most 64), an empty name, no item, a weight not
// finite and above 0, a direction other than higher_is_better or
// lower_is_better, a scoring other than target or range, a cap outside
// (0, 100], a target not finite or (for a target score) not above 0, the
// same indicator twice. Does not read the store.
Status ValidateScorecard(const store::ScorecardRow& row);

// ValidateScorecard, then: every item names a stored indicator or data
// element (kNotFound naming it), a "target" item has a target of its own or
// its indicator's (kFailedPrecondition); stores it, replacing one of the
// same code.
Status DefineScorecard(store::Store& store, const store::ScorecardRow& row);

// Every scorecard (after EnsureScorecards), by code.
StatusOr<std::vector<store::ScorecardRow>> ListScorecardDefinitions(store::Store& store);

struct RankQuery {
  std::string scorecard;
  std::string scope;  // a unit's code: the units ranked lie inside it
  core::UnitLevel level = core::UnitLevel::kCommunity;
  std::string period;  // ParsePeriod text
};

struct ItemScore {
  std::string indicator;
  std::optional<double> value;  // the figure; nullopt: missing
  std::optional<double> score;  // 0..cap; nullopt when the value is
  double weight = 0;            // the weight as used: renormalised over the present items
};

struct UnitScore {
  std::optional<int> rank;  // nullopt: no score
  std::string unit;
  std::string name;
  std::optional<double> score;
  std::optional<double> previous_score;
  std::optional<double> change;  // score − previous_score
  std::vector<ItemScore> items;  // in the scorecard's order
  std::vector<std::string> missing;
};

struct ScorecardRanking {
  std::string scorecard;
  std::string name;
  std::string scope;
  std::string level;
  std::string period;
  std::string previous_period;
  std::vector<UnitScore> units;  // by rank, then unit code; unscored last
};

// Scores and ranks. Errors: kNotFound for an unknown scorecard or scope;
// kFailedPrecondition for a "target" item without a target; EvaluateIndicators'
// (an unknown indicator, a period that does not parse).
StatusOr<ScorecardRanking> RankUnits(store::Store& store, const core::Hierarchy& hierarchy,
                                     const RankQuery& query, services::Instant as_of);

// {"code","name","description","builtin","items":[{"indicator","weight","direction",
//  "scoring","cap","target"}]}.
nlohmann::json ScorecardJson(const store::ScorecardRow& row);

// {"scorecard","name","scope","level","period","previous_period","units":[{"rank","unit",
//  "name","score","previous_score","change","items":[{"indicator","value","score","weight"}],
//  "missing":[...]}]}, a missing number as null.
nlohmann::json RankingJson(const ScorecardRanking& ranking);

// "indicator:weight[:lower][:range]" as --item takes it (e.g.
// "concern_response_rate:2", "complaints_per_1000:1:lower:range"); the
// other fields keep their defaults. kInvalidArgument naming the text.
StatusOr<store::ScorecardItemRow> ParseScorecardItem(std::string_view text);

}  // namespace alley::indicators
