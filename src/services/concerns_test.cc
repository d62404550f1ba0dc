#include "services/concerns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"
#include "registry/audit.h"
#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using std::chrono::hours;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";
const registry::audit::Actor kWorker = {"hailian", "community_staff", kHailian};
const registry::audit::Actor kOther = {"xinghua", "community_staff", kXinghua};

// 2025-09-29 10:00 China Standard Time, a Monday before the National Day
// holidays (10-01 to 10-08; 10-11, a Saturday, is worked).
const Instant kMonday = std::chrono::sys_days(std::chrono::year(2025) / 9 / 29) + hours(2);

Instant Utc(int y, unsigned m, unsigned d, int h) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)) +
         hours(h);
}

class ConcernsTest : public registry::testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(registry::ImportDivisions(*store_, WriteDivisions()).status());
  }

  static NewConcern Noise(std::string unit = kHailian) {
    NewConcern c;
    c.unit_code = std::move(unit);
    c.category = "noise";
    c.channel = "hotline";
    c.description = "楼上夜间装修，噪声很大";
    c.reporter_name = "张先生";
    c.reporter_phone = "13812345678";
    return c;
  }

  store::ConcernRow Take(const NewConcern& c, Instant at = kMonday) {
    StatusOr<store::ConcernRow> row = TakeConcern(*store_, c, kHailian, kWorker, at);
    EXPECT_OK(row);
    return row.ok() ? *row : store::ConcernRow{};
  }

  StatusOr<store::ConcernRow> Move(int64_t id, const ConcernEvent& e, Instant at,
                                   std::optional<int64_t> version = std::nullopt) {
    return MoveConcern(*store_, id, version, e, kHailian, kWorker, at);
  }
};

TEST_F(ConcernsTest, TakenInWithItsBodyDeadlinesMaskedPhoneAndFirstEvent) {
  store::ConcernRow row = Take(Noise());
  EXPECT_EQ(row.state, "received");
  EXPECT_EQ(row.community_code, kHailian);
  EXPECT_EQ(row.responsible, "urban_management");
  EXPECT_EQ(row.reporter_phone_masked, "138****5678");
  // Noise: respond within 12 hours, resolve within 3 working days: 9-30,
  // then (after the holidays) 10-09 and 10-10, to 24:00 Beijing time.
  EXPECT_EQ(row.response_due, (kMonday + hours(12)).time_since_epoch().count());
  EXPECT_EQ(row.resolution_due, Utc(2025, 10, 10, 16).time_since_epoch().count());
  ASSERT_OK_AND_ASSIGN(ConcernDetail detail, GetConcern(*store_, row.id, kHailian));
  ASSERT_EQ(detail.events.size(), 1u);
  EXPECT_EQ(detail.events[0].event, "receive");
  EXPECT_EQ(detail.events[0].actor, "hailian");
  EXPECT_EQ(detail.concern.description, "楼上夜间装修，噪声很大");
}

