#include "core/date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.h"
#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

Date Ymd(int year, int month, int day) {
  std::optional<Date> date = Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "test date does not exist");
  return *date;
}

TEST(DateTest, EpochIsDayZero) {
  EXPECT_EQ(Ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ(Date().days(), 0);
  EXPECT_EQ(Date().ToString(), "1970-01-01");
  EXPECT_EQ(Ymd(1969, 12, 31).days(), -1);
  EXPECT_EQ(Ymd(2000, 3, 1).days(), 11017);
  // 2026-06-30 is 56 years of 365 days plus the 14 leap days 1972..2024 plus
  // 180 days into 2026.
  EXPECT_EQ(Ymd(2026, 6, 30).days(), 56 * 365 + 14 + 180);
}

TEST(DateTest, RangeEndsMatchTheConstants) {
  EXPECT_EQ(Ymd(0, 1, 1).days(), Date::kMinDays);
  EXPECT_EQ(Ymd(9999, 12, 31).days(), Date::kMaxDays);
  EXPECT_EQ(Date::FromDays(Date::kMinDays).ToString(), "0000-01-01");
  EXPECT_EQ(Date::FromDays(Date::kMaxDays).ToString(), "9999-12-31");
  EXPECT_FALSE(Date::FromYmd(-1, 12, 31));
  EXPECT_FALSE(Date::FromYmd(10000, 1, 1));
}

TEST(DateTest, EveryDayRoundTripsThroughYmd) {
  // Walk day by day across leap years, century years and the epoch.
  Date d = Ymd(1895, 1, 1);
  int64_t expected_days = d.days();
  for (int i = 0; i < 120 * 366; ++i) {
    ASSERT_EQ(d.days(), expected_days);
    std::optional<Date> again = Date::FromYmd(d.year(), d.month(), d.day());
    ASSERT_TRUE(again.has_value()) << d.ToString();
    ASSERT_EQ(*again, d);
    Date next = d.AddDays(1);
    if (d.day() == DaysInMonth(d.year(), d.month())) {
      ASSERT_EQ(next.day(), 1) << d.ToString();
    } else {
      ASSERT_EQ(next.day(), d.day() + 1) << d.ToString();
    }
    d = next;
    ++expected_days;
  }
}

TEST(DateTest, FromYmdRejectsImpossibleDays) {
  EXPECT_FALSE(Date::FromYmd(2023, 2, 29));
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29));
  EXPECT_FALSE(Date::FromYmd(1900, 2, 29));  // a century, not divisible by 400
  EXPECT_TRUE(Date::FromYmd(2000, 2, 29));
  EXPECT_FALSE(Date::FromYmd(2023, 4, 31));
  EXPECT_FALSE(Date::FromYmd(2023, 13, 1));
  EXPECT_FALSE(Date::FromYmd(2023, 0, 1));
  EXPECT_FALSE(Date::FromYmd(2023, 1, 0));
  EXPECT_FALSE(Date::FromYmd(2023, 1, 32));
}

TEST(DateTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
}

TEST(DateTest, ParseReadsYyyyMmDd) {
  ASSERT_OK_AND_ASSIGN(Date d, Date::Parse("2024-02-29"));
  EXPECT_EQ(d.year(), 2024);
  EXPECT_EQ(d.month(), 2);
  EXPECT_EQ(d.day(), 29);
  EXPECT_EQ(d.ToString(), "2024-02-29");
  ASSERT_OK_AND_ASSIGN(Date early, Date::Parse("0001-01-01"));
  EXPECT_EQ(early.ToString(), "0001-01-01");
}

