#include "core/workdays.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date Ymd(int year, int month, int day) {
  std::optional<Date> date = Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "test date does not exist");
  return *date;
}

// The working days of a whole year, counted one day at a time (independent of
// WorkingDaysBetween's arithmetic).
int CountWorkingDays(const WorkCalendar& cal, int year) {
  int count = 0;
  for (Date d = Ymd(year, 1, 1); d <= Ymd(year, 12, 31); d = d.AddDays(1)) {
    if (cal.IsWorkingDay(d)) ++count;
  }
  return count;
}

TEST(WeekdayTest, KnownDates) {
  EXPECT_EQ(DayOfWeek(Ymd(1970, 1, 1)), Weekday::kThursday);
  EXPECT_EQ(DayOfWeek(Ymd(1969, 12, 28)), Weekday::kSunday);
  EXPECT_EQ(DayOfWeek(Ymd(2025, 1, 1)), Weekday::kWednesday);
  EXPECT_EQ(DayOfWeek(Ymd(2025, 2, 8)), Weekday::kSaturday);
  EXPECT_EQ(DayOfWeek(Ymd(2000, 2, 29)), Weekday::kTuesday);
  EXPECT_EQ(DayOfWeek(Ymd(1, 1, 1)), Weekday::kMonday);
  EXPECT_EQ(WeekdayName(Weekday::kFriday), "Friday");
}

TEST(OfficialCalendarTest, CoversTheVerifiedNotices) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  EXPECT_THAT(cal.CoveredYears(), ElementsAre(2023, 2024, 2025, 2026));
  EXPECT_FALSE(cal.Covers(2022));
  EXPECT_FALSE(cal.Covers(2027));
  ASSERT_NE(cal.Year(2025), nullptr);
  EXPECT_THAT(cal.Year(2025)->source, HasSubstr("国办发明电〔2024〕12号"));
  EXPECT_EQ(cal.Year(2030), nullptr);
}

// By law a year's days off are its Saturdays and Sundays plus its statutory
// holidays (11 days until 2024, 13 from 2025): 调休 only moves days around.
// So the count of working days is a check on the whole table that does not
// repeat it.
TEST(OfficialCalendarTest, WorkingDaysPerYearMatchTheStatutoryHolidays) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  EXPECT_EQ(CountWorkingDays(cal, 2023), 365 - 105 - 11);  // 2023 had 53 Sundays
  EXPECT_EQ(CountWorkingDays(cal, 2024), 366 - 104 - 11);
  EXPECT_EQ(CountWorkingDays(cal, 2025), 365 - 104 - 13);
  EXPECT_EQ(CountWorkingDays(cal, 2026), 365 - 104 - 13);
  for (int year = 2023; year <= 2026; ++year) {
    EXPECT_EQ(cal.WorkingDaysBetween(Ymd(year - 1, 12, 31), Ymd(year, 12, 31)),
              CountWorkingDays(cal, year))
        << year;
  }
}

TEST(OfficialCalendarTest, HolidaysAndAdjustedWorkdays2025) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  // Spring Festival: 1-28 (除夕) to 2-04 off; Sunday 1-26 and Saturday 2-08 worked.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 1, 26)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 1, 27)));
  for (Date d = Ymd(2025, 1, 28); d <= Ymd(2025, 2, 4); d = d.AddDays(1)) {
    EXPECT_FALSE(cal.IsWorkingDay(d)) << d.ToString();
  }
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 2, 8)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2025, 2, 9)));  // an ordinary Sunday
  // Labour Day 5-01 to 5-05 (five days from 2025), Sunday 4-27 worked.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 4, 27)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2025, 5, 5)));
  // National Day and Mid-Autumn together: 10-01 to 10-08; 9-28 and 10-11 worked.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 9, 28)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2025, 10, 8)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 10, 11)));
  // An ordinary Wednesday.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 3, 12)));

  const CalendarEntry* entry = cal.Find(Ymd(2025, 10, 6));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->kind, DayKind::kHoliday);
  EXPECT_EQ(entry->holiday, "国庆节、中秋节");
  EXPECT_EQ(cal.Find(Ymd(2025, 3, 12)), nullptr);
}

TEST(OfficialCalendarTest, OtherYearsSpotChecks) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  // 2023: 元旦 begins on 2022-12-31, listed by the 2023 notice.
  ASSERT_NE(cal.Find(Ymd(2022, 12, 31)), nullptr);
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2023, 1, 2)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2023, 1, 28)));
  // 2024: 除夕 (2-09) is officially a working day; 2-04 and 2-18 (Sundays) worked.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2024, 2, 9)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2024, 2, 18)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2024, 2, 16)));
  // 2026: 元旦 1-01 to 1-03, Sunday 1-04 worked; Spring Festival nine days.
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2026, 1, 2)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2026, 1, 4)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2026, 2, 23)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2026, 2, 28)));
}

