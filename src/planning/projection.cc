#include "planning/projection.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace alley::planning {
namespace {

constexpr int kMaxYears = 200;

std::string AgeName(size_t age) { return age == kOpenAge ? "100+" : std::to_string(age); }

Status CheckProbability(double v, std::string_view field, size_t age) {
  if (!std::isfinite(v) || v < 0.0 || v > 1.0) {
    return InvalidArgumentError(std::string(field) + " at age " + AgeName(age) + " is " +
                                std::to_string(v) + ": a probability must be in [0, 1]");
  }
  return OkStatus();
}

Status CheckCounts(const Pyramid& p, std::string_view what, bool allow_negative) {
  for (size_t x = 0; x < kAgeGroups; ++x) {
    for (const auto& [v, sex] : {std::pair{p.male[x], "male"}, std::pair{p.female[x], "female"}}) {
      if (!std::isfinite(v) || (!allow_negative && v < 0.0)) {
        return InvalidArgumentError(std::string(what) + ", " + sex + " aged " + AgeName(x) + ": " +
                                    std::to_string(v) + " is not a " +
                                    (allow_negative ? "finite number" : "count ≥ 0"));
      }
    }
  }
  return OkStatus();
}

// Steps 1 and 2 of the year for one sex: survival, then migration. Answers
// the deaths; `migrated` gets the migration applied.
double SurviveAndMigrate(const AgeVector& start, const AgeVector& survival,
                         const AgeVector& migrants, AgeVector& end, double& migrated) {
  double deaths = 0;
  end.fill(0.0);
  for (size_t x = 0; x < kOpenAge; ++x) {
    end[x + 1] += start[x] * survival[x];
    deaths += start[x] * (1.0 - survival[x]);
  }
  end[kOpenAge] += start[kOpenAge] * survival[kOpenAge];
  deaths += start[kOpenAge] * (1.0 - survival[kOpenAge]);
  for (size_t x = 1; x < kAgeGroups; ++x) {
    const double after = std::max(0.0, end[x] + migrants[x]);
    migrated += after - end[x];
    end[x] = after;
  }
  return deaths;
}

}  // namespace

double Pyramid::Total() const { return Sum(0, kOpenAge); }

double Pyramid::Sum(size_t from, size_t to) const {
  double sum = 0;
  for (size_t x = from; x <= std::min(to, kOpenAge); ++x) sum += male[x] + female[x];
  return sum;
}

Status CheckParameters(const ProjectionParameters& p) {
  for (size_t i = 0; i < kFertileAges; ++i) {
    const double f = p.fertility[i];
    if (!std::isfinite(f) || f < 0.0 || f > 1.0) {
      return InvalidArgumentError("fertility at age " + std::to_string(kFirstFertileAge + i) +
                                  " is " + std::to_string(f) +
                                  ": births per woman a year must be in [0, 1]");
    }
  }
  if (!std::isfinite(p.sex_ratio_at_birth) || p.sex_ratio_at_birth <= 0.0 ||
      p.sex_ratio_at_birth > 1000.0) {
    return InvalidArgumentError("sex_ratio_at_birth is " + std::to_string(p.sex_ratio_at_birth) +
                                ": boys per 100 girls must be in (0, 1000]");
  }
  for (size_t x = 0; x < kAgeGroups; ++x) {
    ALLEY_RETURN_IF_ERROR(CheckProbability(p.survival_male[x], "survival_male", x));
    ALLEY_RETURN_IF_ERROR(CheckProbability(p.survival_female[x], "survival_female", x));
  }
  if (p.survival_male[kOpenAge] >= 1.0 || p.survival_female[kOpenAge] >= 1.0) {
    return InvalidArgumentError(
        "survival in the open group 100+ must be below 1: otherwise nobody there ever dies");
  }
  ALLEY_RETURN_IF_ERROR(CheckProbability(p.birth_survival_male, "birth_survival_male", 0));
  ALLEY_RETURN_IF_ERROR(CheckProbability(p.birth_survival_female, "birth_survival_female", 0));
  return CheckCounts(p.net_migration, "net_migration", /*allow_negative=*/true);
}

double TotalFertilityRate(const ProjectionParameters& p) {
  double tfr = 0;
  for (double f : p.fertility) tfr += f;
  return tfr;
}

double StationaryPersonsPerBirth(const AgeVector& survival, double birth_survival) {
  double l = birth_survival;
  double persons = 0;
  for (size_t x = 0; x < kOpenAge; ++x) {
    persons += l;
    l *= survival[x];
  }
  return persons + l / (1.0 - survival[kOpenAge]);
}

ProjectionYear Describe(int year, const Pyramid& population) {
  ProjectionYear y;
  y.year = year;
  y.population = population;
  y.total = population.Total();
  y.ages_0_2 = population.Sum(0, 2);
  y.ages_3_5 = population.Sum(3, 5);
  y.ages_60_plus = population.Sum(60, kOpenAge);
  y.ages_65_plus = population.Sum(65, kOpenAge);
  y.ages_80_plus = population.Sum(80, kOpenAge);
  return y;
}

