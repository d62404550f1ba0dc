#include "planning/projection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

// Survival s at every age (the open group too), births surviving with s.
ProjectionParameters Constant(double s) {
  ProjectionParameters p;
  p.survival_male.fill(s);
  p.survival_female.fill(s);
  p.birth_survival_male = s;
  p.birth_survival_female = s;
  p.sex_ratio_at_birth = 100;
  return p;
}

// A life table that falls with age, as a real one does.
ProjectionParameters Gompertz() {
  ProjectionParameters p;
  for (size_t x = 0; x < kAgeGroups; ++x) {
    const double q = std::min(0.5, 0.0002 * std::exp(0.09 * static_cast<double>(x)));
    p.survival_male[x] = 1.0 - q * 1.2;
    p.survival_female[x] = 1.0 - q;
  }
  p.birth_survival_male = 0.997;
  p.birth_survival_female = 0.998;
  p.sex_ratio_at_birth = 110;
  return p;
}

Pyramid Sample() {
  Pyramid p;
  for (size_t x = 0; x < kAgeGroups; ++x) {
    p.male[x] = static_cast<double>(100 + (x * 37) % 53);
    p.female[x] = static_cast<double>(95 + (x * 29) % 61);
  }
  return p;
}

TEST(ProjectionTest, BaseYearReproducesTheInputExactly) {
  const Pyramid base = Sample();
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(base, Gompertz(), 10));
  ASSERT_EQ(years.size(), 11u);
  EXPECT_EQ(years[0].year, 0);
  EXPECT_EQ(years[0].population, base);
  EXPECT_EQ(years[0].total, base.Total());
  EXPECT_EQ(years[0].births, 0);
  EXPECT_EQ(years[0].deaths, 0);
  EXPECT_EQ(years[0].ages_0_2, base.male[0] + base.male[1] + base.male[2] + base.female[0] +
                                   base.female[1] + base.female[2]);
  double old = 0;
  for (size_t x = 80; x <= kOpenAge; ++x) old += base.male[x] + base.female[x];
  EXPECT_DOUBLE_EQ(years[0].ages_80_plus, old);
}

// No births, no migration and the same survival s at every age: the total is
// the base's times s^t.
TEST(ProjectionTest, ConstantSurvivalWithoutBirthsDecaysGeometrically) {
  const Pyramid base = Sample();
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(base, Constant(0.97), 15));
  for (size_t t = 0; t <= 15; ++t) {
    EXPECT_NEAR(years[t].total, base.Total() * std::pow(0.97, static_cast<double>(t)),
                1e-9 * base.Total())
        << t;
    EXPECT_EQ(years[t].births, 0);
  }
}

// Zero migration, a stationary life table and births held constant: a
// stationary population stays what it is, and its total is the closed form
// births × the table's persons per birth (births × e0).
TEST(ProjectionTest, StationaryPopulationFollowsTheClosedForm) {
  ProjectionParameters p = Gompertz();
  const double births = 1000;
  const double boys = births * 110.0 / 210.0;
  const double girls = births - boys;
  Pyramid stationary;
  double lm = boys * p.birth_survival_male;
  double lf = girls * p.birth_survival_female;
  for (size_t x = 0; x < kOpenAge; ++x) {
    stationary.male[x] = lm;
    stationary.female[x] = lf;
    lm *= p.survival_male[x];
    lf *= p.survival_female[x];
  }
  stationary.male[kOpenAge] = lm / (1.0 - p.survival_male[kOpenAge]);
  stationary.female[kOpenAge] = lf / (1.0 - p.survival_female[kOpenAge]);
  // Fertility flat over 15..49, chosen so that the women give `births`.
  double women = 0;
  for (size_t x = kFirstFertileAge; x <= kLastFertileAge; ++x) women += stationary.female[x];
  p.fertility.fill(births / women);

  const double closed_form =
      boys * StationaryPersonsPerBirth(p.survival_male, p.birth_survival_male) +
      girls * StationaryPersonsPerBirth(p.survival_female, p.birth_survival_female);
  EXPECT_NEAR(stationary.Total(), closed_form, 1e-9 * closed_form);
  // A sanity check on the table: e0 in years.
  EXPECT_GT(closed_form / births, 60);
  EXPECT_LT(closed_form / births, 90);

  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(stationary, p, 50));
  for (const ProjectionYear& y : years) {
    EXPECT_NEAR(y.total, closed_form, 1e-9 * closed_form) << y.year;
    if (y.year == 0) continue;
    EXPECT_NEAR(y.births, births, 1e-9 * births) << y.year;
    EXPECT_NEAR(y.deaths, births, 1e-9 * births) << y.year;  // stationary: deaths = births
    for (size_t x = 0; x < kAgeGroups; ++x) {
      EXPECT_NEAR(y.population.female[x], stationary.female[x], 1e-9 * births) << x;
    }
  }
}

