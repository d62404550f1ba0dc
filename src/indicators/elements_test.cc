#include "indicators/elements.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "registry/facilities.h"
#include "registry/units.h"
#include "services/canteen_service.h"
#include "services/care.h"
#include "services/care_test_util.h"
#include "services/visits_service.h"
#include "store/childcare_store.h"

namespace alley::indicators {
namespace {

using ::alley::services::testing::CareTest;
using ::alley::services::testing::D;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

class ElementsTest : public CareTest {
 protected:
  // element@unit -> value
  std::map<std::string, double> Derive(std::string_view scope, std::vector<std::string> elements,
                                       DayRange days) {
    StatusOr<core::Hierarchy> hierarchy = registry::LoadHierarchy(*store_);
    EXPECT_OK(hierarchy);
    std::map<std::string, double> out;
    if (!hierarchy.ok()) return out;
    StatusOr<std::vector<DerivedValue>> values =
        DeriveLedgerElements(*store_, *hierarchy, scope, elements, days, services::testing::T0());
    EXPECT_OK(values);
    if (!values.ok()) return out;
    for (const DerivedValue& v : *values) out[v.element + "@" + v.unit_code] = v.value;
    return out;
  }
};

TEST_F(ElementsTest, TheCatalogueIsSeededOnceAndKeepsAUsersChange) {
  int added = 0;
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(added, SeedCatalogue(w));
    return OkStatus();
  }));
  EXPECT_EQ(added, static_cast<int>(BuiltinElements().size() + BuiltinIndicators().size() +
                                    BuiltinRules().size()));
  // An office retargets an indicator; seeding again leaves it alone.
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    store::IndicatorRow changed = BuiltinIndicators()[0];
    changed.target = 6.0;
    return store::PutIndicator(w, changed);
  }));
  int again = -1;
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(again, SeedCatalogue(w));
    return OkStatus();
  }));
  EXPECT_EQ(again, 0);
  ASSERT_OK(store_->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
    EXPECT_EQ(indicators.size(), BuiltinIndicators().size());
    for (const store::IndicatorRow& i : indicators) {
      if (i.code == BuiltinIndicators()[0].code) {
        EXPECT_EQ(i.target, std::optional<double>(6.0));
      }
    }
    return OkStatus();
  }));
}

TEST_F(ElementsTest, EveryBuiltinFormulaNamesKnownElementsOnly) {
  std::set<std::string> codes;
  for (const store::IndicatorElementRow& e : BuiltinElements()) {
    codes.insert(e.code);
    EXPECT_EQ(e.source == "derived", IsDerivable(e.code)) << e.code;
  }
  EXPECT_TRUE(codes.contains("residents_60_plus"));
  EXPECT_TRUE(codes.contains("children_0_2"));
  EXPECT_TRUE(codes.contains("nursery_places"));
  EXPECT_TRUE(codes.contains("concerns_resolved_on_time"));
}

TEST_F(ElementsTest, ResidentsAreCountedByAgeOnThePeriodsLastDay) {
  // The fixture registers everyone on 2020-01-01; the periods are of 2021.
  Resident(kHailian, D(1940, 3, 1));  // 81 on 2021-12-31
  Resident(kHailian, D(1961, 6, 1));  // 60 on 2021-12-31, 59 on 2021-05-31
  Resident(kHailian, D(2019, 6, 1));  // under 3
  Resident(kXinghua, D(1985, 3, 1));
  std::map<std::string, double> v =
      Derive(kStreet, {"residents", "residents_60_plus", "residents_80_plus", "children_0_2"},
             {D(2021, 1, 1), D(2021, 12, 31)});
  EXPECT_EQ(v[std::string("residents@") + kHailian], 3);
  EXPECT_EQ(v[std::string("residents@") + kXinghua], 1);
  EXPECT_EQ(v[std::string("residents_60_plus@") + kHailian], 2);
  EXPECT_EQ(v[std::string("residents_80_plus@") + kHailian], 1);
  EXPECT_EQ(v[std::string("children_0_2@") + kHailian], 1);
  // A community with a ledger and none of them has 0, not nothing.
  ASSERT_TRUE(v.contains(std::string("children_0_2@") + kXinghua));
  EXPECT_EQ(v[std::string("children_0_2@") + kXinghua], 0);

  std::map<std::string, double> may =
      Derive(kStreet, {"residents_60_plus"}, {D(2021, 5, 1), D(2021, 5, 31)});
  EXPECT_EQ(may[std::string("residents_60_plus@") + kHailian], 1);
}

