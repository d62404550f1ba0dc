#include "services/concern_categories.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;
using ::testing::HasSubstr;

core::Date Ymd(int year, int month, int day) {
  std::optional<core::Date> date = core::Date::FromYmd(year, month, day);
  ALLEY_CHECK(date.has_value(), "test date does not exist");
  return *date;
}

// The instant of `hour`:`minute` China Standard Time (UTC+8) on a date.
sys_seconds Cst(int year, int month, int day, int hour, int minute = 0) {
  const std::chrono::sys_days date{std::chrono::days{Ymd(year, month, day).days()}};
  return sys_seconds{date} + hours{hour} + minutes{minute} - hours{8};
}

const ConcernCategory& Category(std::string_view id) {
  const ConcernCategory* c = FindConcernCategory(id);
  ALLEY_CHECK(c != nullptr, "test category does not exist");
  return *c;
}

TEST(ConcernCategoriesTest, FoundByIdentifierOrChineseName) {
  const ConcernCategory* noise = FindConcernCategory("noise");
  ASSERT_NE(noise, nullptr);
  EXPECT_EQ(noise->name_zh, "噪声扰民");
  EXPECT_EQ(FindConcernCategory("噪声扰民"), noise);
  EXPECT_EQ(FindConcernCategory("Noise"), nullptr);
  EXPECT_EQ(FindConcernCategory(""), nullptr);
  EXPECT_EQ(Category("market_consumer").body, ResponsibleBody::kMarketRegulation);
  EXPECT_EQ(ResponsibleBodyName(Category("platform_workers").body), "人力资源和社会保障部门");
  EXPECT_EQ(ResponsibleBodyId(Category("other").body), "street_office");
  EXPECT_EQ(ConcernCategories().back().id, "other");
}

TEST(ConcernCategoriesTest, TableIsWellFormed) {
  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  for (const ConcernCategory& c : ConcernCategories()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_TRUE(names.insert(c.name_zh).second) << c.name_zh;
    EXPECT_FALSE(c.description_zh.empty()) << c.id;
    EXPECT_GT(c.respond_within_h, 0) << c.id;
    EXPECT_GT(c.resolve_within_working_days, 0) << c.id;
    EXPECT_NE(ResponsibleBodyId(c.body), "unknown") << c.id;
    // Urgency never loosens a limit.
    const ConcernTimeLimits normal = TimeLimitsFor(c, Urgency::kNormal);
    const ConcernTimeLimits urgent = TimeLimitsFor(c, Urgency::kUrgent);
    const ConcernTimeLimits emergency = TimeLimitsFor(c, Urgency::kEmergency);
    EXPECT_LE(urgent.respond_within_h, normal.respond_within_h) << c.id;
    EXPECT_LE(emergency.respond_within_h, urgent.respond_within_h) << c.id;
    EXPECT_LE(urgent.resolve_within_working_days, normal.resolve_within_working_days) << c.id;
    EXPECT_LE(emergency.resolve_within_working_days, urgent.resolve_within_working_days) << c.id;
  }
  EXPECT_EQ(ids.size(), 14u);
}

TEST(ConcernCategoriesTest, UrgencyTightensTheLimits) {
  const ConcernCategory& property = Category("property_management");  // 24 h, 7 working days
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kNormal).respond_within_h, 24);
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kNormal).resolve_within_working_days, 7);
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kUrgent).respond_within_h, 4);
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kUrgent).resolve_within_working_days, 2);
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kEmergency).respond_within_h, 2);
  EXPECT_EQ(TimeLimitsFor(property, Urgency::kEmergency).resolve_within_working_days, 1);
  // Already tighter than the urgent caps: unchanged.
  const ConcernCategory& utilities = Category("utilities");  // 4 h, 2 working days
  EXPECT_EQ(TimeLimitsFor(utilities, Urgency::kUrgent).respond_within_h, 4);
  EXPECT_EQ(TimeLimitsFor(utilities, Urgency::kUrgent).resolve_within_working_days, 2);
}

TEST(UrgencyTest, ParsesIdentifiersAndChineseNames) {
  ASSERT_OK_AND_ASSIGN(Urgency u, ParseUrgency("emergency"));
  EXPECT_EQ(u, Urgency::kEmergency);
  ASSERT_OK_AND_ASSIGN(Urgency zh, ParseUrgency("紧急"));
  EXPECT_EQ(zh, Urgency::kUrgent);
  EXPECT_EQ(UrgencyName(Urgency::kNormal), "一般");
  EXPECT_THAT(ParseUrgency("URGENT"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"URGENT\" is not one of")));
  EXPECT_THAT(ParseUrgency(""), StatusIs(StatusCode::kInvalidArgument));
}