StatusOr<std::vector<ProjectionYear>> Project(const Pyramid& base, const ProjectionParameters& p,
                                              int years) {
  if (years < 0 || years > kMaxYears) {
    return InvalidArgumentError("years is " + std::to_string(years) + ": it must be 0.." +
                                std::to_string(kMaxYears));
  }
  ALLEY_RETURN_IF_ERROR(CheckCounts(base, "the base population", /*allow_negative=*/false));
  ALLEY_RETURN_IF_ERROR(CheckParameters(p));
  const double male_share = p.sex_ratio_at_birth / (100.0 + p.sex_ratio_at_birth);

  std::vector<ProjectionYear> out;
  out.reserve(static_cast<size_t>(years) + 1);
  out.push_back(Describe(0, base));
  Pyramid start = base;
  for (int t = 1; t <= years; ++t) {
    Pyramid end;
    double migrated = 0;
    double deaths =
        SurviveAndMigrate(start.male, p.survival_male, p.net_migration.male, end.male, migrated);
    deaths += SurviveAndMigrate(start.female, p.survival_female, p.net_migration.female, end.female,
                                migrated);
    double births = 0;
    for (size_t x = kFirstFertileAge; x <= kLastFertileAge; ++x) {
      births += p.fertility[x - kFirstFertileAge] * 0.5 * (start.female[x] + end.female[x]);
    }
    const double boys = births * male_share;
    const double girls = births - boys;
    end.male[0] = boys * p.birth_survival_male;
    end.female[0] = girls * p.birth_survival_female;
    deaths += boys * (1.0 - p.birth_survival_male) + girls * (1.0 - p.birth_survival_female);
    // Migrants aged 0 at the end of the year, born elsewhere during it.
    for (auto [cell, migrants] : {std::pair{end.male.data(), p.net_migration.male[0]},
                                  std::pair{end.female.data(), p.net_migration.female[0]}}) {
      const double after = std::max(0.0, *cell + migrants);
      migrated += after - *cell;
      *cell = after;
    }
    ProjectionYear y = Describe(t, end);
    y.births = births;
    y.deaths = deaths;
    y.migration = migrated;
    out.push_back(y);
    start = end;
  }
  return out;
}

StatusOr<ProjectionParameters> ApplyScenario(const ProjectionParameters& p,
                                             const Scenario& scenario) {
  const std::string where = "scenario " + scenario.name + ": ";
  if (!std::isfinite(scenario.fertility_factor) || scenario.fertility_factor < 0.0) {
    return InvalidArgumentError(where + "fertility_factor must be ≥ 0");
  }
  if (!std::isfinite(scenario.old_age_death_factor) || scenario.old_age_death_factor < 0.0) {
    return InvalidArgumentError(where + "old_age_death_factor must be ≥ 0");
  }
  if (scenario.old_age_from < 0 || scenario.old_age_from > static_cast<int>(kOpenAge)) {
    return InvalidArgumentError(where + "old_age_from must be 0..100");
  }
  if (scenario.inflow_age_from < 0 || scenario.inflow_age_to > static_cast<int>(kOpenAge) ||
      scenario.inflow_age_from > scenario.inflow_age_to) {
    return InvalidArgumentError(where + "the inflow's ages must be a range within 0..100");
  }
  if (!std::isfinite(scenario.inflow_male_share) || scenario.inflow_male_share < 0.0 ||
      scenario.inflow_male_share > 1.0) {
    return InvalidArgumentError(where + "inflow_male_share must be in [0, 1]");
  }
  if (!std::isfinite(scenario.inflow_per_year)) {
    return InvalidArgumentError(where + "inflow_per_year must be a finite number");
  }
  ProjectionParameters out = p;
  for (double& f : out.fertility) f *= scenario.fertility_factor;
  for (AgeVector* s : {&out.survival_male, &out.survival_female}) {
    for (auto x = static_cast<size_t>(scenario.old_age_from); x < kAgeGroups; ++x) {
      const double death = (1.0 - (*s)[x]) * scenario.old_age_death_factor;
      if (death > 1.0) {
        return InvalidArgumentError(
            where + "old_age_death_factor " + std::to_string(scenario.old_age_death_factor) +
            " makes the death probability at age " + AgeName(x) + " exceed 1");
      }
      (*s)[x] = 1.0 - death;
    }
  }
  const auto from = static_cast<size_t>(scenario.inflow_age_from);
  const auto to = static_cast<size_t>(scenario.inflow_age_to);
  const auto ages = static_cast<double>(to - from + 1);
  for (size_t x = from; x <= to; ++x) {
    out.net_migration.male[x] += scenario.inflow_per_year * scenario.inflow_male_share / ages;
    out.net_migration.female[x] +=
        scenario.inflow_per_year * (1.0 - scenario.inflow_male_share) / ages;
  }
  ALLEY_RETURN_IF_ERROR(CheckParameters(out));
  return out;
}

std::vector<Scenario> StandardScenarios(double platform_inflow_per_year,
                                        double platform_male_share) {
  std::vector<Scenario> s(4);
  s[0].name = "baseline";
  s[0].description = "the parameters as they are";
  s[1].name = "low_fertility";
  s[1].description = "fertility -20% (every age-specific rate x 0.8)";
  s[1].fertility_factor = 0.8;
  s[2].name = "faster_ageing";
  s[2].description = "death probabilities at 60+ -25% and fertility -10%";
  s[2].fertility_factor = 0.9;
  s[2].old_age_from = 60;
  s[2].old_age_death_factor = 0.75;
  s[3].name = "platform_inflow";
  s[3].description = "a net inflow of platform workers aged 20-39 a year";
  s[3].inflow_per_year = platform_inflow_per_year;
  s[3].inflow_male_share = platform_male_share;
  return s;
}

StatusOr<Scenario> FindScenario(const std::vector<Scenario>& scenarios, std::string_view name) {
  std::string names;
  for (const Scenario& s : scenarios) {
    if (s.name == name) return s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  return NotFoundError("no scenario \"" + std::string(name) + "\" (there are " + names + ")");
}

}  // namespace alley::planning
