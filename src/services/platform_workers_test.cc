#include "services/platform_workers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using registry::EmploymentForm;
using registry::Insurance;
using ::testing::HasSubstr;

TEST(InjuryProtectionTest, ParsesIdentifierOrChineseName) {
  EXPECT_EQ(ParseInjuryProtection("enrolled"), InjuryProtection::kEnrolled);
  EXPECT_EQ(ParseInjuryProtection("未参加"), InjuryProtection::kNotEnrolled);
  EXPECT_EQ(ParseInjuryProtection("不详"), InjuryProtection::kUnknown);
  EXPECT_EQ(ParseInjuryProtection("yes"), std::nullopt);
  EXPECT_EQ(InjuryProtectionId(InjuryProtection::kNotEnrolled), "not_enrolled");
  EXPECT_EQ(InjuryProtectionTerms().size(), 3u);
}

TEST(NormalisePlatformTest, KnownSpellingsShareOneKey) {
  const std::vector<std::string> meituan = {" 美团外卖 ", "美团", "Meituan", "ＭｅｉＴｕａｎ",
                                            "美团 众包"};
  for (const std::string& text : meituan) {
    ASSERT_OK_AND_ASSIGN(PlatformName p, NormalisePlatform(text));
    EXPECT_EQ(p.key, "meituan") << text;
    EXPECT_EQ(p.name, "美团") << text;
  }
  ASSERT_OK_AND_ASSIGN(PlatformName p, NormalisePlatform("ELE.ME"));
  EXPECT_EQ(p.key, "eleme");
  ASSERT_OK_AND_ASSIGN(p, NormalisePlatform("\xE3\x80\x80滴滴\xE3\x80\x80"));  // ideographic spaces
  EXPECT_EQ(p.key, "didi");
  EXPECT_EQ(p.name, "滴滴出行");
  ASSERT_OK_AND_ASSIGN(p, NormalisePlatform("T3 出行"));
  EXPECT_EQ(p.key, "t3");
  ASSERT_OK_AND_ASSIGN(p, NormalisePlatform("运满满"));
  EXPECT_EQ(p.key, "manbang");
  ASSERT_OK_AND_ASSIGN(p, NormalisePlatform("滴滴货运"));
  EXPECT_EQ(p.key, "didi_freight");
}

TEST(NormalisePlatformTest, OtherTextIsItsOwnPlatform) {
  ASSERT_OK_AND_ASSIGN(PlatformName p, NormalisePlatform("  Uu 跑腿 "));
  EXPECT_EQ(p.key, "uu跑腿");
  EXPECT_EQ(p.name, "Uu 跑腿");
  ASSERT_OK_AND_ASSIGN(PlatformName q, NormalisePlatform("UU跑腿"));
  EXPECT_EQ(q.key, p.key);
}