TEST_F(ElementsTest, NurseryPlacesAreTheCapacityOfOpenNurseries) {
  Resident(kHailian, D(1985, 3, 1));
  registry::FacilityInput nursery;
  nursery.unit_code = kHailian;
  nursery.type = "nursery";
  nursery.name = "海连托育园";
  nursery.capacity = 40;
  ASSERT_OK(registry::CreateFacility(*store_, nursery).status());
  nursery.name = "第二托育园";
  nursery.capacity = 25;
  ASSERT_OK(registry::CreateFacility(*store_, nursery).status());
  std::map<std::string, double> v =
      Derive(kHailian, {"nursery_places"}, {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_EQ(v[std::string("nursery_places@") + kHailian], 65);
}

TEST_F(ElementsTest, VisitsMadeCountOnlyThoseThatReachedThePersonAndTheScheduleIsOnTheLastDay) {
  const registry::audit::Actor wang{"wang", "grid_worker", kHailian};
  auto alone = [&](core::Date birth) {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kFemale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    r.name = "独居老人";
    r.unit_code = kHailian;
    r.tags = {"living_alone"};
    r.effective = D(2026, 1, 1);
    StatusOr<registry::ResidentItem> made = registry::CreateResident(*store_, r, D(2026, 7, 1));
    EXPECT_OK(made);
    return made.ok() ? made->id : 0;
  };
  const int64_t seen = alone(D(1940, 3, 1));
  const int64_t missed = alone(D(1950, 5, 1));
  Adult();
  auto visit = [&](int64_t who, core::Date date, const std::string& outcome) {
    services::NewVisit v{
        .resident_id = who, .date = date, .outcome = outcome, .visitor_name = "网格员王"};
    ASSERT_OK(
        services::RecordVisit(*store_, v, D(2026, 7, 1), kHailian, wang, services::testing::T0())
            .status());
  };
  visit(seen, D(2026, 6, 28), "well");
  visit(missed, D(2026, 6, 29), "not_at_home");  // does not count, and does not reset
  visit(seen, D(2026, 5, 20), "well");           // before the period
  std::map<std::string, double> v = Derive(
      kHailian, {"visits_made", "visits_due", "visits_on_time"}, {D(2026, 6, 1), D(2026, 6, 30)});
  EXPECT_EQ(v[std::string("visits_made@") + kHailian], 1);
  EXPECT_EQ(v[std::string("visits_due@") + kHailian], 2);
  // The 86-year-old is visited weekly and was seen on the 28th; the other,
  // never reached since enrolment, is overdue.
  EXPECT_EQ(v[std::string("visits_on_time@") + kHailian], 1);
  // A period not over yet is counted as things stand today (T0, 1 July), not
  // on 31 December, when everyone would be overdue.
  v = Derive(kHailian, {"visits_on_time"}, {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_EQ(v[std::string("visits_on_time@") + kHailian], 1);
}

TEST_F(ElementsTest, CanteenFinancesAreTheServicesReportInYuan) {
  const registry::audit::Actor staff{"wang", "community_staff", kHailian};
  const store::Timestamp now = services::testing::T0();
  Adult();
  registry::FacilityInput in{
      .unit_code = kHailian, .type = "senior_canteen", .name = "海连助餐点", .capacity = 60};
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem canteen, registry::CreateFacility(*store_, in));
  const int64_t id = canteen.facility.id;
  ASSERT_OK(services::SetDinerGroup(*store_, id,
                                    {.id = "elderly_60",
                                     .name = "60岁以上老人",
                                     .eligible_elderly = true,
                                     .price = 1200,
                                     .subsidies = {{.payer = "区民政局", .per_meal = 300}},
                                     .valid_from = D(2026, 1, 1)},
                                    kHailian, staff, now)
                .status());
  std::vector<services::MealEntry> meals;
  meals.reserve(30);
  for (int d = 0; d < 30; ++d) {
    meals.push_back({.date = D(2026, 4, 1).AddDays(d), .group = "elderly_60", .meals = 50});
  }
  ASSERT_OK(
      services::RecordMeals(*store_, id, meals, D(2026, 7, 1), kHailian, staff, now).status());
  for (const services::CostEntry& c :
       {services::CostEntry{D(2026, 3, 20), "food_per_meal", 900, "食材"},
        services::CostEntry{D(2026, 4, 1), "staff", 1'200'000, "4月工资"},
        services::CostEntry{D(2026, 5, 1), "staff", 1'200'000, "5月工资"}}) {
    ASSERT_OK(services::RecordCost(*store_, id, c, kHailian, staff, now).status());
  }
  std::map<std::string, double> v =
      Derive(kHailian, {"canteen_meals", "canteen_revenue", "canteen_subsidy", "canteen_cost"},
             {D(2026, 4, 1), D(2026, 4, 30)});
  EXPECT_EQ(v[std::string("canteen_meals@") + kHailian], 1500);
  EXPECT_EQ(v[std::string("canteen_revenue@") + kHailian], 18000);  // 1,500 × 12 yuan
  EXPECT_EQ(v[std::string("canteen_subsidy@") + kHailian], 4500);   // 1,500 × 3 yuan
  EXPECT_EQ(v[std::string("canteen_cost@") + kHailian], 25500);     // 1,500 × 9 + 12,000
}

TEST_F(ElementsTest, AVolunteersFinishedOrderCountsDoneAndEarnsHours) {
  using services::OrderChange;
  using services::OrderDetail;
  const int64_t elder = Elder();
  Register(services::ProviderType::kVolunteer, VolunteerIn(Adult()));
  ASSERT_OK_AND_ASSIGN(OrderDetail o,
                       services::RequestHomeService(
                           *store_, OrderFor(elder, "cleaning", D(2026, 7, 6), 9, 11), kHailian,
                           services::testing::HailianStaff(), services::testing::T0()));
  for (const OrderChange& change :
       {OrderChange::Assign(0), OrderChange::Start(), OrderChange::Finish()}) {
    ASSERT_OK(services::ApplyOrderEvent(*store_, o.order.id, change, kHailian,
                                        services::testing::HailianStaff(), services::testing::T0())
                  .status());
  }
  // A second order, still requested, is not done.
  ASSERT_OK(services::RequestHomeService(*store_, OrderFor(elder, "cleaning", D(2026, 7, 7), 9, 10),
                                         kHailian, services::testing::HailianStaff(),
                                         services::testing::T0())
                .status());
  std::map<std::string, double> v =
      Derive(kHailian, {"home_service_orders_done", "timebank_hours_earned"},
             {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_EQ(v[std::string("home_service_orders_done@") + kHailian], 1);
  EXPECT_EQ(v[std::string("timebank_hours_earned@") + kHailian], 2);
  // Another year: nothing done, nothing earned (0, the ledger is kept here).
  v = Derive(kHailian, {"home_service_orders_done", "timebank_hours_earned"},
             {D(2025, 1, 1), D(2025, 12, 31)});
  EXPECT_EQ(v[std::string("home_service_orders_done@") + kHailian], 0);
  EXPECT_EQ(v[std::string("timebank_hours_earned@") + kHailian], 0);
}

TEST_F(ElementsTest, NurseryEnrolledCountsTheChildrenEnrolledOnTheLastDay) {
  registry::FacilityInput nursery{
      .unit_code = kHailian, .type = "nursery", .name = "海连托育园", .capacity = 20};
  ASSERT_OK_AND_ASSIGN(registry::FacilityItem made, registry::CreateFacility(*store_, nursery));
  auto child = [&](core::Date birth) {
    registry::NewResident r;
    StatusOr<std::string> id = core::MakeIdNumber("320706", birth, next_++, core::Sex::kMale);
    EXPECT_OK(id);
    r.id_number = id.ok() ? *id : "";
    r.name = "幼儿" + std::to_string(next_);
    r.unit_code = kHailian;
    r.effective = birth;
    StatusOr<registry::ResidentItem> made_child =
        registry::CreateResident(*store_, r, D(2026, 7, 1));
    EXPECT_OK(made_child);
    return made_child.ok() ? made_child->id : 0;
  };
  const int64_t first = child(D(2024, 10, 1));
  const int64_t second = child(D(2024, 11, 1));
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    store::NurseryClassRow c;
    c.facility_id = made.facility.id;
    c.unit_code = kHailian;
    c.community_code = kHailian;
    c.name = "托小班";
    c.type = "younger";
    c.capacity = 10;
    c.caregivers = 2;
    c.opened_on = D(2025, 9, 1);
    ALLEY_ASSIGN_OR_RETURN(c.id, store::InsertNurseryClass(w, c));
    for (const int64_t kid : {first, second}) {
      store::NurseryEnrolmentRow e;
      e.class_id = c.id;
      e.facility_id = made.facility.id;
      e.unit_code = kHailian;
      e.community_code = kHailian;
      e.resident_id = kid;
      e.applied_on = D(2026, 2, 1);
      e.state = kid == first ? "enrolled" : "withdrawn";
      e.enrolled_on = D(2026, 3, 1);
      if (kid == second) e.left_on = D(2026, 5, 1);
      ALLEY_RETURN_IF_ERROR(store::InsertNurseryEnrolment(w, e).status());
    }
    return OkStatus();
  }));
  EXPECT_EQ(Derive(kHailian, {"nursery_enrolled"},
                   {D(2026, 4, 1), D(2026, 4, 30)})[std::string("nursery_enrolled@") + kHailian],
            2);
  EXPECT_EQ(Derive(kHailian, {"nursery_enrolled"},
                   {D(2026, 6, 1), D(2026, 6, 30)})[std::string("nursery_enrolled@") + kHailian],
            1);
}

TEST_F(ElementsTest, NoLedgerNoValue) {
  // Xinghua keeps no residents in Alley: its counts are missing, not 0.
  Resident(kHailian, D(1985, 3, 1));
  std::map<std::string, double> v =
      Derive(kStreet, {"residents"}, {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_FALSE(v.contains(std::string("residents@") + kXinghua));
  EXPECT_TRUE(v.contains(std::string("residents@") + kHailian));
}

TEST_F(ElementsTest, AnEnteredElementIsNotDerived) {
  ASSERT_OK_AND_ASSIGN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store_));
  const std::vector<std::string> asked = {"elderly_care_floor_m2"};
  EXPECT_THAT(DeriveLedgerElements(*store_, hierarchy, kHailian, asked,
                                   {D(2026, 1, 1), D(2026, 12, 31)}, services::testing::T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("entered, not derived")));
}

}  // namespace
}  // namespace alley::indicators
