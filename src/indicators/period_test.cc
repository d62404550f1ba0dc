#include "indicators/period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::indicators {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Period P(std::string_view text) {
  StatusOr<Period> p = ParsePeriod(text);
  ALLEY_CHECK(p.ok(), p.status().ToString());
  return *p;
}

std::string F(const Period& p) { return FormatPeriod(p); }

std::vector<std::string> Texts(const std::vector<Period>& periods) {
  std::vector<std::string> texts;
  texts.reserve(periods.size());
  for (const Period& p : periods) texts.push_back(F(p));
  return texts;
}

TEST(PeriodTest, ParsesEveryKind) {
  EXPECT_EQ(P("2024"), (Period{PeriodKind::kYear, 2024, 0, 0}));
  EXPECT_EQ(P("2024Q3"), (Period{PeriodKind::kQuarter, 2024, 3, 0}));
  EXPECT_EQ(P("2024-07"), (Period{PeriodKind::kMonth, 2024, 7, 0}));
  EXPECT_EQ(P("2024-W05"), (Period{PeriodKind::kWeek, 2024, 5, 0}));
  EXPECT_EQ(P("2024-07-15"), (Period{PeriodKind::kDay, 2024, 7, 15}));
}

TEST(PeriodTest, FormatIsTheInverseOfParse) {
  for (std::string_view text :
       {"2024", "0001", "9999", "2024Q1", "2024Q4", "2024-01", "2024-12", "2024-W01", "2020-W53",
        "2024-02-29", "0001-01-01", "9999-12-31", "1999-W52"}) {
    EXPECT_EQ(F(P(text)), text);
  }
}

TEST(PeriodTest, RejectsBadText) {
  for (std::string_view text :
       {"",           "24",       "202",     "2024q3",        "2024Q",    "2024Q12",
        "2024-7",     "2024-007", "2024-W5", "2024W05",       "2024-w05", "2024-07-1",
        "2024/07/15", " 2024",    "2024 ",   "2024-07-15T00", "abcd",     "20240",
        "2024-",      "2024-Q3"}) {
    EXPECT_THAT(ParsePeriod(text), StatusIs(StatusCode::kInvalidArgument, HasSubstr("period")))
        << text;
  }
}

