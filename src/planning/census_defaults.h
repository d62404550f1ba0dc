// The projection's default parameters, computed at run time from the census
// files in the shared data folder (../shared/data/census, described in
// ../shared/data/README.md), never pasted as constants:
//
// Fertility (census_2010_2020_women_15_49_by_age_education_births.csv, the
// 2020 census: births from 2019-11-01 to 2020-10-31 by the mother's single
// year of age, all areas, all education levels). The file counts births in
// the long-form sample only (about 10%) and gives no women's counts, so
//   sample_fraction = the sample's births ÷ the census's persons aged 0
//                     (census_2010_2020_population_by_province_age_sex.csv,
//                     2020, the nation) — about 0.101;
//   ASFR(x)         = births(x) ÷ sample_fraction ÷ women(x),
// where women(x) is a fifth of the nation's women in x's 5-year group in the
// 2020 census (the file has no single years). The persons aged 0 are the
// births' survivors and are under-counted a little, so the rates are, if
// anything, a little high. TFR ≈ 1.27 (NBS's 2020 figure: 1.3).
//
// Sex ratio at birth (census_2010_2020_births_by_province_sex_parity.csv):
// the nation's boys ÷ girls × 100 born in the 2020 census year (≈ 112.3).
//
// Survival: the census has no deaths, so it comes from comparing cohorts in
// the 2010 and 2020 censuses (the nation, by sex; net international migration
// is negligible at that scale): for each 5-year group x..x+4 in 2010 (0 and
// 1–4 together as 0–4), S = persons aged x+10..x+14 in 2020 ÷ persons aged
// x..x+4 in 2010 is the cohort's 10-year survival, and its 10th root the
// one-year survival s. The cohort lived through ages x..x+14, so s is given
// to the single ages in the middle of that span, x+5..x+9; ages 0..4 take the
// 0–4 cohort's value. The cohorts 90+ in 2010 against 100+ in 2020 give ages
// 95..99 and the open group. Under-counts (children in 2010), late
// registration and age misreporting make S > 1 for some young cohorts: s is
// clamped to 1 there (true mortality at those ages is below 0.1% a year,
// which this method cannot resolve), and infant mortality is not seen at all
// (birth_survival = √s(0), half a year at age 0's rate, which is then 1).
//
// Net migration: zero (nothing in the census files measures it for a unit).
#pragma once

#include <array>
#include <filesystem>
#include <string>

#include "core/status.h"
#include "planning/projection.h"

namespace alley::planning {

struct CensusDefaults {
  ProjectionParameters parameters;  // net_migration zero
  double total_fertility_rate = 0;
  double sample_fraction = 0;  // of the fertility file's births
  // One-year survival before clamping to 1, by 2010 5-year group (0–4, 5–9,
  // …, 85–89, 90+): kept so that a report can show what was clamped.
  std::array<double, 19> raw_survival_male{};
  std::array<double, 19> raw_survival_female{};
};

// Reads the three census files from `dir` (the census folder itself).
// kNotFound "DIR/FILE: cannot be read" for a missing file; kInvalidArgument
// "FILE:LINE: ..." for a malformed line or a number that is not a whole
// count; kDataLoss "FILE: no row for ..." when a row the method needs is
// missing, or "FILE:LINE: ..." when a count it divides by is zero.
StatusOr<CensusDefaults> LoadCensusDefaults(const std::filesystem::path& dir);

// The figures services are planned by, from the statistics file
// (../shared/data/stats/social_services_and_employment_stats.csv), each with
// the FILE:LINE it came from:
//   childcare_places_per_1000: the national target, nursery places per 1,000
//     residents (the 14th five-year plan's 4.5 for 2025);
//   nursery_take_up: the share of children under 3 in nurseries (2025:
//     about 12%; the same source says about 35% of families want a place —
//     a higher take-up is a CLI option);
//   elderly_beds_per_1000_elderly: elderly-care beds (all types) per 1,000
//     persons aged 60+, end of 2024 (799.3 ÷ 31,031, both in 10,000s: ≈ 25.8).
//     This is the nation's provision, not a norm: the file has none.
struct ServiceNorms {
  double childcare_places_per_1000 = 0;
  std::string childcare_places_per_1000_source;
  double nursery_take_up = 0;
  std::string nursery_take_up_source;
  double elderly_beds_per_1000_elderly = 0;
  std::string elderly_beds_source;
};

// Reads the statistics file from `dir` (the stats folder itself); the
// errors as LoadCensusDefaults's.
StatusOr<ServiceNorms> LoadServiceNorms(const std::filesystem::path& dir);

}  // namespace alley::planning