TEST(NormalisePlatformTest, RefusesBadText) {
  EXPECT_THAT(NormalisePlatform(""), StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(NormalisePlatform(" \xE3\x80\x80 "),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(NormalisePlatform("美\xFF"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(NormalisePlatform(std::string(101, 'a')),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at most 100 bytes")));
  EXPECT_OK(NormalisePlatform(std::string(100, 'a')).status());
  EXPECT_THAT(NormalisePlatform("a\x01"
                                "b"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("control character")));
}

PlatformWorker Worker(std::string id, std::string unit, EmploymentForm form,
                      std::vector<std::string> platforms, Insurance insurance,
                      InjuryProtection injury, std::vector<std::string> programmes) {
  return PlatformWorker{.resident_id = std::move(id),
                        .unit_code = std::move(unit),
                        .form = form,
                        .platforms = std::move(platforms),
                        .insurance = insurance,
                        .injury_protection = injury,
                        .programmes = std::move(programmes)};
}

constexpr std::string_view kUnitA = "320706006010";
constexpr std::string_view kUnitB = "320706006011";

std::vector<PlatformWorker> FiveWorkers() {
  return {
      Worker("r1", std::string(kUnitA), EmploymentForm::kDeliveryRider, {"美团外卖", "饿了么"},
             Insurance::kFlexible, InjuryProtection::kEnrolled, {"rest_station", "legal_aid"}),
      Worker("r2", std::string(kUnitA), EmploymentForm::kDeliveryRider, {" Meituan ", "美团"},
             Insurance::kNone, InjuryProtection::kNotEnrolled, {}),
      Worker("r3", std::string(kUnitA), EmploymentForm::kRideHailingDriver, {"滴滴出行"},
             Insurance::kEmployee, InjuryProtection::kUnknown, {"技能培训"}),
      Worker("r4", std::string(kUnitB), EmploymentForm::kEcommerceLivestreaming, {"抖音"},
             Insurance::kUnknown, InjuryProtection::kUnknown, {"insurance_enrolment"}),
      Worker("r5", std::string(kUnitB), EmploymentForm::kOtherPlatform, {}, Insurance::kResident,
             InjuryProtection::kNotEnrolled, {}),
  };
}

TEST(PlatformWorkerTest, ValidationNamesTheField) {
  PlatformWorker w = FiveWorkers()[0];
  ASSERT_OK(ValidatePlatformWorker(w));
  w.form = EmploymentForm::kEmployee;
  EXPECT_THAT(ValidatePlatformWorker(w), StatusIs(StatusCode::kInvalidArgument,
                                                  HasSubstr("\"employee\" is not platform work")));
  w = FiveWorkers()[0];
  w.resident_id.clear();
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("resident_id")));
  w = FiveWorkers()[0];
  w.unit_code.clear();
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unit_code")));
  w = FiveWorkers()[0];
  w.platforms.emplace_back("  ");
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field platform")));
  w = FiveWorkers()[0];
  w.programmes.emplace_back("canteen_meals");
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not a programme for platform")));
  w = FiveWorkers()[0];
  w.programmes.emplace_back("gym");
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown programme \"gym\"")));
  w = FiveWorkers()[0];
  w.programmes.emplace_back("法律援助");  // legal_aid again, by its Chinese name
  EXPECT_THAT(ValidatePlatformWorker(w),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"legal_aid\" is listed twice")));
}

TEST(PlatformWorkerTest, InsuredMeansEnrolledInSomeScheme) {
  EXPECT_TRUE(IsInsured(Insurance::kEmployee));
  EXPECT_TRUE(IsInsured(Insurance::kResident));
  EXPECT_TRUE(IsInsured(Insurance::kFlexible));
  EXPECT_FALSE(IsInsured(Insurance::kNone));
  EXPECT_FALSE(IsInsured(Insurance::kUnknown));
}

TEST(PlatformWorkerSummaryTest, CountsAndCoverageByHand) {
  const std::vector<PlatformWorker> workers = FiveWorkers();
  ASSERT_OK_AND_ASSIGN(PlatformWorkerSummary s, SummarisePlatformWorkers(workers));
  EXPECT_EQ(s.workers, 5);
  ASSERT_EQ(s.by_form.size(), 4u);
  EXPECT_EQ(s.by_form[0].form, EmploymentForm::kDeliveryRider);
  EXPECT_EQ(s.by_form[0].workers, 2);
  EXPECT_EQ(s.by_form[1].form, EmploymentForm::kRideHailingDriver);
  EXPECT_EQ(s.by_form[1].workers, 1);
  EXPECT_EQ(s.by_form[2].workers, 1);
  EXPECT_EQ(s.by_form[3].form, EmploymentForm::kOtherPlatform);
  EXPECT_EQ(s.by_form[3].workers, 1);

  // r1 and r2 on 美团 (r2 spelled it twice: once), then the ones by key.
  ASSERT_EQ(s.by_platform.size(), 4u);
  EXPECT_EQ(s.by_platform[0].key, "meituan");
  EXPECT_EQ(s.by_platform[0].workers, 2);
  EXPECT_EQ(s.by_platform[1].key, "didi");
  EXPECT_EQ(s.by_platform[2].key, "douyin");
  EXPECT_EQ(s.by_platform[3].key, "eleme");
  EXPECT_EQ(s.by_platform[3].name, "饿了么");
  EXPECT_EQ(s.by_platform[3].workers, 1);
  EXPECT_EQ(s.platform_unknown, 1);  // r5

  ASSERT_EQ(s.by_insurance.size(), 5u);
  for (const InsuranceCount& c : s.by_insurance) EXPECT_EQ(c.workers, 1);
  ASSERT_EQ(s.by_programme.size(), 4u);
  EXPECT_EQ(s.by_programme[0].programme_id, "rest_station");
  for (const ProgrammeCount& c : s.by_programme) EXPECT_EQ(c.workers, 1) << c.programme_id;

  EXPECT_EQ(s.insured, 3);  // r1 flexible, r3 employee, r5 resident
  EXPECT_DOUBLE_EQ(*s.insured_share, 0.6);
  EXPECT_EQ(s.injury_protected, 1);  // r1
  EXPECT_EQ(s.injury_unknown, 2);    // r3, r4
  EXPECT_DOUBLE_EQ(*s.injury_protection_share, 0.2);
  EXPECT_EQ(s.reached, 3);  // r1, r3, r4
  EXPECT_DOUBLE_EQ(*s.programme_reach_share, 0.6);
}

