// End to end through the `alley` binary: `alley plan project` on the Hailian
// demo (a fresh database of the small test hierarchy, the date pinned), with
// the census defaults read from the shared data folder ($ALLEY_SHARED_DATA;
// the tests skip when it is not set). The base year must be the ledger's own
// counts (`unit show`), the compounds must add up to the community, and the
// scenarios must differ as they say.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using ::testing::HasSubstr;

class PlanProjectCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* shared = std::getenv("ALLEY_SHARED_DATA");
    if (shared == nullptr || *shared == '\0' || !fs::exists(fs::path(shared) / "census")) return;
    shared_ = shared;
    // One demo database for the process, beside ALLEY_E2E_DIR (whose fixture
    // step empties that folder), named by the process: ctest runs each test
    // in a process of its own, perhaps at once.
    dir_ =
        fs::path(ALLEY_E2E_DIR).parent_path() / ("e2e-plan-project-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0;
  }

  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void SetUp() override {
    if (shared_.empty()) GTEST_SKIP() << "ALLEY_SHARED_DATA is not set";
    ASSERT_TRUE(ok_) << "the demo database could not be built";
  }

  static Result Alley(const std::vector<std::string>& args, const std::string& env = "") {
    std::vector<std::string> all = {"--db", (dir_ / "test.db").string()};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all, "ALLEY_TODAY=2026-06-30 " + env);
  }

  static inline std::string shared_;
  static inline fs::path dir_;
  static inline bool ok_ = false;
};

TEST_F(PlanProjectCliTest, TheBaseYearIsTheLedgerAndTheScenariosDiffer) {
  Result show = Alley({"unit", "show", "320706006010", "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const nlohmann::json unit = nlohmann::json::parse(show.out);

  Result r = Alley({"plan", "project", "--unit", "320706006010", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["unit"]["code"], "320706006010");
  EXPECT_EQ(j["as_of"], "2026-06-30");
  EXPECT_EQ(j["base_year"], 2026);
  EXPECT_EQ(j["horizon_year"], 2036);
  // The base year reproduces the ledger's counts exactly.
  EXPECT_EQ(j["base"]["total"].get<double>(), unit["residents"].get<double>());
  EXPECT_EQ(j["base"]["ages_0_2"].get<double>(), unit["by_age_band"]["0-2"].get<double>());
  EXPECT_EQ(j["base"]["ages_3_5"].get<double>(), unit["by_age_band"]["3-5"].get<double>());
  EXPECT_EQ(j["base"]["ages_80_plus"].get<double>(), unit["by_age_band"]["80+"].get<double>());
  double male = 0;
  for (double v : j["base"]["pyramid"]["male"]) male += v;
  EXPECT_EQ(male, unit["by_sex"]["male"].get<double>());
  // The census defaults, computed from the files.
  EXPECT_GT(j["parameters"]["total_fertility_rate"].get<double>(), 1.1);
  EXPECT_LT(j["parameters"]["total_fertility_rate"].get<double>(), 1.5);
  EXPECT_EQ(j["norms"]["childcare_places_per_1000"], 4.5);

  ASSERT_EQ(j["scenarios"].size(), 4u);
  const nlohmann::json& baseline = j["scenarios"][0];
  const nlohmann::json& low = j["scenarios"][1];
  const nlohmann::json& ageing = j["scenarios"][2];
  const nlohmann::json& inflow = j["scenarios"][3];
  EXPECT_EQ(baseline["name"], "baseline");
  EXPECT_EQ(low["name"], "low_fertility");
  ASSERT_EQ(baseline["years"].size(), 11u);
  for (size_t t = 1; t <= 10; ++t) {
    EXPECT_NEAR(low["years"][t]["births"].get<double>(),
                0.8 * baseline["years"][t]["births"].get<double>(), 1e-9)
        << t;
  }
  EXPECT_GT(ageing["years"][10]["ages_80_plus"].get<double>(),
            baseline["years"][10]["ages_80_plus"].get<double>());
  EXPECT_GT(inflow["years"][10]["total"].get<double>(),
            baseline["years"][10]["total"].get<double>());
  // The demand at the horizon: the community, then its five compounds,
  // which hold every resident and so add up to it.
  const nlohmann::json& demand = baseline["demand_at_horizon"];
  ASSERT_EQ(demand.size(), 6u);
  EXPECT_EQ(demand[0]["code"], "320706006010");
  double residents = 0;
  for (size_t i = 1; i < demand.size(); ++i) residents += demand[i]["residents"].get<double>();
  EXPECT_NEAR(residents, demand[0]["residents"].get<double>(), 1e-6);
  EXPECT_NEAR(demand[0]["nursery_places_by_target"].get<double>(),
              4.5 * demand[0]["residents"].get<double>() / 1000, 1e-9);
}

TEST_F(PlanProjectCliTest, TextTableAndErrors) {
  Result r = Alley({"plan", "project", "--unit", "320706006010", "--years", "5", "--scenario",
                    "low_fertility", "--scenario", "platform_inflow", "--inflow", "50"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("low_fertility"));
  EXPECT_THAT(r.out, HasSubstr("platform_inflow"));
  EXPECT_THAT(r.out, HasSubstr("50.0 a year, 85% men"));
  EXPECT_THAT(r.out, HasSubstr("demand in 2031"));
  EXPECT_THAT(r.out, HasSubstr("320706006010001"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("faster_ageing")));

  Result years = Alley({"plan", "project", "--unit", "320706006010", "--years", "4"});
  EXPECT_EQ(years.exit_code, 3);
  EXPECT_THAT(years.err, HasSubstr("--years 4"));
  Result scenario = Alley({"plan", "project", "--unit", "320706006010", "--scenario", "boom"});
  EXPECT_EQ(scenario.exit_code, 4);
  EXPECT_THAT(scenario.err, HasSubstr("baseline, low_fertility"));
  Result unit = Alley({"plan", "project", "--unit", "320706006099"});
  EXPECT_EQ(unit.exit_code, 4);
  Result no_data = Alley({"plan", "project", "--unit", "320706006010"}, "env -u ALLEY_SHARED_DATA");
  EXPECT_EQ(no_data.exit_code, 3);
  EXPECT_THAT(no_data.err, HasSubstr("$ALLEY_SHARED_DATA is not set"));
  Result missing =
      Alley({"plan", "project", "--unit", "320706006010", "--census-dir", "/nonexistent"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/census_2010_2020"));
}

}  // namespace
}  // namespace alley
