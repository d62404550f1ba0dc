// Civil dates: a day in the proleptic Gregorian calendar, without time or zone.
//
// A `Date` is a value (8 bytes: days since 1970-01-01) that covers 0000-01-01
// to 9999-12-31, exactly the dates that "YYYY-MM-DD" can write, so every Date
// survives ToString → Parse. Birth dates, effective dates of ledger changes and
// "as of" dates of reports are all Dates; the current date comes from a
// `Clock` (clock.h), never from the system directly.
//
//   StatusOr<Date> d = Date::Parse("2026-06-30");      // user input: a Status
//   std::optional<Date> b = Date::FromYmd(1950, 3, 4);  // nullopt if impossible
//   int age = AgeOn(*b, *d);                            // 76
//   Date next_week = d->AddDays(7);
//   if (*b < *d) ...                                    // dates compare in time order
//
// Thread safety: a Date is an immutable value.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::core {

class Date {
 public:
  // The supported range, as days since 1970-01-01: 0000-01-01 to 9999-12-31.
  static constexpr int64_t kMinDays = -719528;
  static constexpr int64_t kMaxDays = 2932896;

  // 1970-01-01, so that structs holding a Date can be default-constructed.
  constexpr Date() = default;

  // The date `year`-`month`-`day`, or nullopt when there is no such day (month
  // outside 1..12, day outside the month, 29 Feb of a common year) or the year
  // is outside 0..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);

  // The date `days` days after 1970-01-01 (before it when negative). `days`
  // must lie in [kMinDays, kMaxDays] (ALLEY_CHECK): validate counts that come
  // from user input before calling.
  static Date FromDays(int64_t days);

  // Parses exactly "YYYY-MM-DD" (four-digit year, two-digit month and day, no
  // spaces). kInvalidArgument with the reason otherwise:
  //   "expected YYYY-MM-DD, got \"2023/01/01\"", "month 13 out of range",
  //   "2023-02-29 does not exist".
  static StatusOr<Date> Parse(std::string_view text);

  int year() const;   // 0..9999
  int month() const;  // 1..12
  int day() const;    // 1..31
  // Days since 1970-01-01 (negative before it).
  int64_t days() const { return days_; }

  // "YYYY-MM-DD", the form Parse reads.
  std::string ToString() const;

  // The date `n` days later (earlier when negative). The result must stay in
  // the supported range (ALLEY_CHECK).
  Date AddDays(int64_t n) const;

  // The same month and day `n` years later (earlier when negative); 29 Feb
  // becomes 28 Feb when the target year is a common year. The result must stay
  // in the supported range (ALLEY_CHECK).
  Date AddYears(int n) const;

  // Time order. (clang-tidy 14 reports a defaulted <=> as a literal 0 that
  // should be nullptr: a false positive.)
  friend auto operator<=>(const Date&, const Date&) = default;  // NOLINT(modernize-use-nullptr)
  friend bool operator==(const Date&, const Date&) = default;

 private:
  explicit constexpr Date(int64_t days) : days_(days) {}

  int64_t days_ = 0;
};

// Whether `year` has a 29 February: divisible by 4, except centuries that are
// not divisible by 400 (1900 is common, 2000 is leap).
bool IsLeapYear(int year);

// 28..31 for `month` in 1..12 (ALLEY_CHECK on any other month).
int DaysInMonth(int year, int month);

// Whole years completed between `birth` and `on`: the age on the date `on` of
// someone born on `birth`. A birthday counts as reached on the day itself; a
// 29 February birthday is reached on 1 March in common years. When `on` is
// before `birth` (a data error that user input can produce) the age is 0, never
// negative: callers that must reject such data compare the dates themselves.
//
// This is the everyday convention used for age bands and benefit thresholds.
// Chinese criminal law counts a 周岁 from the day *after* the birthday; code
// that needs that rule passes `on.AddDays(-1)`.
int AgeOn(Date birth, Date on);

}  // namespace alley::core
