#include "services/care.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"
#include "services/care_test_util.h"
#include "services/timebank_service.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using testing::D;
using ::testing::ElementsAre;
using testing::HailianStaff;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;
using testing::kXinghua;
using testing::T0;
using testing::XinghuaStaff;

// ---- Text forms ----

TEST(CareTextTest, WeeklyWindowsParseDaysRangesAndLists) {
  ASSERT_OK_AND_ASSIGN(std::vector<WeeklyWindow> w,
                       ParseWeeklyWindows("mon-wed 08:00-12:00; sat,sun 09:30-24:00"));
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[0].day, Weekday::kMonday);
  EXPECT_EQ(w[2].day, Weekday::kWednesday);
  EXPECT_EQ(w[3].day, Weekday::kSaturday);
  EXPECT_EQ(w[4].start_min, 570);
  EXPECT_EQ(w[4].end_min, kMinutesPerDay);
  EXPECT_EQ(FormatWeeklyWindows(std::span(w).subspan(3)), "sat 09:30-24:00; sun 09:30-24:00");
  ASSERT_OK_AND_ASSIGN(w, ParseWeeklyWindows("周二 08:00-09:00"));
  EXPECT_EQ(w[0].day, Weekday::kTuesday);
  for (const char* bad : {"", "mon", "mon 08:00", "mon 10:00-09:00", "xyz 08:00-09:00",
                          "fri-mon 08:00-09:00", "mon 8-9", "mon 24:30-25:00"}) {
    EXPECT_THAT(ParseWeeklyWindows(bad),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("field availability")))
        << bad;
  }
}

TEST(CareTextTest, ClockAndCertification) {
  EXPECT_EQ(ParseClock("00:00"), 0);
  EXPECT_EQ(ParseClock("9:05"), 545);
  EXPECT_EQ(ParseClock("24:00"), kMinutesPerDay);
  EXPECT_EQ(ParseClock("24:01"), std::nullopt);
  EXPECT_EQ(ParseClock("12:60"), std::nullopt);
  EXPECT_EQ(ParseClock("1200"), std::nullopt);
  ASSERT_OK_AND_ASSIGN(store::CertificationRow c,
                       ParseCertification("养老护理员:3:2024-03-01:2029-02-28:NO.7"));
  EXPECT_EQ(c.occupation, "养老护理员");
  EXPECT_EQ(c.level, 3);
  EXPECT_EQ(c.expires, D(2029, 2, 28));
  EXPECT_EQ(c.number, "NO.7");
  EXPECT_THAT(ParseCertification("elder_care_worker:x:2024-03-01:2029-02-28"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("level")));
  EXPECT_THAT(ParseCertification("elder_care_worker:3:2024-03-01"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("too few")));
}

// ---- Providers ----

class ProvidersTest : public testing::CareTest {};

TEST_F(ProvidersTest, ACaregiverKeepsOccupationCertificatesAndEverySkillByDefault) {
  ProviderInput in = CaregiverIn();
  in.occupation = "养老护理员";
  in.prior_minutes = 600;
  ProviderItem p = Register(ProviderType::kCaregiver, in);
  EXPECT_EQ(p.provider.type, "caregiver");
  EXPECT_EQ(p.provider.community_code, kHailian);
  EXPECT_EQ(p.provider.occupation, "elder_care_worker");
  EXPECT_EQ(p.provider.skills.size(), ServiceKinds().size());
  EXPECT_EQ(p.provider.location_source, "given");
  EXPECT_EQ(p.provider.worked_minutes, 600);
  EXPECT_EQ(p.unit_name, "海连社区居委会");
  EXPECT_FALSE(p.timebank_account_id.has_value());
  ASSERT_OK_AND_ASSIGN(ProviderItem got,
                       GetProvider(*store_, p.provider.id, ProviderType::kCaregiver, kHailian));
  EXPECT_EQ(got.provider.certifications.size(), 1u);
  EXPECT_THAT(GetProvider(*store_, p.provider.id, ProviderType::kVolunteer, kHailian),
              StatusIs(StatusCode::kNotFound));
  // The registration is audited.
  registry::audit::Filter f;
  f.object = "caregiver";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  EXPECT_EQ(page.total, 1);
}

