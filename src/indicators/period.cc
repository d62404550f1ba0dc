#include "indicators/period.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

namespace alley::indicators {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
// The last ISO week of 9999 ends on 2 January 10000, past core::Date's range.
constexpr int kMaxWeekYear = 9998;
constexpr int kQuartersPerYear = 4;
constexpr int kMonthsPerYear = 12;
constexpr int kMonthsPerQuarter = 3;
constexpr int kDaysPerWeek = 7;

core::Date Ymd(int year, int month, int day) {
  std::optional<core::Date> date = core::Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "period date out of range");
  return *date;
}

// ISO weekday: Monday = 1 .. Sunday = 7. 1970-01-01 was a Thursday.
int IsoWeekday(core::Date date) {
  int64_t r = (date.days() + 3) % kDaysPerWeek;
  if (r < 0) r += kDaysPerWeek;
  return static_cast<int>(r) + 1;
}

// The Monday of ISO week 1 of `iso_year`: the week that holds 4 January.
core::Date IsoWeekOneMonday(int iso_year) {
  core::Date jan4 = Ymd(iso_year, 1, 4);
  return jan4.AddDays(-(IsoWeekday(jan4) - 1));
}

// 53 when the year starts on a Thursday, or is a leap year starting on a
// Wednesday; 52 otherwise. Equivalently: the week of 28 December.
int IsoWeeksInYear(int iso_year) {
  int jan1 = IsoWeekday(Ymd(iso_year, 1, 1));
  if (jan1 == 4 || (jan1 == 3 && core::IsLeapYear(iso_year))) return 53;
  return 52;
}

// The ISO week (year and number) that holds `date`: the week-year is the year
// of the week's Thursday.
Period IsoWeekOf(core::Date date) {
  core::Date thursday = date.AddDays(4 - IsoWeekday(date));
  int iso_year = thursday.year();
  int64_t offset = thursday.days() - IsoWeekOneMonday(iso_year).days();
  return Period{PeriodKind::kWeek, iso_year, static_cast<int>(offset / kDaysPerWeek) + 1, 0};
}

Status Invalid(std::string_view text, std::string_view why) {
  return InvalidArgumentError(fmt::format("period \"{}\": {}", text, why));
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

constexpr std::string_view kForms = "expected YYYY, YYYYQn, YYYY-MM, YYYY-Www or YYYY-MM-DD";

}  // namespace

std::string_view PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDay:
      return "day";
    case PeriodKind::kWeek:
      return "week";
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kQuarter:
      return "quarter";
    case PeriodKind::kYear:
      return "year";
  }
  return "unknown";
}

Period MakeYear(int year) {
  ALLEY_CHECK(year >= kMinYear && year <= kMaxYear, "year out of range");
  return Period{PeriodKind::kYear, year, 0, 0};
}

Period MakeQuarter(int year, int quarter) {
  ALLEY_CHECK(year >= kMinYear && year <= kMaxYear, "year out of range");
  ALLEY_CHECK(quarter >= 1 && quarter <= kQuartersPerYear, "quarter out of range");
  return Period{PeriodKind::kQuarter, year, quarter, 0};
}

Period MakeMonth(int year, int month) {
  ALLEY_CHECK(year >= kMinYear && year <= kMaxYear, "year out of range");
  ALLEY_CHECK(month >= 1 && month <= kMonthsPerYear, "month out of range");
  return Period{PeriodKind::kMonth, year, month, 0};
}

Period MakeWeek(int iso_year, int week) {
  ALLEY_CHECK(iso_year >= kMinYear && iso_year <= kMaxWeekYear, "week-year out of range");
  ALLEY_CHECK(week >= 1 && week <= IsoWeeksInYear(iso_year), "week out of range");
  return Period{PeriodKind::kWeek, iso_year, week, 0};
}

Period MakeDay(core::Date date) {
  ALLEY_CHECK(date.year() >= kMinYear, "year out of range");
  return Period{PeriodKind::kDay, date.year(), date.month(), date.day()};
}

