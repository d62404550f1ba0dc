#include "core/workdays.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace alley::core {
namespace {

// ---------------------------------------------------------------------------
// The official notices, as published by the General Office of the State
// Council (国务院办公厅) and reprinted by Xinhua and the People's Daily. Each
// row is one run of days the notice lists: "放假" days (holidays and the rest
// days moved next to them) or "上班" days (adjusted working days). Where a
// notice only says "与周末连休" (the holiday runs on into an ordinary weekend)
// it lists the holiday alone, and so does this table: the weekend is off
// anyway.
// ---------------------------------------------------------------------------

struct Run {
  int first_year, first_month, first_day;
  int last_year, last_month, last_day;
  DayKind kind;
  std::string_view holiday;
};

constexpr Run Off(int year, int month, int day, std::string_view holiday) {
  return Run{year, month, day, year, month, day, DayKind::kHoliday, holiday};
}
constexpr Run Off(int year, int month, int day, int last_month, int last_day,
                  std::string_view holiday) {
  return Run{year, month, day, year, last_month, last_day, DayKind::kHoliday, holiday};
}
constexpr Run Work(int year, int month, int day, std::string_view holiday) {
  return Run{year, month, day, year, month, day, DayKind::kAdjustedWorkday, holiday};
}

// 国务院办公厅关于2023年部分节假日安排的通知, 国办发明电〔2022〕16号, 2022-12-08.
constexpr std::array kRuns2023 = {
    Run{2022, 12, 31, 2023, 1, 2, DayKind::kHoliday, "元旦"},
    Off(2023, 1, 21, 1, 27, "春节"),
    Work(2023, 1, 28, "春节"),
    Work(2023, 1, 29, "春节"),
    Off(2023, 4, 5, "清明节"),
    Off(2023, 4, 29, 5, 3, "劳动节"),
    Work(2023, 4, 23, "劳动节"),
    Work(2023, 5, 6, "劳动节"),
    Off(2023, 6, 22, 6, 24, "端午节"),
    Work(2023, 6, 25, "端午节"),
    Off(2023, 9, 29, 10, 6, "中秋节、国庆节"),
    Work(2023, 10, 7, "中秋节、国庆节"),
    Work(2023, 10, 8, "中秋节、国庆节"),
};

// 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25.
// (The notice encourages employers to give 除夕, 2024-02-09, off as paid
// annual leave; officially it is a working day.)
constexpr std::array kRuns2024 = {
    Off(2024, 1, 1, "元旦"),           Off(2024, 2, 10, 2, 17, "春节"),
    Work(2024, 2, 4, "春节"),          Work(2024, 2, 18, "春节"),
    Off(2024, 4, 4, 4, 6, "清明节"),   Work(2024, 4, 7, "清明节"),
    Off(2024, 5, 1, 5, 5, "劳动节"),   Work(2024, 4, 28, "劳动节"),
    Work(2024, 5, 11, "劳动节"),       Off(2024, 6, 10, "端午节"),
    Off(2024, 9, 15, 9, 17, "中秋节"), Work(2024, 9, 14, "中秋节"),
    Off(2024, 10, 1, 10, 7, "国庆节"), Work(2024, 9, 29, "国庆节"),
    Work(2024, 10, 12, "国庆节"),
};

// 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12.
// The first year under the amended 全国年节及纪念日放假办法 (November 2024):
// 除夕 and 5 May became public holidays, 13 days in all.
constexpr std::array kRuns2025 = {
    Off(2025, 1, 1, "元旦"),
    Off(2025, 1, 28, 2, 4, "春节"),
    Work(2025, 1, 26, "春节"),
    Work(2025, 2, 8, "春节"),
    Off(2025, 4, 4, 4, 6, "清明节"),
    Off(2025, 5, 1, 5, 5, "劳动节"),
    Work(2025, 4, 27, "劳动节"),
    Off(2025, 5, 31, 6, 2, "端午节"),
    Off(2025, 10, 1, 10, 8, "国庆节、中秋节"),
    Work(2025, 9, 28, "国庆节、中秋节"),
    Work(2025, 10, 11, "国庆节、中秋节"),
};

// 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04.
constexpr std::array kRuns2026 = {
    Off(2026, 1, 1, 1, 3, "元旦"),     Work(2026, 1, 4, "元旦"),
    Off(2026, 2, 15, 2, 23, "春节"),   Work(2026, 2, 14, "春节"),
    Work(2026, 2, 28, "春节"),         Off(2026, 4, 4, 4, 6, "清明节"),
    Off(2026, 5, 1, 5, 5, "劳动节"),   Work(2026, 5, 9, "劳动节"),
    Off(2026, 6, 19, 6, 21, "端午节"), Off(2026, 9, 25, 9, 27, "中秋节"),
    Off(2026, 10, 1, 10, 7, "国庆节"), Work(2026, 9, 20, "国庆节"),
    Work(2026, 10, 10, "国庆节"),
};

struct Notice {
  int year;
  std::string_view source;
  std::span<const Run> runs;
};

constexpr std::array kNotices = {
    Notice{2023,
           "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号，2022年12月8日）",
           kRuns2023},
    Notice{2024,
           "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）",
           kRuns2024},
    Notice{2025,
           "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
           kRuns2025},
    Notice{2026, "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）", kRuns2026},
};

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr int64_t kDaysPerWeek = 7;
// 1970-01-01, day 0, was a Thursday; 1970-01-05, day 4, a Monday.
constexpr int64_t kEpochWeekdayOffset = 3;  // days from the Monday before the epoch
constexpr int64_t kFirstMondayDays = 4;

int64_t FloorDiv(int64_t a, int64_t b) { return (a >= 0 ? a : a - (b - 1)) / b; }

bool IsWeekend(Date date) { return DayOfWeek(date) >= Weekday::kSaturday; }

// The Monday-to-Friday days in a fixed origin's week up to and including
// `date`, offset by a constant: Cumulative(b) - Cumulative(a) counts the
// weekdays in (a, b].
int64_t CumulativeWeekdays(Date date) {
  const int64_t x = date.days() - kFirstMondayDays;
  const int64_t weeks = FloorDiv(x, kDaysPerWeek);
  const int64_t day_in_week = x - weeks * kDaysPerWeek;  // 0 = Monday .. 6 = Sunday
  return weeks * 5 + std::min<int64_t>(day_in_week + 1, 5);
}

std::string Prefix(int year) { return "calendar " + std::to_string(year) + ": "; }

YearCalendar FromNotice(const Notice& notice) {
  YearCalendar year;
  year.year = notice.year;
  year.source = std::string(notice.source);
  for (const Run& run : notice.runs) {
    const std::optional<Date> first = Date::FromYmd(run.first_year, run.first_month, run.first_day);
    const std::optional<Date> last = Date::FromYmd(run.last_year, run.last_month, run.last_day);
    ALLEY_CHECK(first.has_value() && last.has_value() && *first <= *last,
                "built-in holiday table: a run with an impossible date");
    for (Date d = *first; d <= *last; d = d.AddDays(1)) {
      year.entries.push_back(CalendarEntry{d, run.kind, std::string(run.holiday)});
    }
  }
  return year;
}

}  // namespace

