#include "services/home_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::Date Day(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

constexpr int kHour = 60;
const core::LatLon kHome{34.600, 119.170};  // the resident, in Hailian
// 2 March 2026 is a Monday.
const core::Date kMonday = Day(2026, 3, 2);

std::vector<std::string> Ids(const std::vector<Candidate>& candidates) {
  std::vector<std::string> ids;
  ids.reserve(candidates.size());
  for (const Candidate& c : candidates) ids.push_back(c.provider_id);
  return ids;
}

ServiceRequest Request(ServiceKind kind, int start_h = 9, int end_h = 10) {
  return {.kind = kind,
          .location = kHome,
          .slot = {.date = kMonday, .start_min = start_h * kHour, .end_min = end_h * kHour}};
}

// A volunteer who delivers meals and cleans on weekday mornings, `east_m`
// metres east of the resident.
Provider Volunteer(std::string id, double east_m) {
  Provider p{.id = std::move(id), .type = ProviderType::kVolunteer};
  p.skills = {ServiceKind::kMealDelivery, ServiceKind::kCleaning};
  for (int d = 1; d <= 5; ++d) {
    p.availability.push_back(
        {.day = static_cast<Weekday>(d), .start_min = 8 * kHour, .end_min = 12 * kHour});
  }
  p.location = core::OffsetMeters(kHome, east_m, 0);
  return p;
}

// A certified 养老护理员 (level 4, valid through 2026) who also bathes and
// checks health.
Provider Caregiver(std::string id, double east_m) {
  Provider p = Volunteer(std::move(id), east_m);
  p.type = ProviderType::kCaregiver;
  p.occupation = "elder_care_worker";
  p.skills.push_back(ServiceKind::kBathing);
  p.skills.push_back(ServiceKind::kHealthCheck);
  p.certifications = {{.occupation = "elder_care_worker",
                       .level = 4,
                       .issued = Day(2023, 1, 1),
                       .expires = Day(2026, 12, 31)}};
  return p;
}

TEST(HomeServiceTest, ServiceKindsByIdentifierOrChineseName) {
  const ServiceKindInfo* bathing = FindServiceKind("bathing");
  ASSERT_NE(bathing, nullptr);
  EXPECT_EQ(bathing->kind, ServiceKind::kBathing);
  EXPECT_EQ(bathing->name_zh, "助浴");
  EXPECT_EQ(FindServiceKind("助浴"), bathing);
  EXPECT_EQ(FindServiceKind("陪同就医")->id, "hospital_escort");
  EXPECT_EQ(FindServiceKind("Bathing"), nullptr);
  EXPECT_EQ(FindServiceKind(""), nullptr);

  std::set<std::string_view> ids;
  std::set<std::string_view> names;
  std::set<std::string_view> certified;
  for (size_t i = 0; i < ServiceKinds().size(); ++i) {
    const ServiceKindInfo& k = ServiceKinds()[i];
    EXPECT_EQ(static_cast<size_t>(k.kind), i) << k.id;  // ServiceKindOf relies on it
    EXPECT_EQ(&ServiceKindOf(k.kind), &k);
    EXPECT_TRUE(ids.insert(k.id).second) << k.id;
    EXPECT_TRUE(names.insert(k.name_zh).second) << k.name_zh;
    if (k.needs_certified_caregiver) certified.insert(k.id);
  }
  EXPECT_EQ(ids, (std::set<std::string_view>{"meal_delivery", "cleaning", "bathing",
                                             "hospital_escort", "health_check", "companionship"}));
  EXPECT_EQ(certified, (std::set<std::string_view>{"bathing", "health_check"}));
}

TEST(HomeServiceTest, CareOccupations) {
  ASSERT_NE(FindCareOccupation("养老护理员"), nullptr);
  EXPECT_EQ(FindCareOccupation("养老护理员")->id, "elder_care_worker");
  EXPECT_EQ(FindCareOccupation("health_caregiver")->name_zh, "健康照护师");
  EXPECT_EQ(FindCareOccupation("nurse"), nullptr);
  EXPECT_EQ(CareOccupations().size(), 3u);
}

TEST(HomeServiceTest, WeekdaysAndMinutes) {
  EXPECT_EQ(WeekdayOf(Day(1970, 1, 1)), Weekday::kThursday);
  EXPECT_EQ(WeekdayOf(Day(1969, 12, 29)), Weekday::kMonday);
  EXPECT_EQ(WeekdayOf(kMonday), Weekday::kMonday);
  EXPECT_EQ(WeekdayOf(Day(2026, 3, 1)), Weekday::kSunday);
  EXPECT_EQ(WeekdayOf(Day(2000, 2, 29)), Weekday::kTuesday);
  EXPECT_EQ(FormatMinutes(0), "00:00");
  EXPECT_EQ(FormatMinutes(545), "09:05");
  EXPECT_EQ(FormatMinutes(kMinutesPerDay), "24:00");
}