TEST(OfficialCalendarTest, OutsideCoveredYearsMondayToFriday) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  // 2027-10-01 is a Friday: without the 2027 notice it counts as worked.
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2027, 10, 1)));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2027, 10, 2)));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2027, 10, 1), 1), Ymd(2027, 10, 4));
}

TEST(WorkingDaysTest, AddAcrossTheNationalDayHoliday) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  // The eve of the holiday: the next working day is 10-09.
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 9, 30), 1), Ymd(2025, 10, 9));
  // 10-09, 10-10, Saturday 10-11 (调休), 10-13, 10-14.
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 9, 30), 3), Ymd(2025, 10, 11));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 9, 30), 5), Ymd(2025, 10, 14));
  // Backwards: the working day before 10-09 is 9-30; two before is Sunday 9-28.
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 10, 9), -1), Ymd(2025, 9, 30));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 10, 9), -3), Ymd(2025, 9, 28));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 10, 4), 0), Ymd(2025, 10, 4));
}

TEST(WorkingDaysTest, FromAHolidayOrAWeekendDayTheDayItselfIsNotCounted) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 10, 3), 1), Ymd(2025, 10, 9));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 3, 8), 1), Ymd(2025, 3, 10));  // Saturday
  // Friday before the 调休 Saturday 2025-02-08.
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 2, 7), 1), Ymd(2025, 2, 8));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 2, 8), 1), Ymd(2025, 2, 10));
}

TEST(WorkingDaysTest, BetweenIsTheInverseOfAdd) {
  const WorkCalendar& cal = OfficialWorkCalendar();
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 9, 30), Ymd(2025, 10, 14)), 5);
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 10, 14), Ymd(2025, 9, 30)), -5);
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 10, 1), Ymd(2025, 10, 8)), 0);
  // Backwards the start is excluded and the end included: from Saturday
  // 10-04 back to 9-30 meets only 9-30; from 10-09 back to 9-30 meets 9-30 too.
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 10, 4), Ymd(2025, 9, 30)), -1);
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 10, 9), Ymd(2025, 9, 30)), -1);
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 5, 5), Ymd(2025, 5, 5)), 0);
  // Every start from late 2022 to early 2027 (crossing every notice and the
  // uncovered years on both sides), forwards and backwards.
  for (Date start = Ymd(2022, 11, 1); start <= Ymd(2027, 2, 1); start = start.AddDays(3)) {
    for (int n : {-23, -7, -1, 0, 1, 2, 5, 10, 15, 40}) {
      const Date end = cal.AddWorkingDays(start, n);
      ASSERT_EQ(cal.WorkingDaysBetween(start, end), n) << start.ToString() << " + " << n;
      if (n != 0) {
        ASSERT_TRUE(cal.IsWorkingDay(end)) << start.ToString() << " + " << n;
      }
    }
  }
}

TEST(WorkingDaysTest, EmptyCalendarIsMondayToFriday) {
  const WorkCalendar cal;
  EXPECT_TRUE(cal.CoveredYears().empty());
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2025, 10, 1)));  // a Wednesday
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2025, 3, 7), 1), Ymd(2025, 3, 10));
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(2025, 3, 2), Ymd(2025, 3, 9)), 5);
  EXPECT_EQ(cal.WorkingDaysBetween(Ymd(1969, 12, 28), Ymd(1970, 1, 4)), 5);
}

YearCalendar Year2099() {
  YearCalendar year;
  year.year = 2099;
  year.source = "a test notice";
  year.entries = {
      CalendarEntry{Ymd(2099, 1, 1), DayKind::kHoliday, "元旦"},          // a Thursday
      CalendarEntry{Ymd(2099, 1, 2), DayKind::kHoliday, "元旦"},          // a Friday
      CalendarEntry{Ymd(2099, 1, 4), DayKind::kAdjustedWorkday, "元旦"},  // a Sunday
  };
  return year;
}