Weekday DayOfWeek(Date date) {
  const int64_t from_monday = date.days() + kEpochWeekdayOffset;
  const int64_t index = from_monday - FloorDiv(from_monday, kDaysPerWeek) * kDaysPerWeek;
  return static_cast<Weekday>(index + 1);
}

std::string_view WeekdayName(Weekday day) {
  switch (day) {
    case Weekday::kMonday:
      return "Monday";
    case Weekday::kTuesday:
      return "Tuesday";
    case Weekday::kWednesday:
      return "Wednesday";
    case Weekday::kThursday:
      return "Thursday";
    case Weekday::kFriday:
      return "Friday";
    case Weekday::kSaturday:
      return "Saturday";
    case Weekday::kSunday:
      return "Sunday";
  }
  return "?";
}

StatusOr<WorkCalendar> WorkCalendar::FromYears(std::vector<YearCalendar> years) {
  WorkCalendar calendar;
  for (YearCalendar& year : years) {
    ALLEY_RETURN_IF_ERROR(calendar.AddYear(std::move(year)));
  }
  return calendar;
}

Status WorkCalendar::AddYear(YearCalendar year) {
  if (year.year < kMinYear || year.year > kMaxYear) {
    return OutOfRangeError("calendar year " + std::to_string(year.year) + " out of range " +
                           std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
  }
  const std::string prefix = Prefix(year.year);
  if (years_.contains(year.year)) {
    return AlreadyExistsError(prefix + "the calendar already holds the notice for " +
                              std::to_string(year.year) + " (" + years_.at(year.year).source + ")");
  }
  if (year.source.empty()) {
    return InvalidArgumentError(prefix + "source is empty: name the notice the days come from");
  }
  if (year.entries.empty()) {
    return InvalidArgumentError(prefix + "entries are empty: a notice lists at least 元旦");
  }
  // A notice covers its own year and may begin 元旦 in the December before.
  const Date span_first = *Date::FromYmd(year.year - 1, 12, 1);
  const Date span_last = *Date::FromYmd(year.year, 12, 31);
  std::map<int64_t, size_t> seen;  // date → index of its entry
  for (size_t i = 0; i < year.entries.size(); ++i) {
    const CalendarEntry& entry = year.entries[i];
    const std::string date = entry.date.ToString();
    if (entry.date < span_first || entry.date > span_last) {
      return InvalidArgumentError(prefix + date + " is outside the notice's span " +
                                  span_first.ToString() + " to " + span_last.ToString());
    }
    if (entry.holiday.empty()) {
      return InvalidArgumentError(prefix + date + ": holiday name is empty");
    }
    if (entry.kind == DayKind::kAdjustedWorkday && !IsWeekend(entry.date)) {
      return InvalidArgumentError(prefix + date + " is a " +
                                  std::string(WeekdayName(DayOfWeek(entry.date))) +
                                  ": an adjusted working day (调休上班) must be a Saturday or a "
                                  "Sunday");
    }
    auto [it, inserted] = seen.emplace(entry.date.days(), i);
    if (!inserted) {
      if (year.entries[it->second].kind != entry.kind) {
        return InvalidArgumentError(prefix + date +
                                    " is listed both as a holiday and as a working day");
      }
      return InvalidArgumentError(prefix + date + " is listed twice");
    }
    auto other = by_date_.find(entry.date.days());
    if (other != by_date_.end()) {
      return InvalidArgumentError(prefix + date + " is already listed by the notice for " +
                                  std::to_string(other->second.year));
    }
  }
  const int key = year.year;
  for (size_t i = 0; i < year.entries.size(); ++i) {
    by_date_.emplace(year.entries[i].date.days(), Ref{key, i});
  }
  years_.emplace(key, std::move(year));
  return OkStatus();
}

bool WorkCalendar::Covers(int year) const { return years_.contains(year); }

std::vector<int> WorkCalendar::CoveredYears() const {
  std::vector<int> out;
  out.reserve(years_.size());
  for (const auto& [year, notice] : years_) out.push_back(year);
  return out;
}

const YearCalendar* WorkCalendar::Year(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

const CalendarEntry* WorkCalendar::Find(Date date) const {
  auto it = by_date_.find(date.days());
  if (it == by_date_.end()) return nullptr;
  return &years_.at(it->second.year).entries[it->second.index];
}

bool WorkCalendar::IsWorkingDay(Date date) const {
  const CalendarEntry* entry = Find(date);
  if (entry != nullptr) return entry->kind == DayKind::kAdjustedWorkday;
  return !IsWeekend(date);
}

Date WorkCalendar::AddWorkingDays(Date date, int n) const {
  const int64_t step = n >= 0 ? 1 : -1;
  int64_t remaining = n >= 0 ? int64_t{n} : -int64_t{n};
  while (remaining > 0) {
    date = date.AddDays(step);
    if (IsWorkingDay(date)) --remaining;
  }
  return date;
}

int64_t WorkCalendar::WorkingDaysBetween(Date a, Date b) const {
  // Days from `a` (excluded) to `b` (included), in either direction: (a, b]
  // forwards, [b, a) = (b - 1, a - 1] backwards.
  if (b < a) return -CountWorkingDays(b.AddDays(-1), a.AddDays(-1));
  return CountWorkingDays(a, b);
}

int64_t WorkCalendar::CountWorkingDays(Date after, Date last) const {
  int64_t count = CumulativeWeekdays(last) - CumulativeWeekdays(after);
  // Entries in (after, last] correct the Monday-to-Friday count: a holiday on
  // a weekday takes one off, an adjusted working day (always a weekend) adds
  // one.
  for (auto it = by_date_.upper_bound(after.days());
       it != by_date_.end() && it->first <= last.days(); ++it) {
    const DayKind kind = years_.at(it->second.year).entries[it->second.index].kind;
    if (kind == DayKind::kAdjustedWorkday) {
      ++count;
    } else if (!IsWeekend(Date::FromDays(it->first))) {
      --count;
    }
  }
  return count;
}

const WorkCalendar& OfficialWorkCalendar() {
  // Built once and never destroyed (no destructor runs at exit).
  static const WorkCalendar* const calendar = [] {
    std::vector<YearCalendar> years;
    years.reserve(kNotices.size());
    for (const Notice& notice : kNotices) years.push_back(FromNotice(notice));
    StatusOr<WorkCalendar> built = WorkCalendar::FromYears(std::move(years));
    ALLEY_CHECK(built.ok(), built.status().ToString());
    return new WorkCalendar(std::move(built).value());
  }();
  return *calendar;
}

}  // namespace alley::core