TEST(DateTest, ParseNamesTheReason) {
  EXPECT_THAT(Date::Parse("2023/01/01"),
              StatusIs(StatusCode::kInvalidArgument, "expected YYYY-MM-DD, got \"2023/01/01\""));
  EXPECT_THAT(Date::Parse("2023-1-1"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected YYYY-MM-DD")));
  EXPECT_THAT(Date::Parse(" 2023-01-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected YYYY-MM-DD")));
  EXPECT_THAT(Date::Parse("2023-01-0a"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected YYYY-MM-DD")));
  EXPECT_THAT(Date::Parse("+023-01-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected YYYY-MM-DD")));
  EXPECT_THAT(Date::Parse(""),
              StatusIs(StatusCode::kInvalidArgument, "expected YYYY-MM-DD, got \"\""));
  EXPECT_THAT(Date::Parse("2023-13-01"),
              StatusIs(StatusCode::kInvalidArgument, "month 13 out of range"));
  EXPECT_THAT(Date::Parse("2023-00-10"),
              StatusIs(StatusCode::kInvalidArgument, "month 0 out of range"));
  EXPECT_THAT(Date::Parse("2023-02-29"),
              StatusIs(StatusCode::kInvalidArgument, "2023-02-29 does not exist"));
  EXPECT_THAT(Date::Parse("2023-04-00"),
              StatusIs(StatusCode::kInvalidArgument, "2023-04-00 does not exist"));
}

TEST(DateTest, ParseDoesNotEchoControlCharactersOrLongInput) {
  EXPECT_THAT(Date::Parse("2023-01-01\n"),
              StatusIs(StatusCode::kInvalidArgument,
                       "expected YYYY-MM-DD, got a string with control characters"));
  EXPECT_THAT(Date::Parse(std::string(100, '9')),
              StatusIs(StatusCode::kInvalidArgument, "expected YYYY-MM-DD, got a 100-byte string"));
}

TEST(DateTest, ToStringPadsYearMonthAndDay) {
  EXPECT_EQ(Ymd(5, 3, 7).ToString(), "0005-03-07");
  EXPECT_EQ(Ymd(1949, 10, 1).ToString(), "1949-10-01");
}

TEST(DateTest, AddDaysCrossesMonthsYearsAndTheEpoch) {
  EXPECT_EQ(Ymd(2023, 12, 31).AddDays(1), Ymd(2024, 1, 1));
  EXPECT_EQ(Ymd(2024, 2, 28).AddDays(1), Ymd(2024, 2, 29));
  EXPECT_EQ(Ymd(2023, 2, 28).AddDays(1), Ymd(2023, 3, 1));
  EXPECT_EQ(Ymd(1970, 1, 1).AddDays(-1), Ymd(1969, 12, 31));
  EXPECT_EQ(Ymd(2024, 1, 1).AddDays(366), Ymd(2025, 1, 1));
  EXPECT_EQ(Ymd(2024, 1, 1).AddDays(0), Ymd(2024, 1, 1));
}

TEST(DateTest, AddYearsKeepsMonthAndDayOrClampsLeapDay) {
  EXPECT_EQ(Ymd(2024, 2, 29).AddYears(1), Ymd(2025, 2, 28));
  EXPECT_EQ(Ymd(2024, 2, 29).AddYears(4), Ymd(2028, 2, 29));
  EXPECT_EQ(Ymd(2024, 2, 29).AddYears(-100), Ymd(1924, 2, 29));
  EXPECT_EQ(Ymd(2024, 2, 29).AddYears(-124), Ymd(1900, 2, 28));
  EXPECT_EQ(Ymd(2026, 6, 30).AddYears(-60), Ymd(1966, 6, 30));
}

TEST(DateTest, ArithmeticLeavingTheRangeIsAProgrammerError) {
  EXPECT_DEATH(Date::FromDays(Date::kMaxDays + 1), "outside 0000-01-01..9999-12-31");
  EXPECT_DEATH(Ymd(9999, 12, 31).AddDays(1), "leaves 0000-01-01..9999-12-31");
  EXPECT_DEATH(Ymd(2000, 1, 1).AddDays(INT64_MIN), "leaves");
  EXPECT_DEATH(Ymd(2000, 1, 1).AddYears(8000), "leaves");
}

TEST(DateTest, ComparesInTimeOrder) {
  EXPECT_LT(Ymd(2023, 12, 31), Ymd(2024, 1, 1));
  EXPECT_LT(Ymd(1969, 12, 31), Ymd(1970, 1, 1));
  EXPECT_GT(Ymd(2024, 3, 1), Ymd(2024, 2, 29));
  EXPECT_EQ(Ymd(2024, 3, 1), Ymd(2024, 3, 1));
  EXPECT_NE(Ymd(2024, 3, 1), Ymd(2024, 3, 2));
}

TEST(AgeOnTest, CountsWholeYearsAndTheBirthdayItself) {
  const Date birth = Ymd(1966, 6, 30);
  EXPECT_EQ(AgeOn(birth, Ymd(2026, 6, 29)), 59);
  EXPECT_EQ(AgeOn(birth, Ymd(2026, 6, 30)), 60);
  EXPECT_EQ(AgeOn(birth, Ymd(2026, 7, 1)), 60);
  EXPECT_EQ(AgeOn(birth, birth), 0);
  EXPECT_EQ(AgeOn(birth, Ymd(1967, 6, 29)), 0);
  EXPECT_EQ(AgeOn(birth, Ymd(1967, 6, 30)), 1);
  // An earlier month of a later year.
  EXPECT_EQ(AgeOn(Ymd(1950, 12, 31), Ymd(2026, 1, 1)), 75);
}

TEST(AgeOnTest, LeapDayBirthdayIsReachedOnFirstMarchInCommonYears) {
  const Date birth = Ymd(2000, 2, 29);
  EXPECT_EQ(AgeOn(birth, Ymd(2001, 2, 28)), 0);
  EXPECT_EQ(AgeOn(birth, Ymd(2001, 3, 1)), 1);
  EXPECT_EQ(AgeOn(birth, Ymd(2004, 2, 28)), 3);
  EXPECT_EQ(AgeOn(birth, Ymd(2004, 2, 29)), 4);
}

TEST(AgeOnTest, DateBeforeBirthIsAgeZero) {
  EXPECT_EQ(AgeOn(Ymd(2026, 1, 1), Ymd(2025, 12, 31)), 0);
  EXPECT_EQ(AgeOn(Ymd(2026, 1, 1), Ymd(1900, 1, 1)), 0);
}

TEST(ClockTest, FakeClockSaysWhatItWasLastGiven) {
  FakeClock clock(Ymd(2026, 6, 30));
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Today(), Ymd(2026, 6, 30));
  clock.Set(Ymd(2027, 1, 1));
  EXPECT_EQ(as_clock.Today(), Ymd(2027, 1, 1));
}

TEST(ClockTest, ChinaStandardDateTurnsAtSixteenUtc) {
  using std::chrono::hours;
  using std::chrono::seconds;
  using std::chrono::sys_days;
  using std::chrono::year_month_day;
  const auto midnight_utc =
      sys_days(year_month_day(std::chrono::year(2026), std::chrono::June, std::chrono::day(30)));
  EXPECT_EQ(ChinaStandardDate(midnight_utc), Ymd(2026, 6, 30));
  EXPECT_EQ(ChinaStandardDate(midnight_utc + hours(15) + seconds(3599)), Ymd(2026, 6, 30));
  EXPECT_EQ(ChinaStandardDate(midnight_utc + hours(16)), Ymd(2026, 7, 1));
  // 23:00 UTC the day before is already 07:00 in Beijing.
  EXPECT_EQ(ChinaStandardDate(midnight_utc - hours(1)), Ymd(2026, 6, 30));
  EXPECT_EQ(ChinaStandardDate(midnight_utc - hours(8) - seconds(1)), Ymd(2026, 6, 29));
  // Before the Unix epoch the division must still round down.
  const auto epoch = std::chrono::system_clock::time_point();
  EXPECT_EQ(ChinaStandardDate(epoch - hours(8) - seconds(1)), Ymd(1969, 12, 31));
  EXPECT_EQ(ChinaStandardDate(epoch - hours(8)), Ymd(1970, 1, 1));
}

TEST(ClockTest, SystemClockIsWithinADayOfUtc) {
  const Date utc_today =
      Date::FromDays(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
                         .time_since_epoch()
                         .count());
  const Date today = DefaultClock().Today();
  EXPECT_GE(today, utc_today);
  EXPECT_LE(today, utc_today.AddDays(1));
  EXPECT_GT(today, Ymd(2024, 1, 1));
}

}  // namespace
}  // namespace alley::core