TEST(HomeServiceTest, WeekStartIsTheMondayOfTheIsoWeek) {
  EXPECT_EQ(WeekStart(Day(2026, 3, 1)), Day(2026, 2, 23));  // a Sunday
  EXPECT_EQ(WeekStart(Day(2026, 3, 2)), Day(2026, 3, 2));   // a Monday
  EXPECT_EQ(WeekStart(Day(1970, 1, 1)), Day(1969, 12, 29));
}

TEST(HomeServiceTest, NearestFirst) {
  const std::vector<Provider> providers = {Volunteer("far", 1500), Volunteer("near", 300),
                                           Caregiver("middle", 800)};
  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kMealDelivery), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("near", "middle", "far"));
  EXPECT_NEAR(ranked[0].distance_m, 300, 1.1);
  EXPECT_NEAR(ranked[1].distance_m, 800, 1.1);
  EXPECT_NEAR(ranked[2].distance_m, 1500, 1.1);
}

TEST(HomeServiceTest, TiesGoToFewerHoursThisWeekThenId) {
  Provider busy = Volunteer("busy", 500);
  busy.assignments = {{.date = Day(2026, 3, 3), .start_min = 8 * kHour, .end_min = 12 * kHour}};
  Provider rested = Volunteer("rested", 500);
  // Ten hours the week before and one on Sunday this week: only the one counts.
  rested.assignments = {{.date = Day(2026, 3, 1), .start_min = 8 * kHour, .end_min = 18 * kHour},
                        {.date = Day(2026, 3, 8), .start_min = 8 * kHour, .end_min = 9 * kHour}};
  Provider also_rested = rested;
  also_rested.id = "also_rested";
  // Half a metre further: the same to the whole metre.
  also_rested.location = core::OffsetMeters(kHome, 500.4, 0);
  const std::vector<Provider> providers = {busy, rested, also_rested};
  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kCleaning), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("also_rested", "rested", "busy"));
  EXPECT_EQ(ranked[0].week_assigned_min, 60);
  EXPECT_EQ(ranked[1].week_assigned_min, 60);
  EXPECT_EQ(ranked[2].week_assigned_min, 240);
}

TEST(HomeServiceTest, SkillMustFit) {
  const std::vector<Provider> providers = {Volunteer("v-1", 100), Caregiver("cg-1", 900)};
  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kHealthCheck), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("cg-1"));
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kHospitalEscort), providers),
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("v-1: no skill hospital_escort; cg-1: no skill hospital_escort")));
}

TEST(HomeServiceTest, SlotMustLieInAvailability) {
  Provider until_half_past = Volunteer("until_half_past", 100);
  until_half_past.availability = {
      {.day = Weekday::kMonday, .start_min = 8 * kHour, .end_min = 9 * kHour + 30}};
  Provider joined = Volunteer("joined", 200);
  joined.availability = {
      {.day = Weekday::kMonday, .start_min = 9 * kHour + 30, .end_min = 11 * kHour},
      {.day = Weekday::kMonday, .start_min = 8 * kHour, .end_min = 9 * kHour + 30}};
  Provider with_gap = Volunteer("with_gap", 300);
  with_gap.availability = {
      {.day = Weekday::kMonday, .start_min = 8 * kHour, .end_min = 9 * kHour + 30},
      {.day = Weekday::kMonday, .start_min = 9 * kHour + 31, .end_min = 11 * kHour}};
  Provider tuesdays = Volunteer("tuesdays", 400);
  tuesdays.availability = {{.day = Weekday::kTuesday, .start_min = 0, .end_min = kMinutesPerDay}};
  Provider exact = Volunteer("exact", 500);
  exact.availability = {{.day = Weekday::kMonday, .start_min = 9 * kHour, .end_min = 10 * kHour}};
  const std::vector<Provider> providers = {until_half_past, joined, with_gap, tuesdays, exact};

  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kCleaning), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("joined", "exact"));
  // Saturday: nobody works weekends.
  ServiceRequest saturday = Request(ServiceKind::kCleaning);
  saturday.slot.date = Day(2026, 3, 7);
  EXPECT_THAT(MatchProviders(saturday, providers),
              StatusIs(StatusCode::kNotFound, HasSubstr("exact: not available then")));
}