// Two years worked by hand. Women: 100 aged 29 and 100 aged 30; fertility
// 0.1 at 30 only; survival 0.9 at every age; babies all survive; as many
// boys as girls; 10 men aged 25 arrive every year.
//   Year 1: women 90 aged 30 and 90 aged 31; births 0.1 × (100 + 90) / 2 =
//     9.5 (4.75 each sex); deaths 20; migrants 10 aged 25; total 199.5.
//   Year 2: women 81 aged 31 and 81 aged 32, children 4.275 + 4.275 aged 1;
//     births 0.1 × (90 + 0) / 2 = 4.5; men 9 aged 26 and 10 aged 25; deaths
//     10% of 189.5 plus 1 of the migrants = 19.95; total 194.05.
TEST(ProjectionTest, TwoYearsByHand) {
  ProjectionParameters p = Constant(0.9);
  p.birth_survival_male = 1.0;
  p.birth_survival_female = 1.0;
  p.fertility[30 - kFirstFertileAge] = 0.1;
  p.net_migration.male[25] = 10;
  Pyramid base;
  base.female[29] = 100;
  base.female[30] = 100;
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(base, p, 2));
  const ProjectionYear& y1 = years[1];
  EXPECT_NEAR(y1.births, 9.5, 1e-12);
  EXPECT_NEAR(y1.deaths, 20, 1e-12);
  EXPECT_NEAR(y1.migration, 10, 1e-12);
  EXPECT_NEAR(y1.total, 199.5, 1e-12);
  EXPECT_NEAR(y1.population.female[30], 90, 1e-12);
  EXPECT_NEAR(y1.population.female[31], 90, 1e-12);
  EXPECT_NEAR(y1.population.male[0], 4.75, 1e-12);
  EXPECT_NEAR(y1.population.female[0], 4.75, 1e-12);
  EXPECT_NEAR(y1.population.male[25], 10, 1e-12);
  EXPECT_NEAR(y1.ages_0_2, 9.5, 1e-12);
  const ProjectionYear& y2 = years[2];
  EXPECT_NEAR(y2.births, 4.5, 1e-12);
  EXPECT_NEAR(y2.deaths, 19.95, 1e-12);
  EXPECT_NEAR(y2.total, 194.05, 1e-12);
  EXPECT_NEAR(y2.population.female[1], 4.275, 1e-12);
  EXPECT_NEAR(y2.population.male[26], 9, 1e-12);
  EXPECT_NEAR(y2.population.male[25], 10, 1e-12);
  EXPECT_NEAR(y2.population.female[32], 81, 1e-12);
  EXPECT_NEAR(y2.ages_0_2, 4.275 * 2 + 4.5, 1e-12);
}

// Every year: end = start + births − deaths + migration.
TEST(ProjectionTest, TheBalancingEquationHolds) {
  ProjectionParameters p = Gompertz();
  p.fertility.fill(0.04);
  p.net_migration.male[30] = 5;
  p.net_migration.female[70] = -1000;  // more than there are: clamped at zero
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(Sample(), p, 15));
  for (size_t t = 1; t <= 15; ++t) {
    EXPECT_NEAR(years[t].total,
                years[t - 1].total + years[t].births - years[t].deaths + years[t].migration,
                1e-9 * years[t].total)
        << t;
    EXPECT_GE(years[t].population.female[70], 0);
    EXPECT_EQ(years[t].population.female[70], 0);
  }
}

TEST(ProjectionTest, LowFertilityHasAFifthFewerBirthsEveryYear) {
  ProjectionParameters p = Gompertz();
  for (size_t i = 0; i < kFertileAges; ++i) p.fertility[i] = 0.01 + 0.002 * static_cast<double>(i);
  const std::vector<Scenario> scenarios = StandardScenarios(100, 0.85);
  ASSERT_OK_AND_ASSIGN(Scenario base_s, FindScenario(scenarios, "baseline"));
  ASSERT_OK_AND_ASSIGN(Scenario low_s, FindScenario(scenarios, "low_fertility"));
  ASSERT_OK_AND_ASSIGN(ProjectionParameters base_p, ApplyScenario(p, base_s));
  ASSERT_OK_AND_ASSIGN(ProjectionParameters low_p, ApplyScenario(p, low_s));
  EXPECT_NEAR(TotalFertilityRate(low_p), 0.8 * TotalFertilityRate(p), 1e-12);
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> base, Project(Sample(), base_p, 15));
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> low, Project(Sample(), low_p, 15));
  // Within 15 years no one born in the projection is a mother yet, so the
  // ratio is exact every year.
  for (size_t t = 1; t <= 15; ++t) {
    EXPECT_NEAR(low[t].births, 0.8 * base[t].births, 1e-9 * base[t].births) << t;
    EXPECT_LT(low[t].ages_0_2, base[t].ages_0_2);
    EXPECT_NEAR(low[t].ages_60_plus, base[t].ages_60_plus, 1e-9 * base[t].ages_60_plus);
  }
}