TEST_F(ProvidersTest, AVolunteerIsAResidentWithAnAccountAndTheirBuildingsLocation) {
  const int64_t resident = Adult();
  ProviderItem v = Register(ProviderType::kVolunteer, VolunteerIn(resident));
  EXPECT_EQ(v.provider.resident_id, resident);
  EXPECT_THAT(v.provider.name, HasSubstr("居民"));
  EXPECT_EQ(v.provider.location_source, "building");
  EXPECT_DOUBLE_EQ(v.provider.lat, kHailianLat);
  ASSERT_TRUE(v.timebank_account_id.has_value()) << "a volunteer has a time-bank account";
  EXPECT_THAT(RegisterProvider(*store_, ProviderType::kVolunteer, VolunteerIn(resident), kHailian,
                               HailianStaff(), T0()),
              StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(ProvidersTest, BadInputIsOneClearErrorAndNothingIsWritten) {
  const int64_t young = Adult();
  struct Case {
    ProviderType type;
    std::function<void(ProviderInput&)> change;
    StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.occupation = "cook"; },
       StatusCode::kInvalidArgument, "field occupation"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.name = ""; },
       StatusCode::kInvalidArgument, "field name"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.certifications[0].level = 7; },
       StatusCode::kInvalidArgument, "field certifications[0].level"},
      {ProviderType::kCaregiver,
       [](ProviderInput& in) { in.certifications[0].expires = D(2020, 1, 1); },
       StatusCode::kInvalidArgument, "certifications[0].expires"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.availability.clear(); },
       StatusCode::kInvalidArgument, "field availability"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.skills = {"cooking"}; },
       StatusCode::kInvalidArgument, "field skills[0]"},
      {ProviderType::kCaregiver,
       [](ProviderInput& in) {
         in.skills = {"bathing", "助浴"};
       },
       StatusCode::kInvalidArgument, "duplicate skill bathing"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.lat.reset(); },
       StatusCode::kInvalidArgument, "field lat"},
      {ProviderType::kCaregiver,
       [](ProviderInput& in) {
         in.lat.reset();
         in.lon.reset();
       },
       StatusCode::kInvalidArgument, "no location is known"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.lat = 95; },
       StatusCode::kInvalidArgument, "field lat"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.unit_code = kStreet; },
       StatusCode::kPermissionDenied, "outside your scope"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.unit_code = "320706006099"; },
       StatusCode::kInvalidArgument, "not found"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.unit_code = kXinghua; },
       StatusCode::kPermissionDenied, "outside your scope"},
      {ProviderType::kCaregiver, [](ProviderInput& in) { in.prior_minutes = -1; },
       StatusCode::kInvalidArgument, "field hours_before"},
      {ProviderType::kVolunteer, [](ProviderInput& in) { in.resident_id.reset(); },
       StatusCode::kInvalidArgument, "field resident"},
      {ProviderType::kVolunteer,
       [young](ProviderInput& in) {
         in.resident_id = young;
         in.occupation = "elder_care_worker";
       },
       StatusCode::kInvalidArgument, "a volunteer has none"},
      {ProviderType::kVolunteer,
       [young](ProviderInput& in) {
         in.resident_id = young;
         in.skills.clear();
       },
       StatusCode::kInvalidArgument, "at least one service kind"},
      {ProviderType::kVolunteer,
       [young](ProviderInput& in) {
         in.resident_id = young;
         in.unit_code = kXinghua;
       },
       StatusCode::kPermissionDenied, "outside your scope"},
  };
  for (const Case& c : cases) {
    ProviderInput in = c.type == ProviderType::kCaregiver ? CaregiverIn() : VolunteerIn(0);
    c.change(in);
    EXPECT_THAT(RegisterProvider(*store_, c.type, in, kHailian, HailianStaff(), T0()),
                StatusIs(c.code, HasSubstr(c.message)))
        << c.message;
  }
  ProviderInput street = CaregiverIn();
  street.unit_code = kStreet;
  EXPECT_THAT(
      RegisterProvider(*store_, ProviderType::kCaregiver, street, kStreet, HailianStaff(), T0()),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("above community level")));
  ASSERT_OK_AND_ASSIGN(ProviderList list, ListProviders(*store_, {.unit_code = kHailian}));
  EXPECT_EQ(list.total, 0);
  registry::audit::Filter f;
  f.action = "create";
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, registry::audit::Query(*store_, f));
  EXPECT_EQ(page.total, 0) << "a refused registration leaves no audit record";
}

