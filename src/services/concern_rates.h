// The three rates of 接诉即办 (response, resolution, satisfaction) per unit and
// period, over compact columns of concern facts (DESIGN.md: analytics run on
// columns built from the store, not on row objects).
//
//   ConcernFacts facts = ...;  // one entry per concern, built from the store
//   ALLEY_ASSIGN_OR_RETURN(ConcernRates r,
//                          ComputeConcernRates(facts, hierarchy, street, {jan1, dec31}, now));
//   r.response_rate     // std::optional<double>: nullopt when nothing was received
//
//   // every community of a district × every month of 2026, in one pass
//   ALLEY_ASSIGN_OR_RETURN(MonthlyConcernCounts m,
//       CountConcernsByMonthAtLevel(facts, hierarchy, district, core::UnitLevel::kCommunity,
//                                   {2026, 1}, {2026, 12}, now));
//   ConcernRates march = m.RatesAt(0, 2);  // the first community, March
//
// DEFINITIONS (docs/ quotes this block; keep them in step):
//
//   A concern counts for a unit U when its `unit` lies in U's subtree (U
//   itself and every unit below it), and for a period when it was received in
//   it: its received_at falls on a day of the period in China Standard Time
//   (UTC+8 all year, no daylight saving; a day starts at 00:00 Beijing time,
//   16:00 UTC the day before; a month from 00:00 on its 1st). Counts are as
//   things stood at the instant `as_of`: a concern received after as_of is not
//   counted at all, a response or resolution recorded after as_of has not
//   happened yet, and a rating counts when the resolution it rates counts.
//   "By a deadline" means at or before it.
//
//   received             concerns received in the period
//   responded            of those, first responded (accepted) by as_of
//   responded_on_time    of those, first responded by the response deadline
//   resolved             of the received, resolved by as_of
//   resolved_on_time     of those, resolved by the resolution deadline
//   rated                of the resolved, rated; split into satisfied,
//                        basically_satisfied and not_satisfied
//   overdue_open         of the received, not resolved by as_of although the
//                        resolution deadline was before as_of
//
//   response_rate     = responded_on_time ÷ received
//   resolution_rate   = resolved_on_time ÷ received
//   satisfaction_rate = (satisfied + basically_satisfied) ÷ rated
//
//   A rate whose denominator is 0 is missing (nullopt), never 0: a unit that
//   received nothing has not failed to respond.
//
// Why the resolution rate counts on-time resolutions only, like the response
// rate: the deadline is what the category promises the resident, and the
// rate measures whether the promise was kept; counting any resolution would
// score a unit that resolves everything a month late like one that meets
// every deadline. It also settles: once every deadline of a period has passed,
// nothing but a reopen changes the period's rate, whereas a count of any
// resolution keeps an old month moving for as long as one of its concerns may
// still be resolved. `resolved` (any time up to as_of) is reported beside it.
//
// What the fact builder (store side) must supply: `responded_at` is the first
// acceptance by any body (a transfer does not reset it); `resolved_at` is the
// standing resolution (the last resolve; none while a reopened concern is not
// resolved again) and `rating` the rating of that resolution (none after a
// reopen). ValidateConcernFacts states what is refused.
//
// Thread safety: pure functions over values the caller owns; any number of
// calls may read the same facts and hierarchy at once.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/hierarchy.h"
#include "core/status.h"
#include "services/concern_workflow.h"

namespace alley::services {

// An instant to the second, UTC (the same type as store::Timestamp).
using Instant = std::chrono::sys_seconds;

// One concern as a row, for building ConcernFacts (tests, fact builders).
struct ConcernFact {
  core::UnitIndex unit;
  Instant received_at{};
  std::optional<Instant> responded_at;
  std::optional<Instant> resolved_at;
  Instant response_deadline{};
  Instant resolution_deadline{};
  std::optional<ConcernRating> rating;
};

// The facts of many concerns as columns: entry i of every vector is concern i.
// All vectors have the same length (ValidateConcernFacts checks it).
struct ConcernFacts {
  std::vector<core::UnitIndex> unit;  // a position in the Hierarchy's preorder
  std::vector<Instant> received_at;
  std::vector<std::optional<Instant>> responded_at;  // the first acceptance
  std::vector<std::optional<Instant>> resolved_at;   // the standing resolution
  std::vector<Instant> response_deadline;
  std::vector<Instant> resolution_deadline;
  std::vector<std::optional<ConcernRating>> rating;  // of the standing resolution

  size_t size() const { return unit.size(); }
  void Reserve(size_t n);
  void Append(const ConcernFact& fact);
};

// OK when the columns have one length and every row is consistent; otherwise
// kInvalidArgument naming the first offending row (0-based) and the rule:
//   "column rating has 4 entries, unit has 5"
//   "row 3: unit index 900 is outside the hierarchy (500 units)"
//   "row 3: responded_at is before received_at"
//   "row 3: resolved_at is before responded_at" (or "resolved without a response")
//   "row 3: response_deadline is before received_at" (likewise resolution_deadline)
//   "row 3: rated without a resolution"
// `unit_count` is the size of the Hierarchy the unit indexes refer to. O(rows).
Status ValidateConcernFacts(const ConcernFacts& facts, size_t unit_count);

// A period of whole days, both ends included, in China Standard Time.
struct ReportPeriod {
  core::Date from;
  core::Date to;
};

// A calendar month.
struct YearMonth {
  int year = 1970;  // 0..9999
  int month = 1;    // 1..12