TEST(HomeServiceTest, CertificationMustBeValidOnTheDay) {
  Provider expired = Caregiver("expired", 100);
  expired.certifications = {{.occupation = "elder_care_worker",
                             .level = 5,
                             .issued = Day(2020, 1, 1),
                             .expires = Day(2024, 12, 31)},
                            {.occupation = "elder_care_worker",
                             .level = 4,
                             .issued = Day(2022, 1, 1),
                             .expires = Day(2026, 3, 1)}};  // the day before
  Provider last_day = Caregiver("last_day", 200);
  last_day.certifications[0].expires = kMonday;
  Provider first_day = Caregiver("first_day", 300);
  first_day.certifications[0].issued = kMonday;
  Provider not_yet = Caregiver("not_yet", 400);
  not_yet.certifications[0].issued = Day(2026, 3, 3);
  Provider uncertified = Caregiver("uncertified", 500);
  uncertified.certifications.clear();
  Provider volunteer = Volunteer("volunteer", 50);
  volunteer.skills.push_back(ServiceKind::kBathing);
  const std::vector<Provider> providers = {expired, last_day,    first_day,
                                           not_yet, uncertified, volunteer};

  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kBathing), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("last_day", "first_day"));

  // Without the two valid ones, each says what it lacks.
  const std::vector<Provider> lacking = {expired, not_yet, uncertified, volunteer};
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kBathing), lacking),
              StatusIs(StatusCode::kNotFound,
                       "no provider fits bathing (助浴) on 2026-03-02 09:00-10:00: "
                       "expired: certificate expired 2026-03-01; "
                       "not_yet: certificate valid only from 2026-03-03; "
                       "uncertified: no certificate; "
                       "volunteer: not a certified caregiver"));

  // Meal delivery needs no certificate: all of them fit, nearest first.
  ASSERT_OK_AND_ASSIGN(auto meals, MatchProviders(Request(ServiceKind::kMealDelivery), lacking));
  EXPECT_THAT(Ids(meals), ElementsAre("volunteer", "expired", "not_yet", "uncertified"));
}

TEST(HomeServiceTest, NoOverlappingAssignment) {
  Provider overlapping = Volunteer("overlapping", 100);
  overlapping.assignments = {
      {.date = kMonday, .start_min = 9 * kHour + 30, .end_min = 10 * kHour + 30}};
  Provider inside = Volunteer("inside", 150);
  inside.assignments = {{.date = kMonday, .start_min = 9 * kHour + 10, .end_min = 9 * kHour + 20}};
  Provider touching = Volunteer("touching", 200);
  touching.assignments = {{.date = kMonday, .start_min = 8 * kHour, .end_min = 9 * kHour},
                          {.date = kMonday, .start_min = 10 * kHour, .end_min = 11 * kHour}};
  Provider other_day = Volunteer("other_day", 300);
  other_day.assignments = {
      {.date = Day(2026, 3, 9), .start_min = 9 * kHour, .end_min = 10 * kHour}};
  const std::vector<Provider> providers = {overlapping, inside, touching, other_day};

  ASSERT_OK_AND_ASSIGN(auto ranked, MatchProviders(Request(ServiceKind::kCleaning), providers));
  EXPECT_THAT(Ids(ranked), ElementsAre("touching", "other_day"));
  EXPECT_EQ(ranked[0].week_assigned_min, 120);
  EXPECT_EQ(ranked[1].week_assigned_min, 0);  // 9 March is the next week
  const std::vector<Provider> busy = {overlapping, inside};
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kCleaning), busy),
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("overlapping: busy 09:30-10:30; inside: busy 09:10-09:20")));
}

TEST(HomeServiceTest, EveryLackIsListed) {
  Provider v = Volunteer("v-2", 100);
  v.availability.clear();
  v.assignments = {{.date = kMonday, .start_min = 9 * kHour, .end_min = 10 * kHour}};
  const std::vector<Provider> providers = {v};
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kBathing), providers),
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("v-2: no skill bathing, not available then, not a certified "
                                 "caregiver, busy 09:00-10:00")));
}

TEST(HomeServiceTest, NoProvidersAtAll) {
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kCleaning), {}),
              StatusIs(StatusCode::kNotFound,
                       "no provider fits cleaning (保洁) on 2026-03-02 09:00-10:00: no providers"));
}