TEST(PlatformWorkerSummaryTest, PerUnit) {
  const std::vector<PlatformWorker> workers = FiveWorkers();
  ASSERT_OK_AND_ASSIGN(auto units, SummarisePlatformWorkersByUnit(workers));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].first, kUnitA);
  const PlatformWorkerSummary& a = units[0].second;
  EXPECT_EQ(a.workers, 3);
  EXPECT_DOUBLE_EQ(*a.insured_share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*a.injury_protection_share, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(*a.programme_reach_share, 2.0 / 3.0);
  EXPECT_EQ(units[1].first, kUnitB);
  const PlatformWorkerSummary& b = units[1].second;
  EXPECT_EQ(b.workers, 2);
  EXPECT_DOUBLE_EQ(*b.insured_share, 0.5);
  // Workers, none protected: a real 0, not a missing value.
  ASSERT_TRUE(b.injury_protection_share.has_value());
  EXPECT_DOUBLE_EQ(*b.injury_protection_share, 0.0);
  EXPECT_DOUBLE_EQ(*b.programme_reach_share, 0.5);
}

TEST(PlatformWorkerSummaryTest, NoWorkersMeansMissingRatesNotZero) {
  ASSERT_OK_AND_ASSIGN(PlatformWorkerSummary s, SummarisePlatformWorkers({}));
  EXPECT_EQ(s.workers, 0);
  EXPECT_EQ(s.insured_share, std::nullopt);
  EXPECT_EQ(s.injury_protection_share, std::nullopt);
  EXPECT_EQ(s.programme_reach_share, std::nullopt);
  ASSERT_EQ(s.by_form.size(), 4u);
  EXPECT_EQ(s.by_form[0].workers, 0);
  ASSERT_OK_AND_ASSIGN(auto units, SummarisePlatformWorkersByUnit({}));
  EXPECT_TRUE(units.empty());
}

TEST(PlatformWorkerSummaryTest, RefusesBadWorkersNamingThem) {
  std::vector<PlatformWorker> workers = FiveWorkers();
  workers[3].form = EmploymentForm::kRetired;
  EXPECT_THAT(
      SummarisePlatformWorkers(workers),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("worker 4 (resident r4): field form")));
  workers = FiveWorkers();
  workers[4].resident_id = "r2";
  EXPECT_THAT(SummarisePlatformWorkersByUnit(workers),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("worker 5 (resident r2): the resident is listed twice")));
}

