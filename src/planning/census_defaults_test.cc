#include "planning/census_defaults.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

std::filesystem::path SharedData() {
  const char* shared = std::getenv("ALLEY_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') return {};
  return shared;
}

// The real census files: fertility, the sex ratio at birth and survival as
// the method in census_defaults.h makes them.
TEST(CensusDefaultsTest, TheRealFilesGiveChinasFigures) {
  const std::filesystem::path shared = SharedData();
  if (shared.empty()) GTEST_SKIP() << "ALLEY_SHARED_DATA is not set";
  if (!std::filesystem::exists(shared / "census")) GTEST_SKIP() << shared << " has no census";
  ASSERT_OK_AND_ASSIGN(CensusDefaults d, LoadCensusDefaults(shared / "census"));
  const ProjectionParameters& p = d.parameters;
  // NBS: 1.3 in 2020. Reported so that a reader sees the figure.
  std::cout << "TFR 2020 from the census files: " << d.total_fertility_rate
            << "; sex ratio at birth " << p.sex_ratio_at_birth << "; sample fraction "
            << d.sample_fraction << "; e0 (projection's own) male "
            << StationaryPersonsPerBirth(p.survival_male, p.birth_survival_male) << ", female "
            << StationaryPersonsPerBirth(p.survival_female, p.birth_survival_female) << "\n";
  EXPECT_GT(d.total_fertility_rate, 1.1);
  EXPECT_LT(d.total_fertility_rate, 1.5);
  EXPECT_GT(p.sex_ratio_at_birth, 105);
  EXPECT_LT(p.sex_ratio_at_birth, 115);
  EXPECT_GT(d.sample_fraction, 0.09);
  EXPECT_LT(d.sample_fraction, 0.11);
  // The peak of childbearing lies in the late twenties.
  size_t peak = kFirstFertileAge;
  for (size_t x = kFirstFertileAge; x <= kLastFertileAge; ++x) {
    if (p.fertility[x - kFirstFertileAge] > p.fertility[peak - kFirstFertileAge]) peak = x;
  }
  EXPECT_GE(peak, 25);
  EXPECT_LE(peak, 31);
  // Survival falls with age after 60 and women outlive men there.
  for (size_t x = 60; x < 95; x += 5) {
    EXPECT_GT(p.survival_male[x], p.survival_male[x + 5]) << x;
    EXPECT_GT(p.survival_female[x], p.survival_male[x]) << x;
  }
  for (size_t x = 0; x < kAgeGroups; ++x) {
    EXPECT_LE(p.survival_male[x], 1.0);
    EXPECT_GT(p.survival_male[x], 0.5);
    EXPECT_LE(p.survival_female[x], 1.0);
  }
  // The young cohorts' ratios exceed 1 (2010's under-count) and are clamped.
  EXPECT_GT(d.raw_survival_male[0], 1.0);
  EXPECT_EQ(p.survival_male[0], 1.0);
  const double e0_female = StationaryPersonsPerBirth(p.survival_female, p.birth_survival_female);
  EXPECT_GT(e0_female, 75);
  EXPECT_LT(e0_female, 90);
  EXPECT_OK(CheckParameters(p));
}

TEST(CensusDefaultsTest, TheRealStatisticsGiveTheNorms) {
  const std::filesystem::path shared = SharedData();
  if (shared.empty()) GTEST_SKIP() << "ALLEY_SHARED_DATA is not set";
  if (!std::filesystem::exists(shared / "stats")) GTEST_SKIP() << shared << " has no stats";
  ASSERT_OK_AND_ASSIGN(ServiceNorms n, LoadServiceNorms(shared / "stats"));
  EXPECT_DOUBLE_EQ(n.childcare_places_per_1000, 4.5);
  EXPECT_DOUBLE_EQ(n.nursery_take_up, 0.12);
  EXPECT_NEAR(n.elderly_beds_per_1000_elderly, 1000.0 * 799.3 / 31031.0, 1e-9);
  EXPECT_THAT(n.childcare_places_per_1000_source,
              HasSubstr("social_services_and_employment_stats.csv:"));
}

class CensusFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("alley_census_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(CensusFilesTest, AMissingFileIsNamed) {
  EXPECT_THAT(LoadCensusDefaults(dir_),
              StatusIs(StatusCode::kNotFound,
                       HasSubstr("census_2010_2020_population_by_province_age_sex.csv: cannot")));
}

TEST_F(CensusFilesTest, ABadLineIsNamedWithItsLine) {
  Write("census_2010_2020_population_by_province_age_sex.csv",
        "census_year,area,age_group,total,male,female\n"
        "2020,全国,0岁,10,5,5\n"
        "2020,全国,1-4岁,10,five,5\n");
  Write("census_2010_2020_women_15_49_by_age_education_births.csv",
        "type,year,education,age,合计\n");
  Write("census_2010_2020_births_by_province_sex_parity.csv", "year,type,area\n");
  EXPECT_THAT(LoadCensusDefaults(dir_),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("census_2010_2020_population_by_province_age_sex.csv:3: male "
                                 "\"five\" is not a whole count")));
}

TEST_F(CensusFilesTest, AMissingRowOrColumnIsDataLoss) {
  Write("census_2010_2020_population_by_province_age_sex.csv",
        "census_year,area,age_group,total,male,female\n"
        "2020,全国,0岁,10,5,5\n");
  Write("census_2010_2020_women_15_49_by_age_education_births.csv",
        "type,year,education,age,合计\n"
        "不分城乡,2019.11.1-2020.10.31,不区分,15,1\n");
  Write("census_2010_2020_births_by_province_sex_parity.csv", "year,type,area\n");
  EXPECT_THAT(LoadCensusDefaults(dir_),
              StatusIs(StatusCode::kDataLoss, HasSubstr("no row for 不分城乡 2019.11.1-2020.10.31 "
                                                        "不区分 age 16")));
  Write("census_2010_2020_women_15_49_by_age_education_births.csv", "type,year,education,age\n");
  EXPECT_THAT(LoadCensusDefaults(dir_),
              StatusIs(StatusCode::kDataLoss,
                       HasSubstr("women_15_49_by_age_education_births.csv:1: no column \"合计\"")));
}

}  // namespace
}  // namespace alley::planning
