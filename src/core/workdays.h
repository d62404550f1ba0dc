// China's official working-day calendar: which days are worked, counted in
// working days, for deadlines such as "resolve within 5 working days".
//
// Every year the General Office of the State Council (国务院办公厅) announces
// that year's public holidays and the adjusted working days (调休: a Saturday
// or Sunday that is worked so that a holiday can run on) in a notice titled
// 国务院办公厅关于YYYY年部分节假日安排的通知. A `WorkCalendar` holds those
// notices as data, one `YearCalendar` per notice; a day is a working day when
// a notice lists it as an adjusted working day, not when a notice lists it as
// a holiday, and otherwise when it falls Monday to Friday. For a year whose
// notice the calendar does not hold, that Monday–Friday rule is all there is:
// `Covers(year)` says so, and callers that report deadlines say so too.
//
//   const WorkCalendar& cal = OfficialWorkCalendar();   // the built-in notices
//   cal.IsWorkingDay(*Date::FromYmd(2025, 2, 8));       // true: a 调休 Saturday
//   cal.AddWorkingDays(*Date::FromYmd(2025, 9, 30), 1)  // 2025-10-09
//   cal.Covers(2030)                                    // false: Monday–Friday
//
//   WorkCalendar extended = OfficialWorkCalendar();     // copy, then import
//   ALLEY_RETURN_IF_ERROR(extended.AddYear(std::move(imported_year)));
//
// The built-in calendar holds the notices for 2023 to 2026 (see
// workdays.cc for each notice's title, number and date). From 2025 the
// Spring Festival and Labour Day holidays are one day longer (全国年节及纪念日
// 放假办法 as amended by the State Council in November 2024), so a year's
// count of working days is not comparable across that change.
//
// Thread safety: a WorkCalendar is a value; const methods may be called from
// several threads at once, AddYear needs exclusive access.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace alley::core {

enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// The day of the week of `date` (1970-01-01 was a Thursday).
Weekday DayOfWeek(Date date);

// "Monday" .. "Sunday".
std::string_view WeekdayName(Weekday day);

// What a notice says about one day.
enum class DayKind {
  kHoliday,          // a day off: the holiday itself or a rest day moved next to it (放假)
  kAdjustedWorkday,  // a Saturday or Sunday that is worked (调休上班)
};

struct CalendarEntry {
  Date date;
  DayKind kind = DayKind::kHoliday;
  // The holiday the day belongs to, as the notice names it: "元旦", "春节",
  // "清明节", "劳动节", "端午节", "中秋节", "国庆节". An adjusted working day
  // names the holiday it makes room for.
  std::string holiday;
};

// One year's notice.
struct YearCalendar {
  int year = 0;
  // The notice, so that every answer can cite it: its title, and where it has
  // one its document number and date.
  std::string source;
  // The days the notice lists. A notice may reach into December of the year
  // before (the 2023 notice starts 元旦 on 2022-12-31), never further.
  std::vector<CalendarEntry> entries;
};

class WorkCalendar {
 public:
  // A calendar without notices: Monday to Friday everywhere, no year covered.
  WorkCalendar() = default;

  // A calendar of these notices, or the first error that AddYear would
  // report for them in order; nothing is built on error.
  static StatusOr<WorkCalendar> FromYears(std::vector<YearCalendar> years);

  // Adds one year's notice, all or nothing. Errors, each naming the year or the
  // date:
  //   kOutOfRange       the year outside 1..9999
  //   kAlreadyExists    the calendar already holds a notice for the year
  //   kInvalidArgument  an empty source; no entries; an entry dated outside
  //                     December of the year before through the end of the
  //                     year; an empty holiday name; an adjusted working day on
  //                     Monday to Friday; a date listed twice, or both as a
  //                     holiday and as a working day; a date that another
  //                     notice in the calendar already lists.
  Status AddYear(YearCalendar year);

  // Whether the calendar holds the notice for `year`. Outside covered years
  // IsWorkingDay is the Monday–Friday rule (late December may still carry days
  // of the next year's notice).
  bool Covers(int year) const;

  // The covered years, in increasing order.
  std::vector<int> CoveredYears() const;

  // The notice for `year`, or nullptr when not covered. The pointer stays
  // valid until the calendar is changed or destroyed.
  const YearCalendar* Year(int year) const;

  // The entry a notice holds for `date`, or nullptr when no notice lists it.
  // Valid until the calendar is changed or destroyed.
  const CalendarEntry* Find(Date date) const;

  // Whether `date` is worked: listed as an adjusted working day, or Monday to
  // Friday and not listed as a holiday.
  bool IsWorkingDay(Date date) const;

  // The `n`th working day after `date` (before it when `n` is negative);
  // `date` itself is never counted, whether worked or not, and `n == 0`
  // returns `date`. So AddWorkingDays(Friday, 1) is the next Monday in an
  // ordinary week. Runs in O(|n|) days; the result must stay within Date's
  // range (ALLEY_CHECK).
  Date AddWorkingDays(Date date, int n) const;

  // The working days met going from `a` (excluded) to `b` (included): the
  // working days in (a, b] when a <= b, and minus those in [b, a) when b < a,
  // so that WorkingDaysBetween(d, AddWorkingDays(d, n)) == n for every n.
  // O(log entries + entries in the range).
  int64_t WorkingDaysBetween(Date a, Date b) const;

 private:
  // The working days in (after, last], for after <= last.
  int64_t CountWorkingDays(Date after, Date last) const;

  // Where an entry lives: years_[year].entries[index].
  struct Ref {
    int year;
    size_t index;
  };

  std::map<int, YearCalendar> years_;
  // Every entry of every notice by date (days since the epoch); a date is in
  // at most one notice.
  std::map<int64_t, Ref> by_date_;
};

// The built-in calendar: the official notices for 2023, 2024, 2025 and 2026.
// Built once; shared and immutable.
const WorkCalendar& OfficialWorkCalendar();

}  // namespace alley::core