TEST(DeadlinesTest, FridayEvening) {
  // Friday 2025-03-07 20:30 CST, an ordinary week; 24 h and 5 working days.
  const ConcernDeadlines d = DeadlinesFor(Category("environment_sanitation"), Urgency::kNormal,
                                          Cst(2025, 3, 7, 20, 30), core::OfficialWorkCalendar());
  EXPECT_EQ(d.respond_by, Cst(2025, 3, 8, 20, 30));  // clock hours, over the weekend
  EXPECT_EQ(d.resolve_by_date, Ymd(2025, 3, 14));    // Mon 10 .. Fri 14
  EXPECT_EQ(d.resolve_by, Cst(2025, 3, 15, 0));      // 24:00 CST on the 14th
  EXPECT_EQ(d.resolve_by.time_since_epoch().count() % 86400, 16 * 3600);  // 16:00 UTC
  EXPECT_TRUE(d.calendar_covered);
}

TEST(DeadlinesTest, TheDayOfReceiptIsTheChinaStandardDate) {
  const ConcernCategory& c = Category("environment_sanitation");
  // 2025-03-06 15:59:59 UTC is Thursday 23:59:59 in Beijing; one second later
  // it is Friday.
  const sys_seconds thursday_late = Cst(2025, 3, 6, 23, 59) + seconds{59};
  EXPECT_EQ(DeadlinesFor(c, Urgency::kNormal, thursday_late, core::OfficialWorkCalendar())
                .resolve_by_date,
            Ymd(2025, 3, 13));
  EXPECT_EQ(
      DeadlinesFor(c, Urgency::kNormal, thursday_late + seconds{1}, core::OfficialWorkCalendar())
          .resolve_by_date,
      Ymd(2025, 3, 14));
}

TEST(DeadlinesTest, NationalDayHolidayEve) {
  // Tuesday 2025-09-30 18:00 CST, the eve of 10-01..10-08 off, Saturday 10-11
  // worked; 7 working days: 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16.
  const ConcernDeadlines d = DeadlinesFor(Category("property_management"), Urgency::kNormal,
                                          Cst(2025, 9, 30, 18), core::OfficialWorkCalendar());
  EXPECT_EQ(d.respond_by, Cst(2025, 10, 1, 18));  // the response does not wait for the holiday
  EXPECT_EQ(d.resolve_by_date, Ymd(2025, 10, 16));
  EXPECT_EQ(d.resolve_by, Cst(2025, 10, 17, 0));
  EXPECT_TRUE(d.calendar_covered);

  // Without the notices the same concern would be due 10-09 (Monday–Friday).
  const core::WorkCalendar plain;
  const ConcernDeadlines naive =
      DeadlinesFor(Category("property_management"), Urgency::kNormal, Cst(2025, 9, 30, 18), plain);
  EXPECT_EQ(naive.resolve_by_date, Ymd(2025, 10, 9));
  EXPECT_FALSE(naive.calendar_covered);
}

TEST(DeadlinesTest, SpringFestivalEve) {
  // Monday 2025-01-27, the last working day before 除夕 (1-28..2-04 off, Saturday
  // 2-08 worked); 5 working days: 2-05, 2-06, 2-07, 2-08, 2-10.
  const ConcernDeadlines d = DeadlinesFor(Category("elderly_care"), Urgency::kNormal,
                                          Cst(2025, 1, 27, 9), core::OfficialWorkCalendar());
  EXPECT_EQ(d.resolve_by_date, Ymd(2025, 2, 10));
}

TEST(DeadlinesTest, AdjustedWorkingSaturday) {
  const core::WorkCalendar& cal = core::OfficialWorkCalendar();
  // An emergency on Friday 2025-02-07 17:00 CST: 2 hours to respond, and the
  // next working day is the 调休 Saturday 2-08.
  const ConcernDeadlines emergency =
      DeadlinesFor(Category("utilities"), Urgency::kEmergency, Cst(2025, 2, 7, 17), cal);
  EXPECT_EQ(emergency.respond_by, Cst(2025, 2, 7, 19));
  EXPECT_EQ(emergency.resolve_by_date, Ymd(2025, 2, 8));
  EXPECT_EQ(emergency.resolve_by, Cst(2025, 2, 9, 0));
  // Normal urgency, 2 working days: Saturday 2-08 and Monday 2-10.
  EXPECT_EQ(DeadlinesFor(Category("utilities"), Urgency::kNormal, Cst(2025, 2, 7, 17), cal)
                .resolve_by_date,
            Ymd(2025, 2, 10));
  // Received on the 调休 Saturday itself: the day of receipt is not counted.
  EXPECT_EQ(
      DeadlinesFor(Category("noise"), Urgency::kNormal, Cst(2025, 2, 8, 10), cal).resolve_by_date,
      Ymd(2025, 2, 12));  // 2-10, 2-11, 2-12
}

TEST(DeadlinesTest, ReportsWhenTheCalendarDoesNotCoverTheSpan) {
  // 10 working days from 2026-12-28 reach into 2027, which has no notice yet.
  const ConcernDeadlines d = DeadlinesFor(Category("education"), Urgency::kNormal,
                                          Cst(2026, 12, 28, 10), core::OfficialWorkCalendar());
  EXPECT_EQ(d.resolve_by_date, Ymd(2027, 1, 11));
  EXPECT_FALSE(d.calendar_covered);
}

}  // namespace
}  // namespace alley::services