StatusOr<Period> ParsePeriod(std::string_view text) {
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) return Invalid(text, kForms);
  int year = ToInt(text.substr(0, 4));
  std::string_view rest = text.substr(4);
  auto check_year = [&](int max_year) -> Status {
    if (year < kMinYear || year > max_year) {
      return Invalid(text, fmt::format("year {} out of range {}..{}", year, kMinYear, max_year));
    }
    return OkStatus();
  };
  if (rest.empty()) {
    ALLEY_RETURN_IF_ERROR(check_year(kMaxYear));
    return MakeYear(year);
  }
  if (rest.size() == 2 && rest[0] == 'Q' && AllDigits(rest.substr(1))) {
    ALLEY_RETURN_IF_ERROR(check_year(kMaxYear));
    int quarter = ToInt(rest.substr(1));
    if (quarter < 1 || quarter > kQuartersPerYear) {
      return Invalid(text, fmt::format("quarter {} out of range 1..4", quarter));
    }
    return MakeQuarter(year, quarter);
  }
  if (rest.size() == 3 && rest[0] == '-' && AllDigits(rest.substr(1))) {
    ALLEY_RETURN_IF_ERROR(check_year(kMaxYear));
    int month = ToInt(rest.substr(1));
    if (month < 1 || month > kMonthsPerYear) {
      return Invalid(text, fmt::format("month {} out of range 1..12", month));
    }
    return MakeMonth(year, month);
  }
  if (rest.size() == 4 && rest[0] == '-' && rest[1] == 'W' && AllDigits(rest.substr(2))) {
    ALLEY_RETURN_IF_ERROR(check_year(kMaxWeekYear));
    int week = ToInt(rest.substr(2));
    int weeks = IsoWeeksInYear(year);
    if (week < 1 || week > weeks) {
      if (week == 53) return Invalid(text, fmt::format("{} has 52 ISO weeks", year));
      return Invalid(text, fmt::format("week {} out of range 1..{}", week, weeks));
    }
    return MakeWeek(year, week);
  }
  if (rest.size() == 6 && rest[0] == '-' && rest[3] == '-') {
    ALLEY_RETURN_IF_ERROR(check_year(kMaxYear));
    StatusOr<core::Date> date = core::Date::Parse(text);
    if (!date.ok()) return Invalid(text, date.status().message());
    return MakeDay(*date);
  }
  return Invalid(text, kForms);
}

std::string FormatPeriod(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return fmt::format("{:04d}", period.year);
    case PeriodKind::kQuarter:
      return fmt::format("{:04d}Q{}", period.year, period.number);
    case PeriodKind::kMonth:
      return fmt::format("{:04d}-{:02d}", period.year, period.number);
    case PeriodKind::kWeek:
      return fmt::format("{:04d}-W{:02d}", period.year, period.number);
    case PeriodKind::kDay:
      return fmt::format("{:04d}-{:02d}-{:02d}", period.year, period.number, period.day);
  }
  return "";
}

StatusOr<std::vector<Period>> ParsePeriodRange(std::string_view text) {
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    ALLEY_ASSIGN_OR_RETURN(Period single, ParsePeriod(text));
    return std::vector<Period>{single};
  }
  auto range_error = [&](std::string_view why) {
    return InvalidArgumentError(fmt::format("period range \"{}\": {}", text, why));
  };
  StatusOr<Period> first = ParsePeriod(text.substr(0, dots));
  if (!first.ok()) return range_error(first.status().message());
  StatusOr<Period> last = ParsePeriod(text.substr(dots + 2));
  if (!last.ok()) return range_error(last.status().message());
  if (first->kind != last->kind) {
    return range_error(fmt::format("the ends are a {} and a {}; both must be of one kind",
                                   PeriodKindName(first->kind), PeriodKindName(last->kind)));
  }
  if (*last < *first) return range_error("the first period is after the last");
  std::vector<Period> periods;
  Period p = *first;
  while (true) {
    if (periods.size() >= static_cast<size_t>(kMaxRangePeriods)) {
      return range_error(fmt::format("more than {} periods", kMaxRangePeriods));
    }
    periods.push_back(p);
    if (p == *last) break;
    p = Next(p);
  }
  return periods;
}

Period Previous(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return MakeYear(period.year - 1);
    case PeriodKind::kQuarter:
      return period.number == 1 ? MakeQuarter(period.year - 1, kQuartersPerYear)
                                : MakeQuarter(period.year, period.number - 1);
    case PeriodKind::kMonth:
      return period.number == 1 ? MakeMonth(period.year - 1, kMonthsPerYear)
                                : MakeMonth(period.year, period.number - 1);
    case PeriodKind::kWeek:
      return period.number == 1 ? MakeWeek(period.year - 1, IsoWeeksInYear(period.year - 1))
                                : MakeWeek(period.year, period.number - 1);
    case PeriodKind::kDay:
      return MakeDay(FirstDay(period).AddDays(-1));
  }
  ALLEY_CHECK(false, "unknown period kind");
  return period;
}