TEST(ProjectionTest, FasterAgeingKeepsMoreOldPeopleAndHasFewerBirths) {
  ProjectionParameters p = Gompertz();
  p.fertility.fill(0.03);
  const std::vector<Scenario> scenarios = StandardScenarios(0, 0.5);
  ASSERT_OK_AND_ASSIGN(Scenario ageing, FindScenario(scenarios, "faster_ageing"));
  ASSERT_OK_AND_ASSIGN(ProjectionParameters q, ApplyScenario(p, ageing));
  EXPECT_NEAR(1.0 - q.survival_male[70], 0.75 * (1.0 - p.survival_male[70]), 1e-15);
  EXPECT_EQ(q.survival_male[59], p.survival_male[59]);
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> base, Project(Sample(), p, 10));
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> aged, Project(Sample(), q, 10));
  EXPECT_GT(aged[10].ages_80_plus, base[10].ages_80_plus);
  EXPECT_GT(aged[10].ages_60_plus, base[10].ages_60_plus);
  EXPECT_NEAR(aged[1].births, 0.9 * base[1].births, 1e-9 * base[1].births);
  EXPECT_LT(aged[1].deaths, base[1].deaths);  // the same people, lower death rates
}

TEST(ProjectionTest, PlatformInflowAddsYoungMenMostly) {
  const ProjectionParameters p = Constant(1.0 - 1e-9);
  ProjectionParameters closed = p;
  closed.survival_male[kOpenAge] = 0.5;
  closed.survival_female[kOpenAge] = 0.5;
  const std::vector<Scenario> scenarios = StandardScenarios(200, 0.85);
  ASSERT_OK_AND_ASSIGN(Scenario inflow, FindScenario(scenarios, "platform_inflow"));
  ASSERT_OK_AND_ASSIGN(ProjectionParameters q, ApplyScenario(closed, inflow));
  double men = 0;
  double women = 0;
  for (size_t x = 0; x < kAgeGroups; ++x) {
    men += q.net_migration.male[x];
    women += q.net_migration.female[x];
    if (x < 20 || x > 39) {
      EXPECT_EQ(q.net_migration.male[x], 0) << x;
    }
  }
  EXPECT_NEAR(men, 170, 1e-9);
  EXPECT_NEAR(women, 30, 1e-9);
  Pyramid empty;
  ASSERT_OK_AND_ASSIGN(std::vector<ProjectionYear> years, Project(empty, q, 5));
  EXPECT_NEAR(years[1].migration, 200, 1e-9);
  EXPECT_NEAR(years[5].total, 1000, 1e-3);
  EXPECT_GT(years[5].population.Sum(20, 44), 999);
}

TEST(ProjectionTest, ScenarioNamesAndBadInput) {
  const std::vector<Scenario> scenarios = StandardScenarios(10, 0.85);
  ASSERT_EQ(scenarios.size(), 4u);
  EXPECT_THAT(FindScenario(scenarios, "boom"),
              StatusIs(StatusCode::kNotFound, HasSubstr("baseline, low_fertility")));
  Scenario bad;
  bad.name = "bad";
  bad.inflow_male_share = 1.5;
  EXPECT_THAT(ApplyScenario(Gompertz(), bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("scenario bad: inflow_male_share")));
  bad.inflow_male_share = 0.5;
  bad.old_age_death_factor = 100;
  EXPECT_THAT(ApplyScenario(Gompertz(), bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("exceed 1")));

  ProjectionParameters p = Gompertz();
  p.survival_female[40] = 1.2;
  EXPECT_THAT(Project(Sample(), p, 5),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("survival_female at age 40")));
  p = Gompertz();
  p.survival_male[kOpenAge] = 1.0;
  EXPECT_THAT(Project(Sample(), p, 5),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("open group")));
  p = Gompertz();
  p.fertility[0] = -0.1;
  EXPECT_THAT(Project(Sample(), p, 5),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("fertility at age 15")));
  Pyramid negative = Sample();
  negative.male[3] = -1;
  EXPECT_THAT(Project(negative, Gompertz(), 5),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("male aged 3")));
  EXPECT_THAT(Project(Sample(), Gompertz(), 201),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("years")));
}

}  // namespace
}  // namespace alley::planning