TEST(WorkCalendarTest, ImportedYearExtendsACopy) {
  WorkCalendar cal = OfficialWorkCalendar();
  ASSERT_OK(cal.AddYear(Year2099()));
  EXPECT_TRUE(cal.Covers(2099));
  EXPECT_FALSE(OfficialWorkCalendar().Covers(2099));
  EXPECT_FALSE(cal.IsWorkingDay(Ymd(2099, 1, 2)));
  EXPECT_TRUE(cal.IsWorkingDay(Ymd(2099, 1, 4)));
  EXPECT_EQ(cal.AddWorkingDays(Ymd(2098, 12, 31), 1), Ymd(2099, 1, 4));
  // A copy stays valid on its own.
  const WorkCalendar copy = cal;
  ASSERT_NE(copy.Find(Ymd(2099, 1, 4)), nullptr);
  EXPECT_EQ(copy.Find(Ymd(2099, 1, 4))->holiday, "元旦");
}

TEST(WorkCalendarTest, FromYearsBuildsOrReportsTheFirstError) {
  ASSERT_OK_AND_ASSIGN(WorkCalendar cal, WorkCalendar::FromYears({Year2099()}));
  EXPECT_THAT(cal.CoveredYears(), ElementsAre(2099));
  EXPECT_THAT(WorkCalendar::FromYears({Year2099(), Year2099()}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("calendar 2099")));
}

TEST(WorkCalendarTest, RejectsBadEntriesNamingTheDate) {
  WorkCalendar cal = OfficialWorkCalendar();

  YearCalendar both = Year2099();
  both.entries.push_back(CalendarEntry{Ymd(2099, 1, 4), DayKind::kHoliday, "元旦"});
  EXPECT_THAT(cal.AddYear(both),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("2099-01-04 is listed both as a holiday and as a working day")));

  YearCalendar twice = Year2099();
  twice.entries.push_back(twice.entries[0]);
  EXPECT_THAT(cal.AddYear(twice),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2099-01-01 is listed twice")));

  YearCalendar weekday_work = Year2099();
  weekday_work.entries.push_back(CalendarEntry{Ymd(2099, 1, 5), DayKind::kAdjustedWorkday, "元旦"});
  EXPECT_THAT(cal.AddYear(weekday_work),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("2099-01-05 is a Monday: an adjusted working day")));

  YearCalendar outside = Year2099();
  outside.entries.push_back(CalendarEntry{Ymd(2098, 11, 30), DayKind::kHoliday, "元旦"});
  EXPECT_THAT(cal.AddYear(outside),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2098-11-30 is outside")));
  YearCalendar next_year = Year2099();
  next_year.entries.push_back(CalendarEntry{Ymd(2100, 1, 1), DayKind::kHoliday, "元旦"});
  EXPECT_THAT(cal.AddYear(next_year),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2100-01-01 is outside")));

  YearCalendar unnamed = Year2099();
  unnamed.entries[1].holiday.clear();
  EXPECT_THAT(cal.AddYear(unnamed),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2099-01-02: holiday name")));

  YearCalendar no_source = Year2099();
  no_source.source.clear();
  EXPECT_THAT(cal.AddYear(no_source),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("source is empty")));

  YearCalendar empty = Year2099();
  empty.entries.clear();
  EXPECT_THAT(cal.AddYear(empty),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("entries are empty")));

  YearCalendar far = Year2099();
  far.year = 10000;
  EXPECT_THAT(cal.AddYear(far), StatusIs(StatusCode::kOutOfRange, HasSubstr("10000")));

  // Nothing was half-added by the failures above.
  EXPECT_FALSE(cal.Covers(2099));
  EXPECT_EQ(cal.Find(Ymd(2099, 1, 1)), nullptr);
  EXPECT_OK(cal.AddYear(Year2099()));
}

TEST(WorkCalendarTest, RejectsAYearAlreadyHeldAndADateAnotherNoticeLists) {
  WorkCalendar cal = OfficialWorkCalendar();
  YearCalendar again;
  again.year = 2025;
  again.source = "a second 2025 notice";
  again.entries = {CalendarEntry{Ymd(2025, 1, 1), DayKind::kHoliday, "元旦"}};
  EXPECT_THAT(cal.AddYear(again),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("国办发明电〔2024〕12号")));

  // The 2023 notice already lists 2022-12-31 (元旦).
  YearCalendar y2022;
  y2022.year = 2022;
  y2022.source = "a test notice";
  y2022.entries = {CalendarEntry{Ymd(2022, 12, 31), DayKind::kHoliday, "元旦"}};
  EXPECT_THAT(cal.AddYear(y2022),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("2022-12-31 is already listed by the notice for 2023")));
  EXPECT_FALSE(cal.Covers(2022));
}

}  // namespace
}  // namespace alley::core
