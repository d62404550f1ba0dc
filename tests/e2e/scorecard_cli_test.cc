// End to end through the `alley` binary: `alley scorecard ...` on the Hailian
// demo (a fresh database of the small test hierarchy, the date pinned): the
// built-in scorecard is listed and ranks the street's communities (Hailian,
// the one that keeps its ledger in Alley, scored; the others unscored, not
// 0); a scorecard defined on the command line ranks Hailian's compounds with
// the JSON contract of docs/cli.md; bad input exits with its code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_alley.h"

namespace alley {
namespace {

namespace fs = std::filesystem;
using e2e::Result;
using ::testing::HasSubstr;

class ScorecardCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Beside ALLEY_E2E_DIR (whose fixture step empties that folder), named by
    // the process: ctest runs each test in a process of its own.
    dir_ = fs::path(ALLEY_E2E_DIR).parent_path() / ("e2e-scorecard-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ok_ = Alley({"import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code == 0 &&
          Alley({"demo"}).exit_code == 0;
  }

  static void TearDownTestSuite() { fs::remove_all(dir_); }

  void SetUp() override { ASSERT_TRUE(ok_) << "the demo database could not be built"; }

  static Result Alley(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", (dir_ / "test.db").string()};
    all.insert(all.end(), args.begin(), args.end());
    return e2e::RunAlley(ALLEY_BINARY, dir_, all, "ALLEY_TODAY=2026-06-30");
  }

  // Every scored unit: rank ascending from 1, score in 0..100, the weights
  // as used summing to 1, a missing item listed and not weighted.
  static void CheckUnits(const nlohmann::json& units) {
    int last_rank = 0;
    for (const nlohmann::json& u : units) {
      if (u["rank"].is_null()) {
        EXPECT_TRUE(u["score"].is_null()) << u.dump();
        continue;
      }
      EXPECT_GE(u["rank"].get<int>(), last_rank) << u.dump();
      last_rank = u["rank"].get<int>();
      EXPECT_GE(u["score"].get<double>(), 0) << u.dump();
      EXPECT_LE(u["score"].get<double>(), 100) << u.dump();
      double weights = 0;
      for (const nlohmann::json& i : u["items"]) {
        weights += i["weight"].get<double>();
        if (i["value"].is_null()) {
          EXPECT_EQ(i["weight"].get<double>(), 0) << u.dump();
        }
      }
      EXPECT_NEAR(weights, 1, 1e-9) << u.dump();
    }
  }

  static inline fs::path dir_;
  static inline bool ok_ = false;
};

TEST_F(ScorecardCliTest, TheBuiltinScorecardRanksTheStreetsCommunities) {
  Result list = Alley({"scorecard", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const nlohmann::json cards = list.Json()["scorecards"];
  ASSERT_EQ(cards.size(), 1U);
  EXPECT_EQ(cards[0]["code"], "governance");
  EXPECT_EQ(cards[0]["items"].size(), 6U);

  Result r = Alley({"scorecard", "rank", "governance", "--unit", "320706006", "--level",
                    "community", "--period", "2026", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = r.Json();
  EXPECT_EQ(j["scorecard"], "governance");
  EXPECT_EQ(j["period"], "2026");
  EXPECT_EQ(j["previous_period"], "2025");
  ASSERT_FALSE(j["units"].empty());
  EXPECT_EQ(j["units"][0]["unit"], "320706006010");
  EXPECT_EQ(j["units"][0]["rank"], 1);
  for (size_t i = 1; i < j["units"].size(); ++i) {
    EXPECT_TRUE(j["units"][i]["rank"].is_null()) << j["units"][i].dump();
  }
  CheckUnits(j["units"]);
  // The visits and the canteens of the demo are in the score.
  bool visits = false;
  for (const nlohmann::json& i : j["units"][0]["items"]) {
    if (i["indicator"] == "visits_on_time_rate") visits = !i["value"].is_null();
  }
  EXPECT_TRUE(visits) << j["units"][0].dump();

  Result text =
      Alley({"scorecard", "rank", "governance", "--unit", "320706006", "--period", "2026"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("320706006010"));
}

TEST_F(ScorecardCliTest, ADefinedScorecardRanksCompounds) {
  Result define = Alley({"scorecard", "define", "care", "--name", "养老服务", "--item",
                         "visits_on_time_rate:2", "--item", "residents_80_plus:1:range"});
  ASSERT_EQ(define.exit_code, 0) << define.err;
  Result r = Alley({"scorecard", "rank", "care", "--unit", "320706006010", "--level", "compound",
                    "--period", "2026Q2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = r.Json();
  EXPECT_EQ(j["previous_period"], "2026Q1");
  ASSERT_GE(j["units"].size(), 2U);
  EXPECT_EQ(j["units"][0]["rank"], 1);
  EXPECT_EQ(j["units"][0]["items"].size(), 2U);
  CheckUnits(j["units"]);
  // The range item: some compound has the most people aged 80+ and scores 100.
  bool top = false;
  for (const nlohmann::json& u : j["units"]) {
    for (const nlohmann::json& i : u["items"]) {
      if (i["indicator"] == "residents_80_plus" && !i["score"].is_null()) {
        top = top || i["score"].get<double>() == 100;
      }
    }
  }
  EXPECT_TRUE(top);
}

TEST_F(ScorecardCliTest, BadInputExitsWithItsCode) {
  EXPECT_EQ(Alley({"scorecard", "define", "x", "--name", "x", "--item", "no_such:1"}).exit_code, 4);
  Result weight = Alley({"scorecard", "define", "x", "--name", "x", "--item", "residents:zero"});
  EXPECT_EQ(weight.exit_code, 3);
  EXPECT_THAT(weight.err, HasSubstr("weight"));
  EXPECT_EQ(Alley({"scorecard", "rank", "governance", "--unit", "320706006", "--period", "2026Q5"})
                .exit_code,
            3);
  EXPECT_EQ(
      Alley({"scorecard", "rank", "absent", "--unit", "320706006", "--period", "2026"}).exit_code,
      4);
}

}  // namespace
}  // namespace alley
