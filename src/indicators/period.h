// Reporting periods: the year, quarter, month, ISO week or day a figure is for.
//
// Periods are text in the store, in CSV files and on the command line; this
// module reads and writes that text and does the calendar arithmetic that
// year-on-year growth and roll-ups need:
//
//   "2024"        a year           kYear
//   "2024Q3"      a quarter        kQuarter  (Q1 = January..March)
//   "2024-07"     a month          kMonth
//   "2024-W05"    an ISO 8601 week kWeek     (Monday..Sunday; week 1 holds the
//                                            year's first Thursday; the year is
//                                            the ISO week-year)
//   "2024-07-15"  a day            kDay
//
//   StatusOr<Period> p = ParsePeriod("2024Q3");
//   FormatPeriod(Previous(*p));        // "2024Q2"
//   FormatPeriod(SameLastYear(*p));    // "2023Q3" (year on year, as NBS publishes)
//   FirstDay(*p).ToString();           // "2024-07-01"
//   Enclosing(*p, PeriodKind::kYear);  // 2024
//
// Years run from 1 to 9999 (weeks to 9998, so that every day of a week is a
// core::Date). Thread safety: a Period is an immutable value.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace alley::indicators {

// From the finest to the coarsest.
enum class PeriodKind { kDay, kWeek, kMonth, kQuarter, kYear };

// "day", "week", "month", "quarter", "year".
std::string_view PeriodKindName(PeriodKind kind);

// One period. Build them with ParsePeriod or the Make* functions, which keep
// the fields valid; the fields are public so that a Period is a plain value.
struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 1970;  // the calendar year; the ISO week-year for kWeek
  int number = 0;   // quarter 1..4, month 1..12 (also for kDay), week 1..53; 0 for kYear
  int day = 0;      // 1..31 for kDay, else 0

  // Periods of one kind compare in time order. Periods of different kinds
  // compare by kind first (days before weeks before months ...), so that a
  // sorted list keeps each kind together; compare FirstDay() to order them in time.
  friend auto operator<=>(const Period&, const Period&) = default;  // NOLINT(modernize-use-nullptr)
  friend bool operator==(const Period&, const Period&) = default;
};

// Constructors that check their fields (ALLEY_CHECK): for code that already
// holds valid numbers. User input goes through ParsePeriod.
Period MakeYear(int year);
Period MakeQuarter(int year, int quarter);
Period MakeMonth(int year, int month);
Period MakeWeek(int iso_year, int week);
Period MakeDay(core::Date date);

// Reads the forms above, exactly (no spaces, upper-case Q and W, zero-padded
// two-digit month, week and day). kInvalidArgument naming the text and why:
//   "period \"2024Q5\": quarter 5 out of range 1..4"
//   "period \"2021-W53\": 2021 has 52 ISO weeks"
//   "period \"24-07\": expected YYYY, YYYYQn, YYYY-MM, YYYY-Www or YYYY-MM-DD"
StatusOr<Period> ParsePeriod(std::string_view text);

// The text ParsePeriod reads back to the same Period.
std::string FormatPeriod(const Period& period);

// Reads "FIRST..LAST" (both ends ParsePeriod text of the same kind, FIRST not
// after LAST) into every period from FIRST to LAST in order; a single period
// (no "..") gives a vector of one. kInvalidArgument when an end does not parse,
// the kinds differ, FIRST is after LAST, or the range holds more than
// kMaxRangePeriods periods.
inline constexpr int kMaxRangePeriods = 100000;
StatusOr<std::vector<Period>> ParsePeriodRange(std::string_view text);

// The period just before, of the same kind (2024Q1 -> 2023Q4, 2021-W01 ->
// 2020-W53). ALLEY_CHECK that it exists (not before year 1).
Period Previous(const Period& period);

// The period just after, of the same kind. ALLEY_CHECK that it exists.
Period Next(const Period& period);

// The same period one year earlier: the previous year, the same quarter or
// month, the same week number (week 53 becomes week 52 when the earlier year has
// only 52 weeks), the same day (29 February becomes 28 February). This is the
// base of year-on-year (同比) growth. ALLEY_CHECK that it exists.
Period SameLastYear(const Period& period);

// The first and the last day the period covers.
core::Date FirstDay(const Period& period);
core::Date LastDay(const Period& period);

// Whether every day of `inner` lies in `outer` (a period contains itself;
// 2020-W53, 28 December 2020 to 3 January 2021, is in no year).
bool Contains(const Period& outer, const Period& inner);

// Whether Enclosing(p, outer) is defined for periods p of kind `inner`: the
// same kind, or a coarser calendar kind above it (day -> week, month, quarter,
// year; month -> quarter, year; quarter -> year). A week is enclosed only by
// itself: it can straddle months and years.
bool CanEnclose(PeriodKind outer, PeriodKind inner);

// The period of kind `kind` that contains `period` (a day's ISO week, a month's
// quarter, ...). ALLEY_CHECK(CanEnclose(kind, period.kind)), and that the week
// exists: the days from 27 December 9999 fall in ISO week-year 9999, beyond the
// weeks supported.
Period Enclosing(const Period& period, PeriodKind kind);

}  // namespace alley::indicators