Period Next(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return MakeYear(period.year + 1);
    case PeriodKind::kQuarter:
      return period.number == kQuartersPerYear ? MakeQuarter(period.year + 1, 1)
                                               : MakeQuarter(period.year, period.number + 1);
    case PeriodKind::kMonth:
      return period.number == kMonthsPerYear ? MakeMonth(period.year + 1, 1)
                                             : MakeMonth(period.year, period.number + 1);
    case PeriodKind::kWeek:
      return period.number == IsoWeeksInYear(period.year)
                 ? MakeWeek(period.year + 1, 1)
                 : MakeWeek(period.year, period.number + 1);
    case PeriodKind::kDay:
      return MakeDay(FirstDay(period).AddDays(1));
  }
  ALLEY_CHECK(false, "unknown period kind");
  return period;
}

Period SameLastYear(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return MakeYear(period.year - 1);
    case PeriodKind::kQuarter:
      return MakeQuarter(period.year - 1, period.number);
    case PeriodKind::kMonth:
      return MakeMonth(period.year - 1, period.number);
    case PeriodKind::kWeek: {
      int weeks = IsoWeeksInYear(period.year - 1);
      return MakeWeek(period.year - 1, period.number > weeks ? weeks : period.number);
    }
    case PeriodKind::kDay:
      return MakeDay(FirstDay(period).AddYears(-1));
  }
  ALLEY_CHECK(false, "unknown period kind");
  return period;
}

core::Date FirstDay(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return Ymd(period.year, 1, 1);
    case PeriodKind::kQuarter:
      return Ymd(period.year, (period.number - 1) * kMonthsPerQuarter + 1, 1);
    case PeriodKind::kMonth:
      return Ymd(period.year, period.number, 1);
    case PeriodKind::kWeek:
      return IsoWeekOneMonday(period.year).AddDays(int64_t{period.number - 1} * kDaysPerWeek);
    case PeriodKind::kDay:
      return Ymd(period.year, period.number, period.day);
  }
  ALLEY_CHECK(false, "unknown period kind");
  return core::Date();
}

core::Date LastDay(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear:
      return Ymd(period.year, kMonthsPerYear, 31);
    case PeriodKind::kQuarter: {
      int month = period.number * kMonthsPerQuarter;
      return Ymd(period.year, month, core::DaysInMonth(period.year, month));
    }
    case PeriodKind::kMonth:
      return Ymd(period.year, period.number, core::DaysInMonth(period.year, period.number));
    case PeriodKind::kWeek:
      return FirstDay(period).AddDays(kDaysPerWeek - 1);
    case PeriodKind::kDay:
      return FirstDay(period);
  }
  ALLEY_CHECK(false, "unknown period kind");
  return core::Date();
}

bool Contains(const Period& outer, const Period& inner) {
  return FirstDay(outer) <= FirstDay(inner) && LastDay(inner) <= LastDay(outer);
}

bool CanEnclose(PeriodKind outer, PeriodKind inner) {
  if (outer == inner) return true;
  if (inner == PeriodKind::kDay) return true;
  if (inner == PeriodKind::kWeek || outer == PeriodKind::kWeek) return false;
  return static_cast<int>(outer) > static_cast<int>(inner);
}

Period Enclosing(const Period& period, PeriodKind kind) {
  ALLEY_CHECK(CanEnclose(kind, period.kind), "Enclosing: the kind does not enclose the period");
  if (kind == period.kind) return period;
  switch (kind) {
    case PeriodKind::kYear:
      return MakeYear(period.year);
    case PeriodKind::kQuarter:
      return MakeQuarter(period.year, (period.number - 1) / kMonthsPerQuarter + 1);
    case PeriodKind::kMonth:
      return MakeMonth(period.year, period.number);
    case PeriodKind::kWeek:
      return IsoWeekOf(FirstDay(period));
    case PeriodKind::kDay:
      break;
  }
  ALLEY_CHECK(false, "Enclosing: unreachable");
  return period;
}

}  // namespace alley::indicators