TEST_F(ProvidersTest, AXinghuaUserNeverSeesOrWritesHailiansProviders) {
  ProviderItem p = Register(ProviderType::kCaregiver, CaregiverIn());
  const int64_t id = p.provider.id;
  EXPECT_THAT(GetProvider(*store_, id, std::nullopt, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(UpdateProvider(*store_, id, std::nullopt, p.provider.version, {.note = "x"}, kXinghua,
                             XinghuaStaff(), T0()),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ListProviders(*store_, {.unit_code = kHailian}, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(ProviderList own, ListProviders(*store_, {.unit_code = kXinghua}, kXinghua));
  EXPECT_EQ(own.total, 0);
  ASSERT_OK_AND_ASSIGN(ProviderList street, ListProviders(*store_, {.unit_code = kStreet}));
  EXPECT_EQ(street.total, 1) << "the street above both sees it";
}

TEST_F(ProvidersTest, UpdatesAreVersionedAndKeepTheGivenLocation) {
  ProviderItem p = Register(ProviderType::kCaregiver, CaregiverIn());
  ProviderUpdate u;
  u.skills = std::vector<std::string>{"bathing"};
  u.left_on = std::optional<core::Date>(D(2026, 12, 31));
  ASSERT_OK_AND_ASSIGN(ProviderItem changed,
                       UpdateProvider(*store_, p.provider.id, ProviderType::kCaregiver,
                                      p.provider.version, u, kHailian, HailianStaff(), T0()));
  EXPECT_EQ(changed.provider.version, p.provider.version + 1);
  EXPECT_THAT(changed.provider.skills, ElementsAre("bathing"));
  EXPECT_EQ(changed.provider.left_on, D(2026, 12, 31));
  EXPECT_DOUBLE_EQ(changed.provider.lat, p.provider.lat);
  EXPECT_THAT(UpdateProvider(*store_, p.provider.id, ProviderType::kCaregiver, p.provider.version,
                             u, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kAborted));
  ProviderUpdate bad;
  bad.left_on = std::optional<core::Date>(D(2024, 1, 1));
  EXPECT_THAT(UpdateProvider(*store_, p.provider.id, ProviderType::kCaregiver,
                             changed.provider.version, bad, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field left_on")));
  ASSERT_OK_AND_ASSIGN(ProviderList serving,
                       ListProviders(*store_, {.unit_code = kHailian, .active_on = D(2027, 1, 1)}));
  EXPECT_EQ(serving.total, 0) << "gone by then";
}

TEST_F(ProvidersTest, ListsFilterBySkillAndRefuseUnknownOnes) {
  Register(ProviderType::kCaregiver, CaregiverIn());
  Register(ProviderType::kVolunteer, VolunteerIn(Adult()));
  ASSERT_OK_AND_ASSIGN(ProviderList bathing,
                       ListProviders(*store_, {.unit_code = kHailian, .skill = "助浴"}));
  EXPECT_EQ(bathing.total, 1);
  ASSERT_OK_AND_ASSIGN(
      ProviderList volunteers,
      ListProviders(*store_, {.unit_code = kHailian, .type = ProviderType::kVolunteer}));
  EXPECT_EQ(volunteers.total, 1);
  EXPECT_THAT(ListProviders(*store_, {.unit_code = kHailian, .skill = "juggling"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter skill")));
  EXPECT_THAT(ListProviders(*store_, {.unit_code = kHailian, .page_size = 0}),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(ProvidersTest, ABatchIsAllOrNothing) {
  std::vector<ProviderInput> ins = {CaregiverIn(), CaregiverIn()};
  ins[1].occupation = "unknown";
  EXPECT_THAT(
      RegisterProviders(*store_, ProviderType::kCaregiver, ins, kHailian, HailianStaff(), T0()),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("provider 1: field occupation")));
  ASSERT_OK_AND_ASSIGN(ProviderList none, ListProviders(*store_, {.unit_code = kHailian}));
  EXPECT_EQ(none.total, 0);
  ins[1] = CaregiverIn();
  ASSERT_OK_AND_ASSIGN(
      std::vector<ProviderItem> made,
      RegisterProviders(*store_, ProviderType::kCaregiver, ins, kHailian, HailianStaff(), T0()));
  EXPECT_EQ(made.size(), 2u);
}

// ---- Orders ----

class OrdersTest : public testing::CareTest {
 protected:
  std::optional<int64_t> Balance(int64_t account) {
    StatusOr<AccountStatement> s =
        GetAccountStatement(*store_, account, D(2020, 1, 1), D(2030, 1, 1), kHailian);
    EXPECT_OK(s);
    if (!s.ok()) return std::nullopt;
    return s->statement.closing_minutes;
  }
};

TEST_F(OrdersTest, AVolunteerWhoFinishesEarnsTheOrdersDuration) {
  const int64_t elder = Elder();
  ProviderItem near = Register(ProviderType::kVolunteer, VolunteerIn(Adult()));
  ProviderItem far = Register(ProviderType::kCaregiver, CaregiverIn(kHailian, 2000));
  ASSERT_OK_AND_ASSIGN(
      OrderDetail o, RequestHomeService(*store_, OrderFor(elder, "cleaning", D(2026, 7, 6), 9, 11),
                                        kHailian, HailianStaff(), T0()));
  EXPECT_EQ(o.order.state, "requested");
  EXPECT_EQ(o.order.community_code, kHailian);
  EXPECT_DOUBLE_EQ(o.order.lat, kHailianLat) << "the home is the resident's building";
  ASSERT_EQ(o.events.size(), 1u);
  EXPECT_EQ(o.events[0].event, "request");
  EXPECT_EQ(o.events[0].actor, "hailian");

  ASSERT_OK_AND_ASSIGN(std::vector<RankedProvider> ranked,
                       MatchHomeServiceOrder(*store_, o.order.id, kHailian));
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].provider.id, near.provider.id) << "nearest first";
  EXPECT_EQ(ranked[1].provider.id, far.provider.id);
  EXPECT_NEAR(ranked[1].candidate.distance_m, 2000, 5);

  const store::Timestamp later = T0() + std::chrono::hours(1);
  ASSERT_OK_AND_ASSIGN(o, ApplyOrderEvent(*store_, o.order.id, OrderChange::Assign(0), kHailian,
                                          HailianStaff(), later));
  EXPECT_EQ(o.order.state, "assigned");
  EXPECT_EQ(o.order.provider_id, near.provider.id);
  EXPECT_EQ(o.order.provider_type, "volunteer");
  ASSERT_OK_AND_ASSIGN(o, ApplyOrderEvent(*store_, o.order.id, OrderChange::Start(), kHailian,
                                          HailianStaff(), later));
  ASSERT_OK_AND_ASSIGN(o, ApplyOrderEvent(*store_, o.order.id, OrderChange::Finish(), kHailian,
                                          HailianStaff(), later));
  EXPECT_EQ(o.order.state, "done");
  ASSERT_TRUE(o.order.earn_transaction_id.has_value());
  EXPECT_EQ(Balance(*near.timebank_account_id), 120) << "two hours earned";
  ASSERT_OK_AND_ASSIGN(o, ApplyOrderEvent(*store_, o.order.id, OrderChange::Rate(5), kHailian,
                                          HailianStaff(), later));
  EXPECT_EQ(o.order.state, "rated");
  EXPECT_EQ(o.order.stars, 5);
  std::vector<std::string> trail;
  for (const store::HomeServiceOrderEventRow& e : o.events) {
    trail.push_back(e.event + ":" + e.from_state + ">" + e.to_state);
  }
  EXPECT_THAT(
      trail, ElementsAre("request:>requested", "assign:requested>assigned",
                         "start:assigned>in_service", "finish:in_service>done", "rate:done>rated"));
  ASSERT_OK_AND_ASSIGN(ProviderItem worked, GetProvider(*store_, near.provider.id, std::nullopt));
  EXPECT_EQ(worked.provider.worked_minutes, 120);
}

TEST_F(OrdersTest, ACaregiverEarnsNoHoursAndIllegalStepsAreRefused) {
  const int64_t elder = Elder();
  ProviderItem cg = Register(ProviderType::kCaregiver, CaregiverIn());
  ASSERT_OK_AND_ASSIGN(OrderDetail o, RequestHomeService(*store_, OrderFor(elder, "bathing"),
                                                         kHailian, HailianStaff(), T0()));
  const int64_t id = o.order.id;
  EXPECT_THAT(ApplyOrderEvent(*store_, id, OrderChange::Start(), kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("order is requested: cannot start (allowed: assign, cancel)")));
  ASSERT_OK(ApplyOrderEvent(*store_, id, OrderChange::Assign(cg.provider.id), kHailian,
                            HailianStaff(), T0()));
  EXPECT_THAT(ApplyOrderEvent(*store_, id, OrderChange::Rate(4), kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot rate")));
  ASSERT_OK(ApplyOrderEvent(*store_, id, OrderChange::Start(), kHailian, HailianStaff(), T0()));
  ASSERT_OK_AND_ASSIGN(
      o, ApplyOrderEvent(*store_, id, OrderChange::Finish(), kHailian, HailianStaff(), T0()));
  EXPECT_FALSE(o.order.earn_transaction_id.has_value());
  EXPECT_THAT(ApplyOrderEvent(*store_, id, OrderChange::Rate(6), kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field stars")));
  EXPECT_THAT(
      ApplyOrderEvent(*store_, id, OrderChange::Cancel("不需要了"), kHailian, HailianStaff(), T0()),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("order is done: cannot cancel")));
  EXPECT_THAT(ApplyOrderEvent(*store_, id, OrderChange::Rate(4), kHailian, HailianStaff(), T0(),
                              /*expected_version=*/1),
              StatusIs(StatusCode::kAborted));
  ASSERT_OK(ApplyOrderEvent(*store_, id, OrderChange::Rate(4), kHailian, HailianStaff(), T0()));
  ASSERT_OK_AND_ASSIGN(TimeBankBalances b, GetTimeBankBalances(*store_, kHailian, std::nullopt));
  EXPECT_TRUE(b.banks.empty()) << "no volunteer, no bank";
}

TEST_F(OrdersTest, MatchingSaysWhatEachProviderLacks) {
  const int64_t elder = Elder();
  ProviderItem v = Register(ProviderType::kVolunteer, VolunteerIn(Adult()));
  ProviderInput expired = CaregiverIn();
  expired.certifications[0].expires = D(2026, 1, 31);
  ProviderItem cg = Register(ProviderType::kCaregiver, expired);
  ASSERT_OK_AND_ASSIGN(OrderDetail o, RequestHomeService(*store_, OrderFor(elder, "bathing"),
                                                         kHailian, HailianStaff(), T0()));
  Status none = MatchHomeServiceOrder(*store_, o.order.id, kHailian).status();
  EXPECT_THAT(none, StatusIs(StatusCode::kNotFound, HasSubstr("no provider fits bathing")));
  EXPECT_THAT(none.message(), HasSubstr(std::to_string(v.provider.id) +
                                        ": no skill bathing, not a certified caregiver"));
  EXPECT_THAT(none.message(), HasSubstr("certificate expired 2026-01-31"));
  EXPECT_THAT(
      ApplyOrderEvent(*store_, o.order.id, OrderChange::Assign(0), kHailian, HailianStaff(), T0()),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot assign")));
  EXPECT_THAT(ApplyOrderEvent(*store_, o.order.id, OrderChange::Assign(cg.provider.id), kHailian,
                              HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("does not fit")));
  ASSERT_OK_AND_ASSIGN(OrderDetail still, GetHomeServiceOrder(*store_, o.order.id, kHailian));
  EXPECT_EQ(still.order.state, "requested");
  EXPECT_EQ(still.events.size(), 1u);
}

TEST_F(OrdersTest, AnAssignedProviderIsBusyForOverlappingSlots) {
  const int64_t a = Elder();
  const int64_t b = Elder();
  ProviderItem near = Register(ProviderType::kCaregiver, CaregiverIn(kHailian, 100));
  ProviderItem far = Register(ProviderType::kCaregiver, CaregiverIn(kHailian, 900));
  ASSERT_OK_AND_ASSIGN(OrderDetail first,
                       RequestHomeService(*store_, OrderFor(a), kHailian, HailianStaff(), T0()));
  ASSERT_OK(ApplyOrderEvent(*store_, first.order.id, OrderChange::Assign(0), kHailian,
                            HailianStaff(), T0()));
  OrderInput overlapping = OrderFor(b);
  overlapping.slot.start_min = 9 * 60 + 30;
  overlapping.slot.end_min = 10 * 60 + 30;
  ASSERT_OK_AND_ASSIGN(OrderDetail second,
                       RequestHomeService(*store_, overlapping, kHailian, HailianStaff(), T0()));
  ASSERT_OK_AND_ASSIGN(std::vector<RankedProvider> ranked,
                       MatchHomeServiceOrder(*store_, second.order.id, kHailian));
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].provider.id, far.provider.id);
  EXPECT_THAT(ApplyOrderEvent(*store_, second.order.id, OrderChange::Assign(near.provider.id),
                              kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("busy 09:00-10:00")));
  // A cancellation frees the slot.
  EXPECT_THAT(ApplyOrderEvent(*store_, first.order.id, OrderChange::Cancel(""), kHailian,
                              HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field reason")));
  ASSERT_OK(ApplyOrderEvent(*store_, first.order.id, OrderChange::Cancel("家属陪同"), kHailian,
                            HailianStaff(), T0()));
  ASSERT_OK_AND_ASSIGN(ranked, MatchHomeServiceOrder(*store_, second.order.id, kHailian));
  EXPECT_EQ(ranked.size(), 2u);
}

TEST_F(OrdersTest, OnlyElderlyActiveResidentsInScopeMayAsk) {
  EXPECT_THAT(RequestHomeService(*store_, OrderFor(Adult()), kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("aged 60 or more")));
  EXPECT_THAT(
      RequestHomeService(*store_, OrderFor(Elder(kHailian)), kXinghua, XinghuaStaff(), T0()),
      StatusIs(StatusCode::kNotFound, HasSubstr("field resident")));
  EXPECT_THAT(
      RequestHomeService(*store_, OrderFor(Elder(), "juggling"), kHailian, HailianStaff(), T0()),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("field kind")));
  OrderInput bad_slot = OrderFor(Elder());
  bad_slot.slot.end_min = bad_slot.slot.start_min;
  EXPECT_THAT(RequestHomeService(*store_, bad_slot, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field slot.end_min")));
  ASSERT_OK_AND_ASSIGN(store::HomeServiceOrderPage page,
                       ListHomeServiceOrders(*store_, {.unit_code = kHailian}));
  EXPECT_EQ(page.total, 0);
}

TEST_F(OrdersTest, AXinghuaUserNeverSeesOrMovesHailiansOrders) {
  Register(ProviderType::kCaregiver, CaregiverIn());
  ASSERT_OK_AND_ASSIGN(OrderDetail o, RequestHomeService(*store_, OrderFor(Elder()), kHailian,
                                                         HailianStaff(), T0()));
  EXPECT_THAT(GetHomeServiceOrder(*store_, o.order.id, kXinghua), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(MatchHomeServiceOrder(*store_, o.order.id, kXinghua),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(
      ApplyOrderEvent(*store_, o.order.id, OrderChange::Assign(0), kXinghua, XinghuaStaff(), T0()),
      StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ListHomeServiceOrders(*store_, {.unit_code = kHailian}, kXinghua),
              StatusIs(StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(store::HomeServiceOrderPage own,
                       ListHomeServiceOrders(*store_, {.unit_code = kXinghua}, kXinghua));
  EXPECT_EQ(own.total, 0);
  ASSERT_OK_AND_ASSIGN(OrderDetail same, GetHomeServiceOrder(*store_, o.order.id, kHailian));
  EXPECT_EQ(same.order.state, "requested");
}

TEST_F(OrdersTest, AHistoryIsRecordedWholeWithTheVolunteersEarnings) {
  ProviderItem v = Register(ProviderType::kVolunteer, VolunteerIn(Adult()));
  const int64_t elder = Elder();
  std::vector<OrderHistory> history;
  for (int day = 0; day < 3; ++day) {
    OrderHistory h;
    h.input = OrderFor(elder, "meal_delivery", D(2026, 3, 2).AddDays(day), 11, 12);
    h.input.synthetic = true;
    h.requested_at = T0();
    h.steps = {{OrderChange::Assign(v.provider.id), T0()},
               {OrderChange::Start(), T0()},
               {OrderChange::Finish(), T0()},
               {OrderChange::Rate(5), T0()}};
    history.push_back(h);
  }
  history[2].steps.resize(1);
  history[2].steps.push_back({OrderChange::Cancel("住院"), T0()});
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids,
                       RecordHomeServiceHistory(*store_, history, kHailian, HailianStaff(), T0()));
  ASSERT_EQ(ids.size(), 3u);
  ASSERT_OK_AND_ASSIGN(OrderDetail done, GetHomeServiceOrder(*store_, ids[0]));
  EXPECT_EQ(done.order.state, "rated");
  EXPECT_TRUE(done.order.synthetic);
  EXPECT_TRUE(done.order.earn_transaction_id.has_value());
  EXPECT_EQ(done.events.size(), 5u);
  ASSERT_OK_AND_ASSIGN(OrderDetail cancelled, GetHomeServiceOrder(*store_, ids[2]));
  EXPECT_EQ(cancelled.order.state, "cancelled");
  EXPECT_EQ(Balance(*v.timebank_account_id), 120) << "two meals of an hour each";

  // A batch with one bad step writes nothing.
  std::vector<OrderHistory> bad = {history[0], history[0]};
  bad[0].input.slot.date = D(2026, 4, 6);
  bad[1].input.slot.date = D(2026, 4, 6);  // the same provider twice at once
  EXPECT_THAT(RecordHomeServiceHistory(*store_, bad, kHailian, HailianStaff(), T0()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("order 1: provider")));
  ASSERT_OK_AND_ASSIGN(store::HomeServiceOrderPage page,
                       ListHomeServiceOrders(*store_, {.unit_code = kHailian}));
  EXPECT_EQ(page.total, 3);
}

}  // namespace
}  // namespace alley::services
