// Population projection by the cohort-component method (planning's stage 8):
// a population by single year of age 0..100+ (the last group open) and sex is
// carried forward one year at a time with age-specific fertility, survival
// and net migration, and the groups services plan for (0–2 for nurseries,
// 3–5, 60+, 65+ and 80+ for elderly care) are read off every year. Named
// scenarios (baseline, low fertility, faster ageing, an inflow of platform
// workers) are sets of changes to the parameters, run side by side.
//
// One year's step, the standard single-year method (Preston, Heuveline and
// Guillot, Demography, 2001, §6.2), in this order:
//   1. survival: the P(x) persons aged x at the start are aged x+1 at the end
//      with probability s(x); the open group keeps s(100) of its own and
//      receives the survivors of age 99;
//   2. migration: the year's net migrants, counted by age at the end of the
//      year, are added (a negative count removes people, never below zero:
//      the migration actually applied is what the year reports);
//   3. births: Σ over mothers' ages x = 15..49 of ASFR(x) × the mean of the
//      women aged x at the start and at the end of the year (after steps 1
//      and 2): the women's person-years lived at age x during the year;
//   4. the births are split by the sex ratio at birth and survive to the end
//      of the year with the probability birth_survival, becoming age 0.
// Deaths are what survival removes (from the persons and the births).
// Populations are real numbers (expected values): nothing is rounded.
//
//   ProjectionParameters p = ...;  // LoadCensusDefaults (census_defaults.h)
//   StatusOr<std::vector<ProjectionYear>> years = Project(base, p, 10);
//   // (*years)[0] is the base year, (*years)[10] the horizon.
//
// Pure functions: safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace alley::planning {

// The open last age group: 100 and over.
inline constexpr size_t kOpenAge = 100;
inline constexpr size_t kAgeGroups = kOpenAge + 1;
// The mothers' ages that fertility rates cover.
inline constexpr size_t kFirstFertileAge = 15;
inline constexpr size_t kLastFertileAge = 49;
inline constexpr size_t kFertileAges = kLastFertileAge - kFirstFertileAge + 1;

// One value per single year of age 0..99 and the open group 100+ (index 100).
using AgeVector = std::array<double, kAgeGroups>;

// A population (or a count of migrants) by single year of age and sex.
struct Pyramid {
  AgeVector male{};
  AgeVector female{};

  double Total() const;
  // Both sexes, ages from..to inclusive (to = kOpenAge includes the open group).
  double Sum(size_t from, size_t to) const;
  bool operator==(const Pyramid&) const = default;
};

struct ProjectionParameters {
  // Births per woman per year at mothers' ages 15..49 (index age − 15).
  std::array<double, kFertileAges> fertility{};
  // Boys born per 100 girls.
  double sex_ratio_at_birth = 105.0;
  // The probability that a person aged x at the start of a year is alive at
  // its end; index 100: that a person in the open group stays alive.
  AgeVector survival_male{};
  AgeVector survival_female{};
  // The probability that a baby born during the year is alive at its end.
  double birth_survival_male = 1.0;
  double birth_survival_female = 1.0;
  // Net migrants a year by age at the end of the year (negative: emigration).
  Pyramid net_migration;
};

// kInvalidArgument naming the field unless every rate is finite, fertility
// is ≥ 0 and ≤ 1, the sex ratio at birth is in (0, 1000], every survival
// probability is in [0, 1] and survival in the open group is < 1 (else the
// open group never empties), and migration counts are finite.
Status CheckParameters(const ProjectionParameters& p);

// The total fertility rate: the sum of the age-specific rates.
double TotalFertilityRate(const ProjectionParameters& p);

// The stationary population per birth a year of one sex's life table:
// Σ_{x=0..99} l(x) + l(100) / (1 − s(100)), with l(0) = birth_survival and
// l(x+1) = l(x) s(x) — the persons aged x at the start of a year that one
// birth a year keeps alive. With constant births B, no migration and these
// survival probabilities held fixed, a population converges to B times this
// (a stationary population's total is births × e0: this is the projection's
// own, discrete e0).
double StationaryPersonsPerBirth(const AgeVector& survival, double birth_survival);

// One year of a projection. `year` counts from the base year (0).
struct ProjectionYear {
  int year = 0;
  Pyramid population;  // at the end of the year (year 0: the base)
  // During the year (0 in year 0).
  double births = 0;
  double deaths = 0;
  double migration = 0;  // the net migration actually applied
  // Read off `population`.
  double total = 0;
  double ages_0_2 = 0;
  double ages_3_5 = 0;
  double ages_60_plus = 0;
  double ages_65_plus = 0;
  double ages_80_plus = 0;
};

// The groups of ProjectionYear read off a population.
ProjectionYear Describe(int year, const Pyramid& population);

// The base year (reproducing `base` exactly) and `years` projected years, so
// years + 1 entries. kInvalidArgument when a population count is negative or
// not finite, the parameters fail CheckParameters, or years is not 0..200.
StatusOr<std::vector<ProjectionYear>> Project(const Pyramid& base, const ProjectionParameters& p,
                                              int years);

// A named set of changes to the parameters.
struct Scenario {
  std::string name;
  std::string description;
  // Every age-specific fertility rate is multiplied by this.
  double fertility_factor = 1.0;
  // From this age on (and in the open group), the death probability
  // 1 − s(x) is multiplied by old_age_death_factor.
  int old_age_from = 60;
  double old_age_death_factor = 1.0;
  // Net inflow a year, spread evenly over ages inflow_age_from..inflow_age_to
  // (at the end of the year), inflow_male_share of it men.
  double inflow_per_year = 0;
  int inflow_age_from = 20;
  int inflow_age_to = 39;
  double inflow_male_share = 0.5;
};

// The parameters with the scenario's changes; kInvalidArgument naming the
// scenario and the field for a negative factor, a death factor above
// 1 / (the largest death probability it scales), an age range outside
// 0..100 or a male share outside [0, 1].
StatusOr<ProjectionParameters> ApplyScenario(const ProjectionParameters& p,
                                             const Scenario& scenario);

// The scenarios Alley names, in order:
//   baseline         the parameters as they are;
//   low_fertility    fertility × 0.8 (−20%);
//   faster_ageing    death probabilities at 60+ × 0.75 (−25%) and fertility
//                    × 0.9 (−10%): more people reach old age while fewer are
//                    born, so the population ages on both ends;
//   platform_inflow  a net inflow of `platform_inflow_per_year` workers a
//                    year aged 20–39, `platform_male_share` of them men.
std::vector<Scenario> StandardScenarios(double platform_inflow_per_year,
                                        double platform_male_share);

// The scenario named `name` among `scenarios`; kNotFound listing the names.
StatusOr<Scenario> FindScenario(const std::vector<Scenario>& scenarios, std::string_view name);

}  // namespace alley::planning