TEST(HomeServiceTest, BadRequestOrProviderIsInvalid) {
  const std::vector<Provider> ok = {Caregiver("cg-1", 100)};
  ServiceRequest r = Request(ServiceKind::kCleaning);
  r.slot.end_min = r.slot.start_min;
  EXPECT_THAT(
      MatchProviders(r, ok),
      StatusIs(StatusCode::kInvalidArgument, "field slot.end_min: 540 is not after start_min 540"));
  r = Request(ServiceKind::kCleaning);
  r.slot.start_min = -1;
  EXPECT_THAT(MatchProviders(r, ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field slot.start_min")));
  r = Request(ServiceKind::kCleaning);
  r.slot.end_min = kMinutesPerDay + 1;
  EXPECT_THAT(MatchProviders(r, ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field slot.end_min: 1441")));
  r = Request(ServiceKind::kCleaning);
  r.location = {91, 119};
  EXPECT_THAT(MatchProviders(r, ok),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field location")));
  r = Request(static_cast<ServiceKind>(99));
  EXPECT_THAT(MatchProviders(r, ok), StatusIs(StatusCode::kInvalidArgument, HasSubstr("kind")));

  struct Case {
    std::string name;
    void (*spoil)(Provider&);
    std::string message;
  };
  const Case cases[] = {
      {"empty id", [](Provider& p) { p.id.clear(); }, "provider: field id: empty"},
      {"unknown occupation", [](Provider& p) { p.occupation = "nurse"; },
       "provider cg-1: field occupation: unknown care occupation \"nurse\""},
      {"volunteer with occupation", [](Provider& p) { p.type = ProviderType::kVolunteer; },
       "provider cg-1: field occupation: a volunteer has none"},
      {"certificate of unknown occupation",
       [](Provider& p) { p.certifications[0].occupation = "cook"; },
       "provider cg-1: field certifications[0].occupation: unknown care occupation \"cook\""},
      {"level 6", [](Provider& p) { p.certifications[0].level = 6; },
       "provider cg-1: field certifications[0].level: 6 is outside 1..5"},
      {"level 0", [](Provider& p) { p.certifications[0].level = 0; },
       "provider cg-1: field certifications[0].level: 0 is outside 1..5"},
      {"expires before issued",
       [](Provider& p) { p.certifications[0].expires = Day(2022, 12, 31); },
       "provider cg-1: field certifications[0].expires: 2022-12-31 is before issued 2023-01-01"},
      {"duplicate skill", [](Provider& p) { p.skills.push_back(ServiceKind::kBathing); },
       "provider cg-1: field skills[4]: duplicate skill bathing"},
      {"bad weekday", [](Provider& p) { p.availability[2].day = static_cast<Weekday>(8); },
       "provider cg-1: field availability[2].day: 8 is outside 1..7"},
      {"window past midnight", [](Provider& p) { p.availability[0].end_min = 25 * kHour; },
       "provider cg-1: field availability[0].end_min: 1500 is after 1440"},
      {"backwards assignment",
       [](Provider& p) { p.assignments = {{.date = kMonday, .start_min = 600, .end_min = 500}}; },
       "provider cg-1: field assignments[0].end_min: 500 is not after start_min 600"},
      {"bad location",
       [](Provider& p) {
         p.location = {34.6, 181};
       },
       "provider cg-1: field location"},
  };
  for (const Case& c : cases) {
    Provider p = Caregiver("cg-1", 100);
    c.spoil(p);
    const std::vector<Provider> providers = {p};
    EXPECT_THAT(MatchProviders(Request(ServiceKind::kCleaning), providers),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.name;
  }
  Provider v = Volunteer("v-1", 100);
  v.certifications = Caregiver("x", 0).certifications;
  EXPECT_THAT(ValidateProvider(v),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("provider v-1: field certifications: a volunteer has none")));
  const std::vector<Provider> twice = {Volunteer("v-1", 100), Volunteer("v-1", 200)};
  EXPECT_THAT(MatchProviders(Request(ServiceKind::kCleaning), twice),
              StatusIs(StatusCode::kInvalidArgument, "duplicate provider id \"v-1\""));
}

TEST(HomeServiceTest, LifecycleToRated) {
  HomeServiceOrder order{.request = Request(ServiceKind::kBathing)};
  EXPECT_EQ(order.state, OrderState::kRequested);
  ASSERT_OK(AssignOrder(order, "cg-1"));
  EXPECT_EQ(order.state, OrderState::kAssigned);
  EXPECT_EQ(order.provider_id, "cg-1");
  ASSERT_OK(StartOrder(order));
  EXPECT_EQ(order.state, OrderState::kInService);
  ASSERT_OK(FinishOrder(order));
  EXPECT_EQ(order.state, OrderState::kDone);
  EXPECT_THAT(RateOrder(order, 0),
              StatusIs(StatusCode::kInvalidArgument, "field stars: 0 is outside 1..5"));
  EXPECT_THAT(RateOrder(order, 6), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(order.state, OrderState::kDone);
  EXPECT_FALSE(order.stars.has_value());
  ASSERT_OK(RateOrder(order, 5));
  EXPECT_EQ(order.state, OrderState::kRated);
  EXPECT_EQ(order.stars, 5);
  EXPECT_THAT(RateOrder(order, 1), StatusIs(StatusCode::kFailedPrecondition,
                                            "order is rated: cannot rate (no event is allowed)"));
  EXPECT_EQ(order.stars, 5);
}

TEST(HomeServiceTest, CancelOnlyBeforeService) {
  HomeServiceOrder requested;
  ASSERT_OK(CancelOrder(requested));
  EXPECT_EQ(requested.state, OrderState::kCancelled);

  HomeServiceOrder assigned;
  ASSERT_OK(AssignOrder(assigned, "v-1"));
  ASSERT_OK(CancelOrder(assigned));
  EXPECT_EQ(assigned.state, OrderState::kCancelled);
  EXPECT_THAT(AssignOrder(assigned, "v-2"),
              StatusIs(StatusCode::kFailedPrecondition,
                       "order is cancelled: cannot assign (no event is allowed)"));
  EXPECT_EQ(assigned.provider_id, "v-1");

  HomeServiceOrder in_service;
  ASSERT_OK(AssignOrder(in_service, "v-1"));
  ASSERT_OK(StartOrder(in_service));
  EXPECT_THAT(CancelOrder(in_service),
              StatusIs(StatusCode::kFailedPrecondition,
                       "order is in_service: cannot cancel (allowed: finish)"));
  EXPECT_EQ(in_service.state, OrderState::kInService);
}

TEST(HomeServiceTest, AssignNeedsAProvider) {
  HomeServiceOrder order;
  EXPECT_THAT(AssignOrder(order, ""),
              StatusIs(StatusCode::kInvalidArgument, "field provider_id: empty"));
  EXPECT_EQ(order.state, OrderState::kRequested);
}

// Every state × every event, against the table of the header.
TEST(HomeServiceTest, TransitionTableExhaustively) {
  using S = OrderState;
  using E = OrderEvent;
  const S states[] = {S::kRequested, S::kAssigned, S::kInService,
                      S::kDone,      S::kRated,    S::kCancelled};
  const E events[] = {E::kAssign, E::kStart, E::kFinish, E::kRate, E::kCancel};
  struct Legal {
    S from;
    E event;
    S to;
  };
  const Legal legal[] = {
      {S::kRequested, E::kAssign, S::kAssigned}, {S::kRequested, E::kCancel, S::kCancelled},
      {S::kAssigned, E::kStart, S::kInService},  {S::kAssigned, E::kCancel, S::kCancelled},
      {S::kInService, E::kFinish, S::kDone},     {S::kDone, E::kRate, S::kRated}};
  int legal_seen = 0;
  for (S s : states) {
    for (E e : events) {
      const Legal* rule = nullptr;
      for (const Legal& l : legal) {
        if (l.from == s && l.event == e) rule = &l;
      }
      StatusOr<S> next = NextOrderState(s, e);
      const std::string label = std::string(OrderStateId(s)) + " × " + std::string(OrderEventId(e));
      if (rule != nullptr) {
        ++legal_seen;
        ASSERT_OK(next) << label;
        EXPECT_EQ(*next, rule->to) << label;
      } else {
        EXPECT_THAT(next, StatusIs(StatusCode::kFailedPrecondition,
                                   HasSubstr("order is " + std::string(OrderStateId(s)) +
                                             ": cannot " + std::string(OrderEventId(e)))))
            << label;
      }
    }
  }
  EXPECT_EQ(legal_seen, 6);
}

TEST(HomeServiceTest, StateAndEventIdsRoundTrip) {
  for (OrderState s : {OrderState::kRequested, OrderState::kAssigned, OrderState::kInService,
                       OrderState::kDone, OrderState::kRated, OrderState::kCancelled}) {
    EXPECT_EQ(ParseOrderState(OrderStateId(s)), s);
  }
  for (OrderEvent e : {OrderEvent::kAssign, OrderEvent::kStart, OrderEvent::kFinish,
                       OrderEvent::kRate, OrderEvent::kCancel}) {
    EXPECT_EQ(ParseOrderEvent(OrderEventId(e)), e);
  }
  EXPECT_EQ(OrderStateId(OrderState::kInService), "in_service");
  EXPECT_EQ(ParseOrderState("done"), OrderState::kDone);
  EXPECT_EQ(ParseOrderState("Done"), std::nullopt);
  EXPECT_EQ(ParseOrderEvent("close"), std::nullopt);
}

}  // namespace
}  // namespace alley::services