TEST_F(ConcernsTest, BadIntakeNamesTheFieldAndStoresNothing) {
  auto refused = [&](const NewConcern& c, StatusCode code, std::string_view text) {
    EXPECT_THAT(TakeConcern(*store_, c, kHailian, kWorker, kMonday),
                StatusIs(code, HasSubstr(std::string(text))));
  };
  NewConcern c = Noise();
  c.category = "weather";
  refused(c, StatusCode::kInvalidArgument, "field category: \"weather\" is not a category");
  c = Noise();
  c.channel = "fax";
  refused(c, StatusCode::kInvalidArgument, "field channel");
  c = Noise();
  c.urgency = "whenever";
  refused(c, StatusCode::kInvalidArgument, "field urgency");
  c = Noise();
  c.description = "  ";
  refused(c, StatusCode::kInvalidArgument, "field description: is required");
  c = Noise();
  c.reporter_phone = "138-abc";
  refused(c, StatusCode::kInvalidArgument, "field reporter_phone");
  c = Noise();
  c.lat = 34.6;
  refused(c, StatusCode::kInvalidArgument, "lat and lon go together");
  c = Noise();
  c.unit_code = "320706006";  // the street: above community level
  refused(c, StatusCode::kPermissionDenied, "outside your scope");
  c = Noise(kXinghua);
  refused(c, StatusCode::kPermissionDenied, "field unit: unit 320706006009 is outside your scope");
  c = Noise("320706006010999");  // no such compound
  refused(c, StatusCode::kInvalidArgument, "does not exist");
  c = Noise();
  c.received_at = kMonday + hours(1);
  refused(c, StatusCode::kInvalidArgument, "field received_at: is in the future");
  // A street officer may take one at the street, but it must be placed in a
  // community.
  c = Noise("320706006");
  EXPECT_THAT(TakeConcern(*store_, c, "320706006", kWorker, kMonday),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a community or below")));
  ASSERT_OK_AND_ASSIGN(store::ConcernPage page,
                       ListConcerns(*store_, {}, kHailian, kWorker, kMonday));
  EXPECT_EQ(page.total, 0);
}

TEST_F(ConcernsTest, TheWholeLifecycleRecordsResponseResolutionAndRating) {
  const store::ConcernRow row = Take(Noise());
  ASSERT_OK_AND_ASSIGN(store::ConcernRow r, Move(row.id, ConcernEvent::Dispatch(""), kMonday));
  EXPECT_EQ(r.state, "dispatched");
  EXPECT_EQ(r.assignee, "urban_management");  // the category's body
  ASSERT_OK_AND_ASSIGN(r, Move(row.id, ConcernEvent::Accept(), kMonday + hours(1)));
  EXPECT_EQ(r.responded_at, (kMonday + hours(1)).time_since_epoch().count());
  ASSERT_OK_AND_ASSIGN(r, Move(row.id, ConcernEvent::Start(), kMonday + hours(2)));
  ASSERT_OK_AND_ASSIGN(r, Move(row.id, ConcernEvent::Resolve("已约谈施工方"), kMonday + hours(20)));
  EXPECT_EQ(r.resolved_at, (kMonday + hours(20)).time_since_epoch().count());
  ASSERT_OK_AND_ASSIGN(
      r, Move(row.id, ConcernEvent::Rate(ConcernRating::kSatisfied), kMonday + hours(30)));
  EXPECT_EQ(r.state, "closed");
  EXPECT_EQ(r.rating, "satisfied");
  EXPECT_EQ(r.version, 6);
  ASSERT_OK_AND_ASSIGN(ConcernDetail detail, GetConcern(*store_, row.id, kHailian));
  std::vector<std::string> events;
  for (const store::ConcernEventRow& e : detail.events) events.push_back(e.event);
  EXPECT_THAT(events, ElementsAre("receive", "dispatch", "accept", "start", "resolve", "rate"));
  EXPECT_EQ(detail.events[4].note, "已约谈施工方");
  EXPECT_EQ(detail.concern.version, 6);
}

TEST_F(ConcernsTest, IllegalStaleAndBadTransitionsChangeNothing) {
  const store::ConcernRow row = Take(Noise());
  EXPECT_THAT(Move(row.id, ConcernEvent::Rate(ConcernRating::kSatisfied), kMonday),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("received")));
  EXPECT_THAT(Move(row.id, ConcernEvent::Dispatch("weather_bureau"), kMonday),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field to")));
  EXPECT_THAT(Move(row.id, ConcernEvent::Dispatch(kXinghua), kMonday),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("outside your scope")));
  ASSERT_OK(Move(row.id, ConcernEvent::Dispatch("street_office"), kMonday, 1).status());
  EXPECT_THAT(Move(row.id, ConcernEvent::Accept(), kMonday, 1),
              StatusIs(StatusCode::kAborted, HasSubstr("version 2")));
  EXPECT_THAT(Move(row.id, ConcernEvent::Transfer("housing", ""), kMonday),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  ASSERT_OK_AND_ASSIGN(ConcernDetail detail, GetConcern(*store_, row.id, kHailian));
  EXPECT_EQ(detail.concern.state, "dispatched");
  EXPECT_EQ(detail.concern.assignee, "street_office");
  EXPECT_EQ(detail.events.size(), 2u);
}

TEST_F(ConcernsTest, AReopenTakesBackTheResolutionAndTheRating) {
  const store::ConcernRow row = Take(Noise());
  for (const ConcernEvent& e :
       {ConcernEvent::Dispatch(""), ConcernEvent::Accept(), ConcernEvent::Start(),
        ConcernEvent::Resolve("done"), ConcernEvent::Rate(ConcernRating::kNotSatisfied)}) {
    ASSERT_OK(Move(row.id, e, kMonday + hours(1)).status());
  }
  ASSERT_OK_AND_ASSIGN(
      store::ConcernRow r,
      Move(row.id, ConcernEvent::Reopen("still noisy at night"), kMonday + hours(2)));
  EXPECT_EQ(r.state, "dispatched");
  EXPECT_FALSE(r.resolved_at.has_value());
  EXPECT_FALSE(r.rating.has_value());
  EXPECT_EQ(r.responded_at, (kMonday + hours(1)).time_since_epoch().count());  // the first
}

TEST_F(ConcernsTest, NothingOfHailianReachesXinghua) {
  const store::ConcernRow row = Take(Noise());
  EXPECT_THAT(GetConcern(*store_, row.id, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(MoveConcern(*store_, row.id, std::nullopt, ConcernEvent::Dispatch(""), kXinghua,
                          kOther, kMonday),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(RevealReporterPhone(*store_, row.id, kXinghua, "回访核实情况", kOther, kMonday),
              StatusIs(StatusCode::kNotFound));
  store::ConcernQuery theirs;
  theirs.subtree_code = kHailian;
  EXPECT_THAT(ListConcerns(*store_, theirs, kXinghua, kOther, kMonday),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(store::ConcernPage mine,
                       ListConcerns(*store_, {}, kXinghua, kOther, kMonday));
  EXPECT_EQ(mine.total, 0);
  ASSERT_OK_AND_ASSIGN(store::ConcernPage street,
                       ListConcerns(*store_, {}, "320706006", kWorker, kMonday));
  EXPECT_EQ(street.total, 1);
}

TEST_F(ConcernsTest, ThePhoneInClearNeedsAReasonAndIsAudited) {
  const store::ConcernRow row = Take(Noise());
  EXPECT_THAT(RevealReporterPhone(*store_, row.id, kHailian, " ", kWorker, kMonday),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field reason")));
  // The rule of every unmasking (registry/unmask_reason.h): four characters.
  EXPECT_THAT(RevealReporterPhone(*store_, row.id, kHailian, " 回访 ", kWorker, kMonday),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least 4 characters")));
  ASSERT_OK_AND_ASSIGN(std::string phone, RevealReporterPhone(*store_, row.id, kHailian, "回访核实",
                                                              kWorker, kMonday));
  EXPECT_EQ(phone, "13812345678");
  registry::audit::Filter f;
  f.action = "unmask";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].object, "concern");
  EXPECT_EQ(page.items[0].reason, "回访核实");
}

TEST_F(ConcernsTest, OverdueConcernsAreEscalatedOnceALevel) {
  const store::ConcernRow late = Take(Noise());
  const store::ConcernRow answered = Take(Noise());
  ASSERT_OK(Move(answered.id, ConcernEvent::Dispatch(""), kMonday).status());
  ASSERT_OK(Move(answered.id, ConcernEvent::Accept(), kMonday + hours(1)).status());
  // 13 hours on: the first missed its response deadline.
  ASSERT_OK_AND_ASSIGN(int64_t n, EscalateOverdue(*store_, kHailian, kWorker, kMonday + hours(13)));
  EXPECT_EQ(n, 1);
  ASSERT_OK_AND_ASSIGN(n, EscalateOverdue(*store_, kHailian, kWorker, kMonday + hours(14)));
  EXPECT_EQ(n, 0);  // already at level 1
  // After 10-10 both missed the resolution deadline.
  ASSERT_OK_AND_ASSIGN(n, EscalateOverdue(*store_, kHailian, kWorker, Utc(2025, 10, 11, 0)));
  EXPECT_EQ(n, 2);
  ASSERT_OK_AND_ASSIGN(ConcernDetail d, GetConcern(*store_, late.id, kHailian));
  EXPECT_EQ(d.concern.escalation, 2);
  EXPECT_EQ(d.concern.state, "received");  // escalation does not lose the state
  EXPECT_EQ(d.events.back().event, "escalate");
  EXPECT_EQ(d.events.back().target, "2");
}

TEST_F(ConcernsTest, RatesAndHotSpotsOfAPeriod) {
  // Three concerns on Monday: one answered and resolved on time and rated
  // basically satisfied, one answered late, one never answered.
  const store::ConcernRow a = Take(Noise());
  const store::ConcernRow b = Take(Noise());
  NewConcern property = Noise();
  property.category = "property_management";
  const store::ConcernRow c = Take(property);
  for (const ConcernEvent& e :
       {ConcernEvent::Dispatch(""), ConcernEvent::Accept(), ConcernEvent::Start(),
        ConcernEvent::Resolve("ok"), ConcernEvent::Rate(ConcernRating::kBasicallySatisfied)}) {
    ASSERT_OK(Move(a.id, e, kMonday + hours(3)).status());
  }
  ASSERT_OK(Move(b.id, ConcernEvent::Dispatch(""), kMonday).status());
  ASSERT_OK(Move(b.id, ConcernEvent::Accept(), kMonday + hours(13)).status());  // late
  (void)c;
  ASSERT_OK_AND_ASSIGN(core::Hierarchy h, registry::LoadHierarchy(*store_));
  const ReportPeriod september{*core::Date::FromYmd(2025, 9, 1), *core::Date::FromYmd(2025, 9, 30)};
  ASSERT_OK_AND_ASSIGN(ConcernRates rates,
                       RatesFor(*store_, h, kHailian, september, Utc(2025, 12, 1, 0)));
  EXPECT_EQ(rates.counts.received, 3);
  EXPECT_DOUBLE_EQ(*rates.response_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(*rates.resolution_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(*rates.satisfaction_rate, 1.0);
  ASSERT_OK_AND_ASSIGN(ConcernRates none,
                       RatesFor(*store_, h, kXinghua, september, Utc(2025, 12, 1, 0)));
  EXPECT_EQ(none.counts.received, 0);
  EXPECT_FALSE(none.response_rate.has_value());
  // The street's communities by month: Hailian's three in September.
  ASSERT_OK_AND_ASSIGN(MonthlyConcernCounts monthly,
                       MonthlyRatesFor(*store_, h, "320706006", core::UnitLevel::kCommunity,
                                       {2025, 9}, {2025, 10}, Utc(2025, 12, 1, 0)));
  ASSERT_EQ(monthly.units.size(), 3u);  // 星化, 海连, 朱庄村
  EXPECT_EQ(monthly.At(1, 0).received, 3);
  EXPECT_EQ(monthly.At(1, 1).received, 0);
  EXPECT_EQ(monthly.At(0, 0).received, 0);

  ASSERT_OK_AND_ASSIGN(std::vector<HotSpot> spots, HotSpots(*store_, kHailian, september, 10));
  ASSERT_EQ(spots.size(), 2u);
  EXPECT_EQ(spots[0].category, "noise");
  EXPECT_EQ(spots[0].count, 2);
  EXPECT_EQ(spots[0].open, 1);
  EXPECT_EQ(spots[1].category, "property_management");
}

TEST_F(ConcernsTest, AConcernAtAUnitNewerThanTheHierarchyCountsForItsCommunity) {
  ASSERT_OK_AND_ASSIGN(core::Hierarchy before, registry::LoadHierarchy(*store_));
  ASSERT_OK_AND_ASSIGN(
      store::UnitRow compound,
      registry::AddUnit(*store_, kHailian, core::UnitLevel::kCompound, "海连新村"));
  ASSERT_FALSE(before.Find(compound.code).has_value());
  Take(Noise(compound.code));
  Take(Noise());
  ASSERT_OK_AND_ASSIGN(ConcernFacts facts,
                       LoadConcernFacts(*store_, before, "320706006", kMonday, kMonday + hours(1)));
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(before.Code(facts.unit[0]), kHailian);
  EXPECT_EQ(before.Code(facts.unit[1]), kHailian);
  // Nothing of the street's other communities, nor outside the period.
  ASSERT_OK_AND_ASSIGN(facts,
                       LoadConcernFacts(*store_, before, kXinghua, kMonday, kMonday + hours(1)));
  EXPECT_EQ(facts.size(), 0u);
  ASSERT_OK_AND_ASSIGN(
      facts, LoadConcernFacts(*store_, before, kHailian, kMonday + hours(1), kMonday + hours(2)));
  EXPECT_EQ(facts.size(), 0u);
}

}  // namespace
}  // namespace alley::services