  // The month `date` falls in.
  static YearMonth Of(core::Date date);
  // "2026-07".
  std::string ToString() const;
  // year * 12 + month - 1: consecutive months differ by 1.
  int64_t Ordinal() const { return int64_t{year} * 12 + month - 1; }

  friend auto operator<=>(const YearMonth&, const YearMonth&) = default;  // NOLINT
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

// The counts of the definitions above.
struct ConcernCounts {
  int64_t received = 0;
  int64_t responded = 0;
  int64_t responded_on_time = 0;
  int64_t resolved = 0;
  int64_t resolved_on_time = 0;
  int64_t rated = 0;
  int64_t satisfied = 0;
  int64_t basically_satisfied = 0;
  int64_t not_satisfied = 0;
  int64_t overdue_open = 0;

  ConcernCounts& operator+=(const ConcernCounts& other);
  ConcernCounts& operator-=(const ConcernCounts& other);
  friend bool operator==(const ConcernCounts&, const ConcernCounts&) = default;
};

// Counts with the three rates (fractions in [0, 1]; nullopt on a zero
// denominator).
struct ConcernRates {
  ConcernCounts counts;
  std::optional<double> response_rate;
  std::optional<double> resolution_rate;
  std::optional<double> satisfaction_rate;
};

// The rates of `counts`, by the definitions above.
ConcernRates RatesOf(const ConcernCounts& counts);

// (a) The counts and rates of `unit`'s subtree for `period`, as of `as_of`.
// kInvalidArgument for invalid facts (ValidateConcernFacts), a unit outside
// `hierarchy` ("unit index 900 is outside the hierarchy (500 units)") or a
// period that ends before it starts ("period: from 2026-03-01 is after to
// 2026-02-28"). O(rows).
StatusOr<ConcernRates> ComputeConcernRates(const ConcernFacts& facts,
                                           const core::Hierarchy& hierarchy, core::UnitIndex unit,
                                           ReportPeriod period, Instant as_of);

// The counts of several units × consecutive months.
struct MonthlyConcernCounts {
  std::vector<core::UnitIndex> units;  // in the order asked
  YearMonth first_month;
  int month_count = 0;
  // units.size() × month_count, unit-major: counts[u * month_count + m].
  std::vector<ConcernCounts> counts;

  // `unit_position` < units.size(), `month` < month_count (ALLEY_DCHECK).
  const ConcernCounts& At(size_t unit_position, int month) const;
  ConcernRates RatesAt(size_t unit_position, int month) const {
    return RatesOf(At(unit_position, month));
  }
};

// The most months and unit-months one call computes: a century, and about
// 84 MB of counts (80 bytes each), with at most twice that again in working
// cells while computing. More is kResourceExhausted (narrow the scope or the
// range). A district's communities over a decade are about 40,000.
inline constexpr int kMaxMonths = 1200;
inline constexpr int64_t kMaxUnitMonths = int64_t{1} << 20;

// (b) The counts of every unit of `units` (any units of `hierarchy`, nested or
// not, repeats allowed) for every month from `first` to `last` (both
// included), as of `as_of`, in ONE pass over the facts: each concern is added
// to the cell of its month and of the preorder segment its unit lies in (the
// segments between consecutive subtree boundaries of the units asked), the
// cells are summed into prefix sums along the preorder, and each unit's count
// is the difference of the prefix sums at its subtree's two ends. Equal, cell
// by cell, to ComputeConcernRates of each unit and month.
//
// Errors: kInvalidArgument for invalid facts, a unit outside the hierarchy
// ("units[2]: unit index 900 is outside the hierarchy (500 units)"), a month
// outside 0000-01..9999-12 ("first month: month 13 must be 1..12") or `last`
// before `first` ("months: last 2025-12 is before first 2026-01");
// kResourceExhausted past kMaxMonths or kMaxUnitMonths.
// O(rows + units · log units + months · (units + days) + hierarchy span),
// where the span is the index range the units' subtrees cover.
StatusOr<MonthlyConcernCounts> CountConcernsByMonth(const ConcernFacts& facts,
                                                    const core::Hierarchy& hierarchy,
                                                    std::span<const core::UnitIndex> units,
                                                    YearMonth first, YearMonth last, Instant as_of);

// The units at `level` in `scope`'s subtree (`scope` itself if it is at that
// level), in preorder. `scope` must be a valid index of `hierarchy`
// (ALLEY_DCHECK). O(subtree size) at worst; a subtree at `level` is skipped
// whole, since no unit at a level lies below another at the same level.
std::vector<core::UnitIndex> UnitsAtLevel(const core::Hierarchy& hierarchy, core::UnitIndex scope,
                                          core::UnitLevel level);

// CountConcernsByMonth for UnitsAtLevel(hierarchy, scope, level): "every
// community of this district × every month of the year". kInvalidArgument
// also when `scope` is outside the hierarchy.
StatusOr<MonthlyConcernCounts> CountConcernsByMonthAtLevel(const ConcernFacts& facts,
                                                           const core::Hierarchy& hierarchy,
                                                           core::UnitIndex scope,
                                                           core::UnitLevel level, YearMonth first,
                                                           YearMonth last, Instant as_of);

}  // namespace alley::services