TEST(PeriodTest, ErrorsNameTheTextAndWhy) {
  EXPECT_THAT(ParsePeriod("2024Q5"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("period \"2024Q5\": quarter 5 out of range 1..4")));
  EXPECT_THAT(ParsePeriod("2024Q0"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("quarter 0 out of range")));
  EXPECT_THAT(ParsePeriod("2024-13"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("month 13 out of range 1..12")));
  EXPECT_THAT(ParsePeriod("2024-00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("month 0 out of range")));
  EXPECT_THAT(ParsePeriod("2021-W53"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("2021 has 52 ISO weeks")));
  EXPECT_THAT(ParsePeriod("2021-W00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("week 0 out of range 1..52")));
  EXPECT_THAT(ParsePeriod("2021-W54"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("week 54 out of range")));
  EXPECT_THAT(ParsePeriod("2023-02-29"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("period \"2023-02-29\"")));
  EXPECT_THAT(ParsePeriod("0000"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("year 0 out of range 1..9999")));
  EXPECT_THAT(ParsePeriod("0000-01-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("year 0 out of range")));
  EXPECT_THAT(ParsePeriod("9999-W01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("out of range 1..9998")));
  EXPECT_THAT(ParsePeriod("July"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected YYYY, YYYYQn")));
}

TEST(PeriodTest, IsoWeek53OnlyInLongYears) {
  // Years that start on a Thursday, or leap years that start on a Wednesday.
  for (std::string_view text : {"2004-W53", "2009-W53", "2015-W53", "2020-W53", "2026-W53"}) {
    EXPECT_OK(ParsePeriod(text)) << text;
  }
  for (std::string_view text : {"2019-W53", "2021-W53", "2022-W53", "2023-W53", "2024-W53"}) {
    EXPECT_THAT(ParsePeriod(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(PeriodTest, FirstAndLastDays) {
  EXPECT_EQ(FirstDay(P("2024")).ToString(), "2024-01-01");
  EXPECT_EQ(LastDay(P("2024")).ToString(), "2024-12-31");
  EXPECT_EQ(FirstDay(P("2024Q3")).ToString(), "2024-07-01");
  EXPECT_EQ(LastDay(P("2024Q3")).ToString(), "2024-09-30");
  EXPECT_EQ(LastDay(P("2024Q1")).ToString(), "2024-03-31");
  EXPECT_EQ(LastDay(P("2024Q4")).ToString(), "2024-12-31");
  EXPECT_EQ(LastDay(P("2024-02")).ToString(), "2024-02-29");
  EXPECT_EQ(LastDay(P("2023-02")).ToString(), "2023-02-28");
  EXPECT_EQ(LastDay(P("1900-02")).ToString(), "1900-02-28");
  EXPECT_EQ(LastDay(P("2000-02")).ToString(), "2000-02-29");
  EXPECT_EQ(FirstDay(P("2024-07-15")).ToString(), "2024-07-15");
  EXPECT_EQ(LastDay(P("2024-07-15")).ToString(), "2024-07-15");
  // ISO weeks: 2024-W01 starts Monday 1 January 2024; 2021-W01 on 4 January
  // 2021; 2020-W53 runs 28 December 2020 .. 3 January 2021; 2009-W01 starts
  // in 2008.
  EXPECT_EQ(FirstDay(P("2024-W01")).ToString(), "2024-01-01");
  EXPECT_EQ(LastDay(P("2024-W01")).ToString(), "2024-01-07");
  EXPECT_EQ(FirstDay(P("2024-W05")).ToString(), "2024-01-29");
  EXPECT_EQ(FirstDay(P("2021-W01")).ToString(), "2021-01-04");
  EXPECT_EQ(FirstDay(P("2020-W53")).ToString(), "2020-12-28");
  EXPECT_EQ(LastDay(P("2020-W53")).ToString(), "2021-01-03");
  EXPECT_EQ(FirstDay(P("2009-W01")).ToString(), "2008-12-29");
  EXPECT_EQ(LastDay(P("2026-W53")).ToString(), "2027-01-03");
}

TEST(PeriodTest, PreviousAndNext) {
  EXPECT_EQ(F(Previous(P("2024"))), "2023");
  EXPECT_EQ(F(Previous(P("2024Q1"))), "2023Q4");
  EXPECT_EQ(F(Previous(P("2024Q3"))), "2024Q2");
  EXPECT_EQ(F(Previous(P("2024-01"))), "2023-12");
  EXPECT_EQ(F(Previous(P("2024-07"))), "2024-06");
  EXPECT_EQ(F(Previous(P("2021-W01"))), "2020-W53");
  EXPECT_EQ(F(Previous(P("2022-W01"))), "2021-W52");
  EXPECT_EQ(F(Previous(P("2024-W05"))), "2024-W04");
  EXPECT_EQ(F(Previous(P("2024-03-01"))), "2024-02-29");
  EXPECT_EQ(F(Previous(P("2023-03-01"))), "2023-02-28");
  EXPECT_EQ(F(Previous(P("2024-01-01"))), "2023-12-31");
  EXPECT_EQ(F(Next(P("2023Q4"))), "2024Q1");
  EXPECT_EQ(F(Next(P("2023-12"))), "2024-01");
  EXPECT_EQ(F(Next(P("2020-W53"))), "2021-W01");
  EXPECT_EQ(F(Next(P("2021-W52"))), "2022-W01");
  EXPECT_EQ(F(Next(P("2024-02-28"))), "2024-02-29");
  EXPECT_EQ(F(Next(P("2024-12-31"))), "2025-01-01");
  // Next undoes Previous for every kind.
  for (std::string_view text : {"2024", "2024Q1", "2024-01", "2021-W01", "2024-01-01"}) {
    EXPECT_EQ(Next(Previous(P(text))), P(text)) << text;
  }
}

TEST(PeriodTest, SameLastYear) {
  EXPECT_EQ(F(SameLastYear(P("2024"))), "2023");
  EXPECT_EQ(F(SameLastYear(P("2024Q3"))), "2023Q3");
  EXPECT_EQ(F(SameLastYear(P("2024Q1"))), "2023Q1");
  EXPECT_EQ(F(SameLastYear(P("2024-07"))), "2023-07");
  EXPECT_EQ(F(SameLastYear(P("2024-W05"))), "2023-W05");
  EXPECT_EQ(F(SameLastYear(P("2021-W52"))), "2020-W52");
  // 2020 has week 53, 2019 does not; 2016 has none either.
  EXPECT_EQ(F(SameLastYear(P("2020-W53"))), "2019-W52");
  EXPECT_EQ(F(SameLastYear(P("2024-07-15"))), "2023-07-15");
  EXPECT_EQ(F(SameLastYear(P("2024-02-29"))), "2023-02-28");
  EXPECT_EQ(F(SameLastYear(P("2025-02-28"))), "2024-02-28");
  EXPECT_EQ(F(SameLastYear(P("2025-03-01"))), "2024-03-01");
}

TEST(PeriodTest, ContainsByDays) {
  EXPECT_TRUE(Contains(P("2024"), P("2024")));
  EXPECT_TRUE(Contains(P("2024"), P("2024Q3")));
  EXPECT_TRUE(Contains(P("2024Q3"), P("2024-09")));
  EXPECT_FALSE(Contains(P("2024Q3"), P("2024-10")));
  EXPECT_TRUE(Contains(P("2024-07"), P("2024-07-31")));
  EXPECT_FALSE(Contains(P("2024-07"), P("2024-08-01")));
  EXPECT_TRUE(Contains(P("2024-W05"), P("2024-02-04")));
  EXPECT_FALSE(Contains(P("2024-W05"), P("2024-02-05")));
  // A week across the new year lies in neither year.
  EXPECT_FALSE(Contains(P("2020"), P("2020-W53")));
  EXPECT_FALSE(Contains(P("2021"), P("2020-W53")));
  EXPECT_TRUE(Contains(P("2024-01"), P("2024-W01")));
  EXPECT_FALSE(Contains(P("2024Q3"), P("2024")));
  EXPECT_FALSE(Contains(P("2024-07-15"), P("2024-07")));
}

TEST(PeriodTest, Enclosing) {
  EXPECT_EQ(F(Enclosing(P("2024-07"), PeriodKind::kQuarter)), "2024Q3");
  EXPECT_EQ(F(Enclosing(P("2024-03"), PeriodKind::kQuarter)), "2024Q1");
  EXPECT_EQ(F(Enclosing(P("2024-12"), PeriodKind::kQuarter)), "2024Q4");
  EXPECT_EQ(F(Enclosing(P("2024-07"), PeriodKind::kYear)), "2024");
  EXPECT_EQ(F(Enclosing(P("2024Q2"), PeriodKind::kYear)), "2024");
  EXPECT_EQ(F(Enclosing(P("2024-07-15"), PeriodKind::kMonth)), "2024-07");
  EXPECT_EQ(F(Enclosing(P("2024-07-15"), PeriodKind::kQuarter)), "2024Q3");
  EXPECT_EQ(F(Enclosing(P("2024-07-15"), PeriodKind::kYear)), "2024");
  EXPECT_EQ(F(Enclosing(P("2024-07-15"), PeriodKind::kWeek)), "2024-W29");
  EXPECT_EQ(F(Enclosing(P("2024Q3"), PeriodKind::kQuarter)), "2024Q3");
  // Days at the turn of the year belong to the ISO week of their Thursday.
  EXPECT_EQ(F(Enclosing(P("2021-01-03"), PeriodKind::kWeek)), "2020-W53");
  EXPECT_EQ(F(Enclosing(P("2019-12-30"), PeriodKind::kWeek)), "2020-W01");
  EXPECT_EQ(F(Enclosing(P("2027-01-01"), PeriodKind::kWeek)), "2026-W53");
  EXPECT_TRUE(CanEnclose(PeriodKind::kYear, PeriodKind::kMonth));
  EXPECT_TRUE(CanEnclose(PeriodKind::kWeek, PeriodKind::kDay));
  EXPECT_FALSE(CanEnclose(PeriodKind::kMonth, PeriodKind::kWeek));
  EXPECT_FALSE(CanEnclose(PeriodKind::kYear, PeriodKind::kWeek));
  EXPECT_FALSE(CanEnclose(PeriodKind::kWeek, PeriodKind::kMonth));
  EXPECT_FALSE(CanEnclose(PeriodKind::kMonth, PeriodKind::kYear));
}

TEST(PeriodTest, EnclosingContainsEveryDayOfAYear) {
  // Every day of a leap year and of a year with week 53 lies in the month,
  // quarter, year and week that Enclosing names.
  for (int year : {2020, 2024, 2026}) {
    for (Period d = P(std::to_string(year) + "-01-01"); d.year == year; d = Next(d)) {
      for (PeriodKind kind :
           {PeriodKind::kWeek, PeriodKind::kMonth, PeriodKind::kQuarter, PeriodKind::kYear}) {
        EXPECT_TRUE(Contains(Enclosing(d, kind), d)) << F(d) << " " << PeriodKindName(kind);
      }
    }
  }
}

TEST(PeriodTest, WeeksTileTheCalendar) {
  // Consecutive ISO weeks from 1999 to 2030 follow one another day by day.
  for (Period w = P("1999-W01"); w.year < 2031; w = Next(w)) {
    EXPECT_EQ(LastDay(w).AddDays(1), FirstDay(Next(w))) << F(w);
    EXPECT_EQ(Enclosing(MakeDay(FirstDay(w)), PeriodKind::kWeek), w) << F(w);
  }
}

TEST(PeriodTest, OrderWithinAKindIsTimeOrder) {
  std::vector<Period> periods = {P("2024Q3"), P("2023Q4"), P("2024Q1"), P("2025Q1")};
  std::sort(periods.begin(), periods.end());
  EXPECT_THAT(Texts(periods), ElementsAre("2023Q4", "2024Q1", "2024Q3", "2025Q1"));
  EXPECT_LT(P("2024-09-30"), P("2024-10-01"));
  EXPECT_LT(P("2020-W53"), P("2021-W01"));
  EXPECT_LT(P("2024-12"), P("2025-01"));
  EXPECT_NE(P("2024"), P("2024Q1"));
  // Kinds do not interleave: every day sorts before every week.
  EXPECT_LT(P("2099-12-31"), P("1999-W01"));
}

TEST(PeriodTest, Ranges) {
  ASSERT_OK_AND_ASSIGN(std::vector<Period> months, ParsePeriodRange("2024-01..2024-06"));
  ASSERT_EQ(months.size(), 6U);
  EXPECT_EQ(F(months.front()), "2024-01");
  EXPECT_EQ(F(months.back()), "2024-06");
  ASSERT_OK_AND_ASSIGN(std::vector<Period> quarters, ParsePeriodRange("2023Q3..2024Q2"));
  EXPECT_THAT(Texts(quarters), ElementsAre("2023Q3", "2023Q4", "2024Q1", "2024Q2"));
  ASSERT_OK_AND_ASSIGN(std::vector<Period> weeks, ParsePeriodRange("2020-W52..2021-W02"));
  EXPECT_EQ(weeks.size(), 4U);
  ASSERT_OK_AND_ASSIGN(std::vector<Period> days, ParsePeriodRange("2024-02-27..2024-03-01"));
  EXPECT_EQ(days.size(), 4U);
  ASSERT_OK_AND_ASSIGN(std::vector<Period> one, ParsePeriodRange("2024"));
  EXPECT_THAT(one, ElementsAre(P("2024")));
  ASSERT_OK_AND_ASSIGN(std::vector<Period> same, ParsePeriodRange("2024..2024"));
  EXPECT_THAT(same, ElementsAre(P("2024")));
}

TEST(PeriodTest, BadRanges) {
  EXPECT_THAT(ParsePeriodRange("2024-01..2024Q2"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a month and a quarter")));
  EXPECT_THAT(ParsePeriodRange("2024-06..2024-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("first period is after the last")));
  EXPECT_THAT(ParsePeriodRange("2024-01..2024-13"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("month 13")));
  EXPECT_THAT(ParsePeriodRange("..2024"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParsePeriodRange("2024.."), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParsePeriodRange("0001-01-01..9999-12-31"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than 100000 periods")));
}

}  // namespace
}  // namespace alley::indicators
