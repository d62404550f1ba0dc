#include "planning/population.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/id_number.h"
#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

core::Date D(int y, int m, int d) { return *core::Date::FromYmd(y, m, d); }

constexpr char kCompound2[] = "320706006010002";

class PopulationTest : public store::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    std::vector<store::UnitRow> units = BorderUnits();
    store::UnitRow second = units.back();
    second.code = kCompound2;
    second.name = "第二小区";
    ASSERT_OK(store_->Write([&](store::Writer& w) { return w.UpsertUnits({second}); }));
  }

  void Resident(const std::string& unit, core::Date birth, core::Sex sex) {
    store::ResidentIdentity identity;
    StatusOr<std::string> number = core::MakeIdNumber("320706", birth, next_++, sex);
    ASSERT_OK(number);
    identity.id_number = *number;
    identity.sex = sex == core::Sex::kMale ? "male" : "female";
    identity.birth_date = birth;
    ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertResident(identity));
      store::ResidentVersion v;
      v.resident_id = id;
      v.valid_from = std::max(birth, D(2020, 1, 1));
      v.change = "register";
      v.status = "active";
      v.name = "居民" + std::to_string(id);
      v.community_code = unit.substr(0, 12);
      v.unit_code = unit;
      v.registration = "registered";
      v.employment = "none";
      v.insurance = "unknown";
      return w.AddResidentVersion(v);
    }));
  }

  // A plain life table and fertility for the projection.
  static ProjectionOptions Options() {
    ProjectionOptions o;
    o.parameters.survival_male.fill(0.99);
    o.parameters.survival_female.fill(0.995);
    o.parameters.survival_male[kOpenAge] = 0.6;
    o.parameters.survival_female[kOpenAge] = 0.6;
    o.parameters.fertility.fill(0.04);
    o.norms.childcare_places_per_1000 = 4.5;
    o.norms.nursery_take_up = 0.12;
    o.norms.elderly_beds_per_1000_elderly = 25.0;
    o.years = 10;
    return o;
  }
  int next_ = 1;
};

TEST_F(PopulationTest, TheLedgerGivesAgesOnTheDayPerChildUnit) {
  const core::Date on = D(2025, 6, 1);
  Resident(store::kCompound, D(2024, 6, 1), core::Sex::kMale);    // 1 on the day
  Resident(store::kCompound, D(2024, 6, 2), core::Sex::kFemale);  // 0: birthday tomorrow
  Resident(kCompound2, D(1920, 1, 1), core::Sex::kFemale);        // 105: the open group
  Resident(kCompound2, D(1995, 3, 3), core::Sex::kFemale);        // 30
  Resident(store::kHailian, D(1960, 1, 1), core::Sex::kMale);     // the community's own: 65
  Resident(store::kXinghua, D(1960, 1, 1), core::Sex::kMale);     // elsewhere
  ASSERT_OK_AND_ASSIGN(UnitPyramids p, LedgerPyramids(*store_, store::kHailian, on));
  EXPECT_EQ(p.unit.code, store::kHailian);
  EXPECT_EQ(p.unit.pyramid.Total(), 5);
  EXPECT_EQ(p.unit.pyramid.male[1], 1);
  EXPECT_EQ(p.unit.pyramid.female[0], 1);
  EXPECT_EQ(p.unit.pyramid.female[kOpenAge], 1);
  EXPECT_EQ(p.unit.pyramid.female[30], 1);
  EXPECT_EQ(p.unit.pyramid.male[65], 1);
  ASSERT_EQ(p.children.size(), 2u);
  EXPECT_EQ(p.children[0].code, store::kCompound);
  EXPECT_EQ(p.children[0].pyramid.Total(), 2);
  EXPECT_EQ(p.children[1].code, kCompound2);
  EXPECT_EQ(p.children[1].name, "第二小区");
  EXPECT_EQ(p.children[1].pyramid.Total(), 2);

  EXPECT_THAT(LedgerPyramids(*store_, "320706006099", on),
              StatusIs(StatusCode::kNotFound, HasSubstr("320706006099")));
}

TEST_F(PopulationTest, ChildUnitsAddUpToTheUnitAndDemandFollowsTheNorms) {
  for (int i = 0; i < 40; ++i) {
    Resident(store::kCompound, D(1950 + i, 1 + i % 12, 1),
             i % 2 ? core::Sex::kMale : core::Sex::kFemale);
    Resident(kCompound2, D(1985 + i % 20, 2, 1 + i % 28),
             i % 3 ? core::Sex::kFemale : core::Sex::kMale);
  }
  ASSERT_OK_AND_ASSIGN(UnitPyramids base, LedgerPyramids(*store_, store::kHailian, D(2025, 6, 1)));
  ProjectionOptions o = Options();
  o.platform_inflow_per_year = 20;
  ASSERT_OK_AND_ASSIGN(UnitProjection p, ProjectUnit(base, o));
  ASSERT_EQ(p.scenarios.size(), 4u);
  EXPECT_EQ(p.base_demand.size(), 3u);
  EXPECT_EQ(p.base_demand[0].residents, 80);
  for (const ScenarioProjection& s : p.scenarios) {
    ASSERT_EQ(s.years.size(), 11u) << s.scenario.name;
    EXPECT_EQ(s.years[0].population, base.unit.pyramid);
    ASSERT_EQ(s.demand.size(), 3u);
    // Every resident lives in a compound: the compounds add up to the unit.
    EXPECT_NEAR(s.demand[1].residents + s.demand[2].residents, s.demand[0].residents, 1e-9)
        << s.scenario.name;
    EXPECT_NEAR(s.demand[1].elderly_80_plus + s.demand[2].elderly_80_plus,
                s.demand[0].elderly_80_plus, 1e-9);
    const ServiceDemand& d = s.demand[0];
    EXPECT_DOUBLE_EQ(d.residents, s.years.back().total);
    EXPECT_DOUBLE_EQ(d.nursery_places_by_take_up, 0.12 * s.years.back().ages_0_2);
    EXPECT_DOUBLE_EQ(d.nursery_places_by_target, 4.5 * s.years.back().total / 1000.0);
    EXPECT_DOUBLE_EQ(d.elderly_care_beds, 25.0 * s.years.back().ages_60_plus / 1000.0);
  }
  EXPECT_EQ(p.scenarios[3].scenario.name, "platform_inflow");
  EXPECT_NEAR(p.scenarios[3].years[1].migration, 20, 1e-9);
  EXPECT_GT(p.scenarios[3].demand[0].residents, p.scenarios[0].demand[0].residents + 150);

  o.scenarios = {"low_fertility", "nonesuch"};
  EXPECT_THAT(ProjectUnit(base, o), StatusIs(StatusCode::kNotFound, HasSubstr("nonesuch")));
  o.scenarios = {"low_fertility"};
  ASSERT_OK_AND_ASSIGN(p, ProjectUnit(base, o));
  ASSERT_EQ(p.scenarios.size(), 1u);
  EXPECT_EQ(p.scenarios[0].scenario.name, "low_fertility");
  o.years = 0;
  EXPECT_THAT(ProjectUnit(base, o), StatusIs(StatusCode::kInvalidArgument, HasSubstr("years")));
}

}  // namespace
}  // namespace alley::planning