TEST(TimeOfDayTest, ParsesAndFormats) {
  ASSERT_OK_AND_ASSIGN(TimeOfDay t, TimeOfDay::Parse("07:30"));
  EXPECT_EQ(t.minutes(), 450);
  EXPECT_EQ(t.ToString(), "07:30");
  ASSERT_OK_AND_ASSIGN(t, TimeOfDay::Parse("7:30"));
  EXPECT_EQ(t.minutes(), 450);
  EXPECT_THAT(TimeOfDay::Parse("24:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("hour 24")));
  EXPECT_THAT(TimeOfDay::Parse("12:60"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("minute 60")));
  EXPECT_THAT(TimeOfDay::Parse("1230"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("HH:MM")));
  EXPECT_THAT(TimeOfDay::Parse("12:3"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(TimeOfDay::Parse("123:00"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(TimeOfDay::Parse("ab:cd"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(TimeOfDay::FromHm(23, 59)->minutes(), 1439);
  EXPECT_EQ(TimeOfDay::FromHm(24, 0), std::nullopt);
  EXPECT_EQ(TimeOfDay::FromHm(0, -1), std::nullopt);
}

TEST(TimeOfDayTest, ChinaStandardTime) {
  using std::chrono::seconds;
  using std::chrono::system_clock;
  EXPECT_EQ(ChinaTimeOfDay(system_clock::time_point{}).ToString(), "08:00");
  // 2024-01-01 16:30:00 UTC is 00:30 on 2 January in Beijing.
  EXPECT_EQ(ChinaTimeOfDay(system_clock::time_point{seconds{1704126600}}).ToString(), "00:30");
  // One second before the epoch: 07:59:59.
  EXPECT_EQ(ChinaTimeOfDay(system_clock::time_point{seconds{-1}}).ToString(), "07:59");
}

TimeOfDay At(int h, int m) { return *TimeOfDay::FromHm(h, m); }

TEST(OpeningHoursTest, DaytimeHours) {
  ASSERT_OK_AND_ASSIGN(OpeningHours h, ParseOpeningHours("08:00-20:00"));
  EXPECT_FALSE(IsOpenAt(h, At(7, 59)));
  EXPECT_TRUE(IsOpenAt(h, At(8, 0)));
  EXPECT_TRUE(IsOpenAt(h, At(19, 59)));
  EXPECT_FALSE(IsOpenAt(h, At(20, 0)));
  EXPECT_EQ(MinutesOpenPerDay(h), 720);
  EXPECT_EQ(FormatOpeningHours(h), "08:00-20:00");
}

TEST(OpeningHoursTest, OvernightHours) {
  ASSERT_OK_AND_ASSIGN(OpeningHours h, ParseOpeningHours("22:00-06:00"));
  EXPECT_FALSE(IsOpenAt(h, At(21, 59)));
  EXPECT_TRUE(IsOpenAt(h, At(23, 0)));
  EXPECT_TRUE(IsOpenAt(h, At(0, 0)));
  EXPECT_TRUE(IsOpenAt(h, At(5, 59)));
  EXPECT_FALSE(IsOpenAt(h, At(6, 0)));
  EXPECT_EQ(MinutesOpenPerDay(h), 480);
  // Until midnight, written 00:00 or 24:00.
  ASSERT_OK_AND_ASSIGN(h, ParseOpeningHours("18:00-00:00"));
  EXPECT_TRUE(IsOpenAt(h, At(23, 59)));
  EXPECT_FALSE(IsOpenAt(h, At(0, 0)));
  EXPECT_EQ(MinutesOpenPerDay(h), 360);
  EXPECT_EQ(FormatOpeningHours(h), "18:00-00:00");
  ASSERT_OK_AND_ASSIGN(h, ParseOpeningHours("18:00-24:00"));
  EXPECT_EQ(MinutesOpenPerDay(h), 360);
  EXPECT_FALSE(IsOpenAt(h, At(0, 0)));
}

TEST(OpeningHoursTest, SeveralPeriodsAsStaffWriteThem) {
  ASSERT_OK_AND_ASSIGN(OpeningHours h, ParseOpeningHours(" 7:00-11:00，17:00 ~ 23:30 "));
  ASSERT_EQ(h.intervals.size(), 2u);
  EXPECT_EQ(FormatOpeningHours(h), "07:00-11:00,17:00-23:30");
  EXPECT_EQ(MinutesOpenPerDay(h), 240 + 390);
  EXPECT_TRUE(IsOpenAt(h, At(10, 59)));
  EXPECT_FALSE(IsOpenAt(h, At(12, 0)));
  EXPECT_TRUE(IsOpenAt(h, At(23, 29)));
  EXPECT_FALSE(IsOpenAt(h, At(23, 30)));
  ASSERT_OK_AND_ASSIGN(OpeningHours again, ParseOpeningHours(FormatOpeningHours(h)));
  EXPECT_EQ(FormatOpeningHours(again), FormatOpeningHours(h));
  // Periods that touch do not overlap.
  EXPECT_OK(ParseOpeningHours("08:00-12:00,12:00-14:00").status());
}

TEST(OpeningHoursTest, AllDay) {
  for (std::string_view text : {"00:00-24:00", "24小时", "全天"}) {
    ASSERT_OK_AND_ASSIGN(OpeningHours h, ParseOpeningHours(text));
    EXPECT_EQ(MinutesOpenPerDay(h), 1440) << text;
    EXPECT_TRUE(IsOpenAt(h, At(0, 0))) << text;
    EXPECT_TRUE(IsOpenAt(h, At(23, 59))) << text;
  }
}

TEST(OpeningHoursTest, RefusesBadHours) {
  EXPECT_THAT(ParseOpeningHours("08:00-08:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("same time")));
  EXPECT_THAT(ParseOpeningHours("00:00-00:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("00:00-24:00")));
  EXPECT_THAT(ParseOpeningHours("08:00-12:00,11:00-14:00"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("periods 08:00-12:00 and 11:00-14:00 overlap")));
  EXPECT_THAT(ParseOpeningHours("22:00-06:00,05:00-07:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("overlap")));
  EXPECT_THAT(ParseOpeningHours("08:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a period")));
  EXPECT_THAT(ParseOpeningHours("25:00-26:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("hour 25")));
  EXPECT_THAT(ParseOpeningHours("24:00-06:00"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseOpeningHours(""), StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseOpeningHours("08:00-09:00,"), StatusIs(StatusCode::kInvalidArgument));
  std::string nine;
  for (int h = 0; h < 9; ++h) {
    if (!nine.empty()) nine += ",";
    nine += "0" + std::to_string(h) + ":00-0" + std::to_string(h) + ":30";
  }
  EXPECT_THAT(ParseOpeningHours(nine),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at most 8 periods")));
  EXPECT_THAT(ValidateOpeningHours({}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least one")));
  EXPECT_THAT(ValidateOpeningHours({.intervals = {{-1, 60}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("open minute -1")));
  EXPECT_THAT(ValidateOpeningHours({.intervals = {{0, 1441}}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("close minute 1441")));
}

TEST(RestStationTest, Validation) {
  RestStation s{.station_id = "rs1",
                .name = "海连骑手驿站",
                .unit_code = std::string(kUnitA),
                .capacity = 12,
                .hours = *ParseOpeningHours("24小时")};
  ASSERT_OK(ValidateRestStation(s));
  s.capacity = 0;
  EXPECT_THAT(ValidateRestStation(s), StatusIs(StatusCode::kInvalidArgument,
                                               HasSubstr("rest station rs1: field capacity")));
  s.capacity = 10001;
  EXPECT_THAT(ValidateRestStation(s), StatusIs(StatusCode::kInvalidArgument));
  s.capacity = 12;
  s.hours.intervals.clear();
  EXPECT_THAT(ValidateRestStation(s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field hours: opening hours")));
  s.hours = *ParseOpeningHours("08:00-20:00");
  s.name.clear();
  EXPECT_THAT(ValidateRestStation(s), StatusIs(StatusCode::kInvalidArgument, HasSubstr("name")));
  s.name = "驿站";
  s.unit_code.clear();
  EXPECT_THAT(ValidateRestStation(s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unit_code")));
  s.unit_code = "u";
  s.station_id.clear();
  EXPECT_THAT(ValidateRestStation(s),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("station_id")));
}

}  // namespace
}  // namespace alley::services
